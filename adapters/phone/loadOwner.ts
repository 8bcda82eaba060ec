import type * as OwnerPartModule from './ownerPart';

/** What a frame loads the first time it owns (issue 18 §4). */
export type OwnerCode = typeof OwnerPartModule;

/**
 * Loads the owner's half: a chunk of its own for bundlers (the dynamic import). The script-tag
 * build swaps this module for `loadOwnerScript.ts`, which loads it as a second script.
 */
export const loadOwnerCode = (): Promise<OwnerCode> => import('./ownerPart');
