/**
 * The README's integrator example: a softphone vendor runs the generated paths against
 * their own softphone, with their own assertion on top of the specification's.
 */
import type { Softphone } from '../../../index';
import { createCallCardTestModel, pathName, runPath } from '../../../testing/index';

// A vendor's softphone: here, one that keeps a log of SIP-ish actions.
function createVendorSoftphone(log: string[]): Softphone {
  return {
    answer: () => void log.push('200 OK'),
    reject: () => void log.push('603 Decline'),
    hangup: () => void log.push('BYE'),
    call: (number) => void log.push(`INVITE ${number}`),
    hold: (held) => void log.push(held ? 're-INVITE sendonly' : 're-INVITE sendrecv'),
    mute: () => undefined,
    sendDtmf: (key) => void log.push(`INFO ${key}`),
    startTransfer: (target) => void log.push(`REFER ${target.destination}`),
    completeTransfer: () => undefined,
    cancelTransfer: () => undefined,
  };
}

const model = createCallCardTestModel();
// A Hold click's step is the softphone's answer to it (`softphone.holdDone`): hold() was called just before.
const paths = model.getShortestPaths().filter((path) => path.steps.some((step) => step.event.type === 'softphone.holdDone'));

test.each(paths.map((path) => [pathName(path), path] as const))('%s', async (_name, path) => {
  const log: string[] = [];
  await runPath(path, {
    softphone: createVendorSoftphone(log),
    onStep: ({ event }) => {
      // The vendor's own check: every hold click became a re-INVITE.
      if (event.type === 'softphone.holdDone') expect(log.at(-1)).toBe(event.held ? 're-INVITE sendonly' : 're-INVITE sendrecv');
    },
  });
});
