// Client-side rate budget. Lambda's control plane allows 15 requests/s per account and region
// (GetFunction alone 100/s), shared by everything the account runs. lx keeps under that itself
// instead of flooding and letting the SDK back off: a throttled burst costs far more time than a
// steady pace.

export class TokenBucket {
  private tokens: number
  private last = Date.now()
  private pausedUntil = 0
  private queue: Array<() => void> = []
  private timer: NodeJS.Timeout | undefined

  constructor(
    readonly ratePerSecond: number,
    // A small burst keeps requests evenly spaced: AWS (and the sandbox) meter the same quota with
    // a bucket of their own, and a full-size burst from lx lands exactly on its edge.
    readonly burst: number = Math.max(1, Math.floor(ratePerSecond / 5)),
  ) {
    this.tokens = this.burst
  }

  /** Resolves when one request may be sent. */
  take(): Promise<void> {
    if (!Number.isFinite(this.ratePerSecond) || this.ratePerSecond <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      this.queue.push(resolve)
      this.drain()
    })
  }

  /** The service said "slow down": stop sending for a while (Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms)
    this.tokens = 0
  }

  private refill(now: number): void {
    const elapsed = (now - this.last) / 1000
    this.last = now
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond)
  }

  private drain(): void {
    if (this.timer) return
    const now = Date.now()
    this.refill(now)
    if (now >= this.pausedUntil) {
      while (this.queue.length > 0 && this.tokens >= 1) {
        this.tokens -= 1
        this.queue.shift()!()
      }
    }

    if (this.queue.length === 0) return
    const wait = Math.max(this.pausedUntil - now, ((1 - this.tokens) / this.ratePerSecond) * 1000, 1)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.drain()
    }, wait)
  }
}

export interface RateLimits {
  /** Lambda GetFunction, requests per second (AWS: 100). */
  getFunction: number
  /** Every other Lambda control-plane call, shared (AWS: 15). */
  control: number
  /** Application Auto Scaling, CloudWatch and CloudWatch Logs have quotas of their own. */
  autoscaling: number
  cloudwatch: number
  logs: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  getFunction: 100,
  control: 15,
  autoscaling: 20,
  cloudwatch: 50,
  logs: 5,
}

/** Limits from the defaults, overridden by LX_RATE_GET_FUNCTION / LX_RATE_CONTROL (raised quotas). */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    return Number.isFinite(value) && value > 0 ? value : fallback
  }

  return {
    getFunction: read('LX_RATE_GET_FUNCTION', DEFAULT_RATE_LIMITS.getFunction),
    control: read('LX_RATE_CONTROL', DEFAULT_RATE_LIMITS.control),
    autoscaling: read('LX_RATE_AUTOSCALING', DEFAULT_RATE_LIMITS.autoscaling),
    cloudwatch: read('LX_RATE_CLOUDWATCH', DEFAULT_RATE_LIMITS.cloudwatch),
    logs: read('LX_RATE_LOGS', DEFAULT_RATE_LIMITS.logs),
  }
}

export type BudgetName = keyof RateLimits

/** One set of buckets per account+region, shared by every client lx builds for it. */
export class RateBudget {
  private readonly buckets: Record<BudgetName, TokenBucket>

  constructor(readonly limits: RateLimits) {
    this.buckets = {
      getFunction: new TokenBucket(limits.getFunction),
      control: new TokenBucket(limits.control),
      autoscaling: new TokenBucket(limits.autoscaling),
      cloudwatch: new TokenBucket(limits.cloudwatch),
      logs: new TokenBucket(limits.logs),
    }
  }

  bucket(name: BudgetName): TokenBucket {
    return this.buckets[name]
  }
}

export function budgetFor(service: string, operation: string): BudgetName {
  if (service === 'lambda') return operation === 'GetFunction' ? 'getFunction' : 'control'
  if (service === 'autoscaling') return 'autoscaling'
  if (service === 'cloudwatch') return 'cloudwatch'
  return 'logs'
}
