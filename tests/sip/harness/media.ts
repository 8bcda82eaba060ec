import type { MediaStats } from '../pages/media';
import { sleep, waitFor, type MediaEnd } from './farEnd';

async function statsOf(end: MediaEnd): Promise<MediaStats> {
  const stats = await end.stats();
  if (!stats) throw new Error(`${end.name} has no peer connection`);
  return stats;
}

/**
 * Waits until every end has received new RTP packets and new audio energy since the first
 * look: media really flows into each of them (signalling alone proves nothing: without the
 * microphone permission both sides reach "established" and no packet flows).
 */
export async function expectMediaFlowing(...ends: MediaEnd[]): Promise<void> {
  for (const end of ends) {
    const before = await statsOf(end);
    await waitFor(`audio to reach ${end.name}`, async () => {
      const now = await statsOf(end);
      return now.packetsReceived > before.packetsReceived + 10 && now.totalAudioEnergy > before.totalAudioEnergy ? true : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}: before ${JSON.stringify(before)}, now ${JSON.stringify(await end.stats())}`);
    });
  }
}

/** What `end` received over `ms`: new packets and new audio energy. */
export async function receivedOver(end: MediaEnd, ms: number): Promise<{ packets: number; energy: number; direction: string | null }> {
  const before = await statsOf(end);
  await sleep(ms);
  const after = await statsOf(end);
  return { packets: after.packetsReceived - before.packetsReceived, energy: after.totalAudioEnergy - before.totalAudioEnergy, direction: after.direction };
}

/** Waits until `end` receives no new packets over a 400 ms window (hold), and returns the window. */
export async function expectNoPacketsAt(end: MediaEnd): Promise<void> {
  await waitFor(`${end.name} to stop receiving packets`, async () => ((await receivedOver(end, 400)).packets === 0 ? true : undefined));
}

/** Waits until `end` hears silence (packets may come, their audio energy does not grow) over a 400 ms window (mute). */
export async function expectSilenceAt(end: MediaEnd): Promise<void> {
  await waitFor(`${end.name} to hear silence`, async () => ((await receivedOver(end, 400)).energy < 1e-6 ? true : undefined));
}
