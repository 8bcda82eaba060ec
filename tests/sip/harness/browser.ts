import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../../../scripts/chromium';

/**
 * A steady 440 Hz tone as every page's microphone: the far end's received audio energy then
 * grows in every window while the sender is live, and stays flat when it is muted or held.
 */
export function toneWav(): string {
  const rate = 48_000;
  const seconds = 2;
  const samples = rate * seconds;
  const data = Buffer.alloc(44 + samples * 2);
  data.write('RIFF', 0);
  data.writeUInt32LE(36 + samples * 2, 4);
  data.write('WAVEfmt ', 8);
  data.writeUInt32LE(16, 16);
  data.writeUInt16LE(1, 20);
  data.writeUInt16LE(1, 22);
  data.writeUInt32LE(rate, 24);
  data.writeUInt32LE(rate * 2, 28);
  data.writeUInt16LE(2, 32);
  data.writeUInt16LE(16, 34);
  data.write('data', 36);
  data.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  const file = join(tmpdir(), 'b24-call-card-tone-440.wav');
  writeFileSync(file, data);
  return file;
}

/** The flags without which both sides reach "established" and no media flows. */
export function mediaFlags(toneFile: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${toneFile}`,
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ];
}

export interface SipBrowser {
  readonly browser: Browser;
  readonly description: string;
  /** A fresh context (its own microphone permission, its own storage) with one page at `url`. */
  openPage(url: string, origin: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchSipBrowser(): Promise<SipBrowser> {
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.executablePath, headless: true, args: [...found.args, ...mediaFlags(toneWav())] });
  return {
    browser,
    description: found.description,
    async openPage(url, origin) {
      const context = await browser.newContext();
      await context.grantPermissions(['microphone'], { origin });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
        if (process.env.SIP_TRACE) console.log(`[${url}] ${message.text()}`);
      });
      await page.goto(url);
      return { context, page, errors };
    },
    close: () => browser.close(),
  };
}
