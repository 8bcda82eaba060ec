import type { HostSimulator } from '../../testing/host';

/** Sends a command the way an application does and collects every callback argument once the host has settled. */
export async function send(sim: HostSimulator, command: string, params: unknown = {}): Promise<unknown[]> {
  const results: unknown[] = [];
  sim.placement.call(command, params, (result) => results.push(result));
  await sim.settle();
  return results;
}

/** Records every call of the handlers bound for a full event name. */
export function listen(sim: HostSimulator, event: string): unknown[][] {
  const calls: unknown[][] = [];
  sim.placement.bindEvent(event, (...args: unknown[]) => {
    calls.push(args);
  });
  return calls;
}

export const noCard = [[{ result: 'error', errorCode: 'Call card is undefined' }]];
