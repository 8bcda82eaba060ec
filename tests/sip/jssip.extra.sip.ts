// JsSIP-specific real calls beyond the shared scenario list: what only this driver decides.
import { expectMediaFlowing, uniqueUser, useSipHarness } from './harness';
import { Operator } from './harness/operator';
import { PAGE_BUNDLES } from './harness/pages';

const sip = useSipHarness({ ...PAGE_BUNDLES, 'jssip-worker.js': 'tests/sip/pages/jssipWorker.entry.ts' });

afterEach(() => {
  expect(sip.pageErrors()).toEqual([]);
});

test('jssip: a second INVITE while a call is live is rejected 486 before any card; the first call keeps its media', async () => {
  const op = await Operator.start(await sip.openPage('jssip-worker.js'), uniqueUser('operator'));
  const customer = await sip.farEnd(uniqueUser('customer'));
  const second = await sip.farEnd(uniqueUser('customer'));
  await customer.call(op.name);
  await op.waitUi('incoming');
  await op.click('answerButtonClick');
  await op.waitUi('connected');
  await second.call(op.name);
  await second.waitForLog('rejected 486');
  expect((await op.diagnostics()).sip).toEqual([expect.stringMatching(new RegExp(`^sipBusyRejected: a second INVITE from ${second.name} `))]);
  expect((await op.card()).callId).toBe('in-1');
  await expectMediaFlowing(op, customer);
  await op.click('hangupButtonClick');
  await customer.waitForLog('bye');
  expect((await op.summaries()).map((s) => s.callId)).toEqual(['in-1']);
});

describe('jssip: attended transfer (transfer: attended)', () => {
  async function consulting() {
    const op = await Operator.start(await sip.openPage('jssip-worker.js'), uniqueUser('operator'), { transfer: 'attended' });
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
    await customer.waitForLog('reinvite sendonly'); // the customer waits on hold
    await colleague.waitForLog(`invite ${op.name}`); // while the operator consults the colleague
    await colleague.waitForState('Established');
    await expectMediaFlowing(colleague);
    return { op, customer, colleague };
  }

  test('Transfer → REFER with Replaces: the customer and the colleague talk, both operator legs end, card transferConnected', async () => {
    const { op, customer, colleague } = await consulting();
    await op.click('completeTransferButtonClick');
    await op.waitUi('transferConnected');
    await customer.waitForLog(`refer ${colleague.name}`);
    await colleague.waitForLog(`invite ${customer.name}`);
    await customer.waitForLog('bye');
    await colleague.waitForLog('bye'); // the consult leg
    await expectMediaFlowing(customer, colleague);
    await op.click('hangupButtonClick');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', lastUiState: 'transferConnected' }));
  });

  test('Return to call ends the consult call and resumes the customer with media both ways', async () => {
    const { op, customer, colleague } = await consulting();
    await op.click('cancelTransferButtonClick');
    await op.waitUi('connected');
    await colleague.waitForLog('bye');
    await customer.waitForLog('reinvite sendrecv');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });
});
