import type { Frame } from 'playwright-core';
import { b24OAuthParamsOf } from '../../testing/rest';
import { APP, startRelayPortal, type RelayPortal } from './fixtures/relayPortal';
import { until } from './fixtures/until';

// Issue 23, a CRM call list worked through three numbers (host-behaviour §12, SC-L6) in real
// Chromium: each Call on the call-list card is the host's startViaRest with CALL_LIST_ID; the
// portal registers the call and posts ONEXTERNALCALLSTART to the relay handler, which relays it
// through the push server to the owning frame's pull client (@bitrix24/b24jssdk). No external
// card exists (the host drops it while the call-list card is open), so the phone dials each
// request with no card, sends no card command, and its records finish each portal CALL_ID once.

const USER = 7;
let portal: RelayPortal;

beforeAll(async () => {
  portal = await startRelayPortal('relayedCallsFrame.ts');
}, 60_000);

afterAll(async () => {
  await portal?.close();
});

type List = {
  role(): string;
  dialled(): string[];
  call(): { callId: string; card: string } | null;
  commands(): string[];
  summaries(): { callId: string; endedBy: string; connected: boolean }[];
  diagnostics(): string[];
  answered(): void;
  hungUp(): void;
};
const inFrame = <T>(frame: Frame, read: (list: List) => T): Promise<T> => frame.evaluate((source) => new Function('list', `return (${source})(list)`)((window as unknown as { __calls: List }).__calls), read.toString()) as Promise<T>;

test('a call list worked through three numbers: each Call dialled once after the previous call ended, with no card and no card command; three finishes with the portal\'s CALL_IDs, no register', async () => {
  const { rest, browser } = portal;
  const context = await browser.newContext();
  try {
    const grant = JSON.stringify(b24OAuthParamsOf(rest.auth.issueToken({ userId: USER, app: APP })));
    const page = await context.newPage();
    await page.goto(`${portal.portalBase}/portal?grant=${encodeURIComponent(grant)}`);
    const frame = (await (await page.waitForSelector('iframe'))!.contentFrame())!;
    await frame.waitForFunction(() => '__calls' in window);
    await until(async () => (await inFrame(frame, (list) => list.role())) === 'owner', 'the frame to own the phone');
    await until(() => rest.pull.connections(APP, USER) === 1, 'the owner connected to the push server');

    // At start the phone probes its window for a card left open (SC-W1); nothing after it.
    const atStart = await inFrame(frame, (list) => list.commands());
    const numbers = ['+4930100001', '+4930100002', '+4930100003'];
    const callIds: string[] = [];
    for (const [index, number] of numbers.entries()) {
      // The operator presses Call on the call-list card for the next entry.
      const started = rest.callSync('voximplant.call.startViaRest', { NUMBER: number, PARAMS: { CALL_LIST_ID: 41 } }, { session: { userId: USER } });
      expect(started.status).toBe(200);
      const callId = (started.body as { result: { DATA: { CALL_ID: string } } }).result.DATA.CALL_ID;
      callIds.push(callId);
      await rest.apps.settle();
      await until(async () => (await inFrame(frame, (list) => list.dialled().length)) === index + 1, `number ${index + 1} dialled`);
      expect(await inFrame(frame, (list) => list.dialled())).toEqual(numbers.slice(0, index + 1));
      expect(await inFrame(frame, (list) => list.call())).toEqual({ callId, card: 'none' });
      await inFrame(frame, (list) => list.answered());
      await inFrame(frame, (list) => list.hungUp());
      await until(async () => (await inFrame(frame, (list) => list.summaries().length)) === index + 1, `call ${index + 1} summarised`);
      await until(() => rest.records.length === index + 1, `call ${index + 1} finished`);
    }
    expect(await inFrame(frame, (list) => list.summaries())).toEqual(callIds.map((callId) => expect.objectContaining({ callId, endedBy: 'remoteHungUp', connected: true })));
    expect(rest.records.map((record) => [record.CALL_ID, record.STATUS_CODE])).toEqual(callIds.map((callId) => [callId, '200']));
    expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.register')).toEqual([]);
    expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.finish')).toHaveLength(3);
    expect(await inFrame(frame, (list) => list.commands())).toEqual(atStart);
    // Ownership and the pull connection are reported as they happen; nothing else may be.
    expect((await inFrame(frame, (list) => list.diagnostics())).filter((line) => !/^(ownership|relayConnected): /.test(line))).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
