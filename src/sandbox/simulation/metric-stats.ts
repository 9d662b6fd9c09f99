// CloudWatch statistics over a period of per-minute records. The simulation keeps aggregates, not
// samples, so each kind of metric carries what its statistics need:
// - counts (Invocations, Errors, Throttles, …): each request is a sample of 0 or 1, so a minute is
//   (sum, samples) and every statistic follows from the fraction of ones;
// - Duration: a minute is (invocations, mean); durations are log-normal around the mean
//   (σ = DURATION_SIGMA), and a period is the mixture of its minutes, so percentiles, minimum and
//   maximum come from the distribution rather than from stored samples;
// - gauges (ConcurrentExecutions, utilisation, …): a minute is (maximum, average); percentiles run
//   over the minutes' maxima.

export type Stat = {kind: 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount'} | {kind: 'percentile'; p: number}

export const SUPPORTED_STATS = 'Sum, Average, Maximum, Minimum, SampleCount or a percentile such as p50, p90, p99, p99.9'

export function parseStat(text: string): Stat | undefined {
  if (text === 'Sum' || text === 'Average' || text === 'Maximum' || text === 'Minimum' || text === 'SampleCount') return {kind: text}
  const match = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(text)
  if (!match) return undefined
  const p = Number(match[1])
  return p > 0 && p <= 100 ? {kind: 'percentile', p} : undefined
}

/** Spread of log-durations within a minute: p99 ≈ 2.1 × the mean. */
export const DURATION_SIGMA = 0.35

/** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY
  if (p >= 1) return Number.POSITIVE_INFINITY
  const a = [-39.696_830_286_653_76, 220.946_098_424_520_5, -275.928_510_446_968_7, 138.357_751_867_269, -30.664_798_066_147_16, 2.506_628_277_459_239]
  const b = [-54.476_098_798_224_06, 161.585_836_858_040_9, -155.698_979_859_886_6, 66.801_311_887_719_72, -13.280_681_552_885_72]
  const c = [-0.007_784_894_002_430_293, -0.322_396_458_041_136_5, -2.400_758_277_161_838, -2.549_732_539_343_734, 4.374_664_141_464_968, 2.938_163_982_698_783]
  const d = [0.007_784_695_709_041_462, 0.322_467_129_070_039_8, 2.445_134_137_142_996, 3.754_408_661_907_416]
  const low = 0.024_25
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  const q = p - 0.5
  const r = q * q
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}

function percentileOf(stat: Stat): number {
  return stat.kind === 'percentile' ? stat.p : 50
}

export type MetricKind = 'count' | 'duration' | 'gauge'

/** Collects the minutes of one period and answers any statistic over them. */
export class PeriodAggregator {
  minutes = 0
  // counts
  private sum = 0
  private samples = 0
  // durations
  private invocations = 0
  private durationTotal = 0
  private logSum = 0
  private logSquares = 0
  // gauges
  private maxima: number[] = []
  private averageSum = 0
  private averageMin = Number.POSITIVE_INFINITY

  constructor(readonly kind: MetricKind) {}

  reset(): void {
    this.minutes = 0
    this.sum = 0
    this.samples = 0
    this.invocations = 0
    this.durationTotal = 0
    this.logSum = 0
    this.logSquares = 0
    this.maxima.length = 0
    this.averageSum = 0
    this.averageMin = Number.POSITIVE_INFINITY
  }

  addCount(sum: number, samples: number): void {
    this.minutes++
    this.sum += sum
    this.samples += samples
  }

  addDuration(invocations: number, mean: number): void {
    this.minutes++
    if (!(invocations > 0) || !(mean > 0)) return
    const mu = Math.log(mean) - (DURATION_SIGMA * DURATION_SIGMA) / 2
    this.invocations += invocations
    this.durationTotal += invocations * mean
    this.logSum += invocations * mu
    this.logSquares += invocations * mu * mu
  }

  addGauge(maximum: number, average: number): void {
    this.minutes++
    this.maxima.push(maximum)
    this.averageSum += average
    this.averageMin = Math.min(this.averageMin, average)
  }

  /** The statistic, or undefined when the period has no sample. `cap` bounds durations (the timeout). */
  value(stat: Stat, cap = Number.POSITIVE_INFINITY): number | undefined {
    if (this.minutes === 0) return undefined
    switch (this.kind) {
      case 'count':
        return this.countValue(stat)
      case 'duration':
        return this.durationValue(stat, cap)
      default:
        return this.gaugeValue(stat)
    }
  }

  private countValue(stat: Stat): number | undefined {
    const {sum, samples} = this
    if (stat.kind === 'Sum') return sum
    if (stat.kind === 'SampleCount') return samples
    if (samples === 0) return undefined
    const ones = sum / samples
    switch (stat.kind) {
      case 'Average':
        return ones
      case 'Maximum':
        return sum > 0 ? 1 : 0
      case 'Minimum':
        return sum >= samples ? 1 : 0
      default:
        return percentileOf(stat) / 100 > 1 - ones ? 1 : 0
    }
  }

  private durationValue(stat: Stat, cap: number): number | undefined {
    const n = this.invocations
    if (stat.kind === 'SampleCount') return n
    if (stat.kind === 'Sum') return this.durationTotal
    if (n === 0) return undefined
    if (stat.kind === 'Average') return this.durationTotal / n
    const mu = this.logSum / n
    const spread = Math.sqrt(DURATION_SIGMA * DURATION_SIGMA + Math.max(0, this.logSquares / n - mu * mu))
    // The expected extremes of n samples sit near the 1/(n+1) quantiles.
    const q = stat.kind === 'Maximum' ? 1 - 1 / (n + 1) : stat.kind === 'Minimum' ? 1 / (n + 1) : Math.min(percentileOf(stat) / 100, 1 - 1 / (2 * n + 2))
    return Math.max(1, Math.min(cap, Math.exp(mu + spread * normalQuantile(q))))
  }

  private gaugeValue(stat: Stat): number {
    const {maxima} = this
    switch (stat.kind) {
      case 'Maximum': {
        let top = Number.NEGATIVE_INFINITY
        for (const value of maxima) if (value > top) top = value
        return top
      }
      case 'Minimum':
        return this.averageMin
      case 'Average':
        return this.averageSum / this.minutes
      case 'Sum':
        return this.averageSum
      case 'SampleCount':
        return this.minutes
      default: {
        const sorted = [...maxima].sort((a, b) => a - b)
        return sorted[Math.max(0, Math.ceil((percentileOf(stat) / 100) * sorted.length) - 1)]
      }
    }
  }
}
