// Which failures of a step are worth trying again, and how long to wait. The SDK already retries
// throttling and transient faults per call; this covers what it does not: update conflicts (409)
// while a function is still applying an earlier change, stale revisions (412, the handler re-reads
// and re-plans), and throttling or 5xx answers that outlasted the SDK's own attempts.
import {stepBackoffMsSetting} from '../lib/settings.js'

export type StepErrorClass = 'conflict' | 'precondition' | 'throttle' | 'transient' | 'fatal'

const CONFLICT = new Set(['ResourceConflictException', 'ConcurrentUpdateException', 'ConcurrentModificationException'])
const PRECONDITION = new Set(['PreconditionFailedException'])
const THROTTLE = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException_rate'])

export function classifyStepError(error: unknown): StepErrorClass {
  const err = error as {name?: string; $metadata?: {httpStatusCode?: number}}
  const name = err?.name ?? ''
  const status = err?.$metadata?.httpStatusCode
  if (CONFLICT.has(name) || (status === 409 && name !== 'ResourceInUseException')) return 'conflict'
  if (PRECONDITION.has(name) || status === 412) return 'precondition'
  if (THROTTLE.has(name) || status === 429) return 'throttle'
  // A 5xx that outlasted the SDK's attempts: the step starts again from a fresh read (a write whose
  // answer was lost was looked up first, so retrying never repeats a change that landed).
  if (status !== undefined && status >= 500) return 'transient'
  return 'fatal'
}

export const MAX_STEP_ATTEMPTS = 8

/** Backoff before attempt `attempt + 1` (attempt counts from 1). */
export function stepBackoffMs(attempt: number, kind: StepErrorClass): number {
  const base = stepBackoffMsSetting(kind === 'precondition' ? 50 : 500)
  const capped = Math.min(base * 2 ** (attempt - 1), 10_000)
  return capped / 2 + Math.random() * (capped / 2)
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }

    signal?.addEventListener('abort', done, {once: true})
  })
}

/** Network failures where the request never reached AWS: nothing can have been applied. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * Did AWS certainly NOT apply a write that threw this? True for a refusal (a 4xx answer), a write
 * never sent (interrupted, connection refused) and errors lx raised before sending. False when the
 * answer was lost or was a 5xx: AWS may have applied it. A 409 or 412 after earlier attempts is
 * also unsure — the earlier attempt may have landed and the retry then found its own change.
 */
export function writeWasRefused(error: unknown): boolean {
  const err = error as {name?: string; code?: string; $metadata?: {httpStatusCode?: number; attempts?: number}; cause?: unknown}
  if (err?.name === 'WriteNotSentError') return true
  const metadata = err?.$metadata ?? (err?.cause as typeof err)?.$metadata
  const status = metadata?.httpStatusCode
  if (status !== undefined) {
    if (status >= 500) return false
    const retried = (metadata?.attempts ?? 1) > 1
    return !(retried && (status === 409 || status === 412))
  }

  const code = err?.code ?? (err?.cause as typeof err)?.code
  if (code && NOT_SENT_CODES.has(code)) return true
  // No answer at all: a reset connection, a timeout. lx's own errors carry no metadata and no
  // network code, and are raised before anything is sent.
  return !(code || err?.name === 'TimeoutError' || err?.name === 'AbortError' || /socket|ECONNRESET|EPIPE|timed? ?out/i.test(String((error as Error)?.message)))
}
