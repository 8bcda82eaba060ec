import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// examples/worker-sipjs.html is examples/worker.html with the SIP.js adapter as its softphone:
// what they share (how BX24 or the fake BX24 and the script-tag builds load, the records layer,
// the card's wiring to it) must stay the same text, so that a fix to one reaches the other.
// The softphone parts differ by design (tests/browser/workerPage.e2e.ts runs the first,
// tests/sip/workerSipJsPage.sip.ts the second).

const read = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

/** The text from `from` up to the first `to` after it, both included; throws when either is missing. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = start < 0 ? -1 : text.indexOf(to, start + from.length);
  if (start < 0 || end < 0) throw new Error(`no ${JSON.stringify(from)} … ${JSON.stringify(to)} in the page`);
  return text.slice(start, end + to.length);
}

const SHARED: readonly [string, string, string][] = [
  ['the head: BX24 or the fake BX24, the core and the records layer', '<head>', '<script src="b24-call-card-records.min.js"></script>'],
  ['the body and its user ID', '<!-- The user\'s ID', '<body data-user-id="1">'],
  ['the records layer', 'var Records = B24CallCardRecords;', '\n        });'],
  ['the card\'s wiring to the records layer and its diagnostics', '          onCard: function (change) {', '\n        });'],
];

describe.each(SHARED)('examples/worker.html and examples/worker-sipjs.html share %s', (_what, from, to) => {
  test('word for word', () => {
    const plain = between(read('worker.html'), from, to);
    expect(plain.length).toBeGreaterThan(from.length + to.length);
    expect(between(read('worker-sipjs.html'), from, to)).toBe(plain);
  });
});

test('the SIP.js page loads the adapter\'s script-tag build and attaches the records layer to it', () => {
  const page = read('worker-sipjs.html');
  expect(page).toContain('<script src="b24-call-card-sipjs.min.js"></script>');
  expect(page).toContain('B24CallCardSipJs.sipJsSoftphone(userAgent, { registerer: registerer })');
  expect(page).toContain('records.attach(softphone);');
  expect(page).toContain('softphone.connect(card);');
});
