// Hold clicked the moment an answered call shows connected, while the customer's ACK is still on
// its way (a slow network, a busy phone): the dialog is not confirmed yet, and a re-INVITE sent
// now crosses that ACK. The operator must get the hold once the dialog is confirmed, never a
// dropped call. Media is checked at the far end.
import { expectMediaFlowing, expectSilenceAt, uniqueUser, useSipHarness } from './harness';
import { Operator } from './harness/operator';
import { PAGE_BUNDLES } from './harness/pages';
import type { StackUnderTest } from './scenarios';

/** How late the customer's ACKs leave: long enough for the test to click Hold before the first one. */
const ACK_DELAY_MS = 2500;

/**
 * Declares the suite for `stack`. `connectedAtTwoHundred`: the stack tells the card connected as
 * soon as its 200 is sent (SIP.js), not at the ACK (JsSIP's `confirmed`), so Hold can be
 * clicked before the ACK.
 */
export function earlyHoldScenarios(stack: StackUnderTest & { readonly connectedAtTwoHundred: boolean }): void {
  const sip = useSipHarness({ ...PAGE_BUNDLES, [stack.bundle]: stack.entry });

  afterEach(() => {
    expect(sip.pageErrors()).toEqual([]);
  });

  test(`${stack.name}: Answer, then Hold at once before the customer's ACK → the call stays up and is held once the dialog is confirmed; Resume brings media back`, async () => {
    const op = await Operator.start(await sip.openPage(stack.bundle), uniqueUser('operator'));
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.delayAcks(ACK_DELAY_MS);
    await customer.call(op.name);
    await op.waitUi('incoming');
    await op.click('answerButtonClick');
    await op.waitUi('connected');
    await op.hold(true);
    // The premise: on SIP.js the click beat the ACK; JsSIP shows connected only once the ACK came.
    const ackBeforeClick = (await customer.log()).includes('ack sent');
    if (stack.connectedAtTwoHundred && ackBeforeClick) throw new Error(`the premise failed: the customer's ACK left before Hold was clicked (a machine slower than ${ACK_DELAY_MS} ms per step); nothing was tested`);
    expect(ackBeforeClick).toBe(!stack.connectedAtTwoHundred);

    await customer.waitForLog('reinvite sendonly');
    await op.waitCard((card) => card.held === true && card.uiState === 'connected', 'held');
    // The hold re-INVITE came after the ACK of the answer (RFC 3261 §14.1), never across it.
    const log = await customer.log();
    expect(log.slice(0, log.indexOf('reinvite sendonly'))).toContain('ack sent');
    expect(log).not.toContain('bye');
    expect(await customer.sessionState()).toBe('Established');
    expect((await customer.stats())?.direction).toBe('recvonly');
    await expectSilenceAt(customer);

    await op.hold(false);
    await customer.waitForLog('reinvite sendrecv');
    await op.waitCard((card) => card.held === false && card.uiState === 'connected', 'resumed');
    expect((await customer.stats())?.direction).toBe('sendrecv');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', connected: true, direction: 'incoming' }));
  });
}
