// Attended transfer (`transfer: 'attended'`) on real calls, for every stack whose driver sends
// Replaces: the customer waits on hold while the operator consults the colleague, then Transfer
// (REFER with Replaces) or Return to call. Media is checked at every far end.
import { expectMediaFlowing, uniqueUser, useSipHarness } from './harness';
import { Operator } from './harness/operator';
import { PAGE_BUNDLES } from './harness/pages';
import type { StackUnderTest } from './scenarios';

/** Declares the attended-transfer suite for `stack` (call at the top level of a *.sip.ts file). */
export function attendedTransferScenarios(stack: StackUnderTest): void {
  const sip = useSipHarness({ ...PAGE_BUNDLES, [stack.bundle]: stack.entry });

  afterEach(() => {
    expect(sip.pageErrors()).toEqual([]);
  });

  /** The operator has answered the customer and chosen the colleague: the consult call is up, the customer on hold. */
  async function consulting() {
    const op = await Operator.start(await sip.openPage(stack.bundle), uniqueUser('operator'), { transfer: 'attended' });
    const customer = await sip.farEnd(uniqueUser('customer'));
    const colleague = await sip.farEnd(uniqueUser('colleague'));
    await colleague.setIncomingPolicy({ kind: 'answer' });
    await customer.call(op.name);
    await op.waitUi('incoming');
    await op.click('answerButtonClick');
    await op.waitUi('connected');
    await expectMediaFlowing(op, customer);
    await op.transfer(colleague.name);
    await op.waitUi('transferring');
    await customer.waitForLog('reinvite sendonly');
    await colleague.waitForLog(`invite ${op.name}`);
    await colleague.waitForState('Established');
    await expectMediaFlowing(colleague);
    return { op, customer, colleague };
  }

  test(`${stack.name}: attended Transfer → REFER with Replaces: customer and colleague talk, both operator legs end, card transferConnected`, async () => {
    const { op, customer, colleague } = await consulting();
    await op.click('completeTransferButtonClick');
    await op.waitUi('transferConnected');
    // JsSIP refers to the colleague's address, SIP.js to the Contact of its consult dialog (a random user): either way a REFER.
    await customer.waitForLog(/^refer /);
    await colleague.waitForLog(`invite ${customer.name}`);
    await customer.waitForLog('bye');
    await colleague.waitForLog('bye'); // the consult leg
    await expectMediaFlowing(customer, colleague);
    await op.click('hangupButtonClick');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', lastUiState: 'transferConnected' }));
  });

  test(`${stack.name}: attended Return to call ends the consult call and resumes the customer with media both ways`, async () => {
    const { op, customer, colleague } = await consulting();
    await op.click('cancelTransferButtonClick');
    await op.waitUi('connected');
    await colleague.waitForLog('bye');
    await customer.waitForLog('reinvite sendrecv');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });
}
