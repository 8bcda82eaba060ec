/**
 * The portal double is a drop-in host for the library as it is: `tab.placement` has the
 * shape of `BX24.placement`. With one library per tab (the one-frame wiring the README
 * shows today), host-behaviour v3 §7 plays out: both tabs open the call, and only the
 * tab whose card was clicked tells its softphone anything.
 */
import { createCallCard } from '../../../index';
import type { CallCard } from '../../../index';
import { createPortalDouble } from '../../../testing/host';
import { createRecordingSoftphone } from '../../../testing/softphone';
import type { RecordingSoftphone } from '../../../testing/softphone';

const cards: CallCard[] = [];
afterEach(() => {
  for (const card of cards.splice(0)) card.dispose();
});

describe('§7 the library in two tabs of the portal double: two cards of one call, each library drives its own', () => {
  test('pushes 0 and 50 ms apart: both libraries open the call; Answer in one tab reaches only that tab\'s softphone', async () => {
    const portal = createPortalDouble({ tabs: 0 });
    const tabs = [portal.openTab(), portal.openTab({ pushDelayMs: 50 })];
    const phones: RecordingSoftphone[] = [];
    for (const tab of tabs) {
      const phone = createRecordingSoftphone();
      phones.push(phone);
      cards.push(createCallCard({ placement: tab.placement, softphone: phone, onDiagnostic: () => undefined }));
    }
    portal.push({ CALL_ID: 'c1', CALL_DIRECTION: 'incoming' });
    portal.tick(50);
    await portal.settle();
    expect(tabs.map((tab) => tab.card?.uiState)).toEqual(['incoming', 'incoming']);
    expect(tabs[0]?.click('answerButtonClick')).toEqual({ delivered: true });
    await portal.settle();
    expect(phones[0]?.calls.map((c) => c.method)).toContain('answer');
    expect(phones[1]?.calls.map((c) => c.method) ?? []).not.toContain('answer');
    expect(tabs[1]?.card?.uiState).toBe('incoming');
  });
});
