/** The portal double never throws at its caller, whatever it is given (the house rule for doubles too). */
import { createPortalDouble } from '../../../testing/host';
import type { PortalDouble, PortalTab } from '../../../testing/host';
import { CRM_CALL, sendOn } from './portalHelpers';

/** An object whose every property read throws. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
    ownKeys() {
      throw new Error('hostile keys');
    },
  },
);

function tabOf(portal: PortalDouble): PortalTab {
  const tab = portal.tabs[0];
  if (tab === undefined) throw new Error('a tab');
  return tab;
}

describe('robustness: hostile options and arguments fall back to defaults or are refused, never thrown', () => {
  test('the factory and openTab with hostile options', () => {
    const portal = createPortalDouble(hostile as never);
    expect(portal.tabs).toHaveLength(1);
    expect(() => portal.openTab(hostile as never)).not.toThrow();
    expect(() => createPortalDouble({ tabs: -3, flagDelayMs: Number.NaN, callCardApps: 'x' as never, esc: 'nope' as never })).not.toThrow();
  });

  test('push, show, hide and the §12 entry points with hostile arguments', () => {
    const portal = createPortalDouble();
    const tab = tabOf(portal);
    expect(() => portal.push(hostile as never, hostile as never)).not.toThrow();
    expect(() => portal.show(hostile as never)).not.toThrow();
    expect(() => portal.hide(hostile as never)).not.toThrow();
    tab.navigate();
    expect(() => tab.clickToCall(hostile as never, hostile as never)).not.toThrow();
    tab.navigate();
    expect(() => tab.clickToCall('+1', { entity: hostile as never })).not.toThrow();
    tab.navigate();
    expect(tab.openCallList(hostile as never)).toMatchObject({ delivered: false });
    expect(tab.openCallList([hostile as never, { PHONE_NUMBER: '+1' }])).toBeDefined();
    expect(() => portal.clickToCallFromMobile(hostile as never, hostile as never)).not.toThrow();
  });

  test('a throwing startViaRest hook, frame listener or CALL_CARD callback: the double carries on', async () => {
    const portal = createPortalDouble();
    const tab = tabOf(portal);
    portal.onStartViaRest(() => {
      throw new Error('REST double broke');
    });
    portal.onFrame(() => {
      throw new Error('application failed to start');
    });
    expect(tab.clickToCall('+1')).toMatchObject({ started: true, card: 'raised' });
    await sendOn(portal, tab.placement, 'CallCardClose');
    portal.push({ ...CRM_CALL });
    const port = tab.callCardTab?.frame.placement;
    if (port === undefined) throw new Error('a CALL_CARD tab');
    port.call('getStatus', {}, () => {
      throw new Error('tab callback broke');
    });
    await portal.settle();
    expect(await sendOn(portal, port, 'disableAutoClose')).toEqual([[]]);
  });
});
