// From a function's CloudWatch series to the demand `lx concurrency plan` sizes against. Pure.
//
// The model, per period of the window (1 or 5 minutes):
//   attempted  = Invocations + Throttles                      (requests that arrived)
//   average    = attempted / period × Duration(avg) / 1000    (Little's law: L = λ × W)
//   peak       = max(ConcurrentExecutions, average), and where the period throttled,
//                ConcurrentExecutions × attempted / Invocations: the cap hid the real peak, and the
//                share of requests turned away says by how much it was exceeded.
// Throttled requests include clients' retries, so demand behind a cap is if anything overstated.

/** A function's series on the period grid, dense: index i covers [start + i·period, start + (i+1)·period). */
export interface TrafficSeries {
  /** Seconds per period. */
  period: number
  /** Epoch seconds of the first period. */
  start: number
  invocations: number[]
  throttles: number[]
  /** null where CloudWatch had no datapoint (no invocation in the period). */
  durationAvgMs: Array<number | null>
  durationP99Ms: Array<number | null>
  /** 0 where there was no datapoint. */
  concurrencyMax: number[]
}

export interface DemandSeries {
  period: number
  start: number
  attempted: number[]
  /** Estimated peak concurrent executions the traffic asked for in each period. */
  peak: number[]
  /** Little's-law mean concurrency of each period. */
  average: number[]
  /** Invocation-weighted mean duration over the window (ms); null without invocations. */
  meanDurationMs: number | null
}

/** Little's law: mean concurrency = arrival rate × mean time in the system. */
export function littleConcurrency(requestsPerSecond: number, durationSeconds: number): number {
  return requestsPerSecond * durationSeconds
}

export function meanDuration(traffic: TrafficSeries): number | null {
  let weighted = 0
  let count = 0
  traffic.invocations.forEach((invocations, i) => {
    const duration = traffic.durationAvgMs[i]
    if (invocations > 0 && duration !== null && Number.isFinite(duration)) {
      weighted += invocations * duration
      count += invocations
    }
  })
  return count > 0 ? weighted / count : null
}

export function estimateDemand(traffic: TrafficSeries): DemandSeries {
  const mean = meanDuration(traffic)
  const attempted: number[] = []
  const peak: number[] = []
  const average: number[] = []
  traffic.invocations.forEach((invocations, i) => {
    const throttles = traffic.throttles[i] ?? 0
    const arrived = invocations + throttles
    const durationMs = traffic.durationAvgMs[i] ?? mean ?? 0
    const little = littleConcurrency(arrived / traffic.period, durationMs / 1000)
    const observed = traffic.concurrencyMax[i] ?? 0
    let high = Math.max(observed, little)
    if (throttles > 0 && invocations > 0) high = Math.max(high, (observed * arrived) / invocations)
    attempted.push(arrived)
    average.push(little)
    peak.push(high)
  })
  return {period: traffic.period, start: traffic.start, attempted, peak, average, meanDurationMs: mean}
}

/** UTC hour of day (0–23) of an epoch second. */
export function hourOfDay(epochSeconds: number): number {
  return Math.floor((((epochSeconds % 86_400) + 86_400) % 86_400) / 3600)
}

/**
 * Mean concurrency (Little) for each UTC hour of the day over the window; null for an hour the
 * window never covered. This is the typical day, so one odd day does not set the level.
 */
export function hourOfDayProfile(demand: DemandSeries): Array<number | null> {
  const sums = new Array<number>(24).fill(0)
  const counts = new Array<number>(24).fill(0)
  demand.average.forEach((value, i) => {
    const hour = hourOfDay(demand.start + i * demand.period)
    sums[hour] += value
    counts[hour]++
  })
  return sums.map((sum, hour) => (counts[hour] > 0 ? sum / counts[hour] : null))
}

export interface BusyHour {
  hour: number
  concurrency: number
}

/** The hour of the typical day with the highest mean concurrency (the busy hour); undefined without data. */
export function busyHour(profile: ReadonlyArray<number | null>): BusyHour | undefined {
  let best: BusyHour | undefined
  profile.forEach((value, hour) => {
    if (value !== null && (best === undefined || value > best.concurrency)) best = {hour, concurrency: value}
  })
  return best
}

/** The quietest covered hour's mean concurrency; undefined without data. */
export function troughConcurrency(profile: ReadonlyArray<number | null>): number | undefined {
  const covered = profile.filter((value): value is number => value !== null)
  return covered.length === 0 ? undefined : Math.min(...covered)
}

/** Busy hour over quiet hour: Infinity when the quiet hours have no traffic at all, 1 for flat traffic. */
export function dailyShapeRatio(profile: ReadonlyArray<number | null>): number {
  const peak = busyHour(profile)?.concurrency ?? 0
  const trough = troughConcurrency(profile) ?? 0
  if (peak <= 0) return 1
  return trough > 0 ? peak / trough : Number.POSITIVE_INFINITY
}

/** A contiguous span of UTC hours, possibly across midnight: [startHour, endHour) with endHour taken mod 24. */
export interface HourSpan {
  startHour: number
  endHour: number
  hours: number
}

/**
 * The contiguous run of hours around the busy hour whose mean concurrency is at least `threshold`;
 * undefined when the profile does not cover the whole day or every hour qualifies (no quiet hours).
 */
export function busySpan(profile: ReadonlyArray<number | null>, threshold: number): HourSpan | undefined {
  if (profile.length !== 24 || profile.some((value) => value === null)) return undefined
  const busy = busyHour(profile)
  if (!busy || busy.concurrency < threshold) return undefined
  const qualifies = (hour: number) => (profile[(hour + 24) % 24] ?? 0) >= threshold
  let before = 0
  while (before < 23 && qualifies(busy.hour - before - 1)) before++
  let after = 0
  while (before + after < 23 && qualifies(busy.hour + after + 1)) after++
  const hours = before + after + 1
  if (hours >= 24) return undefined
  return {startHour: (busy.hour - before + 24) % 24, endHour: (busy.hour + after + 1) % 24, hours}
}

/** Is the moment inside the span, which starts `leadSeconds` early (and ends on time)? */
export function inSpan(span: HourSpan, epochSeconds: number, leadSeconds = 0): boolean {
  const from = span.startHour * 3600 - leadSeconds
  const offset = (((epochSeconds - from) % 86_400) + 86_400) % 86_400
  return offset < span.hours * 3600 + leadSeconds
}
