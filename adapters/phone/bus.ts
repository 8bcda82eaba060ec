import type { PhoneScope } from './scope';

/**
 * The messages the frames of one phone exchange. Every frame of the application under one
 * portal shares one storage partition across tabs (host-behaviour §10), so a
 * `BroadcastChannel` named after the portal and the user reaches exactly the frames of that
 * phone. A message from another frame is input like the host's: checked, bounded, and
 * reported when it does not fit — never trusted, never thrown.
 */
export const FRAME_MESSAGE_KINDS = [
  'frame.hello',
  'frame.bye',
  'owner.heartbeat',
  'handover.request',
  'handover.accept',
  'handover.done',
  'state',
  'state.query',
  'card.event',
  'card.command',
  'card.answer',
  // Close the card of this CALL_ID wherever it shows (a held card left by a dead owner).
  'card.close',
  'action',
  // A dial request of the application's server, relayed by a frame that does not own (SC-L6).
  'dialRequest',
  'holder.returned',
  'holder.orphan',
  // The card's tab (statechart SC-T2, SC-T4): tab → owner, then owner → tab.
  'tab.open',
  'tab.bye',
  'tab.hold',
  'tab.release',
  'tab.saved',
  'tab.released',
  'tab.closing',
] as const;
export type FrameMessageKind = (typeof FRAME_MESSAGE_KINDS)[number];

/** One message on the phone's channel. */
export interface FrameMessage {
  readonly v: 1;
  /** The sending frame's id (random per frame load). */
  readonly from: string;
  /** The one frame it is meant for, or absent for every frame. */
  readonly to?: string;
  readonly kind: FrameMessageKind;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A message from another frame that was not taken (typed, with the bounded reason). */
export interface FrameMessageRejected {
  readonly kind: 'frameMessageRejected';
  readonly reason: string;
  readonly message: string;
}

/** The part of `BroadcastChannel` the bus uses (so tests and old browsers can give another). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface PhoneBus {
  readonly frameId: string;
  /** Sends to every other frame of the phone, or to one (`to`). Never throws: a failed post is reported. */
  post(kind: FrameMessageKind, body: Record<string, unknown>, to?: string): void;
  /** Hears every well-formed message meant for this frame; returns the unsubscribe. */
  subscribe(listener: (message: FrameMessage) => void): () => void;
  close(): void;
}

export interface PhoneBusOptions {
  readonly scope: PhoneScope;
  readonly frameId: string;
  /** Makes the channel (default: `new BroadcastChannel(name)`). */
  readonly channel?: (name: string) => ChannelLike;
  readonly onRejected: (diagnostic: FrameMessageRejected) => void;
}

/** The longest frame id taken from another frame. */
export const MAX_FRAME_ID_LENGTH = 64;
const KINDS: ReadonlySet<string> = new Set(FRAME_MESSAGE_KINDS);

/** Why `data` is not a {@link FrameMessage}, or null when it is one. */
export function frameMessageProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return 'not an object';
  const message = data as Record<string, unknown>;
  if (message.v !== 1) return `unknown version ${String(message.v).slice(0, 20)}`;
  if (typeof message.from !== 'string' || message.from.length === 0 || message.from.length > MAX_FRAME_ID_LENGTH) return 'from is not a frame id';
  if (message.to !== undefined && (typeof message.to !== 'string' || message.to.length > MAX_FRAME_ID_LENGTH)) return 'to is not a frame id';
  if (typeof message.kind !== 'string' || !KINDS.has(message.kind)) return `unknown kind ${String(message.kind).slice(0, 40)}`;
  if (typeof message.body !== 'object' || message.body === null || Array.isArray(message.body)) return 'body is not an object';
  return null;
}

function defaultChannel(name: string): ChannelLike {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  if (!Channel) throw new TypeError('b24-call-card phone: this platform has no BroadcastChannel; pass options.channel');
  return new Channel(name);
}

/** Opens the phone's channel for one frame. */
export function createPhoneBus(options: PhoneBusOptions): PhoneBus {
  const channel = (options.channel ?? defaultChannel)(options.scope.channel);
  const listeners = new Set<(message: FrameMessage) => void>();
  let closed = false;
  channel.addEventListener('message', (event) => {
    if (closed) return;
    const problem = frameMessageProblem(event.data);
    if (problem !== null) {
      options.onRejected({ kind: 'frameMessageRejected', reason: problem, message: `A message on the phone's channel was not taken: ${problem}.` });
      return;
    }
    const message = event.data as FrameMessage;
    if (message.from === options.frameId || (message.to !== undefined && message.to !== options.frameId)) return;
    for (const listener of [...listeners]) listener(message);
  });
  return {
    frameId: options.frameId,
    post(kind, body, to) {
      if (closed) return;
      const message: FrameMessage = to === undefined ? { v: 1, from: options.frameId, kind, body } : { v: 1, from: options.frameId, to, kind, body };
      try {
        channel.postMessage(message);
      } catch (error) {
        // A body that cannot be cloned is this library's mistake, not the sender's: still reported, never thrown.
        options.onRejected({ kind: 'frameMessageRejected', reason: `post failed: ${String(error).slice(0, 200)}`, message: `A ${kind} message could not be sent.` });
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      listeners.clear();
      channel.close();
    },
  };
}

/** A random frame id (the frame's own load: a reload is a new frame). */
export function newFrameId(random: () => number = Math.random): string {
  return `f${Math.floor(random() * 2 ** 48).toString(36)}${Date.now().toString(36)}`.slice(0, MAX_FRAME_ID_LENGTH);
}
