/**
 * The README's quick start, run as written: its first code block is compiled with esbuild
 * and executed against the host simulator, with `BX24`, a SIP client double and
 * `saveCallToCrm` in scope. Keeps the snippet honest (it once transferred the call to the
 * customer's own number).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import * as library from '../../index';
import { createHostSimulator, type HostSimulator } from '../../testing/host';

function quickStartSource(): string {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README: no ts block in the quick start');
  return block;
}

/** Runs the quick start with its free names bound; returns what the SIP client was asked. */
function runQuickStart(host: HostSimulator) {
  const asked: string[] = [];
  const summaries: unknown[] = [];
  let network: (event: library.PhoneEvent) => void = () => undefined;
  const did = (what: string) => {
    asked.push(what);
    return Promise.resolve();
  };
  const sip = {
    answer: () => did('answer'),
    decline: () => did('decline'),
    terminate: () => did('terminate'),
    dial: (n: string) => did(`dial ${n}`),
    setHold: (h: boolean) => did(`hold ${h}`),
    setMicrophoneMuted: (m: boolean) => did(`mute ${m}`),
    sendTone: (k: string) => void asked.push(`tone ${k}`),
    transfer: (to: unknown) => did(`transfer ${String(to)}`),
    commitTransfer: () => did('commitTransfer'),
    abortTransfer: () => did('abortTransfer'),
    onEvent: (listener: typeof network) => {
      network = listener;
    },
  };
  const source = quickStartSource().replace(/import \{ createCallCard \} from 'b24-call-card';/, 'const { createCallCard } = library;');
  const { code } = transformSync(`${source}\nreturn card;`, { loader: 'ts', format: 'cjs' });
  const run = new Function('library', 'BX24', 'sip', 'saveCallToCrm', 'console', code) as (...args: unknown[]) => library.CallCard;
  const card = run(library, { placement: host.placement }, sip, (s: unknown) => summaries.push(s), { warn: () => undefined, info: () => undefined });
  return { card, asked, summaries, network: (event: library.PhoneEvent) => network(event) };
}

describe("the README's quick start, as written", () => {
  test('transfers to the destination the operator chose, never to the customer\'s own number', async () => {
    const host = createHostSimulator();
    const { asked, network, card } = runQuickStart(host);
    host.raiseCall({ CALL_ID: 'readme-1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    host.click('answerButtonClick');
    network({ type: 'phone.connected' });
    await host.settle();
    host.transfer('+4930777'); // the host sends {phoneNumber: '+4930123', target: '+4930777'}
    await host.settle();
    expect(asked).toEqual(['answer', 'transfer +4930777']);
    card.dispose();
  });

  test('titles the card when it opens, and hands over one summary per call', async () => {
    const host = createHostSimulator();
    const { summaries, card } = runQuickStart(host);
    host.raiseCall({ CALL_ID: 'readme-2', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    expect(host.card?.title).toBe('+4930123');
    host.click('skipButtonClick');
    await host.settle();
    expect(summaries).toEqual([expect.objectContaining({ callId: 'readme-2', endedBy: 'skipped' })]);
    card.dispose();
  });
});
