// The real-call scenarios of issue 12, written once for every SIP stack: the operator's worker
// page (card + host simulator + the adapter under test) against plain SIP.js far ends through
// Kamailio. Every scenario checks media at the far end, never the signalling alone.
import { expectMediaFlowing, expectNoPacketsAt, expectSilenceAt, receivedOver, uniqueUser, useSipHarness, waitFor, type FarEnd } from './harness';
import { startBadTlsServer } from './harness/badTls';
import { Operator } from './harness/operator';
import { PAGE_BUNDLES } from './harness/pages';
import type { OperatorConfig } from './pages/operator';

export interface StackUnderTest {
  /** The name in each test's title (`sipjs`, `jssip`). */
  readonly name: string;
  /** The operator page's bundle: its name and its entry (tests/sip/pages/<stack>Worker.entry.ts). */
  readonly bundle: string;
  readonly entry: string;
}

/** Declares the scenario suite for `stack` (call at the top level of a *.sip.ts file). */
export function operatorScenarios(stack: StackUnderTest): void {
  const sip = useSipHarness({ ...PAGE_BUNDLES, [stack.bundle]: stack.entry });
  /** A scenario; the pages must log no error but those `expectedErrors` matches (a stack complaining of a dropped transport). */
  const t = (title: string, body: () => Promise<void>, expectedErrors?: RegExp) =>
    test(`${stack.name}: ${title}`, async () => {
      await body();
      expect(sip.pageErrors().filter((error) => !expectedErrors?.test(error))).toEqual([]);
    });

  async function operator(options: Omit<OperatorConfig, 'user' | 'server'> = {}): Promise<Operator> {
    return Operator.start(await sip.openPage(stack.bundle), uniqueUser('operator'), options);
  }

  /** The customer calls the operator, who answers on the card: media both ways. */
  async function answeredCall(options: Omit<OperatorConfig, 'user' | 'server'> = {}): Promise<{ op: Operator; customer: FarEnd }> {
    const op = await operator(options);
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.call(op.name);
    await op.waitUi('incoming');
    await op.click('answerButtonClick');
    await op.waitUi('connected');
    await customer.waitForState('Established');
    await expectMediaFlowing(op, customer);
    return { op, customer };
  }

  /** The operator calls the customer back from the card; `answer` says how the customer's phone responds. */
  async function callback(customer: FarEnd, op: Operator): Promise<void> {
    await op.raiseCallback(customer.name);
    await op.waitUi('outgoing');
    await op.click('makeCallButtonClick');
  }

  t('click-to-call (SC-L5): the card the portal raised dials the customer at once, media both ways; hung up → finished once on the REST double with the portal\'s CALL_ID, never registered', async () => {
    const op = await operator({ records: true });
    // A number, as a CRM entity holds it: the REST double registers only numbers; Kamailio routes the user part.
    const customer = await sip.farEnd(`4930${String(Date.now()).slice(-7)}`);
    await customer.setIncomingPolicy({ kind: 'answer' });
    const callId = await op.clickToCall(customer.name);
    await op.waitUi('connected');
    await customer.waitForState('Established');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ callId, endedBy: 'hungUp', connected: true, direction: 'outgoing' }));
    await waitFor('the finish', async () => ((await op.rest()).finishes.length > 0 ? true : undefined));
    const rest = await op.rest();
    expect(rest.finishes).toEqual([{ CALL_ID: callId, STATUS_CODE: '200' }]);
    expect(rest.requests.filter((request) => request.method === 'telephony.externalcall.register')).toEqual([]);
  });

  // A call-list call and callbacks go the whole way (the portal's event, the relay handler, the pull
  // client, phone.dialRequest) in tests/sip/relay.ts.

  t('incoming answered with media both ways; the customer hangs up → card closed, summary', async () => {
    const { op, customer } = await answeredCall();
    await customer.hangup();
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'remoteHungUp', connected: true, direction: 'incoming', failureCode: null }));
  });

  t('hold: the far end is offered sendonly and answers recvonly, hears nothing from the holder; resume brings media back', async () => {
    const { op, customer } = await answeredCall();
    await op.hold(true);
    await customer.waitForLog('reinvite sendonly');
    await op.waitCard((card) => card.held === true, 'held');
    expect((await customer.stats())?.direction).toBe('recvonly');
    await expectSilenceAt(customer);
    await expectNoPacketsAt(op);
    await op.hold(false);
    await customer.waitForLog('reinvite sendrecv');
    await op.waitCard((card) => card.held === false, 'resumed');
    expect((await customer.stats())?.direction).toBe('sendrecv');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });

  t('Hold then Resume clicked at once: both re-INVITEs go out in turn, the call ends up resumed with media', async () => {
    const { op, customer } = await answeredCall();
    await op.hold(true);
    await op.hold(false);
    await customer.waitForLog('reinvite sendonly');
    await customer.waitForLog('reinvite sendrecv');
    await op.waitCard((card) => card.held === false && card.uiState === 'connected', 'resumed');
    expect((await customer.stats())?.direction).toBe('sendrecv');
    await expectMediaFlowing(op, customer);
  });

  t('mute: the far end hears silence, no re-INVITE; unmute brings the audio back', async () => {
    const { op, customer } = await answeredCall();
    await op.mute(true);
    await op.waitCard((card) => card.muted === true, 'muted');
    await expectSilenceAt(customer);
    expect((await receivedOver(op, 300)).energy).toBeGreaterThan(0);
    await op.mute(false);
    await op.waitCard((card) => card.muted === false, 'unmuted');
    await expectMediaFlowing(customer);
    expect((await customer.log()).filter((line) => line.startsWith('reinvite'))).toEqual([]);
  });

  t('DTMF (RFC 4733): the far end hears the tones of the keys pressed', async () => {
    const { op, customer } = await answeredCall();
    await customer.waitForLog('hearing audio');
    await op.dial('5');
    await customer.waitForLog('dtmf 5');
    await op.dial('#');
    await customer.waitForLog('dtmf #');
    expect((await customer.log()).filter((line) => line.startsWith('info'))).toEqual([]);
  });

  t('DTMF (SIP INFO): the far end receives application/dtmf-relay', async () => {
    const { op, customer } = await answeredCall({ dtmf: 'info' });
    await op.dial('7');
    await customer.waitForLog(/^info Signal=7\b/);
  });

  t('DTMF (SIP INFO): ten keys clicked at once reach the far end in the order clicked', async () => {
    const { op, customer } = await answeredCall({ dtmf: 'info' });
    await op.dialAtOnce('1234567890');
    await customer.waitForLog(/^info Signal=0\b/);
    const signals = (await customer.log()).filter((line) => line.startsWith('info Signal=')).map((line) => /^info Signal=(\S)/.exec(line)![1]);
    expect(signals.join('')).toBe('1234567890');
  });

  t('the operator hangs up → the far end gets BYE; card closed, summary', async () => {
    const { op, customer } = await answeredCall();
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', connected: true }));
  });

  t('Skip → the far end sees the reject status (603 Decline by default)', async () => {
    const op = await operator();
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.call(op.name);
    await op.waitUi('incoming');
    await op.click('skipButtonClick');
    await customer.waitForLog('rejected 603');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'skipped', connected: false }));
  });

  t('outgoing busy 486 → redial → Call again → connected with media', async () => {
    const op = await operator();
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.setIncomingPolicy({ kind: 'reject', statusCode: 486 });
    await callback(customer, op);
    await op.waitUi('redial');
    await customer.setIncomingPolicy({ kind: 'answer' });
    await op.click('makeCallButtonClick');
    await op.waitUi('connected');
    await customer.waitForState('Established');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', connected: true, direction: 'callback' }));
  });

  test.each([
    [402, 'moneyError'],
    [480, 'error'],
    [500, 'error'],
  ])(`${stack.name}: outgoing answered %i → %s, Close ends the call`, async (status, uiState) => {
    const op = await operator();
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.setIncomingPolicy({ kind: 'reject', statusCode: status });
    await callback(customer, op);
    await op.waitUi(uiState);
    await customer.waitForLog(`invite ${op.name}`);
    await op.click('closeButtonClick');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'closedByOperator', failureCode: status, connected: false }));
    expect(sip.pageErrors()).toEqual([]);
  });

  t('blind transfer: the colleague gets the call with media, the card shows transferConnected, our leg ends', async () => {
    const { op, customer } = await answeredCall();
    const colleague = await sip.farEnd(uniqueUser('colleague'));
    await colleague.setIncomingPolicy({ kind: 'answer' });
    await op.transfer(colleague.name);
    await op.waitUi('transferring');
    await op.click('completeTransferButtonClick');
    await op.waitUi('transferConnected');
    await customer.waitForLog(`refer ${colleague.name}`);
    await colleague.waitForState('Established');
    await customer.waitForLog('bye');
    await expectMediaFlowing(customer, colleague);
    await op.click('hangupButtonClick');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'hungUp', transferTarget: { destination: colleague.name, kind: null } }));
  });

  t('transfer to an unregistered user → transferFailed → Return to call with media back', async () => {
    const { op, customer } = await answeredCall();
    await op.transfer(uniqueUser('nobody'));
    await op.waitUi('transferring');
    await op.click('completeTransferButtonClick');
    await op.waitUi('transferFailed');
    await op.click('cancelTransferButtonClick');
    await op.waitUi('connected');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });

  t('the customer cancels while we ring → card closed, summary of a missed call', async () => {
    const op = await operator();
    const customer = await sip.farEnd(uniqueUser('customer'));
    await customer.call(op.name);
    await op.waitUi('incoming');
    await customer.hangup();
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'remoteHungUp', connected: false, lastUiState: 'incoming' }));
  });

  t('a second INVITE while a call is live is rejected 486; the first call goes on with media', async () => {
    const { op, customer } = await answeredCall();
    const other = await sip.farEnd(uniqueUser('other'));
    await other.call(op.name);
    await other.waitForLog('rejected 486');
    expect((await op.card()).uiState).toBe('connected');
    await expectMediaFlowing(op, customer);
    expect((await op.diagnostics()).sip).toEqual([expect.stringMatching(/^sipBusyRejected: /)]);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });

  t('the SIP transport drops mid-call → the card shows error, a sipTransportLost diagnostic, the local media stops', async () => {
    const { op, customer } = await answeredCall();
    await sip.stopKamailio();
    await op.waitUi('error');
    expect((await op.diagnostics()).sip).toEqual(expect.arrayContaining([expect.stringMatching(/^sipTransportLost: /)]));
    // Media goes peer to peer, not through Kamailio: the call's audio must stop with the call.
    await expectNoPacketsAt(customer);
    await op.click('closeButtonClick');
    expect(await op.waitSummary()).toEqual(expect.objectContaining({ endedBy: 'closedByOperator', failureCode: null, connected: true }));
  }, /Not connected|[Tt]ransport error|503 Service Unavailable|Failed to send|WebSocket/);

  /** Waits until the operator's page holds the register of `caller`'s call (its INVITE arrived). */
  const registerHeld = (op: Operator, caller: string) =>
    waitFor(`${caller}'s INVITE at the operator`, async () => ((await op.page.evaluate(() => window.operator.heldRegisters())).includes(caller) ? true : undefined));

  // Issue 21 §1: the wrong customer must never be answered.
  t('queue: A cancels before its register answered, B rings, A\'s card comes late → closed and summarised as A; B\'s own card answers B', async () => {
    const op = await operator({ registers: 'held' });
    const a = await sip.farEnd(uniqueUser('customer'));
    const b = await sip.farEnd(uniqueUser('customer'));
    await a.call(op.name);
    await registerHeld(op, a.name);
    await a.hangup(); // CANCEL before A's register answered
    await a.waitForLog('terminated');
    await b.call(op.name);
    await registerHeld(op, b.name);
    const aCallId = await op.answerRegister(a.name); // A's card arrives late
    expect(await op.waitSummary(1)).toEqual(expect.objectContaining({ callId: aCallId, endedBy: 'remoteHungUp', connected: false, direction: 'incoming' }));
    expect(await b.sessionState()).toBe('Establishing'); // B still rings, untouched
    const bCallId = await op.answerRegister(b.name);
    await op.waitUi('incoming');
    expect((await op.card()).callId).toBe(bCallId);
    await op.click('answerButtonClick');
    await op.waitUi('connected');
    await b.waitForState('Established');
    await expectMediaFlowing(op, b);
    await op.click('hangupButtonClick');
    await b.waitForLog('bye');
    expect(await op.waitSummary(2)).toEqual(expect.objectContaining({ callId: bCallId, endedBy: 'hungUp', connected: true }));
  });

  // Issue 21 §3.
  t('blind transfer to a far end that takes the REFER and never sends the final NOTIFY → transferFailed after transferTimeoutMs; Return to call with media', async () => {
    const { op, customer } = await answeredCall({ transferTimeoutMs: 1500 });
    await customer.setReferPolicy('acceptOnly');
    await op.transfer(uniqueUser('colleague'));
    await op.waitUi('transferring');
    await op.click('completeTransferButtonClick');
    await customer.waitForLog(/^refer /);
    await op.waitUi('transferFailed');
    expect((await op.diagnostics()).sip).toEqual([expect.stringMatching(/^sipTransferTimedOut: /)]);
    await op.click('cancelTransferButtonClick');
    await op.waitUi('connected');
    await expectMediaFlowing(op, customer);
    await op.click('hangupButtonClick');
    await customer.waitForLog('bye');
  });

  // Issue 21 §5: the phone's own health, whether or not a call is live.
  t('no call live, the SIP server goes away → the phone is offline with a sipPhoneOffline diagnostic', async () => {
    const op = await operator();
    expect(await op.page.evaluate(() => window.operator.health())).toEqual(expect.objectContaining({ online: true, transport: 'connected' }));
    await sip.stopKamailio();
    await waitFor('the phone offline', async () => ((await op.page.evaluate(() => window.operator.health())).online ? undefined : true));
    // JsSIP also reports its registration lost with the transport: a second sipPhoneOffline, after the first.
    const sip21 = (await op.diagnostics()).sip;
    expect(sip21[0]).toMatch(/^sipPhoneOffline: the SIP transport dropped/);
    expect(sip21.every((line) => line.startsWith('sipPhoneOffline: '))).toBe(true);
  }, /Not connected|[Tt]ransport error|WebSocket|Failed to send|503/);

  t('a WSS endpoint whose certificate the browser rejects → offline, transportRefused, a reason that names the certificate', async () => {
    const tls = await startBadTlsServer();
    try {
      const page = await sip.openPage(stack.bundle);
      await page.evaluate(({ user, server }) => window.healthProbe.start(user, server), { user: uniqueUser('operator'), server: tls.url });
      const health = await waitFor('the probe offline', async () => {
        const now = await page.evaluate(() => window.healthProbe.health());
        return now && !now.online ? now : undefined;
      });
      expect(health).toEqual(expect.objectContaining({ online: false, transport: 'down', reason: expect.stringMatching(/certificate/) }));
      const diagnostics = await page.evaluate(() => window.healthProbe.sipDiagnostics.map((d) => ({ kind: d.kind, cause: 'cause' in d ? d.cause : null })));
      expect(diagnostics[0]).toEqual({ kind: 'sipPhoneOffline', cause: 'transportRefused' });
      expect(tls.refusedHandshakes).toBeGreaterThan(0); // the browser reached the server and refused its certificate
      await page.evaluate(() => window.healthProbe.stop());
    } finally {
      await tls.stop();
    }
  }, /WebSocket|wss:|ERR_CERT|certificate|[Tt]ransport/);
}
