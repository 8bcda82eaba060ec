/** A seeded pseudo-random source in [0, 1) (mulberry32): the same seed gives the same faults. */
export type RandomSource = () => number;

export function seededRandom(seed: number): RandomSource {
  let state = Math.floor(Number.isFinite(seed) ? seed : 0) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `bytes` random bytes as lower-case hex, from `random` (ids and tokens of the double). */
export function randomHex(random: RandomSource, bytes: number): string {
  let text = '';
  for (let i = 0; i < bytes; i++) text += Math.floor(random() * 256).toString(16).padStart(2, '0');
  return text;
}
