// Which failures of a step are worth trying again, and how long to wait. The SDK already retries
// throttling and transient faults per call; this covers what it does not: update conflicts (409)
// while a function is still applying an earlier change, stale revisions (412, the handler re-reads
// and re-plans), and throttling that outlasted the SDK's own attempts.

export type StepErrorClass = 'conflict' | 'precondition' | 'throttle' | 'fatal'

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
  return 'fatal'
}

export const MAX_STEP_ATTEMPTS = 8

/** Backoff before attempt `attempt + 1` (attempt counts from 1). */
export function stepBackoffMs(attempt: number, kind: StepErrorClass): number {
  const base = Number(process.env.LX_STEP_BACKOFF_MS ?? (kind === 'precondition' ? 50 : 500))
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
