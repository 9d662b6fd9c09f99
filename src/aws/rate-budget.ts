// Client-side rate budget. Lambda's control plane allows 15 requests/s per account and region
// (GetFunction alone 100/s), shared by everything the account runs. lx keeps under that itself
// instead of flooding and letting the SDK back off: a throttled burst costs far more time than a
// steady pace. The configured limits are only a ceiling: the account's real quota may be lower, or
// other tools (deploy pipelines) may be using part of it, so each bucket adapts its pace to the
// answers it gets — it slows down sharply on a throttle and recovers gradually while calls succeed.
import {rateSetting} from '../lib/settings.js'

/** Multiplicative decrease on a throttle. */
export const THROTTLE_DECREASE = 0.5
/**
 * A throttle cuts the pace only when throttles are a real share of the recent answers: at least 2
 * of the last ANSWER_WINDOW answers, and at least THROTTLED_SHARE of them. A lone 429 among many
 * successes (a hiccup, another tool's burst) is retried but does not halve a long bulk run; a quota
 * lx is really over throttles half of what it sends, and is cut at the second throttle.
 */
const ANSWER_WINDOW = 20
const THROTTLED_SHARE = 0.1
/** Never slower than this (requests per second), or a long run would crawl after a bad minute. */
export const MIN_RATE = 0.5
/**
 * Recovery after a throttle follows a cubic curve (as TCP CUBIC and the AWS SDKs' adaptive mode
 * do): quick at first, flat near the rate that was throttled, then probing beyond it ever faster.
 * This constant (requests/s per s³) sets how fast: back to the throttled rate of 2/s in about 1.4 s,
 * of 100/s in 5 s.
 */
const CUBIC_SCALE = 0.4
/** The first pace, as a fraction of the limit, and its growth per answer until the first throttle. */
const SLOW_START_FRACTION = 0.1
const SLOW_START_STEP = 2
/**
 * The pace lx really sent is measured over this long. Over a single second it would include the
 * burst a service allows above its quota, and lx would keep returning to a pace it cannot sustain.
 */
const SENT_WINDOW_MS = 3000

export interface TokenBucketOptions {
  /** Requests that may go out back to back; default a tenth of a second's worth at the current pace. */
  burst?: number
  /** Milliseconds; tests pass a fake clock. */
  now?: () => number
}

export class TokenBucket {
  /** The configured ceiling, requests per second. */
  readonly limit: number
  private rate: number
  private tokens: number
  private last: number
  private readonly fixedBurst?: number
  private readonly now: () => number
  /** When the pace was last cut, and the rate it was cut from (the rate the service refused). */
  private cutAt = Number.NEGATIVE_INFINITY
  private throttledRate = 0
  /** When the requests of the last second were granted (oldest first), and when the first one was. */
  private sent: number[] = []
  private firstSentAt: number | undefined
  /** Until the first throttle the pace starts low and doubles quickly (TCP's slow start). */
  private slowStart = true
  /** The last answers, true for a throttle (oldest first). */
  private answers: boolean[] = []
  private queue: Array<(grantedAt: number) => void> = []
  private timer: NodeJS.Timeout | undefined

  constructor(limit: number, options: TokenBucketOptions = {}) {
    this.limit = limit
    // A tenth of the limit to begin with: the first answers take a while (new connections), and a
    // quota lower than the configured one would otherwise throttle the whole first burst.
    this.rate = Math.min(limit, Math.max(1, limit * SLOW_START_FRACTION))
    this.fixedBurst = options.burst
    this.now = options.now ?? Date.now
    this.last = this.now()
    this.tokens = this.burst
  }

  /** The pace in effect, requests per second. */
  get ratePerSecond(): number {
    return this.rate
  }

  // A small burst keeps requests evenly spaced: AWS (and the sandbox) meter the same quota with a
  // bucket of their own, and a full-size burst from lx lands exactly on its edge (or, when the real
  // quota is lower than lx assumes, is mostly throttled before the first answer can slow lx down).
  private get burst(): number {
    return this.fixedBurst ?? Math.max(1, Math.floor(this.rate / 10))
  }

  private get unlimited(): boolean {
    return !Number.isFinite(this.limit) || this.limit <= 0
  }

  /**
   * Takes a token if one is there: 0 when the request may go now, else the milliseconds until the
   * next token. take() queues on it; tests drive it directly with a fake clock.
   */
  tryTake(): number {
    if (this.unlimited) return 0
    const now = this.now()
    this.refill(now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      this.countSent(now)
      return 0
    }

    return Math.max(1, ((1 - this.tokens) / this.rate) * 1000)
  }

  /** Resolves, with the time it was granted, when one request may be sent. */
  take(): Promise<number> {
    if (this.unlimited) return Promise.resolve(this.now())
    return new Promise((resolve) => {
      this.queue.push(resolve)
      this.drain()
    })
  }

  /**
   * The service throttled a request granted at `grantedAt`. Cuts the pace, once per episode: the
   * requests that were already out at the old pace come back throttled too, and must not cut it
   * again (one overload would otherwise drive the pace straight to the floor).
   */
  throttled(grantedAt: number): void {
    if (this.unlimited) return
    this.answered(true)
    if (grantedAt < this.cutAt || !this.overloaded()) return
    const now = this.now()
    this.refill(now)
    // What lx was really sending is what the service refused; the pace may have been set higher
    // than the demand ever reached.
    this.slowStart = false
    const sending = this.sentRate(now)
    const refused = sending === undefined ? this.rate : Math.min(this.rate, sending)
    // Throttled again at no more than the pace refused last time: that pace only passed for a while
    // on the burst a service allows above its quota. Aim lower (TCP CUBIC's "fast convergence").
    this.throttledRate = refused <= this.throttledRate ? (refused * (1 + THROTTLE_DECREASE)) / 2 : refused
    this.rate = Math.max(MIN_RATE, refused * THROTTLE_DECREASE)
    this.cutAt = now
    this.tokens = Math.min(this.tokens, 0)
  }

  /** A request was answered without throttling: the pace recovers toward the limit. */
  succeeded(): void {
    if (this.unlimited) return
    this.answered(false)
    if (this.rate >= this.limit) return
    const now = this.now()
    this.refill(now)
    if (this.slowStart) {
      this.rate = Math.min(this.limit, this.rate + SLOW_START_STEP)
      return
    }

    const seconds = (now - this.cutAt) / 1000
    const window = Math.cbrt((this.throttledRate * (1 - THROTTLE_DECREASE)) / CUBIC_SCALE)
    const target = this.throttledRate + CUBIC_SCALE * (seconds - window) ** 3
    // Grow only as far as lx actually sends (twice the measured rate): a pace that grew through a
    // quiet minute was never tried against the quota, and the next busy second would hit it at once.
    const ceiling = Math.min(this.limit, Math.max(2 * (this.sentRate(now) ?? this.rate), MIN_RATE))
    this.rate = Math.max(this.rate, Math.min(target, ceiling))
  }

  private answered(throttled: boolean): void {
    this.answers.push(throttled)
    if (this.answers.length > ANSWER_WINDOW) this.answers.shift()
  }

  /** Are throttles a real share of the recent answers (see ANSWER_WINDOW)? */
  private overloaded(): boolean {
    const throttles = this.answers.filter(Boolean).length
    return throttles >= 2 && throttles >= THROTTLED_SHARE * this.answers.length
  }

  private countSent(now: number): void {
    this.firstSentAt ??= now
    this.sent.push(now)
    if (this.sent.length > 2 * this.limit * (SENT_WINDOW_MS / 1000) + 10) this.forget(now)
  }

  /** Requests per second granted over the last few seconds; undefined until lx has sent for a second. */
  private sentRate(now: number): number | undefined {
    if (this.firstSentAt === undefined || now - this.firstSentAt < 1000) return undefined
    this.forget(now)
    return (this.sent.length * 1000) / Math.min(SENT_WINDOW_MS, now - this.firstSentAt)
  }

  private forget(now: number): void {
    let old = 0
    while (old < this.sent.length && this.sent[old] <= now - SENT_WINDOW_MS) old++
    if (old > 0) this.sent.splice(0, old)
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000
    this.last = now
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate)
  }

  private drain(): void {
    if (this.timer) return
    while (this.queue.length > 0) {
      const wait = this.tryTake()
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.drain()
        }, wait)
        return
      }

      this.queue.shift()!(this.now())
    }
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
  /** Per CloudWatch Logs operation: Logs sets its quotas per API action (StartQuery, GetQueryResults…). */
  logs: number
  /** STS (GetCallerIdentity, AssumeRole): a generous quota of its own; lx calls it once per run. */
  sts: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  getFunction: 100,
  control: 15,
  autoscaling: 20,
  cloudwatch: 50,
  logs: 5,
  sts: 20,
}

/** Limits from the defaults, overridden by the LX_RATE_* settings (raised quotas). */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  return {
    getFunction: rateSetting('getFunction', DEFAULT_RATE_LIMITS.getFunction, env),
    control: rateSetting('control', DEFAULT_RATE_LIMITS.control, env),
    autoscaling: rateSetting('autoscaling', DEFAULT_RATE_LIMITS.autoscaling, env),
    cloudwatch: rateSetting('cloudwatch', DEFAULT_RATE_LIMITS.cloudwatch, env),
    logs: rateSetting('logs', DEFAULT_RATE_LIMITS.logs, env),
    sts: DEFAULT_RATE_LIMITS.sts,
  }
}

export type BudgetName = keyof RateLimits

/** One set of buckets per account+region, shared by every client lx builds for it. */
export class RateBudget {
  private readonly buckets: Record<BudgetName, TokenBucket>
  /** CloudWatch Logs: one bucket per operation, made when the operation is first called. */
  private readonly logsBuckets = new Map<string, TokenBucket>()

  constructor(readonly limits: RateLimits) {
    this.buckets = {
      getFunction: new TokenBucket(limits.getFunction),
      control: new TokenBucket(limits.control),
      autoscaling: new TokenBucket(limits.autoscaling),
      cloudwatch: new TokenBucket(limits.cloudwatch),
      logs: new TokenBucket(limits.logs),
      sts: new TokenBucket(limits.sts),
    }
  }

  /**
   * The bucket a call of this service and operation waits on. Logs Insights polls (GetQueryResults)
   * and the queries they poll (StartQuery) count against quotas of their own, so a dashboard polling
   * forty queries does not delay the next StartQuery.
   */
  bucketFor(service: string, operation: string): TokenBucket {
    const name = budgetFor(service, operation)
    if (name !== 'logs' || operation === '') return this.buckets[name]
    let bucket = this.logsBuckets.get(operation)
    if (!bucket) {
      bucket = new TokenBucket(this.limits.logs)
      this.logsBuckets.set(operation, bucket)
    }

    return bucket
  }
}

export function budgetFor(service: string, operation: string): BudgetName {
  if (service === 'lambda') return operation === 'GetFunction' ? 'getFunction' : 'control'
  if (service === 'autoscaling') return 'autoscaling'
  if (service === 'cloudwatch') return 'cloudwatch'
  // The account-wide identity services lx asks a few times per run: STS, Organizations, Account.
  if (service === 'sts' || service === 'organizations' || service === 'account') return 'sts'
  return 'logs'
}
