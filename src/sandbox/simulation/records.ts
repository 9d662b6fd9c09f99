// The per-minute records the simulation keeps and the metric and log readers consume. A record is
// a small Float64Array (or a Float32Array row of the live ring) indexed by these constants.

/** One function, one minute. */
export const FN = {
  invocations: 0,
  errors: 1,
  throttles: 2,
  /** Sum of the durations of the minute's invocations (ms): the average is durationSum / invocations. */
  durationSum: 3,
  concurrencyMax: 4,
  concurrencyAvg: 5,
  coldStarts: 6,
  /** Sum of init durations of the minute's cold starts (ms). */
  initSum: 7,
  /** On-demand environments in use at the minute's peak (history uses it to find cold starts). */
  environments: 8,
  /** Sum over the minute's invocations of the time extensions ran after each (ms). */
  postRuntimeSum: 9,
} as const
export const FN_SIZE = 10

/** One alias or version with provisioned concurrency, one minute. */
export const PC = {
  allocated: 0,
  invocations: 1,
  spillover: 2,
  executionsMax: 3,
  executionsAvg: 4,
  utilizationMax: 5,
  utilizationAvg: 6,
} as const
export const PC_SIZE = 7

/** The whole account, one minute. */
export const ACCOUNT = {
  invocations: 0,
  errors: 1,
  throttles: 2,
  durationSum: 3,
  concurrencyMax: 4,
  concurrencyAvg: 5,
  unreservedMax: 6,
  unreservedAvg: 7,
  claimedMax: 8,
  claimedAvg: 9,
  provisionedInvocations: 10,
  spillover: 11,
} as const
export const ACCOUNT_SIZE = 12

/** Raw accumulators of a function's open minute (fractional until the minute closes). */
export const FA = {
  invocations: 0,
  errors: 1,
  throttles: 2,
  durationSum: 3,
  concurrencyPeak: 4,
  concurrencySum: 5,
  coldStarts: 6,
  initSum: 7,
  seconds: 8,
  environments: 9,
  postRuntimeSum: 10,
} as const
export const FA_SIZE = 11

/** Raw accumulators of a provisioned alias's open minute. */
export const QA = {
  allocated: 0,
  invocations: 1,
  spillover: 2,
  executionsPeak: 3,
  executionsSum: 4,
  utilizationPeak: 5,
  utilizationSum: 6,
  allocatedSeconds: 7,
} as const
export const QA_SIZE = 8

/** Raw accumulators of the account's open minute. */
export const AA = {concurrencyPeak: 0, concurrencySum: 1, unreservedPeak: 2, unreservedSum: 3, claimedPeak: 4, claimedSum: 5, seconds: 6} as const
export const AA_SIZE = 7
