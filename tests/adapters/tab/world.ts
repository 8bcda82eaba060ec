import { createPhone, type Phone, type PhoneDiagnostic, type PhoneOptions } from '../../../adapters/phone/createPhone';
import type { FrameKind } from '../../../adapters/phone/ownership';
import { createCallCardTab } from '../../../adapters/tab/createCallCardTab';
import type { CallCardTab, CallCardTabDiagnostic, CallCardTabOptions } from '../../../adapters/tab/types';
import type { CallSummary } from '../../../machines/callCard.types';
import { createPortalDouble, type AppFrame, type PortalDouble, type PortalTab } from '../../../testing/host';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../testing/softphone';

/**
 * A portal (the portal double, host-behaviour §11 for the CALL_CARD tab) whose frames run the
 * library: a worker phone per tab on the portal's fake partition, and the card's tab in the
 * CALL_CARD frame. Two clocks move together: the host's (`portal.tick`) and the partition's.
 */
export const identity = { memberId: 'a1b2c3', userId: 7 };
export const HEARTBEAT = 1_000;

export interface Worker {
  readonly phone: Phone;
  readonly softphones: RecordingSoftphone[];
  readonly summaries: CallSummary[];
  readonly diagnostics: PhoneDiagnostic[];
  /** What the onComment / onRating hooks heard. */
  readonly heard: Array<{ readonly hook: string; readonly callId: string; readonly value: unknown }>;
  /** The observers the owner gave the softphone's `observeCalls` (when the softphone has one). */
  readonly observers: Array<{ started?(): void }>;
}

export interface TabWorld {
  readonly portal: PortalDouble;
  readonly tab: CallCardTab;
  readonly diagnostics: CallCardTabDiagnostic[];
}

export class World {
  readonly portal: PortalDouble;
  private readonly stops: Array<() => Promise<void>> = [];

  constructor(options: Parameters<typeof createPortalDouble>[0] = { tabs: 0 }) {
    this.portal = createPortalDouble(options);
  }

  worker(frame: AppFrame, extra: Partial<Pick<PhoneOptions, 'cardTab'>> = {}, kind: FrameKind = 'worker', sip = false): Worker {
    const softphones: RecordingSoftphone[] = [];
    const summaries: CallSummary[] = [];
    const diagnostics: PhoneDiagnostic[] = [];
    const heard: Worker['heard'] = [];
    const observers: Worker['observers'] = [];
    const phone = createPhone({
      identity,
      kind,
      placement: frame.placement,
      createSoftphone: () => {
        const softphone = createRecordingSoftphone();
        softphones.push(softphone);
        if (!sip) return softphone;
        // What the SIP adapters add: each session's start, heard before any register.
        return Object.assign(softphone, {
          observeCalls: (observer: { started?(): void }) => {
            observers.push(observer);
            return () => observers.splice(observers.indexOf(observer), 1);
          },
        });
      },
      session: {
        onSummary: (summary) => summaries.push(summary),
        onComment: ({ callId, text }) => heard.push({ hook: 'onComment', callId, value: text }),
        onRating: ({ callId, rating }) => heard.push({ hook: 'onRating', callId, value: rating }),
        commandTimeoutMs: 60_000,
      },
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
      platform: { frameId: `w${frame.id}`, channel: frame.partition.channel, locks: frame.partition.locks, storage: this.portal.partition.storage, clock: frame.partition.clock, tab: `t${frame.id}` },
      timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
      ...extra,
    });
    this.stops.push(() => phone.stop());
    return { phone, softphones, summaries, diagnostics, heard, observers };
  }

  cardTab(portalTab: PortalTab, extra: Partial<CallCardTabOptions> = {}): { tab: CallCardTab; diagnostics: CallCardTabDiagnostic[]; frame: AppFrame } {
    const frame = portalTab.callCardTab?.frame;
    if (frame === undefined) throw new Error('no CALL_CARD tab in this portal tab');
    const diagnostics: CallCardTabDiagnostic[] = [];
    const tab = createCallCardTab({
      placement: frame.placement,
      identity,
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
      platform: { frameId: `cardTab${frame.id}`, channel: frame.partition.channel, locks: frame.partition.locks, storage: this.portal.partition.storage, clock: frame.partition.clock },
      ...extra,
    });
    this.stops.push(() => tab.stop());
    return { tab, diagnostics, frame };
  }

  /** Lets relayed messages, the host's postMessage hops and dynamic imports settle. */
  async settle(): Promise<void> {
    for (let round = 0; round < 8; round += 1) {
      await this.portal.settle();
      await this.portal.partition.settle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Moves both clocks on by `ms`, a second at a time. */
  async advance(ms: number, step = 1_000): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      const next = Math.min(step, ms - done);
      await this.portal.partition.advance(next);
      this.portal.tick(next);
      await this.settle();
    }
  }

  /**
   * SC-T4: `owner.phone.beforeNewCall()` releases the hold of `held` and closes its card; the tab
   * hears "newCall"; a push of `next` then raises its card in `portalTab`, and the owner takes it.
   */
  async newCallWins(portalTab: PortalTab, owner: Worker, tab: CallCardTab, held: string, next: string): Promise<void> {
    owner.phone.beforeNewCall();
    await this.settle();
    expect(portalTab.card).toBeNull();
    expect(tab.state.hold).toMatchObject({ status: 'released', callId: held, reason: 'newCall' });
    this.portal.push({ CALL_ID: next, CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930777' });
    await this.settle();
    expect(portalTab.card?.call.CALL_ID).toBe(next);
    expect(owner.phone.state.call).toMatchObject({ callId: next, uiState: 'incoming' });
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop();
  }
}
