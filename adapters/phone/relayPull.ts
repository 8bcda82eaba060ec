/**
 * The owner's pull connection (statechart SC-L6): `@bitrix24/b24jssdk`'s own pull client,
 * configured as a REST application (`pull.application.config.get` with the frame's token),
 * subscribed to the relay's command. Only `relayOwner.ts` (the owner's code) imports this file, dynamically, once its
 * frame owns the phone: a frame that does not own never loads the SDK's pull client.
 */
import { B24PullClientManager } from '@bitrix24/b24jssdk';
import type { TypeB24 } from '@bitrix24/b24jssdk';
import { RELAY_COMMAND, RELAY_MODULE_ID } from '../relay/message';

export interface PullLink {
  stop(): void;
}

export interface PullLinkOptions {
  readonly b24: unknown;
  /** The pull client's site id: `<prefix>_<member_id>`, so its cached config is per portal and user. */
  readonly siteId: string;
  readonly userId: number;
  onMessage(params: unknown): void;
  onError(message: string): void;
}

export function startPullLink(options: PullLinkOptions): PullLink {
  const client = new B24PullClientManager({ b24: options.b24 as TypeB24, restApplication: options.siteId, userId: options.userId });
  const unsubscribe = client.subscribe({ moduleId: RELAY_MODULE_ID, command: RELAY_COMMAND, callback: (params: unknown) => options.onMessage(params) });
  client.start().catch((error: unknown) => {
    const detail = error !== null && typeof error === 'object' && 'ex' in error ? JSON.stringify((error as { ex: unknown }).ex) : String(error);
    options.onError(`The pull client did not start: ${detail.slice(0, 300)}`);
  });
  return {
    stop() {
      unsubscribe();
      client.destroy();
    },
  };
}
