// Deterministic noise for the traffic simulation. Every random-looking number is a hash of
// (function seed, time index, channel), never the output of a stateful generator: any minute or
// second can be evaluated on its own, in any order, and gives the same answer every time. That is
// what lets history be computed on demand instead of being simulated from the beginning.

/** A 32-bit hash of three integers (a murmur3-style finaliser over a simple mix). */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Uniform in [0, 1). */
export function unit(seed: number, index: number, channel: number): number {
  return hash3(seed, index, channel) / 4294967296
}

/** Uniform in [-1, 1). */
export function signed(seed: number, index: number, channel: number): number {
  return hash3(seed, index, channel) / 2147483648 - 1
}

/** A stable 32-bit seed from a name (FNV-1a) mixed with the sandbox's traffic seed. */
export function seedOf(name: string, trafficSeed: number): number {
  let hash = 2166136261
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619)
  return hash3(hash >>> 0, trafficSeed, 0x5eed)
}

/**
 * Rounds a fractional count to a whole one without bias: 2.3 becomes 3 for 30 % of the
 * (seed, index, channel) triples and 2 for the rest. Metrics count requests, and requests are whole.
 */
export function roundCount(value: number, seed: number, index: number, channel: number): number {
  if (!(value > 0)) return 0
  const whole = Math.floor(value)
  return unit(seed, index, channel) < value - whole ? whole + 1 : whole
}

/** Channels: one per independent quantity, so they do not move together. */
export const Channel = {
  minuteNoise: 1,
  secondNoise: 2,
  dayNoise: 3,
  burst: 4,
  burstLength: 5,
  burstAt: 6,
  burstIntensity: 7,
  duration: 8,
  errors: 9,
  init: 10,
  memory: 11,
  roundInvocations: 20,
  roundErrors: 21,
  roundThrottles: 22,
  roundColdStarts: 23,
  roundProvisioned: 24,
  roundSpillover: 25,
  concurrencyBlip: 26,
  event: 30,
} as const
