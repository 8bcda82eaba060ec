import { launchPhoneBrowser, type PhoneBrowser, type PhoneStage } from './fixtures/phoneTabs';

// statechart v3 "One phone, many frames" in real Chromium with storage partitioning on (as
// users have it): portal tabs on 127.0.0.1, the application's frames on 127.0.0.2, one
// BroadcastChannel and one Web Lock family across the tabs. The host (one per tab) is the host
// double in this process, reached through Playwright bindings. The owner in one tab drives the
// card the host shows in another (SC-F3); the owner's tab closed mid-call ends the call once
// in the next owner, which closes the card (SC-F4). More rules: frames.e2e.ts.

let chromium: PhoneBrowser;
let stage: PhoneStage;

beforeAll(async () => {
  chromium = await launchPhoneBrowser('phone e2e');
}, 60_000);

beforeEach(async () => {
  stage = await chromium.stage(3);
});

afterEach(async () => {
  await stage?.close();
});

afterAll(async () => {
  await chromium?.close();
});

test('SC-F3 the owner in tab A answers and hangs up the card the host shows in tab B', async () => {
  const { host, until, phone } = stage;
  await stage.openTab(0);
  await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
  await stage.openTab(1);
  await until(async () => (await phone(1).role()) === 'waiting', 'tab B to wait');

  host.raiseCall({ CALL_ID: 'c-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930111' }, { window: 1 });
  await until(() => host.card?.uiState === 'incoming', "the card in tab B's window to show incoming");
  host.click('answerButtonClick');
  await until(() => host.card?.uiState === 'connectingIncoming', 'the card to show connectingIncoming');
  expect(await phone(0).methods()).toEqual(['answer']);
  await phone(0).send('phone.connected');
  await until(() => host.card?.uiState === 'connected', 'the card to show connected');
  // Tab B reads the call from the owner (SC-F7).
  await until(async () => (await phone(1).state()).call?.uiState === 'connected', 'tab B to read connected');
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close');
  expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
  expect(await phone(1).methods()).toEqual([]);
}, 60_000);

test('SC-F4 the owner’s tab closed mid-call: tab B becomes owner, ends the call once (ownerLost) and closes its card', async () => {
  const { host, until, phone } = stage;
  const tabA = await stage.openTab(0);
  await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
  await stage.openTab(1);
  host.raiseCall({ CALL_ID: 'c-2', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930222' }, { window: 1 });
  await until(() => host.card?.uiState === 'incoming', 'incoming');
  host.click('answerButtonClick');
  // The click crosses to the owner's tab and back before the softphone's answer can connect.
  await until(() => host.card?.uiState === 'connectingIncoming', 'connectingIncoming');
  await phone(0).send('phone.connected');
  await until(() => host.card?.uiState === 'connected', 'connected');
  await new Promise((resolve) => setTimeout(resolve, 600));

  await tabA.close();
  await until(async () => (await phone(1).role()) === 'owner', 'tab B to own');
  await until(() => host.card === null, "the dead owner's call's card to close");
  const summaries = await phone(1).summaries();
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ callId: 'c-2', endedBy: 'ownerLost', connected: true });
  expect(summaries[0]!.closedAt).toBeGreaterThanOrEqual(summaries[0]!.connectedAt!);
}, 60_000);
