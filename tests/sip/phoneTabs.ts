// Real SIP calls across portal tabs (statechart "One phone, many frames": SC-F2, SC-F4, SC-F5),
// for one SIP stack, on the portal-tabs harness (harness/portalTabs.ts): owner and card in
// different tabs, the owner's tab closed mid-call, handovers to and from the phone tab. Run by
// `npm run test:sip` (5 handovers) and `npm run test:long` (PHONE_TAB_HANDOVERS=50).
import { expectMediaFlowing, STEP_MS, uniqueUser } from './harness';
import { usePortalTabs, type PhoneWindow, type PortalTabsStack, type Tab } from './harness/portalTabs';

export type PhoneTabsStack = PortalTabsStack;

const PHONE_TAB = 3;

export function phoneTabsSuite(stack: PhoneTabsStack, handovers: number): void {
  const world = usePortalTabs(stack);
  const { openTab, phone, until, owning, ownerMedia, contactCounts, registered, finishes, customer } = world;

  test(`${stack}: the owner in one tab, the card in another: answered from the card, media both ways, hung up, the record finished once`, async () => {
    const operator = uniqueUser('operator');
    const tabA = await openTab(0, 'worker', operator);
    await owning(tabA, 'tab A');
    await registered(operator);
    const tabB = await openTab(1, 'worker', operator);
    await until('tab B to wait', async () => (await phone(tabB, (p) => p.role())) === 'waiting');
    world.cardWindow = 1;
    const caller = await customer();

    await caller.call(operator);
    await until("the card in tab B's window to ring", () => world.host.card?.uiState === 'incoming');
    expect(world.raisedIn).toEqual([1]);
    const callId = world.host.card!.call.CALL_ID;
    world.host.click('answerButtonClick');
    await until('the card to show connected', () => world.host.card?.uiState === 'connected');
    await caller.waitForState('Established');
    await expectMediaFlowing(caller, ownerMedia(tabA));

    world.host.click('hangupButtonClick');
    await caller.waitForLog('bye');
    await until('the card to close', () => world.host.card === null);
    await until('the record to be finished', () => finishes().length > 0);
    await phone(tabA, (p) => p.recordsIdle());
    expect(world.rest.log.filter((entry) => entry.written).map((entry) => entry.method)).toEqual(['telephony.externalcall.register', 'telephony.externalcall.finish']);
    expect(world.rest.records.map(({ CALL_ID, STATUS_CODE }) => ({ CALL_ID, STATUS_CODE }))).toEqual([{ CALL_ID: callId, STATUS_CODE: '200' }]);
    // One registration: tab B never made a softphone.
    expect(await phone(tabB, (p) => p.softphones())).toEqual({ made: 0, stopped: 0 });
    expect(Math.max(...contactCounts(operator))).toBe(1);
    expect(world.errors).toEqual([]);
  }, 90_000);

  test(`${stack}: the owner's tab closed mid-call: tab B owns, ends the call once (ownerLost), finishes its record exactly once and closes its card`, async () => {
    const operator = uniqueUser('operator');
    const tabA = await openTab(0, 'worker', operator);
    await owning(tabA, 'tab A');
    await registered(operator);
    const tabB = await openTab(1, 'worker', operator);
    world.cardWindow = 1;
    const caller = await customer();
    await caller.call(operator);
    await until('the card to ring', () => world.host.card?.uiState === 'incoming');
    const callId = world.host.card!.call.CALL_ID;
    world.host.click('answerButtonClick');
    await until('the card to show connected', () => world.host.card?.uiState === 'connected');
    await caller.waitForState('Established');

    await tabA.page.close();
    await owning(tabB, 'tab B');
    await until("the dead owner's card to close", () => world.host.card === null);
    await until('the record to be finished', () => finishes().length > 0);
    await phone(tabB, (p) => p.recordsIdle());
    const summaries = await phone(tabB, (p) => p.summaries());
    expect(summaries.map(({ callId: id, endedBy, connected }) => ({ id, endedBy, connected }))).toEqual([{ id: callId, endedBy: 'ownerLost', connected: true }]);
    expect(finishes().map((entry) => entry.params['CALL_ID'])).toEqual([callId]);
    expect(world.rest.activeCalls).toEqual([]);
    expect(await phone(tabB, (p) => p.diagnostics())).toContain('ownerLost');
    await caller.hangup().catch(() => undefined);
  }, 90_000);

  test(`${stack}: ${handovers} handovers to and from the phone tab, an INVITE arriving during each, none refused`, async () => {
    const operator = uniqueUser('operator');
    const worker = await openTab(0, 'worker', operator);
    await owning(worker, 'the worker');
    await registered(operator);
    world.cardWindow = 0;
    const caller = await customer();
    let invites = 0;
    let phoneTab: Tab | null = null;

    /** One call, answered from the card wherever the phone is, then hung up by the customer; its record finished. */
    const call = async (): Promise<void> => {
      const before = world.rest.records.length;
      invites += 1;
      const rejectedBefore = (await caller.log()).filter((line) => line.startsWith('rejected')).length;
      await caller.call(operator);
      let refusedNow = false;
      await until(`call ${invites}'s card to ring (or the caller to be refused)`, async () => {
        refusedNow = (await caller.log()).filter((line) => line.startsWith('rejected')).length > rejectedBefore;
        return refusedNow || world.host.card?.uiState === 'incoming';
      }, STEP_MS * 2);
      // A refused INVITE is counted below (the test fails on it); the handover goes on.
      if (refusedNow) return;
      world.host.click('answerButtonClick');
      await caller.waitForState('Established');
      await until(`call ${invites} to connect on the card`, () => world.host.card?.uiState === 'connected');
      await caller.hangup();
      await until(`call ${invites}'s card to close`, () => world.host.card === null);
      await until(`call ${invites}'s record to be finished`, () => world.rest.records.length === before + 1);
    };
    const SLOW_MS = 1_500;
    /** Which phase of the handover each INVITE met, for the count printed at the end. */
    const phases: Record<string, number> = {};

    for (let done = 0; done < handovers; done += 1) {
      // The successor is held in one phase while the INVITE arrives: before its REGISTER (only the
      // old owner is registered), or registered but not yet ready (both are: the proxy forks).
      const phase = Math.floor(done / 2) % 2 === 0 ? 'successor registering' : 'both registered';
      const slow = phase === 'successor registering' ? { registerMs: SLOW_MS, readyMs: 0 } : { registerMs: 0, readyMs: SLOW_MS };
      phases[phase] = (phases[phase] ?? 0) + 1;
      const contactsBefore = contactCounts(operator).length;
      const inPhase = () =>
        until(`the handover to reach "${phase}" (handover ${done + 1})`, () => (phase === 'both registered' ? contactCounts(operator).at(-1) === 2 : contactCounts(operator).length === contactsBefore && successorMade()));
      let successorMade: () => boolean;
      if (phoneTab === null) {
        // To the phone tab: it opens beside the idle worker and asks for the phone.
        let made = false;
        successorMade = () => made;
        const opening = openTab(PHONE_TAB, 'phoneTab', operator, { slow }).then(async (tab) => {
          await until('the phone tab to make its softphone', async () => (await phone(tab, (p) => p.softphones().made)) > 0);
          made = true;
          return tab;
        });
        await inPhase();
        await call();
        phoneTab = await opening;
        await owning(phoneTab, `the phone tab (handover ${done + 1})`);
      } else {
        // From the phone tab: it offers the phone before it closes; the worker takes it.
        const tab = phoneTab;
        await worker.frame.evaluate((next) => (globalThis as unknown as PhoneWindow).__phone.slow(next), slow);
        const madeBefore = (await phone(worker, (p) => p.softphones())).made;
        let workerMade = false;
        successorMade = () => workerMade;
        const watching = until('the worker to make its softphone', async () => (await phone(worker, (p) => p.softphones().made)) > madeBefore).then(() => (workerMade = true));
        const handing = phone(tab, (p) => p.handOver());
        await watching;
        await inPhase();
        await call();
        // A call the phone tab took keeps the phone there; it hands over once idle.
        await until(`the phone tab to hand over (handover ${done + 1})`, async () => (await handing) || (await phone(tab, (p) => p.handOver())), STEP_MS * 3);
        await owning(worker, `the worker (handover ${done + 1})`);
        await worker.frame.evaluate(() => (globalThis as unknown as PhoneWindow).__phone.slow({ registerMs: 0, readyMs: 0 }));
        await tab.page.close();
        phoneTab = null;
      }
      await registered(operator);
    }

    const refused = (await caller.log()).filter((line) => line.startsWith('rejected'));
    const counts = contactCounts(operator);
    console.log(`phone tabs (${stack}): ${handovers} handovers, ${invites} INVITEs during them (${Object.entries(phases).map(([phase, n]) => `${n} with the ${phase}`).join(', ')}), ${refused.length} refused; the operator's contacts after each REGISTER: max ${Math.max(...counts)}, last ${counts.at(-1)}`);
    expect(refused).toEqual([]);
    expect(invites).toBe(handovers);
    expect(world.rest.records).toHaveLength(invites);
    expect(new Set(world.rest.records.map((record) => record.CALL_ID)).size).toBe(invites);
    expect(world.rest.activeCalls).toEqual([]);
    // One registration at a time, two only while a handover overlaps them.
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(counts.at(-1)).toBe(1);
    expect(world.errors).toEqual([]);
  }, 60_000 + handovers * 20_000);
}
