/**
 * A real softphone's hold() resolves when the re-INVITE is answered, tens of ms later: runPath
 * (what tests/sip/realPaths.sip.ts runs on real calls) must check a Mute/Hold step only once
 * that promise settled, since the statechart's region moves on it (softphone.holdDone).
 */
import { generatePaths } from '../../../testing/model/generate';
import { runPath } from '../../../testing/model/execute';
import { createRecordingSoftphone } from '../../../testing/softphone';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('a Mute or Hold step is checked after the softphone promise resolves (a slow re-INVITE), not before', async () => {
  const { paths } = generatePaths('shortest');
  const slow = paths.filter((path) => path.steps.some((s) => s.event.type === 'softphone.holdDone' || s.event.type === 'softphone.muteDone')).slice(0, 4);
  expect(slow.length).toBeGreaterThan(0);
  const settled: string[] = [];
  const softphone = createRecordingSoftphone((command) => {
    if (command.method !== 'hold' && command.method !== 'mute') return undefined;
    return later(30).then(() => void settled.push(command.method));
  });
  for (const path of slow) await runPath(path, { softphone, probes: false });
  expect(settled.length).toBeGreaterThan(0);
  // Generating the shortest paths takes seconds on a loaded machine; the paths' waits are 30 ms each.
}, 60_000);
