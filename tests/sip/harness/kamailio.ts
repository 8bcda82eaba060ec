import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './root';

/** Debian's config for the tests: registrar + proxy for SIP over WebSocket, no DB, auth or TLS. */
export const KAMAILIO_CONFIG = join(repoRoot(), 'tests', 'sip', 'server', 'kamailio.cfg');
/** The port of the Kamailio this Jest worker started last (one suite at a time per worker). */
let activePort = 8080;
/** Where the user agents of the running suite register: its own Kamailio. */
export function sipServer(): string {
  return `ws://127.0.0.1:${activePort}`;
}

/**
 * A port of the suite's own, from its file's name, so that two suites run at once (Jest's
 * workers in one network namespace) never share a Kamailio: 8100–8899.
 */
export function suitePort(testPath: string = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? ''): number {
  const digest = createHash('sha256').update(testPath.replace(/^.*tests\/sip\//, '')).digest();
  return 8100 + (digest.readUInt32BE(0) % 800);
}

export interface RunningKamailio {
  /** The main process id, read from its own pid file. */
  readonly pid: number;
  /** What Kamailio logged so far (stderr), for a failing test to show. */
  log(): string;
  /** Stops it by its pid and waits until the process is gone. */
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts Kamailio on ws://127.0.0.1:<port> in the foreground (`-DD`, logging to stderr) with
 * its own pid file and runtime folder, and resolves once it accepts connections. A fresh
 * one per suite: locations live in memory, so nothing a previous suite registered survives.
 */
export async function startKamailio(port: number = suitePort()): Promise<RunningKamailio> {
  if (await portOpen(port)) throw new Error(`something already listens on 127.0.0.1:${port} in this network namespace`);
  const dir = mkdtempSync(join(tmpdir(), 'b24-kamailio-'));
  const pidFile = join(dir, 'kamailio.pid');
  const config = join(dir, 'kamailio.cfg');
  writeFileSync(config, readFileSync(KAMAILIO_CONFIG, 'utf8').replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`));
  activePort = port;
  let output = '';
  const child = spawn('kamailio', ['-f', config, '-DD', '-E', '-P', pidFile, '-Y', dir, '-w', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failed: Error | undefined;
  child.once('error', (error) => (failed = error));
  const deadline = Date.now() + 5000;
  while (!(existsSync(pidFile) && (await portOpen(port)))) {
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Kamailio did not start (${failed?.message ?? `exit ${child.exitCode}`}):\n${output}`);
    }
    await sleep(10);
  }
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    pid,
    log: () => output,
    async stop() {
      if (alive(pid)) process.kill(pid, 'SIGTERM');
      const gone = Date.now() + 3000;
      while (alive(pid) && Date.now() < gone) await sleep(10);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      await Promise.race([exited, sleep(1000)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
