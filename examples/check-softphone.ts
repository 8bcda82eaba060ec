/**
 * Check your softphone against the statechart: your own softphone object, plugged into the
 * generated transition tour (`createCallCardTestModel`'s graph, every transition of every
 * state with every payload case), run against the host double. Each path drives a real
 * `createCallCard` with your softphone; each step is checked against the specification
 * (what the card shows, what your softphone was told, which hooks ran), and the step
 * waits for your `hold()` / `mute()` promises as the card does.
 *
 * `npm run check:softphone` runs it with the softphone below; `-- --bug` with a softphone
 * whose resume fails (its re-INVITE crossed one from the far end), to see a failure named.
 * `-- --write` puts the output in docs/check-your-softphone.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DialKey, Softphone, TransferTarget } from '../index';
import { createCallCardTestModel, getTransitionTour, ModelPathError, pathName, runPath } from '../testing/index';
import { withOutput } from './pageOutput';

/** What an integrator's SIP layer looks like from the softphone: one session at a time. */
interface Session {
  held: boolean;
  muted: boolean;
  transferTo: string | null;
  readonly tones: string[];
}

/**
 * An integrator's softphone, as one writes it over a SIP stack: each method acts on the
 * current session, `hold` and `mute` settle a moment later (a re-INVITE, a track toggled).
 * Replace the bodies with your stack's calls; keep the shape.
 */
export class MySoftphone implements Softphone {
  session: Session | null = null;
  readonly done: Record<string, number> = {};

  constructor(private readonly options: { readonly resumeFails?: boolean } = {}) {}

  private count(method: string): void {
    this.done[method] = (this.done[method] ?? 0) + 1;
  }

  /** A re-INVITE's round trip: later, not inline. */
  private async later(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  private open(): Session {
    this.session ??= { held: false, muted: false, transferTo: null, tones: [] };
    return this.session;
  }

  answer(): void {
    this.count('answer');
    this.open();
  }
  reject(): void {
    this.count('reject');
    this.session = null;
  }
  hangup(): void {
    this.count('hangup');
    this.session = null;
  }
  call(_phoneNumber: string): void {
    this.count('call');
    this.session = { held: false, muted: false, transferTo: null, tones: [] };
  }
  async hold(held: boolean): Promise<void> {
    this.count('hold');
    const session = this.open();
    await this.later();
    if (this.options.resumeFails && !held) throw new Error('491 Request Pending: the resume re-INVITE crossed one from the far end');
    session.held = held;
  }
  async mute(muted: boolean): Promise<void> {
    this.count('mute');
    const session = this.open();
    await this.later();
    session.muted = muted;
  }
  sendDtmf(key: DialKey): void {
    this.count('sendDtmf');
    this.open().tones.push(key);
  }
  startTransfer(target: TransferTarget): void {
    this.count('startTransfer');
    this.open().transferTo = target.destination;
  }
  completeTransfer(): void {
    this.count('completeTransfer');
    this.session = null;
  }
  cancelTransfer(): void {
    this.count('cancelTransfer');
    this.open().transferTo = null;
  }
}

/** The result of a check: the tour's size, what your softphone was asked, and the paths that failed. */
export interface SoftphoneCheck {
  readonly paths: number;
  readonly steps: number;
  readonly states: number;
  readonly asked: Readonly<Record<string, number>>;
  readonly failures: readonly { readonly path: string; readonly step: number; readonly message: string }[];
}

/** Runs the transition tour with a fresh `make()` softphone per path. */
export async function checkSoftphone(make: () => MySoftphone): Promise<SoftphoneCheck> {
  const model = createCallCardTestModel({ vertex: 'state' });
  const tour = getTransitionTour();
  const asked: Record<string, number> = {};
  const failures: { path: string; step: number; message: string }[] = [];
  for (const path of tour) {
    const softphone = make();
    try {
      await runPath(path, { softphone });
    } catch (error) {
      if (!(error instanceof ModelPathError)) throw error;
      failures.push({ path: pathName(path), step: error.step, message: error.message.split('\n').slice(1).join(' ').trim() });
    }
    for (const [method, count] of Object.entries(softphone.done)) asked[method] = (asked[method] ?? 0) + count;
  }
  return {
    paths: tour.length,
    steps: tour.reduce((sum, path) => sum + path.steps.length - 1, 0),
    states: model.getShortestPaths().length,
    asked,
    failures,
  };
}

/** The check as the command prints it. */
export function formatCheck(check: SoftphoneCheck): string {
  const lines = [
    `transition tour: ${check.paths} paths, ${check.steps} steps (the model's graph has ${check.states} states by the small state key)`,
    'your softphone was asked:',
    ...Object.entries(check.asked)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([method, count]) => `  ${method.padEnd(17)} ${count}`),
    check.failures.length === 0 ? 'every path passed' : `${check.failures.length} of ${check.paths} paths failed; the first:`,
    ...check.failures.slice(0, 1).map((failure) => `  ${failure.path}\n  ${failure.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

// npm runs scripts from the package root (the bundle itself sits in node_modules/.cache).
const DOC = join(process.cwd(), 'docs', 'check-your-softphone.md');

async function main(argv: readonly string[]): Promise<number> {
  const check = await checkSoftphone(() => new MySoftphone({ resumeFails: argv.includes('--bug') }));
  process.stdout.write(formatCheck(check));
  if (argv.includes('--write')) {
    const bug = argv.includes('--bug') ? check : await checkSoftphone(() => new MySoftphone({ resumeFails: true }));
    const good = argv.includes('--bug') ? await checkSoftphone(() => new MySoftphone()) : check;
    writeFileSync(DOC, withOutput(withOutput(readFileSync(DOC, 'utf8'), 'output', formatCheck(good)), 'output-bug', formatCheck(bug)));
    process.stdout.write(`wrote ${DOC}\n`);
  }
  return check.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
