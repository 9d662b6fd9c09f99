// Control-plane rate limits as AWS applies them: a token bucket per class of operation, refilled
// in real time (callers are throttled on their wall-clock rate, whatever the simulated speed).
// Lambda: GetFunction has its own 100/s bucket; every other control-plane call shares 15/s.

export type RateSpec = Record<string, number>

export const DEFAULT_RATES: Readonly<RateSpec> = Object.freeze({getfunction: 100, control: 15})

/** Rate classes the sandbox meters, and the other names they go by (`lambda=2` is the shared control plane). */
const RATE_CLASSES: Readonly<Record<string, string>> = Object.freeze({
  getfunction: 'getfunction',
  control: 'control',
  lambda: 'control',
  autoscaling: 'autoscaling',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
})

/**
 * Parses `getfunction=100,control=15` or `lambda=2,GetFunction=5` (names are case-insensitive;
 * `lambda` is the control-plane class every Lambda call but GetFunction shares), merged over the
 * defaults, or `off`.
 */
export function parseRateSpec(spec: string): RateSpec | 'off' {
  const text = spec.trim()
  if (text === '' || text.toLowerCase() === 'off') return 'off'
  const rates: RateSpec = {...DEFAULT_RATES}
  for (const part of text.split(',')) {
    const match = /^\s*([a-z0-9_-]+)\s*=\s*(\d+(?:\.\d+)?|off)\s*$/i.exec(part)
    if (!match) throw new Error(`invalid rate "${part.trim()}": expected CLASS=PER_SECOND, e.g. lambda=15,GetFunction=100`)
    const [, name, value] = match
    const rateClass = RATE_CLASSES[name.toLowerCase()]
    if (!rateClass) throw new Error(`invalid rate "${part.trim()}": unknown class "${name}"; use ${Object.keys(RATE_CLASSES).join(', ')}`)
    if (value.toLowerCase() === 'off') delete rates[rateClass]
    else {
      const perSecond = Number(value)
      if (!(perSecond > 0)) throw new Error(`invalid rate "${part.trim()}": the rate must be above 0`)
      rates[rateClass] = perSecond
    }
  }
  return rates
}

class TokenBucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity
    this.refilledAt = now
  }

  /** Takes one token; when none is left, returns how many milliseconds until one is. */
  take(now: number): number {
    const elapsed = Math.max(0, now - this.refilledAt) / 1000
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perSecond)
    this.refilledAt = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return ((1 - this.tokens) / this.perSecond) * 1000
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>()

  /** `rates` off or empty disables limiting; a class without a rate is never limited. */
  constructor(
    private readonly rates: RateSpec | 'off',
    private readonly realNow: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.rates !== 'off' && Object.keys(this.rates).length > 0
  }

  /** Returns 0 when the call may proceed, else the wait in milliseconds before a retry can pass. */
  take(rateClass: string | undefined): number {
    if (!rateClass || this.rates === 'off') return 0
    const perSecond = this.rates[rateClass]
    if (!perSecond) return 0
    let bucket = this.buckets.get(rateClass)
    if (!bucket) {
      // A one-second burst, as AWS allows a short spike at the steady rate's size.
      bucket = new TokenBucket(perSecond, Math.max(1, perSecond), this.realNow())
      this.buckets.set(rateClass, bucket)
    }
    return bucket.take(this.realNow())
  }
}
