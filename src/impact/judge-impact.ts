// Before → after, signal by signal, judged only beyond noise. Pure: figures in, verdicts out.
//
// The rules (also in the README):
// - Counts of bad events (errors, throttles, cold starts, spillover) are judged as rates with a
//   count test: the after window is worse when it holds at least `minEvents` events and more
//   than the before rate predicts by over three standard deviations (Poisson: expected + 3·√expected),
//   and its rate at least doubled and rose by the signal's absolute floor (failures come in bursts:
//   a minute can see half again the usual error rate, and a function throttled all along throttles
//   a few percent more at a busier moment — neither is the change). Better is the same test the
//   other way round. Fewer requests than `minRequests` on either side: not enough data.
// - Percentiles and averages (durations, init durations, post-runtime time, memory) are worse
//   when the after value exceeds the before value by more than a relative AND an absolute margin
//   (default 25 % and 50 ms); better the other way round. Too few samples: not enough data.
// - Invocations are the volume both windows are read at: shown, not judged.

import type {WindowFigures} from './window-figures.js'

export type Verdict = 'better' | 'worse' | 'no change' | 'not enough data'

export interface Thresholds {
  /** Relative margin for percentiles, e.g. 0.25. */
  relative: number
  /** Absolute margin for durations (ms). */
  absoluteMs: number
  /** Fewest errors (throttles, …) in the after window before it can be called worse. */
  minEvents: number
  /** Error rate rise (fraction, e.g. 0.005 = half a percentage point) needed on top of the count test. */
  errorRateRise: number
}

export const DEFAULT_THRESHOLDS: Thresholds = {relative: 0.25, absoluteMs: 50, minEvents: 5, errorRateRise: 0.005}

/** Standard deviations a count must exceed its expectation by. */
export const SIGMAS = 3
/** Relative rise of a rate needed as well: it must at least double. */
export const RATE_RELATIVE_RISE = 1
/** Requests a window needs before its rates mean anything. */
export const MIN_REQUESTS = 20
/** Samples a percentile needs (invocations for durations, cold starts for init durations). */
export const MIN_SAMPLES = 20
export const MIN_COLD_STARTS = 3
/** Cold starts the before side needs: one minute of init durations moves together, so the baseline must hold many. */
export const MIN_BASELINE_COLD_STARTS = 10

export interface Signal {
  /** Stable key for --json ("errors", "durationP99", …). */
  key: string
  label: string
  unit: 'count' | 'ms' | 'MB' | 'ratio' | 'USD'
  before: number | null
  after: number | null
  /** Rates shown beside counts (errors per invocation, …). */
  beforeRate?: number | null
  afterRate?: number | null
  /** null for invocations: the volume, not judged. */
  verdict: Verdict | null
  /** Why, in a few words ("+4.1σ over 0.4 % expected", "+212 ms, +85 %"). */
  why?: string
}

interface CountSide {
  events: number
  trials: number
}

/** The count test of the header: events over trials, before against after. */
export function judgeCount(
  before: CountSide | null,
  after: CountSide | null,
  options: {minEvents: number; rateRise: number},
): {verdict: Verdict; why?: string} {
  if (!before || !after || before.trials < MIN_REQUESTS || after.trials < MIN_REQUESTS) {
    return {verdict: 'not enough data', why: `fewer than ${MIN_REQUESTS} requests`}
  }

  const rateBefore = before.events / before.trials
  const rateAfter = after.events / after.trials
  const excess = (side: CountSide, rate: number) => {
    const expected = side.trials * rate
    return (side.events - expected) / Math.sqrt(Math.max(expected, 1))
  }

  const up = excess(after, rateBefore)
  if (after.events >= options.minEvents && up > SIGMAS && rateAfter - rateBefore >= options.rateRise && rateAfter > rateBefore * (1 + RATE_RELATIVE_RISE)) {
    return {verdict: 'worse', why: `${after.events} vs ${(after.trials * rateBefore).toFixed(1)} expected (+${up.toFixed(1)}σ)`}
  }

  const down = excess(before, rateAfter)
  if (before.events >= options.minEvents && down > SIGMAS && rateBefore - rateAfter >= options.rateRise && rateBefore > rateAfter * (1 + RATE_RELATIVE_RISE)) {
    return {verdict: 'better', why: `${after.events} vs ${(after.trials * rateBefore).toFixed(1)} expected (−${down.toFixed(1)}σ)`}
  }

  return {verdict: 'no change'}
}

/** The margin test of the header for a value where lower is better. */
export function judgeLevel(
  before: number | null,
  after: number | null,
  options: {relative: number; absolute: number; enoughSamples: boolean},
): {verdict: Verdict; why?: string} {
  if (before === null || after === null || !options.enoughSamples) return {verdict: 'not enough data'}
  const delta = after - before
  const ratio = before > 0 ? delta / before : delta > 0 ? Number.POSITIVE_INFINITY : 0
  const why = `${delta >= 0 ? '+' : ''}${round(delta)}${Number.isFinite(ratio) ? `, ${ratio >= 0 ? '+' : ''}${Math.round(ratio * 100)} %` : ''}`
  if (delta > options.absolute && ratio > options.relative) return {verdict: 'worse', why}
  if (-delta > options.absolute && -delta / Math.max(after, Number.MIN_VALUE) > options.relative) return {verdict: 'better', why}
  return {verdict: 'no change', why}
}

function round(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1)
}

export interface CostInputs {
  memoryMb: number
  requestsPerMillion: number
  durationPerGbSecond: number
}

/** USD per million invocations at the window's average duration (requests + on-demand duration). */
export function costPerMillion(figures: WindowFigures, cost: CostInputs | undefined): number | null {
  if (!cost || figures.durationAvg === null || figures.invocations === 0) return null
  return cost.requestsPerMillion + (figures.durationAvg / 1000) * (cost.memoryMb / 1024) * cost.durationPerGbSecond * 1e6
}

const rate = (events: number | null, trials: number | null) => (events === null || trials === null || trials === 0 ? null : events / trials)

/** Every signal of one function (or of the total, where percentiles are left out). */
export function judgeImpact(before: WindowFigures, after: WindowFigures, thresholds: Thresholds = DEFAULT_THRESHOLDS, cost?: CostInputs): Signal[] {
  const signals: Signal[] = []
  const level = (
    key: string,
    label: string,
    unit: Signal['unit'],
    b: number | null,
    a: number | null,
    enough: boolean,
    absolute: number,
    relative = thresholds.relative,
  ) => {
    if (b === null && a === null) return
    signals.push({key, label, unit, before: b, after: a, ...judgeLevel(b, a, {relative, absolute, enoughSamples: enough})})
  }

  signals.push({key: 'invocations', label: 'invocations', unit: 'count', before: before.invocations, after: after.invocations, verdict: null})
  signals.push({
    key: 'errors',
    label: 'errors',
    unit: 'count',
    before: before.errors,
    after: after.errors,
    beforeRate: rate(before.errors, before.invocations),
    afterRate: rate(after.errors, after.invocations),
    ...judgeCount(
      {events: before.errors, trials: before.invocations},
      {events: after.errors, trials: after.invocations},
      {minEvents: thresholds.minEvents, rateRise: thresholds.errorRateRise},
    ),
  })
  const requests = (figures: WindowFigures) => figures.invocations + figures.throttles
  signals.push({
    key: 'throttles',
    label: 'throttles',
    unit: 'count',
    before: before.throttles,
    after: after.throttles,
    beforeRate: rate(before.throttles, requests(before)),
    afterRate: rate(after.throttles, requests(after)),
    ...judgeCount(
      {events: before.throttles, trials: requests(before)},
      {events: after.throttles, trials: requests(after)},
      {minEvents: thresholds.minEvents, rateRise: 0},
    ),
  })
  const durationSamples = Math.min(before.invocations, after.invocations) >= MIN_SAMPLES
  level('durationP50', 'duration p50', 'ms', before.durationP50, after.durationP50, durationSamples, thresholds.absoluteMs)
  level('durationP90', 'duration p90', 'ms', before.durationP90, after.durationP90, durationSamples, thresholds.absoluteMs)
  level('durationP99', 'duration p99', 'ms', before.durationP99, after.durationP99, durationSamples, thresholds.absoluteMs)
  if (before.coldStarts !== null || after.coldStarts !== null) {
    signals.push({
      key: 'coldStarts',
      label: 'cold starts',
      unit: 'count',
      before: before.coldStarts,
      after: after.coldStarts,
      beforeRate: rate(before.coldStarts, before.reports),
      afterRate: rate(after.coldStarts, after.reports),
      ...judgeCount(
        before.coldStarts === null || before.reports === null ? null : {events: before.coldStarts, trials: before.reports},
        after.coldStarts === null || after.reports === null ? null : {events: after.coldStarts, trials: after.reports},
        {minEvents: thresholds.minEvents, rateRise: 0.01},
      ),
    })
  }

  const initSamples = (before.coldStarts ?? 0) >= MIN_BASELINE_COLD_STARTS && (after.coldStarts ?? 0) >= MIN_COLD_STARTS
  level('initP50', 'init duration p50', 'ms', before.initP50, after.initP50, initSamples, thresholds.absoluteMs)
  level('initP99', 'init duration p99', 'ms', before.initP99, after.initP99, initSamples, thresholds.absoluteMs)
  // Memory: 10 % and 16 MB, the size of a small extension's process.
  level('maxMemory', 'max memory used', 'MB', before.maxMemoryMb, after.maxMemoryMb, (before.reports ?? 0) > 0 && (after.reports ?? 0) > 0, 16, 0.1)
  // Without extensions there is no datapoint: that is 0 ms, not missing data.
  const postRuntime = (figures: WindowFigures) => figures.postRuntimeAvg ?? (figures.invocations > 0 ? 0 : null)
  if (before.postRuntimeAvg !== null || after.postRuntimeAvg !== null) {
    level('postRuntime', 'post-runtime extensions', 'ms', postRuntime(before), postRuntime(after), durationSamples, 10)
  }

  if (before.provisionedUtilization !== null || after.provisionedUtilization !== null) {
    // Higher utilisation of what is paid for is better; a change of 10 points counts.
    const b = before.provisionedUtilization
    const a = after.provisionedUtilization
    const verdict: Verdict = b === null || a === null ? 'not enough data' : a - b >= 0.1 ? 'better' : b - a >= 0.1 ? 'worse' : 'no change'
    signals.push({key: 'provisionedUtilization', label: 'provisioned utilisation', unit: 'ratio', before: b, after: a, verdict})
  }

  if (before.spillover !== null || after.spillover !== null) {
    const side = (figures: WindowFigures) =>
      figures.spillover === null ? null : {events: figures.spillover, trials: figures.spillover + (figures.provisionedInvocations ?? 0)}
    signals.push({
      key: 'spillover',
      label: 'spillover',
      unit: 'count',
      before: before.spillover,
      after: after.spillover,
      ...judgeCount(side(before) ?? {events: 0, trials: before.invocations}, side(after) ?? {events: 0, trials: after.invocations}, {
        minEvents: thresholds.minEvents,
        rateRise: 0,
      }),
    })
  }

  const costBefore = costPerMillion(before, cost)
  const costAfter = costPerMillion(after, cost)
  if (costBefore !== null || costAfter !== null) {
    // 5 % and a cent per million: below that a difference is rounding, not money.
    level('costPerMillion', 'cost per 1M invocations', 'USD', costBefore, costAfter, durationSamples, 0.01, 0.05)
  }

  return signals
}

/** What the guard watches, with its own thresholds (each a flag). */
export interface GuardThresholds {
  /** Error-rate rise (fraction) on top of the count test. */
  errorRateRise: number
  minErrors: number
  minThrottles: number
  /** p99 duration and p99 init duration: relative and absolute rise. */
  latencyRelative: number
  latencyAbsoluteMs: number
}

export const DEFAULT_GUARD_THRESHOLDS: GuardThresholds = {errorRateRise: 0.005, minErrors: 5, minThrottles: 5, latencyRelative: 0.25, latencyAbsoluteMs: 50}

export const GUARD_SIGNALS = ['errors', 'throttles', 'durationP99', 'initP99'] as const
export type GuardSignal = (typeof GUARD_SIGNALS)[number]

/** The guard's signals for one target, with verdicts under the guard's thresholds. */
export function judgeGuard(before: WindowFigures, after: WindowFigures, thresholds: GuardThresholds = DEFAULT_GUARD_THRESHOLDS): Signal[] {
  const all = judgeImpact(before, after, {
    relative: thresholds.latencyRelative,
    absoluteMs: thresholds.latencyAbsoluteMs,
    minEvents: thresholds.minErrors,
    errorRateRise: thresholds.errorRateRise,
  })
  const throttles = judgeCount(
    {events: before.throttles, trials: before.invocations + before.throttles},
    {events: after.throttles, trials: after.invocations + after.throttles},
    {minEvents: thresholds.minThrottles, rateRise: 0},
  )
  const wanted = new Set<string>(GUARD_SIGNALS)
  return all.filter((signal) => wanted.has(signal.key)).map((signal) => (signal.key === 'throttles' ? {...signal, ...throttles} : signal))
}

/** Whether a window has traffic enough to judge anything at all. */
export function hasTraffic(figures: WindowFigures): boolean {
  return figures.invocations + figures.throttles >= MIN_REQUESTS
}
