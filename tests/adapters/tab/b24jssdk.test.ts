/**
 * The card's tab through `@bitrix24/b24jssdk` (SC-T1): the SDK's real `PlacementManager`, over a
 * stand-in for its MessageManager that carries each message to the portal double's CALL_CARD
 * frame (host-behaviour v3 §11), wrapped by `fromB24jssdkPlacement`.
 */
import { MessageManager, PlacementManager } from '@bitrix24/b24jssdk';
import { fromB24jssdkPlacement } from '../../../adapters/placement/b24jssdkPlacement';
import type { AppFrame } from '../../../testing/host';
import { World } from './world';

// As in tests/adapters/placement/b24jssdkPlacement.test.ts: the SDK's CJS build requires the
// ESM-only qs-esm, which its frame code never uses.
jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test');
  },
}));

/** Carries what the SDK sends to the frame's host, and the host's answers and events back. */
function messagesTo(frame: AppFrame): MessageManager {
  return {
    send(command: string, params: Record<string, unknown> = {}): Promise<unknown> {
      if (command === 'placementBindEvent') {
        frame.placement.bindEvent(String(params['event']), params['callBack'] as (data?: unknown) => void);
        return Promise.resolve({ isSafely: true });
      }
      return new Promise((resolve) => frame.placement.call(command, params, resolve));
    },
  } as unknown as MessageManager;
}

let world: World;
beforeEach(() => {
  world = new World({ tabs: 0 });
});
afterEach(async () => {
  await world.stop();
});

test('SC-T1 through the SDK: getStatus read and parsed, EntityChanged typed, holdOpen holds the host\'s auto-close', async () => {
  const portalTab = world.portal.openTab();
  world.portal.push({ CALL_ID: 'c-sdk', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930999', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 5 });
  const frame = portalTab.callCardTab?.frame;
  if (frame === undefined) throw new Error('a CALL_CARD tab');
  const placement = fromB24jssdkPlacement(new PlacementManager(messagesTo(frame)));
  const { tab } = world.cardTab(portalTab, { placement });
  await world.settle();
  expect(tab.state.host.status).toMatchObject({ callId: 'c-sdk', phoneNumber: '+4930999', crmEntityType: 'LEAD', crmEntityId: 5, crmActivityId: null, hostCallState: 'connected' });
  portalTab.changeEntity({ CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 8, PHONE_NUMBER: '+4930999' });
  await world.settle();
  expect(tab.state.host.entity).toEqual({ crmEntityType: 'DEAL', crmEntityId: 8, phoneNumber: '+4930999', numberHidden: false });
  tab.holdOpen();
  await world.settle();
  world.portal.hide('c-sdk');
  await world.advance(120_000, 5_000);
  expect(portalTab.card).not.toBeNull();
  expect(tab.state.host.beforeClose).toBe(1);
});
