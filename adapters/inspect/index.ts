/**
 * Live inspection for b24-call-card (`b24-call-card/inspect`): connects a running call
 * card to Stately's inspector through `@statelyai/inspect` (an optional peer
 * dependency, ESM-only; that is why this entry is separate and ships as ESM only).
 *
 * @example In the browser (the worker page, or the playground)
 * import { createBrowserCallCardInspector } from 'b24-call-card/inspect';
 * const inspector = createBrowserCallCardInspector();
 * const card = createCallCard({ placement: BX24.placement, softphone, inspect: inspector.inspect });
 *
 * @example In Node (a test or a script driving the simulator)
 * import { createNodeCallCardInspector } from 'b24-call-card/inspect';
 * const inspector = await createNodeCallCardInspector({ port: 8080 }); // opens http://127.0.0.1:8080
 * const card = createCallCard({ placement: sim.placement, softphone, inspect: inspector.inspect });
 *
 * @packageDocumentation
 */
import { createBrowserInspector, createWebSocketInspector } from '@statelyai/inspect';
import type { AnyActorRef, InspectionEvent, Observer } from 'xstate';
import { startInspectorBridge, type InspectorBridge } from './bridge';

export { DEFAULT_BRIDGE_HOST, DEFAULT_INSPECTOR_URL, startInspectorBridge } from './bridge';
export type { InspectorBridge, InspectorBridgeOptions } from './bridge';

/** Held in a variable so bundlers leave this Node-only module alone. */
const CHILD_PROCESS_MODULE = 'node:child_process';

/** An inspector a call card can report to. */
export interface CallCardInspector {
  /** Pass it as `createCallCard({ inspect })`. */
  readonly inspect: Observer<InspectionEvent>;
  /**
   * Registers a card that was created before this inspector (e.g. switched on later
   * in a session), so the inspector draws its machine and current state; events
   * reach it once the card's `inspect` option forwards to {@link CallCardInspector.inspect}.
   */
  announce(actor: AnyActorRef): void;
  /** Stops reporting; for the Node inspector, also closes the connection and the local server. */
  stop(): void;
}

/** Options of {@link createBrowserCallCardInspector}. */
export interface BrowserCallCardInspectorOptions {
  /** Stately's inspector page (default `https://stately.ai/inspect`); it needs the internet. */
  readonly url?: string;
  /** Show the inspector in this iframe instead of a new window (a popup blocker then does not matter). */
  readonly iframe?: HTMLIFrameElement | null;
  /** The window that opens the inspector (default: the global `window`). */
  readonly window?: Window;
}

/** Options of {@link createNodeCallCardInspector}. */
export interface NodeCallCardInspectorOptions {
  /** Port of the local bridge page and WebSocket server (default 8080). */
  readonly port?: number;
  /**
   * The interface the bridge listens on (default `127.0.0.1`). The events it relays carry
   * phone numbers and CRM ids: `0.0.0.0` shows them to the whole network.
   */
  readonly host?: string;
  /**
   * Origins whose pages may open the bridge's WebSocket besides the defaults (the bridge's
   * own page, any localhost / 127.0.0.1 origin, the inspector's origin), or `'*'` for any.
   */
  readonly allowedOrigins?: readonly string[] | '*';
  /** Open the bridge page in the default browser (default `true`). */
  readonly autoOpen?: boolean;
  /** Stately's inspector page the bridge embeds (default `https://stately.ai/inspect`). */
  readonly inspectorUrl?: string;
  /**
   * Start the bridge server here (default `true`). `false` connects to one already
   * running on `port`, e.g. started by another process.
   */
  readonly startServer?: boolean;
}

/** A Node inspector: the bridge page to open in a browser, besides the observer. */
export interface NodeCallCardInspector extends CallCardInspector {
  /** The bridge page that shows the inspector (`http://127.0.0.1:PORT`). */
  readonly url: string;
}

/** Opens `url` in the default browser, without a shell (the URL is never a command line). */
async function openBrowser(url: string): Promise<void> {
  try {
    const { execFile } = (await import(CHILD_PROCESS_MODULE)) as typeof import('node:child_process');
    const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
    execFile(command as string, args as string[], () => {}).on('error', () => {});
  } catch {
    // No browser to open: the URL is there to open by hand.
  }
}

/** What this entry uses of an `@statelyai/inspect` inspector, whichever its adapter. */
type StatelyInspector = Pick<ReturnType<typeof createWebSocketInspector>, 'inspect' | 'actor' | 'stop'>;

/** Nothing to report to: the card runs exactly as without an inspector. */
const silent: Observer<InspectionEvent> = { next: () => {} };

function wrap(inspector: StatelyInspector | null, stopMore: () => void = () => {}): CallCardInspector {
  // Without a window @statelyai/inspect hands back a bare adapter with no `inspect`; the card must still run.
  const observer = inspector && typeof inspector.inspect?.next === 'function' ? inspector.inspect : silent;
  return {
    inspect: observer,
    announce(actor) {
      inspector?.actor?.(actor, actor.getSnapshot() as Parameters<StatelyInspector['actor']>[1]);
    },
    stop() {
      inspector?.stop?.();
      stopMore();
    },
  };
}

/**
 * The browser inspector: opens Stately's inspector page (a new window, or `iframe`) and
 * streams the card's statechart to it. Call it from a click handler, or a popup
 * blocker may stop the window. The page needs the internet; without it the card runs
 * unchanged and nothing is shown. Outside a browser it returns a silent inspector.
 */
export function createBrowserCallCardInspector(options: BrowserCallCardInspectorOptions = {}): CallCardInspector {
  const browserWindow = options.window ?? (typeof window === 'undefined' ? undefined : window);
  if (!browserWindow) return wrap(null);
  return wrap(
    createBrowserInspector({
      window: browserWindow,
      ...(options.url === undefined ? {} : { url: options.url }),
      ...(options.iframe === undefined ? {} : { iframe: options.iframe }),
    }),
  );
}

/**
 * The Node inspector: starts a bridge server ({@link startInspectorBridge}: a page that
 * embeds Stately's inspector, and a WebSocket relay) and connects a WebSocket inspector to
 * it. Open {@link NodeCallCardInspector.url} in a browser (it needs the internet to load
 * Stately's page). Safe by default: the bridge listens on 127.0.0.1 only and refuses a
 * browser's WebSocket from any origin but localhost and the inspector's (`host` and
 * `allowedOrigins` widen that). Asynchronous because the Node modules are loaded on
 * demand, so that this entry stays bundleable for the browser.
 */
export async function createNodeCallCardInspector(options: NodeCallCardInspectorOptions = {}): Promise<NodeCallCardInspector> {
  const port = options.port ?? 8080;
  let bridge: InspectorBridge | null = null;
  let wsUrl = `ws://127.0.0.1:${port}`;
  let url = `http://127.0.0.1:${port}`;
  if (options.startServer !== false) {
    bridge = await startInspectorBridge({
      port,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.inspectorUrl === undefined ? {} : { inspectorUrl: options.inspectorUrl }),
      ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    });
    ({ wsUrl, url } = bridge);
    if (options.autoOpen ?? true) void openBrowser(url);
  }
  const inspector = createWebSocketInspector({ url: wsUrl });
  return { ...wrap(inspector, () => void bridge?.stop()), url };
}
