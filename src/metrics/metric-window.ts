// The incremental window: which periods a refresh must fetch, and the per-series store the answers
// are merged into. Pure and clock-free (time comes in as arguments) so both the dashboard and
// tests can drive it. All times are epoch seconds on the period grid.

/** [start, end), both multiples of the period. */
export interface TimeWindow {
  start: number
  end: number
}

export interface FetchPlan extends TimeWindow {
  /** True when the whole displayed range is fetched (first time, new period, wider range). */
  full: boolean
  /** The range on screen after this fetch: what the store must cover and may prune to. */
  display: TimeWindow
  period: number
}

/** What the store holds after a successful fetch. */
export interface FetchState {
  period: number
  /** Start of the range the store covers. */
  coveredFrom: number
  /** When the last fetch ran: periods that were still open or unsettled then are fetched again. */
  fetchedAt: number
}

/**
 * Lambda datapoints can arrive a few minutes after their period ends, so the last minutes of a
 * fetch are provisional: they are fetched again next time instead of trusted.
 */
export const SETTLE_SECONDS = 180

export const alignDown = (time: number, period: number): number => Math.floor(time / period) * period
export const alignUp = (time: number, period: number): number => Math.ceil(time / period) * period

/** The range on screen at `now`: whole periods, the last one (still open) included. */
export function displayWindow(now: number, rangeSeconds: number, period: number): TimeWindow {
  const end = alignDown(now, period) + period
  return {start: end - Math.ceil(rangeSeconds / period) * period, end}
}

/** Number of periods in a window. */
export function periodsIn(window: TimeWindow, period: number): number {
  return Math.max(0, Math.round((window.end - window.start) / period))
}

/**
 * The window the next fetch needs. Incremental when the store already covers the displayed range at
 * the same period: only the periods since the last fetch, plus the ones that had not settled then.
 */
export function planFetch(state: FetchState | undefined, now: number, rangeSeconds: number, period: number, settleSeconds = SETTLE_SECONDS): FetchPlan {
  const display = displayWindow(now, rangeSeconds, period)
  if (!state || state.period !== period || display.start < state.coveredFrom || state.fetchedAt > now) {
    return {...display, full: true, display, period}
  }

  const start = Math.max(display.start, alignDown(state.fetchedAt - settleSeconds, period))
  return {start, end: display.end, full: start === display.start, display, period}
}

/** The state to keep once a fetch of `plan` succeeded at `now`. */
export function afterFetch(plan: FetchPlan, now: number): FetchState {
  return {period: plan.period, coveredFrom: plan.display.start, fetchedAt: now}
}

/**
 * Datapoints per series, keyed by period start. A fetch REPLACES its window: a period that came back
 * empty has no data (zero invocations, say), and must not keep an older provisional value.
 */
export class SeriesStore {
  private readonly series = new Map<string, Map<number, number>>()

  replace(key: string, window: TimeWindow, timestamps: readonly number[], values: readonly number[]): void {
    let points = this.series.get(key)
    if (!points) {
      points = new Map()
      this.series.set(key, points)
    }

    for (const time of points.keys()) if (time >= window.start && time < window.end) points.delete(time)
    for (let i = 0; i < timestamps.length; i++) {
      const time = timestamps[i]
      if (time >= window.start && time < window.end && Number.isFinite(values[i])) points.set(time, values[i])
    }
  }

  /** Forget everything before `from` (the range moved on, or narrowed). */
  prune(from: number): void {
    for (const points of this.series.values()) {
      for (const time of points.keys()) if (time < from) points.delete(time)
    }
  }

  clear(): void {
    this.series.clear()
  }

  has(key: string): boolean {
    return this.series.has(key)
  }

  keys(): string[] {
    return [...this.series.keys()]
  }

  /** Number of stored datapoints, for memory accounting. */
  size(): number {
    let total = 0
    for (const points of this.series.values()) total += points.size
    return total
  }

  /** One value per period of the window; periods without data are `empty`. */
  grid(key: string, window: TimeWindow, period: number, empty: number | null = 0): Array<number | null> {
    const points = this.series.get(key)
    const values: Array<number | null> = []
    for (let time = window.start; time < window.end; time += period) values.push(points?.get(time) ?? empty)
    return values
  }

  sum(key: string, window: TimeWindow): number {
    let total = 0
    for (const [time, value] of this.series.get(key) ?? []) if (time >= window.start && time < window.end) total += value
    return total
  }

  /** Largest value in the window, or null when there is no datapoint at all. */
  max(key: string, window: TimeWindow): number | null {
    let best: number | null = null
    for (const [time, value] of this.series.get(key) ?? []) {
      if (time >= window.start && time < window.end && (best === null || value > best)) best = value
    }

    return best
  }

  /** Mean of the datapoints present in the window, or null when there are none. */
  mean(key: string, window: TimeWindow): number | null {
    let total = 0
    let count = 0
    for (const [time, value] of this.series.get(key) ?? []) {
      if (time >= window.start && time < window.end) {
        total += value
        count++
      }
    }

    return count === 0 ? null : total / count
  }

  /** The most recent datapoint in the window, or null. */
  latest(key: string, window: TimeWindow): number | null {
    let bestTime = -Infinity
    let best: number | null = null
    for (const [time, value] of this.series.get(key) ?? []) {
      if (time >= window.start && time < window.end && time > bestTime) {
        bestTime = time
        best = value
      }
    }

    return best
  }

  /** Any datapoint at all in the window? */
  hasData(key: string, window: TimeWindow): boolean {
    for (const time of this.series.get(key)?.keys() ?? []) if (time >= window.start && time < window.end) return true
    return false
  }
}
