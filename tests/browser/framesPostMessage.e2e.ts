import type { Page } from 'playwright-core';
import { useStage } from './fixtures/useStage';
import { launchWireBrowser, type WireQuery } from './fixtures/wire/wireStage';
import { FAST as fast, quiet } from './fixtures/callScenes';
import * as scenes from './fixtures/callScenes';

// statechart v3 "One phone, many frames" over the BX24 protocol itself (issue 18 §5): real
// Chromium with storage partitioning on, portal tabs on 127.0.0.1 whose pages play
// BX.rest.AppLayout's part (fixtures/wire/portalPage.ts), the application's frames on 127.0.0.2
// speaking to them only by postMessage, through the real @bitrix24/b24jssdk B24Frame or a global
// BX24 on the same wire (fixtures/wire/wireFrame.ts). The host double (one per test) is behind
// the portal pages, in this process. Unlike tests/browser/frames.e2e.ts, every command, answer
// and event here crosses the frame boundary as a string, to a checked origin, one hop each way,
// and events bound by an earlier document of a frame still reach the frame.

const stage = useStage(() => launchWireBrowser('frames over postMessage e2e'), 4);

const CARD_COMMANDS = ['CallCardSetUiState', 'CallCardClose'];

async function owning(tab: number, query: WireQuery = {}): Promise<Page> {
  const page = await stage().openTab(tab, { ...fast, ...query });
  await stage().until(async () => (await stage().phone(tab).role()) === 'owner', `window ${tab} to own`);
  return page;
}

const connectedCall = (owner: number, card: number, callId: string, readers: readonly number[]): Promise<void> => scenes.connectedCall(stage(), owner, card, callId, readers);
const allSummaries = (tabs: readonly number[]) => scenes.allSummaries(stage(), tabs);

/** The card commands the host received, as `window:command`. */
const cardCommands = (): string[] => stage().host.log.filter((entry) => CARD_COMMANDS.includes(entry.command)).map((entry) => `${entry.window}:${entry.command}`);

test('the handshake over postMessage gives each frame its portal, its kind and its window’s interface (B24Frame and a wire BX24)', async () => {
  await owning(0, { lib: 'b24jssdk', member: 'portalx' });
  await stage().openTab(1, { ...fast, lib: 'bx24', member: 'portalx', kind: 'slider', cmds: 'none' });
  await stage().openTab(2, { ...fast, lib: 'bx24', member: 'portalx', kind: 'phoneTab' });
  const [worker, slider, phoneTab] = await Promise.all([0, 1, 2].map((tab) => stage().phone(tab).wire()));
  expect(worker).toMatchObject({ kind: 'worker', memberId: 'portalx', placement: 'PAGE_BACKGROUND_WORKER' });
  expect(worker!.iface?.command).toEqual(expect.arrayContaining(['getInitData', 'CallCardSetUiState', 'CallCardClose']));
  expect(slider).toMatchObject({ kind: 'slider', memberId: 'portalx', iface: { event: [] } });
  expect(slider!.iface?.command?.filter((command) => command.startsWith('CallCard'))).toEqual([]);
  expect(phoneTab).toMatchObject({ kind: 'phoneTab', memberId: 'portalx', placement: 'DEFAULT' });
  // One phone, keyed by the identity the wire gave: the phone tab takes it (no call is live), and the three frames name it.
  await stage().until(async () => (await stage().phone(2).role()) === 'owner', 'the phone tab to own');
  const ownerId = await stage().phone(2).frameId();
  for (const tab of [0, 1]) await stage().until(async () => (await stage().phone(tab).state()).owner?.frame === ownerId, `window ${tab} to name the phone tab`);
  expect(await stage().owners([0, 1, 2])).toEqual([2]);
}, 60_000);

test('SC-F3 the card in tab B, the phone in tab A: answered and hung up in B, every command relayed through A lands on B’s card', async () => {
  const { host, until, phone } = stage();
  await owning(0, { lib: 'bx24' });
  await stage().openTab(1, { ...fast, lib: 'b24jssdk' });
  const before = stage().host.log.length;
  await connectedCall(0, 1, 'relay-1', [1]);
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close on hang-up');

  expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
  expect(await phone(1).methods()).toEqual([]);
  // From the call on, each of the owner's card commands went to window 1 and landed on its card, over two hops of postMessage.
  const commands = host.log.slice(before).filter((entry) => CARD_COMMANDS.includes(entry.command));
  expect(commands.map((entry) => `${entry.window}:${entry.command}`)).toEqual([...Array(commands.length - 1).fill('1:CallCardSetUiState'), '1:CallCardClose']);
  expect(commands.length).toBeGreaterThanOrEqual(4);
  expect(commands.every((entry) => entry.landed && entry.card)).toBe(true);
  // What crossed the wire is what the owner sent, as JSON (B24Frame adds its own `isRawValue` key to every call's params).
  expect(commands.map((entry) => (entry.params as { uiState?: string }).uiState)).toEqual(['incoming', 'connectingIncoming', 'connected', undefined]);
  const summaries = await allSummaries([0, 1]);
  expect(summaries).toEqual([expect.objectContaining({ callId: 'relay-1', connected: true })]);
}, 60_000);

test('SC-F4 the owner’s tab navigates mid-call: ownerLost once, the record finished once, the card in the other tab closed', async () => {
  const { host, until } = stage();
  const tabA = await owning(0, { lib: 'b24jssdk' });
  await stage().openTab(1, { ...fast, lib: 'bx24' });
  await connectedCall(0, 1, 'nav-1', [1]);

  await stage().navigate(tabA, 0, { ...fast, lib: 'b24jssdk' });
  await until(async () => (await stage().owners([0, 1])).length === 1, 'a new owner');
  await until(() => host.card === null, "the dead owner's call's card to close");
  await quiet();
  expect(await stage().owners([0, 1])).toHaveLength(1);
  const summaries = await allSummaries([0, 1]);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ callId: 'nav-1', endedBy: 'ownerLost', connected: true });
  const lost = (await Promise.all([0, 1].map((tab) => stage().phone(tab).diagnostics()))).flat().filter((kind) => kind === 'ownerLost');
  expect(lost).toEqual(['ownerLost']);
  expect(await stage().phone(1).methods()).toEqual([]);
}, 60_000);

test('SC-F2 a slider’s window without CallCard* commands: its frame never owns and never sends or probes one', async () => {
  const { host, until, phone } = stage();
  const tabA = await owning(0, { lib: 'bx24' });
  const tabB = await stage().openTab(1, { ...fast, lib: 'b24jssdk' });
  await stage().openTab(2, { ...fast, lib: 'b24jssdk', kind: 'slider', cmds: 'none' });
  expect(await phone(2).role()).toBe('never');
  await connectedCall(0, 1, 'slider-1', [1, 2]);
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close');

  await tabA.close();
  await tabB.close();
  await quiet();
  expect(await phone(2).role()).toBe('never');
  expect(await phone(2).softphones()).toEqual({ created: 0, stopped: 0 });
  expect(stage().noCommand).toEqual([]);
  expect(cardCommands().filter((entry) => entry.startsWith('2:'))).toEqual([]);
}, 60_000);

test('SC-F2 the phone tab (placement DEFAULT, from the handshake) becomes owner as soon as no call is live, never mid-call', async () => {
  const { host, until, phone } = stage();
  await owning(0, { lib: 'b24jssdk' });
  await connectedCall(0, 0, 'pref-1', []);
  await stage().openTab(1, { ...fast, lib: 'bx24', kind: 'phoneTab' });
  expect(await phone(1).wire()).toMatchObject({ kind: 'phoneTab', placement: 'DEFAULT' });
  await until(async () => (await phone(1).state()).call?.uiState === 'connected', 'the phone tab to read the call');

  await quiet();
  expect(await stage().owners([0, 1])).toEqual([0]);
  expect(await phone(1).softphones()).toEqual({ created: 0, stopped: 0 });
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close on hang-up');
  await until(async () => (await phone(1).role()) === 'owner', 'the phone tab to own');
  await until(async () => (await phone(0).softphones()).stopped === 1, "the old owner's softphone to stop");
  expect(await phone(1).softphones()).toEqual({ created: 1, stopped: 0 });
  expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
  expect(await allSummaries([0, 1])).toEqual([expect.objectContaining({ callId: 'pref-1', connected: true, endedBy: expect.not.stringMatching(/^ownerLost$/) })]);
}, 60_000);

describe.each(['bx24', 'b24jssdk'] as const)('host-behaviour §6 a reloaded holder frame (%s): the host keeps the old frame’s bindings', (lib) => {
  test('the stale copies of each event reach the new frame and are dropped: the card is taken back, a key and a hang-up count once', async () => {
    const { host, until, phone } = stage();
    await owning(0, { lib: 'bx24' });
    await stage().openTab(1, { ...fast, lib });
    await connectedCall(0, 1, 'stale-1', [1]);

    await stage().reloadFrame(1);
    const holder = await phone(1).frameId();
    await until(async () => (await phone(0).diagnostics()).includes('cardTakenBack'), 'the owner to take the card back');
    await until(async () => (await phone(0).state()).call?.holders.includes(holder) === true, 'the reloaded frame to hold the card');
    expect(host.card?.uiState).toBe('connected');

    const copiesOf = (event: string): number => stage().eventCopies.filter((copy) => copy.startsWith('1:') && copy.endsWith(`:BackgroundCallCard::${event}`)).length;
    host.dial('5');
    await until(async () => (await phone(0).methods()).includes('sendDtmf'), 'the key to reach the softphone');
    // Both documents of window 1 bound the event, so the portal page posted two copies of it.
    expect(copiesOf('dialpadButtonClick')).toBe(2);
    await quiet();
    host.click('hangupButtonClick');
    await until(() => host.card === null, 'the card to close on hang-up');
    if (lib === 'bx24') expect((await phone(1).wire()).dropped).toBeGreaterThan(0);
    await quiet();
    expect(await phone(0).methods()).toEqual(['answer', 'sendDtmf', 'hangup']);
    const summaries = await allSummaries([0, 1]);
    expect(summaries).toEqual([expect.objectContaining({ callId: 'stale-1', connected: true, dtmf: '5', endedBy: expect.not.stringMatching(/^ownerLost$/) })]);
  }, 60_000);
});

test('a message from another origin, with another APP_SID, or from another window of the application’s origin is ignored by the portal page', async () => {
  const { host, until } = stage();
  const tab = await owning(0, { lib: 'b24jssdk' });
  host.raiseCall({ CALL_ID: 'foreign-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930123' }, { window: 0 });
  await until(() => host.card?.uiState === 'incoming', 'the card to show incoming');
  const logged = host.log.length;

  const sid = await stage().appSid(tab);
  const forged = (origin: string, appSid: string): string =>
    `${origin}/foreign?${new URLSearchParams({ command: 'CallCardSetUiState', params: JSON.stringify({ uiState: 'connected' }), sid: appSid }).toString()}`;
  const foreign = [forged(stage().otherOrigin, sid), forged(stage().appOrigin, 'not-the-sid'), forged(stage().appOrigin, sid)];
  for (const url of foreign) await tab.evaluate((src) => (window as unknown as { __portal: { addFrame(url: string): void } }).__portal.addFrame(src), url);
  await until(async () => (await stage().portalLog(tab)).ignored.length >= foreign.length, 'the portal page to see the three messages');
  const frames = tab.frames().filter((frame) => frame.url().includes('/foreign'));
  expect(frames).toHaveLength(3);
  await quiet();

  const { ignored } = await stage().portalLog(tab);
  expect(ignored).toEqual(
    expect.arrayContaining([`origin ${stage().otherOrigin}`, 'appSid not-the-sid for CallCardSetUiState', "another window of the application's origin: CallCardSetUiState"]),
  );
  expect(host.log.slice(logged).filter((entry) => (entry.params as { uiState?: string } | null)?.uiState === 'connected')).toEqual([]);
  expect(host.card?.uiState).toBe('incoming');
  for (const frame of frames) expect(await frame.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
  // The layout's own frame still drives the card.
  host.click('answerButtonClick');
  await until(() => host.card?.uiState === 'connectingIncoming', 'the answer to reach the owner');
}, 60_000);

test('SC-F1 two portals (MEMBER_ID from the handshake) and two users of one portal in one browser context never mix: no owner takes another’s card, calls or lock', async () => {
  const { phone } = stage();
  // One portal site, so one storage partition for the application's frames: only the phone's keys (member_id, USER_ID) keep them apart.
  await stage().openTab(0, { ...fast, lib: 'b24jssdk', member: 'portalx', user: 7 });
  await stage().openTab(1, { ...fast, lib: 'bx24', member: 'portaly', user: 7 });
  await stage().openTab(2, { ...fast, lib: 'b24jssdk', member: 'portalx', user: 8 });
  expect((await Promise.all([0, 1, 2].map((tab) => phone(tab).wire()))).map((wire) => wire.memberId)).toEqual(['portalx', 'portaly', 'portalx']);
  await scenes.scopesApart(stage());
}, 60_000);

describe('SC-F6 a frozen owner (its tab paused through the DevTools protocol), over the wire', () => {
  test('idle: another frame owns after the bounded silence; thawed, the old owner knows it lost the phone', async () => {
    const { until, phone } = stage();
    const tabA = await owning(0, { lib: 'b24jssdk' });
    await stage().openTab(1, { ...fast, lib: 'bx24' });
    await until(async () => (await phone(1).state()).owner !== null, 'tab B to know the owner');

    await stage().freeze(tabA, 0, true);
    await until(async () => (await phone(1).role()) === 'owner', 'tab B to own');
    expect(await phone(1).diagnostics()).toContain('ownership:owner:frozenOwner');
    await stage().freeze(tabA, 0, false);
    await until(async () => (await phone(0).role()) === 'waiting', 'the thawed tab to know it lost the phone');
    expect(await stage().owners([0, 1])).toEqual([1]);
  }, 60_000);

  test('mid-call: nobody takes the phone from the frozen owner; thawed, it carries on with the call', async () => {
    const { host, until, phone } = stage();
    const tabA = await owning(0, { lib: 'bx24' });
    await stage().openTab(1, { ...fast, lib: 'b24jssdk' });
    await connectedCall(0, 1, 'frozen-1', [1]);

    await stage().freeze(tabA, 0, true);
    await quiet();
    expect(await phone(1).role()).toBe('waiting');
    expect(await phone(1).softphones()).toEqual({ created: 0, stopped: 0 });
    await stage().freeze(tabA, 0, false);
    expect(host.card?.uiState).toBe('connected');
    host.click('hangupButtonClick');
    await until(() => host.card === null, 'the card to close on hang-up');
    expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
    expect(await stage().owners([0, 1])).toEqual([0]);
    expect(await allSummaries([0, 1])).toEqual([expect.objectContaining({ callId: 'frozen-1', connected: true, endedBy: expect.not.stringMatching(/^ownerLost$/) })]);
  }, 60_000);
});
