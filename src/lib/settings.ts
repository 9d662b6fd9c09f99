// Every LX_* environment variable lx reads, read here and nowhere else. Each getter reads the
// environment when it is called, never when a module is imported: the tests (and a long-lived
// process) change these between runs. The README's settings table lists the same variables.
//
// A value that is not a number where a number is expected falls back to the default rather than
// failing: these are tuning knobs, and a typo must not stop a run that would otherwise work.

type Env = NodeJS.ProcessEnv

/** A number from the environment, or `fallback` when unset, empty, not finite, or below `min`. */
function numberFrom(raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  return Number.isFinite(value) && value >= min ? value : fallback
}

/** LX_HOME: the folder that holds the journal; unset means the platform's data folder for lx. */
export function homeSetting(env: Env = process.env): string | undefined {
  return env.LX_HOME || undefined
}

/**
 * LX_POLL_MS: the first delay between polls while a write settles (a configuration update,
 * provisioned concurrency allocating). Each waiter has its own default.
 */
export function pollMsSetting(fallback: number, env: Env = process.env): number {
  return numberFrom(env.LX_POLL_MS, fallback, Number.MIN_VALUE)
}

/** LX_STEP_BACKOFF_MS: the engine's base back-off before retrying a step after a conflict (0 allowed, for tests). */
export function stepBackoffMsSetting(fallback: number, env: Env = process.env): number {
  return numberFrom(env.LX_STEP_BACKOFF_MS, fallback, 0)
}

/** LX_RETRY_BASE_MS: the SDK retry's base back-off for throttling and transient faults (default 250 ms). */
export function retryBaseMsSetting(env: Env = process.env): number {
  return numberFrom(env.LX_RETRY_BASE_MS, 250, 0)
}

/** LX_LOGS_POLL_MS: how often the dashboard polls a Logs Insights query for its answer; unset keeps the reader's default. */
export function logsPollMsSetting(env: Env = process.env): number | undefined {
  const value = numberFrom(env.LX_LOGS_POLL_MS, Number.NaN, Number.MIN_VALUE)
  return Number.isNaN(value) ? undefined : value
}

/** The request-per-second budgets a raised (or shared) quota may override. */
export const RATE_SETTINGS = {
  getFunction: 'LX_RATE_GET_FUNCTION',
  control: 'LX_RATE_CONTROL',
  autoscaling: 'LX_RATE_AUTOSCALING',
  cloudwatch: 'LX_RATE_CLOUDWATCH',
  logs: 'LX_RATE_LOGS',
} as const

/** LX_RATE_*: requests per second for one budget; `fallback` when unset or not a positive number. */
export function rateSetting(budget: keyof typeof RATE_SETTINGS, fallback: number, env: Env = process.env): number {
  return numberFrom(env[RATE_SETTINGS[budget]], fallback, Number.MIN_VALUE)
}

/**
 * LX_MIN_UNRESERVED: the account's unreserved floor. oclif reads it, at parse time, as the
 * environment form of `--min-unreserved` (its flag in src/input/), so a bad value is refused like a
 * bad flag (exit 2).
 */
export const MIN_UNRESERVED_ENV = 'LX_MIN_UNRESERVED'

/**
 * LX_GUARD_CLOCK: `sandbox` makes `--guard` wait by advancing the sandbox's simulated clock instead
 * of the wall clock (tests and demos; refused unless lx talks to an endpoint). Unset: the wall clock.
 */
export function guardClockSetting(env: Env = process.env): 'sandbox' | undefined {
  return env.LX_GUARD_CLOCK === 'sandbox' ? 'sandbox' : undefined
}
