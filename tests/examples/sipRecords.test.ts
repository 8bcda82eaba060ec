import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entries } from '../../scripts/entries.json';
/**
 * The SIP records wiring of docs/sip-records.md, with shipped APIs only: `jsSipSoftphone`,
 * `createCallRecords` + `fromBx24`, `records.attach(softphone)` and `createCallCard`, against
 * the REST double (which raises the card on the host simulator when a call is registered
 * with SHOW=1, as the portal does). Only the JsSIP user agent is a double here: what the
 * stacks put on the wire is proved on real calls in tests/sip/.
 */
import { createCallCard, type CallSummary } from '../../index';
import { createCallRecords, fromBx24, type CallRecords } from '../../adapters/records/index';
import { jsSipSoftphone } from '../../adapters/softphone/jssip/index';
import { createHostSimulator } from '../../testing/index';
import { createBx24Client, createRestDouble } from '../../testing/rest/index';
import { fakeUa } from './support/fakeJsSip';

const USER_ID = 7;

async function settle(records: CallRecords, host: ReturnType<typeof createHostSimulator>) {
  for (let i = 0; i < 5; i++) {
    // whenIdle also waits for a live call's end (nothing pending, nothing in flight): bounded here, the check decides.
    await Promise.race([records.whenIdle(), new Promise((resolve) => setTimeout(resolve, 20))]);
    await host.settle();
  }
}

/** Waits (a condition, never a duration) until `check` holds: the outbox's writer works on its own timers. */
async function until(what: string, check: () => boolean, records: CallRecords, host: ReturnType<typeof createHostSimulator>) {
  for (let i = 0; i < 500 && !check(); i++) {
    await settle(records, host);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

function world() {
  const host = createHostSimulator();
  const rest = createRestDouble({ operating: false, bucket: false, host });
  const BX24 = createBx24Client({ rest, userId: USER_ID });
  const phone = fakeUa();
  const summaries: CallSummary[] = [];

  // --- the wiring of docs/sip-records.md, as an integrator writes it ---
  const records = createCallRecords({ rest: fromBx24(BX24), userId: USER_ID });
  const softphone = jsSipSoftphone(phone.ua);
  records.attach(softphone);
  softphone.connect(createCallCard({ placement: host.placement, softphone, onSummary: (s) => summaries.push(s) }));
  // ---

  disposers.push(() => records.dispose());
  const calls = (method: string) => rest.log.filter((entry) => entry.method === method).map((entry) => entry.params as Record<string, unknown>);
  return { host, rest, phone, records, softphone, summaries, calls };
}

describe('records.attach(softphone): the SIP adapter feeds the call record in one line', () => {
  test('an incoming call: registered once at the INVITE with its SIP Call-ID, the card opens for that CALL_ID, Answer answers it, finished once as 200', async () => {
    const w = world();
    const customer = w.phone.invite('+4930111', 'a84b4c76e66710@pc33.example');
    await until('the card', () => w.host.card !== null, w.records, w.host);
    expect(w.calls('telephony.externalcall.register')).toEqual([expect.objectContaining({ PHONE_NUMBER: '+4930111', EXTERNAL_CALL_ID: 'a84b4c76e66710@pc33.example', TYPE: '2', SHOW: '1' })]);
    const callId = w.host.card ? (w.records.callIdOf('sip:a84b4c76e66710@pc33.example') as string) : null;
    expect(callId).toEqual(expect.any(String));
    expect(w.host.card?.uiState).toBe('incoming');
    w.host.click('answerButtonClick');
    await settle(w.records, w.host);
    expect(customer.status).toBe(customer.C.STATUS_ANSWERED);
    customer.confirm();
    await settle(w.records, w.host);
    customer.remoteEnds('Terminated');
    await until('the finish', () => w.calls('telephony.externalcall.finish').length > 0, w.records, w.host);
    expect(w.summaries).toEqual([expect.objectContaining({ callId, endedBy: 'remoteHungUp', connected: true })]);
    expect(w.calls('telephony.externalcall.register')).toHaveLength(1);
    expect(w.calls('telephony.externalcall.finish')).toEqual([expect.objectContaining({ CALL_ID: callId, USER_ID: String(USER_ID), STATUS_CODE: '200' })]);
  });

  test('a caller who gives up before Answer: finished once as missed (304)', async () => {
    const w = world();
    const customer = w.phone.invite('+4930222', 'gone@pc33.example');
    await until('the card', () => w.host.card !== null, w.records, w.host);
    customer.remoteEnds('Canceled');
    await until('the finish', () => w.calls('telephony.externalcall.finish').length > 0, w.records, w.host);
    expect(w.calls('telephony.externalcall.finish')).toEqual([expect.objectContaining({ STATUS_CODE: '304' })]);
    expect(w.host.card).toBeNull();
  });

  test('a call already registered as CALL_ID X (click-to-call): dial(number, X) is never registered again, and is finished with its SIP code', async () => {
    const w = world();
    const registered = await w.rest.call('telephony.externalcall.register', { USER_ID, PHONE_NUMBER: '+4930333', TYPE: 1, SHOW: 0 });
    const callId = String((registered.body as { result: { CALL_ID: string } }).result.CALL_ID);
    w.softphone.dial('+49 30 333', callId);
    await settle(w.records, w.host);
    w.phone.placed[0]?.remoteEnds('Busy Here', 486);
    await until('the finish', () => w.calls('telephony.externalcall.finish').length > 0, w.records, w.host);
    expect(w.calls('telephony.externalcall.register')).toHaveLength(1); // the portal's own
    expect(w.calls('telephony.externalcall.finish')).toEqual([expect.objectContaining({ CALL_ID: callId, STATUS_CODE: '486' })]);
  });
});

describe("the README's records section", () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**3. Write the call record.**'), readme.indexOf('**4. Plug in your softphone.**'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  test('wires the SIP adapter and the records layer in one line, records.attach(softphone)', () => {
    expect(block).toContain("records.attach(softphone);");
    expect(block).toContain('softphone.connect(createCallCard(');
  });

  test('imports only what the shipped entries export', () => {
    const sources: Record<string, string> = Object.fromEntries(entries.map((entry) => [entry.subpath === '.' ? 'b24-call-card' : `b24-call-card/${entry.subpath.slice(2)}`, entry.source]));
    const imports = [...block.matchAll(/import \{ ([^}]+) \} from '([^']+)';/g)];
    expect(imports.length).toBeGreaterThanOrEqual(3);
    for (const [, names, from] of imports) {
      const source = sources[from!];
      expect({ from, source }).toEqual({ from, source: expect.any(String) });
      // What the entry exports, as a bundler sees it (sip.js is ESM-only: esbuild reads it where Jest's require cannot).
      const built = buildSync({ entryPoints: [join(__dirname, '..', '..', source!)], bundle: true, format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent' });
      const exported = new Set(Object.values(built.metafile.outputs)[0]!.exports);
      for (const name of names!.split(',').map((part) => part.trim())) expect({ from, name, exported: exported.has(name) }).toEqual({ from, name, exported: true });
    }
  });

  test('calls only methods the records layer has', () => {
    const records = createCallRecords({ rest: fromBx24(createBx24Client({ rest: createRestDouble({ operating: false, bucket: false }), userId: USER_ID })), userId: USER_ID });
    disposers.push(() => records.dispose());
    const called = [...block.matchAll(/records\.(\w+)\(/g)].map((match) => match[1]!);
    expect(called).toEqual(expect.arrayContaining(['attach', 'cardShown', 'callEnded']));
    for (const method of called) expect({ method, type: typeof (records as unknown as Record<string, unknown>)[method] }).toEqual({ method, type: 'function' });
  });
});
