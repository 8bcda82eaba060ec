import type { Page } from 'playwright-core';
import { useStage } from './fixtures/useStage';
import { launchPhoneBrowser } from './fixtures/phoneTabs';
import * as scenes from './fixtures/callScenes';

// statechart v3 "One phone, many frames" where the browser decides (issue 18 §6): real
// Chromium with storage partitioning on, portal tabs on 127.0.0.1 and the application's frames
// on 127.0.0.2, the host double in this process behind each window's BX24.placement, a
// recording softphone in each frame (fixtures/phoneTabs.ts). Each test is named after its rule
// and checks what an operator cares about: who owns, whether the call, its record (the
// summary handed to onSummary, which the records layer finishes) and its card are right.
// Heartbeat 200 ms and a short silence (via the frame's query) keep the browser time modest.

const stage = useStage(() => launchPhoneBrowser('frames e2e'), 4);

const HB = 200;
const SILENCE = 1_000;
/** Long enough for any frame to act on an owner's silence several times over: a wait for "nothing happens", not a timing assertion. */
const QUIET_MS = SILENCE * 3 + HB * 4;
const quiet = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

const fast = { hb: HB, silence: SILENCE } as const;

const connectedCall = (owner: number, card: number, callId: string, readers: readonly number[]): Promise<void> => scenes.connectedCall(stage(), owner, card, callId, readers);

/** Exactly one of `tabs` owns, and every one of them comes to name it as the owner (SC-F7). */
async function oneOwner(tabs: readonly number[]): Promise<number> {
  const owners = await stage().owners(tabs);
  expect(owners).toHaveLength(1);
  const ownerId = await stage().phone(owners[0]!).frameId();
  const named = async () => Promise.all(tabs.map(async (tab) => (await stage().phone(tab).state()).owner?.frame));
  await stage().until(async () => (await named()).every((frame) => frame === ownerId), `every frame to name ${ownerId} the owner`).catch(() => undefined);
  expect(await named()).toEqual(tabs.map(() => ownerId));
  return owners[0]!;
}

const allSummaries = (tabs: readonly number[]) => scenes.allSummaries(stage(), tabs);

describe('SC-F4 the owner’s tab navigates (a menu click), not only closes', () => {
  test('mid-call: a new owner ends the call once (ownerLost), its record is finished once, its card in the other tab closes', async () => {
    const { host, until } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await stage().phone(0).role()) === 'owner', 'tab A to own');
    await stage().openTab(1, fast);
    await connectedCall(0, 1, 'nav-1', [1]);

    await stage().navigate(tabA, 0, fast);
    await until(async () => (await stage().owners([0, 1])).length === 1, 'a new owner');
    await until(() => host.card === null, "the dead owner's call's card to close");
    await quiet();
    await oneOwner([0, 1]);
    const summaries = await allSummaries([0, 1]);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ callId: 'nav-1', endedBy: 'ownerLost', connected: true });
    expect(summaries[0]!.closedAt).toBeGreaterThanOrEqual(summaries[0]!.connectedAt!);
    // Nobody told a softphone anything: the call's media died with the navigated page.
    expect(await stage().phone(1).methods()).toEqual([]);
  }, 60_000);

  test('idle: the phone keeps exactly one owner, and no call is invented', async () => {
    const { until } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await stage().phone(0).role()) === 'owner', 'tab A to own');
    await stage().openTab(1, fast);
    await until(async () => (await stage().phone(1).state()).owner !== null, 'tab B to know the owner');

    await stage().navigate(tabA, 0, fast);
    await until(async () => (await stage().owners([0, 1])).length === 1, 'an owner after the navigation');
    await quiet();
    await oneOwner([0, 1]);
    expect(await allSummaries([0, 1])).toEqual([]);
  }, 60_000);
});

test('SC-F3 cardTakenBack: a reloaded holder frame whose tab still shows the live call’s card takes it back; the owner is in another tab', async () => {
  const { host, until, phone } = stage();
  await stage().openTab(0, fast);
  await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
  await stage().openTab(1, fast);
  await connectedCall(0, 1, 'back-1', [1]);

  await stage().reloadFrame(1);
  const holder = await phone(1).frameId();
  await until(async () => (await phone(0).diagnostics()).includes('cardTakenBack'), 'the owner to take the card back');
  await until(async () => (await phone(0).state()).call?.holders.includes(holder) === true, 'the reloaded frame to hold the card');
  // The card stays: the reloaded frame did not close it as an orphan, and it still drives the call.
  expect(host.card?.uiState).toBe('connected');
  expect(await phone(1).diagnostics()).not.toContain('orphanedCard');
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close on hang-up');
  expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
  const summaries = await allSummaries([0, 1]);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ callId: 'back-1', connected: true });
  expect(summaries[0]!.endedBy).not.toBe('ownerLost');
}, 60_000);

describe('SC-F6 a frozen owner tab (frozen through the DevTools protocol)', () => {
  const freeze = (page: Page, state: 'frozen' | 'active'): Promise<void> => stage().freeze(page, 0, state === 'frozen');

  test('idle: another frame owns after the bounded silence; thawed, the phone still has one owner', async () => {
    const { until, phone } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
    await stage().openTab(1, fast);
    await until(async () => (await phone(1).state()).owner !== null, 'tab B to know the owner');

    await freeze(tabA, 'frozen');
    await until(async () => (await phone(1).role()) === 'owner', 'tab B to own');
    expect(await phone(1).diagnostics()).toContain('ownership:owner:frozenOwner');
    await freeze(tabA, 'active');
    await until(async () => (await phone(0).role()) === 'waiting', 'the thawed tab to know it lost the phone');
    await oneOwner([0, 1]);
  }, 60_000);

  test('idle, frozen before a new tab opened (it never heard the owner): the new tab owns after the silence', async () => {
    const { until, phone } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
    await freeze(tabA, 'frozen');
    await stage().openTab(1, fast);
    await until(async () => (await phone(1).role()) === 'owner', 'the new tab to own');
    expect(await phone(1).diagnostics()).toContain('ownership:owner:frozenOwner');
    await freeze(tabA, 'active');
    await until(async () => (await phone(0).role()) === 'waiting', 'the thawed tab to know it lost the phone');
    await oneOwner([0, 1]);
  }, 60_000);

  test('thawed while its successor has a live call: the thawed tab takes nothing, the call goes on', async () => {
    const { host, until, phone } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
    await stage().openTab(1, fast);
    await freeze(tabA, 'frozen');
    await until(async () => (await phone(1).role()) === 'owner', 'tab B to own');
    await connectedCall(1, 1, 'thaw-1', []);

    await freeze(tabA, 'active');
    await quiet();
    expect(await stage().owners([0, 1])).toEqual([1]);
    expect(host.card?.uiState).toBe('connected');
    host.click('hangupButtonClick');
    await until(() => host.card === null, 'the card to close on hang-up');
    expect(await phone(1).methods()).toEqual(['answer', 'hangup']);
    expect(await allSummaries([0, 1])).toEqual([expect.objectContaining({ callId: 'thaw-1', connected: true, endedBy: expect.not.stringMatching(/^ownerLost$/) })]);
  }, 60_000);

  test('mid-call: nobody takes the phone from the frozen owner; thawed, it carries on with the call', async () => {
    const { host, until, phone } = stage();
    const tabA = await stage().openTab(0, fast);
    await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
    await stage().openTab(1, fast);
    await connectedCall(0, 1, 'frozen-1', [1]);

    await freeze(tabA, 'frozen');
    await quiet();
    expect(await phone(1).role()).toBe('waiting');
    expect(await phone(1).softphones()).toEqual({ created: 0, stopped: 0 });
    await freeze(tabA, 'active');
    expect(host.card?.uiState).toBe('connected');
    host.click('hangupButtonClick');
    await until(() => host.card === null, 'the card to close on hang-up');
    expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
    await oneOwner([0, 1]);
    expect(await allSummaries([0, 1])).toEqual([expect.objectContaining({ callId: 'frozen-1', connected: true })]);
  }, 60_000);
});

test('SC-F2 a slider’s frame never owns, even when it is the only frame left, and a window without CallCard* commands never gets one', async () => {
  const { host, until, phone } = stage();
  const slider = { ...fast, kind: 'slider', cmds: 'none' } as const;
  const tabA = await stage().openTab(0, fast);
  await until(async () => (await phone(0).role()) === 'owner', 'tab A to own');
  const tabB = await stage().openTab(1, fast);
  await stage().openTab(2, slider);
  expect(await phone(2).role()).toBe('never');
  // A call with its card in tab B: the slider reads it (SC-F7) and is never probed or commanded.
  await connectedCall(0, 1, 'slider-1', [1, 2]);
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close');

  await tabA.close();
  await tabB.close();
  await quiet();
  expect(await phone(2).role()).toBe('never');
  expect(await phone(2).softphones()).toEqual({ created: 0, stopped: 0 });
  expect(stage().noCommand).toEqual([]);
}, 60_000);

test('SC-F2 the phone tab becomes owner as soon as no call is live, never mid-call', async () => {
  const { host, until, phone } = stage();
  await stage().openTab(0, fast);
  await until(async () => (await phone(0).role()) === 'owner', 'the portal tab to own');
  await connectedCall(0, 0, 'pref-1', []);
  await stage().openTab(1, { ...fast, kind: 'phoneTab' });
  await until(async () => (await phone(1).state()).call?.uiState === 'connected', 'the phone tab to read the call');

  await quiet();
  expect(await phone(1).role()).toBe('waiting');
  expect(await phone(0).role()).toBe('owner');
  expect(await phone(1).softphones()).toEqual({ created: 0, stopped: 0 });

  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close on hang-up');
  await until(async () => (await phone(1).role()) === 'owner', 'the phone tab to own');
  await oneOwner([0, 1]);
  // Its softphone was made ready first; the old owner's was stopped after.
  expect(await phone(1).softphones()).toEqual({ created: 1, stopped: 0 });
  await until(async () => (await phone(0).softphones()).stopped === 1, "the old owner's softphone to stop");
  expect(await phone(0).methods()).toEqual(['answer', 'hangup']);
  expect(await allSummaries([0, 1])).toEqual([expect.objectContaining({ callId: 'pref-1', connected: true, endedBy: expect.not.stringMatching(/^ownerLost$/) })]);
}, 60_000);

test('SC-F1 two portals (member_id) and two users of one portal in one browser profile and one partition never mix', async () => {
  // One portal site, so one storage partition for the application's frames (host-behaviour §10): only the phone's keys keep them apart.
  await stage().openTab(0, { ...fast, member: 'portalx', user: 7 });
  await stage().openTab(1, { ...fast, member: 'portaly', user: 7 });
  await stage().openTab(2, { ...fast, member: 'portalx', user: 8 });
  await scenes.scopesApart(stage());
}, 60_000);

test('SC-F1 a first-party popup of the application’s origin does not share the phone: it is its own', async () => {
  const { until, phone } = stage();
  await stage().openTab(0, fast);
  await until(async () => (await phone(0).role()) === 'owner', 'the portal tab to own');
  await stage().openPopup(1, fast);
  await until(async () => (await phone(1).role()) === 'owner', 'the popup to own its own phone');
  const [tabId, popupId] = await Promise.all([phone(0).frameId(), phone(1).frameId()]);

  await connectedCall(0, 0, 'popup-1', [0]);
  await quiet();
  expect(await phone(0).role()).toBe('owner');
  expect((await phone(0).state()).owner?.frame).toBe(tabId);
  expect((await phone(1).state()).owner?.frame).toBe(popupId);
  expect((await phone(1).state()).call).toBeNull();
  expect(await phone(1).methods()).toEqual([]);
}, 60_000);

test('SC-F2 a softphone factory that fails once in tab A does not keep the phone: A’s retry or tab B owns, and answers the call shown in A’s window', async () => {
  const { host, until, phone } = stage();
  await stage().openTab(0, { ...fast, fail: 1 });
  await stage().openTab(1, fast);
  await until(async () => (await phone(0).diagnostics()).includes('softphoneFailed'), 'tab A to report its softphone failed');
  await until(async () => (await stage().owners([0, 1])).length === 1 && (await phone(0).state()).owner !== null, 'an owner after the failure');
  const owner = await oneOwner([0, 1]);
  await until(async () => (await phone(owner).softphones()).created === 1, "the owner's softphone");
  expect((await phone(1 - owner).softphones()).created).toBe(0);
  host.raiseCall({ CALL_ID: 'fail-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930123' }, { window: 0 });
  await until(() => host.card?.uiState === 'incoming', 'the card to show incoming in tab A');
  host.click('answerButtonClick');
  await until(async () => (await phone(owner).methods()).includes('answer'), "the answer to reach the owner's softphone");
  expect(await phone(owner).methods()).toEqual(['answer']);
}, 60_000);
