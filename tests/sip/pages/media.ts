// In-page media probes for the real-call tests: what the far end really receives, read from
// WebRTC's own statistics and from the decoded audio, never from the signalling.

/** The audio one peer connection received and sent so far (inbound-rtp / outbound-rtp of getStats). */
export interface MediaStats {
  readonly packetsReceived: number;
  readonly packetsSent: number;
  /** inbound-rtp totalAudioEnergy: grows with the loudness of what was received and played out. */
  readonly totalAudioEnergy: number;
  /** The negotiated direction of the audio transceiver (`sendrecv`, `sendonly`, `recvonly`, `inactive`), or null. */
  readonly direction: string | null;
}

export async function mediaStats(pc: RTCPeerConnection | undefined): Promise<MediaStats | null> {
  if (!pc) return null;
  const report = await pc.getStats();
  let packetsReceived = 0;
  let packetsSent = 0;
  let totalAudioEnergy = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      packetsReceived += Number(s.packetsReceived ?? 0);
      totalAudioEnergy += Number(s.totalAudioEnergy ?? 0);
    }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') packetsSent += Number(s.packetsSent ?? 0);
  });
  const transceiver = pc.getTransceivers().find((t) => t.receiver.track?.kind === 'audio');
  return { packetsReceived, packetsSent, totalAudioEnergy, direction: transceiver?.currentDirection ?? null };
}

/**
 * Plays the remote audio of `pc`, as a softphone does. Without a sink Chromium never pulls
 * the received audio out of its jitter buffer: packets arrive and no audio energy is
 * counted, and Web Audio hears nothing. (Headless Chromium runs with --mute-audio.)
 */
export function playRemoteAudio(pc: RTCPeerConnection): () => void {
  const tracks = pc.getReceivers().flatMap((r) => (r.track?.kind === 'audio' ? [r.track] : []));
  const sink = new Audio();
  sink.autoplay = true;
  sink.srcObject = new MediaStream(tracks);
  void sink.play().catch((error: unknown) => console.error(`remote audio does not play: ${String(error)}`));
  return () => {
    sink.pause();
    sink.srcObject = null;
  };
}

const ROWS = [697, 770, 852, 941] as const;
const COLUMNS = [1209, 1336, 1477, 1633] as const;
const KEYS = ['123A', '456B', '789C', '*0#D'] as const;

/**
 * Listens to the remote audio of `pc` and reports each DTMF key heard in it (RFC 4733
 * telephone-events are played out as tones by the receiver). Goertzel over 20 ms frames.
 * `onHearing` is called once, when the first audible frame has been analysed.
 */
export function listenForDtmf(pc: RTCPeerConnection, onKey: (key: string) => void, onHearing?: () => void): () => void {
  const track = pc.getReceivers().find((r) => r.track?.kind === 'audio')?.track;
  if (!track) return () => {};
  const stream = new MediaStream([track]);
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(1024, 1, 1);
  const frame: number[] = [];
  const frameLength = Math.round(context.sampleRate * 0.02);
  let last = '';
  let run = 0;
  processor.onaudioprocess = (event) => {
    const data = event.inputBuffer.getChannelData(0);
    for (let i = 0; i < data.length; i++) {
      frame.push(data[i] ?? 0);
      if (frame.length < frameLength) continue;
      if (onHearing && frame.reduce((sum, x) => sum + x * x, 0) > 1e-4) {
        // The audio path runs (under load an AudioContext takes a while to start): keys can be heard from now on.
        onHearing();
        onHearing = undefined;
      }
      const key = detectKey(frame, context.sampleRate);
      frame.length = 0;
      // A key counts once it is heard in two frames running, and again only after a gap.
      if (key && key === last) {
        run++;
        if (run === 2) onKey(key);
      } else {
        run = key ? 1 : 0;
      }
      last = key ?? '';
    }
  };
  source.connect(processor);
  processor.connect(context.destination);
  return () => {
    processor.disconnect();
    source.disconnect();
    void context.close();
  };
}

function goertzel(samples: readonly number[], frequency: number, sampleRate: number): number {
  const k = (2 * Math.cos((2 * Math.PI * frequency) / sampleRate));
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s = x + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

function detectKey(samples: readonly number[], sampleRate: number): string | null {
  const energy = samples.reduce((sum, x) => sum + x * x, 0);
  if (energy < 1e-4) return null;
  const rows = ROWS.map((f) => goertzel(samples, f, sampleRate));
  const columns = COLUMNS.map((f) => goertzel(samples, f, sampleRate));
  const row = strongest(rows);
  const column = strongest(columns);
  if (row === null || column === null) return null;
  // Both tones together must carry most of the frame's energy (a voice or a beep does not).
  const tonePower = ((rows[row] ?? 0) + (columns[column] ?? 0)) * 2 / samples.length;
  if (tonePower < 0.5 * energy) return null;
  return KEYS[row]?.[column] ?? null;
}

/** The index of the value that is at least 4 times every other one, or null. */
function strongest(values: readonly number[]): number | null {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  const top = values[best] ?? 0;
  return values.every((v, i) => i === best || v * 4 < top) && top > 0 ? best : null;
}
