import { expectMediaFlowing, expectNoPacketsAt, uniqueUser, useSipHarness } from './harness';

const sip = useSipHarness();

test('two plain SIP.js user agents call each other through Kamailio, with media both ways', async () => {
  const alice = await sip.farEnd(uniqueUser('alice'));
  const bob = await sip.farEnd(uniqueUser('bob'));
  await bob.setIncomingPolicy({ kind: 'answer' });
  await alice.call(bob.name);
  await alice.waitForState('Established');
  await bob.waitForState('Established');
  await expectMediaFlowing(alice, bob);
  await alice.hangup();
  await bob.waitForLog('bye');
});
