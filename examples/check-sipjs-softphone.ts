/**
 * Check a SIP.js softphone against the statechart: a SIP.js `UserAgent` wrapped by the SIP.js
 * adapter (`sipJsSoftphone`), run through every path of the generated transition tour
 * (`createCallCardTestModel`'s graph: every transition of every state with every payload case)
 * on the host double, with real SIP behind each step: the customer and a colleague are SIP.js
 * user agents too, and before each `phone.*` step the network is made to produce it (the
 * customer answers, rejects, hangs up; a REFER reaches the colleague or nobody), and the adapter
 * must report exactly that. Each step is checked against the specification (examples/sipjs-tour/driver.ts).
 *
 * Here the user agents meet on a SIP network in memory (examples/sipjs-tour/loopback.ts: SIP.js
 * above its transport and media is all real), so it runs anywhere Node does; over Kamailio with
 * real media in Chromium the same driver runs in `npm run test:sip` (docs/real-call-paths.md).
 *
 * `npm run check:sipjs` prints the result; `-- --write` puts it in the README and
 * docs/check-your-softphone.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sipJsSoftphone } from '../adapters/softphone/sipjs/index';
import { createCallCardTestModel, getTransitionTour } from '../testing/index';
import { runPathsOnSip, type SipPathsResult } from './sipjs-tour/driver';
import { loopbackFarEnd } from './sipjs-tour/farEnd';
import { DOMAIN, LoopbackNetwork, loopbackUserAgent } from './sipjs-tour/loopback';
import { withOutput } from './pageOutput';

/** The SIP users: names the adapter may dial (digits). */
const USERS = { operator: '100', customer: '4930123', colleague: '42', nobody: '404' } as const;

export interface SipJsCheck extends SipPathsResult {
  /** States of the model's graph (by the small state key). */
  readonly states: number;
  /** SIP requests that crossed the network, by method (ACKs aside). */
  readonly requests: Record<string, number>;
}

/** Runs the transition tour with the SIP.js adapter on a user agent of the loopback network. */
export async function checkSipJsSoftphone(): Promise<SipJsCheck> {
  const network = new LoopbackNetwork();
  // Your UserAgent, as you make it (here on the loopback network instead of your SIP server's WebSocket).
  const userAgent = loopbackUserAgent(network, USERS.operator);
  await userAgent.start();
  const customer = await loopbackFarEnd(network, USERS.customer);
  const colleague = await loopbackFarEnd(network, USERS.colleague);
  try {
    const result = await runPathsOnSip(getTransitionTour(), {
      users: USERS,
      domain: DOMAIN,
      customer,
      colleague,
      collectFailures: true,
      // A connected call is ready once its ACK arrived (in a browser, once media flows).
      mediaFlows: () => network.quiet(),
      // Every number the card dials reaches the customer.
      makeSoftphone: (transferTargetToUri) => sipJsSoftphone(userAgent, { numberToUri: () => `sip:${USERS.customer}@${DOMAIN}`, transferTargetToUri }),
    });
    const requests: Record<string, number> = {};
    for (const line of network.requests) {
      const method = line.slice(0, line.indexOf(' '));
      // An ACK more or less is a 200 sent again on a slow machine (SIP.js's timer), not the softphone.
      if (method !== 'ACK') requests[method] = (requests[method] ?? 0) + 1;
    }
    return { ...result, states: createCallCardTestModel({ vertex: 'state' }).getShortestPaths().length, requests };
  } finally {
    await network.quiet();
    await Promise.all([customer.stop(), colleague.stop(), userAgent.stop()]);
  }
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `  ${name.padEnd(27)} ${count}`);

/** The check as the command prints it. */
export function formatSipJsCheck(check: SipJsCheck): string {
  const lines = [
    `transition tour: ${check.paths} paths, ${check.steps} steps (the model's graph has ${check.states} states by the small state key), ${check.calls} SIP calls`,
    'the SIP.js softphone was asked:',
    ...counts(check.asked),
    'phone events the network made and the adapter reported:',
    ...counts(check.realized),
    'phone events no network makes at that point, sent as the path says:',
    ...counts(check.synthetic),
    `SIP requests on the wire: ${Object.keys(check.requests).sort().join(', ')} (and their ACKs)`,
    check.failures.length === 0 ? 'every path passed' : `${check.failures.length} of ${check.paths} paths failed; the first:`,
    ...check.failures.slice(0, 1).map((failure) => `  ${failure.path}\n  ${failure.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = await checkSipJsSoftphone();
  const output = formatSipJsCheck(check);
  process.stdout.write(output);
  if (argv.includes('--write')) {
    // npm runs scripts from the package root (the bundle itself sits in node_modules/.cache).
    for (const page of [join(process.cwd(), 'README.md'), join(process.cwd(), 'docs', 'check-your-softphone.md')]) {
      writeFileSync(page, withOutput(readFileSync(page, 'utf8'), 'output-sipjs', output));
      process.stdout.write(`wrote ${page}\n`);
    }
  }
  return check.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  // SIP.js may still hold a transaction's timer after its user agent stopped: exit once the check is done.
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
