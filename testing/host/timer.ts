/** The call timer as the operator sees it. */
export interface TimerView {
  /** Whether the timer is shown on the card. */
  readonly visible: boolean;
  /** Whether it is counting. */
  readonly running: boolean;
  /** The whole seconds it shows. */
  readonly seconds: number;
}

/**
 * The card's call timer (host-behaviour.md §5), driven by the simulated clock.
 *
 * It mirrors the host's `PhoneCallView`: the first start records a start time; the
 * shown value is always "now minus that start time", so a start after a stop resumes
 * from the first start (the stopped stretch counts too) rather than from zero; only a
 * hide resets it.
 */
export class CallTimer {
  private visible = false;
  private running = false;
  private firstStartAt: number | null = null;
  private frozenSeconds = 0;

  /** Shows the timer and starts it; while it runs this changes nothing. */
  start(now: number): void {
    this.visible = true;
    if (this.running) return;
    if (this.firstStartAt === null) this.firstStartAt = now;
    this.running = true;
  }

  /** Freezes the shown value. */
  stop(now: number): void {
    if (!this.running) return;
    this.frozenSeconds = this.elapsedSeconds(now);
    this.running = false;
  }

  /** Hides the timer and sets it back to zero. */
  hideAndReset(now: number): void {
    this.visible = false;
    this.frozenSeconds = 0;
    // The host only hides a stopped timer; a running one restarting from zero is the least surprising reading.
    this.firstStartAt = this.running ? now : null;
  }

  /** Whether the timer is counting. */
  isRunning(): boolean {
    return this.running;
  }

  /** The timer as shown at `now`. */
  view(now: number): TimerView {
    return { visible: this.visible, running: this.running, seconds: this.running ? this.elapsedSeconds(now) : this.frozenSeconds };
  }

  private elapsedSeconds(now: number): number {
    return this.firstStartAt === null ? 0 : Math.max(0, Math.floor((now - this.firstStartAt) / 1000));
  }
}
