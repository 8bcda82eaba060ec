import type { OwnerCode } from './loadOwner';

/** The owner's script-tag file, beside `b24-call-card-phone.min.js` (scripts/entries.json). */
export const OWNER_SCRIPT_FILE = 'b24-call-card-phone-owner.min.js';
/** The global that file defines. */
export const OWNER_SCRIPT_GLOBAL = 'B24CallCardPhoneOwner';

/** Where the phone's own script was loaded from, read while it runs (later `currentScript` is another script or none). */
const phoneScriptUrl: string = typeof document !== 'undefined' ? ((document.currentScript as HTMLScriptElement | null)?.src ?? '') : '';
let loading: Promise<OwnerCode> | null = null;
const loaded = (): OwnerCode | undefined => (globalThis as Record<string, unknown>)[OWNER_SCRIPT_GLOBAL] as OwnerCode | undefined;

/**
 * The script-tag build's `loadOwnerCode` (issue 18 §4, "the same for the script-tag build"):
 * a frame that never owns runs `b24-call-card-phone.min.js` alone; the first time it owns, the
 * owner's half (xstate, the statechart, the session) comes as a second classic script from the
 * same folder, so a page without a bundler pays for the statechart only where it runs.
 * A page that loads that script itself beforehand is not asked again. A failed load rejects
 * (the phone reports `ownerCodeFailed`) and is tried again the next time the frame owns.
 */
export function loadOwnerCode(): Promise<OwnerCode> {
  const ready = loaded();
  if (ready) return Promise.resolve(ready);
  loading ??= new Promise<OwnerCode>((resolve, reject) => {
    if (typeof document === 'undefined' || phoneScriptUrl === '') {
      reject(new Error(`no document or no script URL to load ${OWNER_SCRIPT_FILE} from`));
      return;
    }
    const script = document.createElement('script');
    script.src = new URL(OWNER_SCRIPT_FILE, phoneScriptUrl).href;
    script.onload = () => {
      const code = loaded();
      if (code) resolve(code);
      else reject(new Error(`${script.src} loaded but defined no ${OWNER_SCRIPT_GLOBAL}`));
    };
    script.onerror = () => reject(new Error(`${script.src} could not be loaded`));
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
