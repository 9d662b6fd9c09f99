// lx's retry policy for every AWS call. The SDK's standard strategy draws each retry from a quota
// shared by the whole client (500 units, 5–14 per retry, refilled only by successes): a long bulk
// run against a flaky or throttled account drains it, and from then on every call gives up at its
// first error. Here every request keeps its own attempts to the end of the run; pacing the account
// as a whole is the rate budget's job (rate-budget.ts), not the retry policy's.
import type {RetryErrorInfo, RetryStrategyV2, RetryToken} from '@smithy/types'

export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  maxAttempts: number
  /** Backoff before retry n is random in [0, min(capMs, baseMs × 2^n)] (full jitter). */
  baseMs: number
  capMs: number
  /** A service's Retry-After is honoured up to this long; a longer one is treated as this. */
  maxRetryAfterMs: number
  random?: () => number
  now?: () => number
}

/** Connection errors that say the endpoint is wrong rather than busy: one quick retry, no more. */
const WRONG_ENDPOINT = new Set(['ECONNREFUSED', 'ENOTFOUND'])

export function errorCode(error: unknown): string | undefined {
  for (let current = error as any, depth = 0; current && depth < 5; current = current.cause, depth++) {
    if (typeof current.code === 'string') return current.code
    // Node's connection attempts to several addresses (IPv4 and IPv6) fail as one AggregateError.
    const first = Array.isArray(current.errors) ? current.errors.find((inner: any) => typeof inner?.code === 'string') : undefined
    if (first) return first.code
  }

  return undefined
}

/**
 * How long to wait before the next attempt of a request that failed with `info` after
 * `retriesSoFar` retries, or undefined when it must not be retried.
 */
export function retryDelayMs(policy: RetryPolicy, retriesSoFar: number, info: RetryErrorInfo): number | undefined {
  if (info.errorType === 'CLIENT_ERROR') return undefined
  if (retriesSoFar + 1 >= policy.maxAttempts) return undefined
  const random = policy.random ?? Math.random
  const code = errorCode(info.error)
  if (code && WRONG_ENDPOINT.has(code)) return retriesSoFar === 0 ? random() * policy.baseMs : undefined
  const backoff = random() * Math.min(policy.capMs, policy.baseMs * 2 ** (retriesSoFar + 1))
  if (!(info.retryAfterHint instanceof Date)) return backoff
  const retryAfter = info.retryAfterHint.getTime() - (policy.now ?? Date.now)()
  return Math.max(backoff, Math.min(retryAfter, policy.maxRetryAfterMs))
}

class AttemptToken implements RetryToken {
  constructor(
    private readonly retries: number,
    private readonly delay: number,
  ) {}

  getRetryCount(): number {
    return this.retries
  }

  getRetryDelay(): number {
    return this.delay
  }
}

/** RetryStrategyV2 without a shared quota: the SDK's retry middleware waits out the token's delay. */
export class PerRequestRetryStrategy implements RetryStrategyV2 {
  constructor(readonly policy: RetryPolicy) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new AttemptToken(0, 0)
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount()
    const delay = retryDelayMs(this.policy, retries, info)
    if (delay === undefined) throw info.error ?? new Error('not retryable')
    return new AttemptToken(retries + 1, Math.round(delay))
  }

  recordSuccess(): void {}
}
