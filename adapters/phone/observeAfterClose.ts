import type { PhoneSoftphone } from './ownerSession';

interface CallObserver {
  started?(...args: unknown[]): void;
  ended?(...args: unknown[]): void;
}
type ObservingSoftphone = PhoneSoftphone & { observeCalls(observer: CallObserver): unknown };

/**
 * The owner's softphone as the integrator attaches to it (`records.attach(phone.session.softphone)`):
 * the same object, except that a session start (and the end after it) reaches the observers
 * attached here only once the close of a card held for its tab has been answered (SC-T4). A new
 * call releases the held card and closes it first; its record's register must not reach the
 * portal before that close lands in the card's window, or the portal drops the new call's card
 * (a held card suppresses it, host-behaviour §11) — the close crosses frames, the register goes
 * over the network, and either may arrive first. `closing()` is that close while it is in flight
 * (bounded by the tab gate), null otherwise; with nothing in flight the observers hear at once.
 */
export function observeAfterClose(softphone: PhoneSoftphone, closing: () => Promise<void> | null): PhoneSoftphone {
  const observe = (softphone as Partial<ObservingSoftphone>).observeCalls;
  if (typeof observe !== 'function') return softphone;
  const observeCalls = (observer: CallObserver): unknown => {
    /** This observer's notifications still waiting, in order: an end never overtakes its start. */
    let waiting: Promise<void> | null = null;
    const deliver = (run: () => void): void => {
      const after = waiting ?? closing();
      if (after === null) return run();
      const next = after.then(run).catch(() => undefined);
      waiting = next;
      void next.then(() => {
        if (waiting === next) waiting = null;
      });
    };
    const wrapped: CallObserver = {
      started: (...args) => deliver(() => observer.started?.(...args)),
      ended: (...args) => deliver(() => observer.ended?.(...args)),
    };
    return observe.call(softphone, wrapped);
  };
  // Everything else is the softphone's own (its methods and getters, through the prototype).
  return Object.create(softphone, { observeCalls: { value: observeCalls } }) as PhoneSoftphone;
}
