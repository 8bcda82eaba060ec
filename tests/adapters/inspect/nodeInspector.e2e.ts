import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

// The real Node inspector, offline: see nodeInspector.check.ts. The check is bundled into
// node_modules/.cache so its bare imports (xstate, @statelyai/inspect) resolve from the repo.
const root = join(__dirname, '..', '..');
const outfile = join(root, 'node_modules', '.cache', 'b24-call-card', 'nodeInspector.check.mjs');

interface Row {
  type: string;
  name?: string;
  event?: string;
  value?: unknown;
  definitionId?: string;
}

function runCheck(): { url: string; port: number; foreignPage: { refused: boolean; replayed: number }; received: Row[] } {
  mkdirSync(join(outfile, '..'), { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, 'nodeInspector.check.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  const out = execFileSync(process.execPath, [outfile], { cwd: root, encoding: 'utf8', timeout: 45_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ReturnType<typeof runCheck>;
}

describe('createNodeCallCardInspector, through the real @statelyai/inspect bridge server', () => {
  it('relays the card actor, its typed events and its snapshots to a WebSocket client', () => {
    const { url, port, foreignPage, received } = runCheck();
    // Safe by default (issue 20 §6): loopback only, and a page on another site neither connects nor gets the replay.
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(foreignPage).toEqual({ refused: true, replayed: 0 });

    const actor = received.find((r) => r.type === '@xstate.actor');
    expect(actor).toMatchObject({ name: 'callCard', definitionId: 'callCard' });

    const events = received.filter((r) => r.type === '@xstate.event').map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(['initialized', 'answerButtonClick', 'phone.connected']));
    expect(events.indexOf('answerButtonClick')).toBeLessThan(events.indexOf('phone.connected'));

    const values = received.filter((r) => r.type === '@xstate.snapshot').map((r) => r.value);
    expect(values).toEqual(
      expect.arrayContaining([
        { call: { ui: 'incoming', card: 'attached' } },
        { call: { ui: 'connectingIncoming', card: 'attached' } },
        { call: { ui: { connected: { microphone: 'unmuted', hold: 'resumed' } }, card: 'attached' } },
      ]),
    );
  }, 60_000);
});
