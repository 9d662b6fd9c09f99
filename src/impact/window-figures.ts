// What lx knows about one function over one window: the CloudWatch figures (one datapoint per
// statistic, the period being the whole window) and the figures of its REPORT log lines (Logs
// Insights). `null` means there was no datapoint: no traffic, or a metric the function does not
// emit (PostRuntimeExtensionsDuration exists only with extensions).

export interface WindowFigures {
  invocations: number
  errors: number
  throttles: number
  durationAvg: number | null
  durationP50: number | null
  durationP90: number | null
  durationP99: number | null
  /** Average ms extensions ran after each invoke; null when the function emits no such metric. */
  postRuntimeAvg: number | null
  /** From REPORT lines; null when the log group could not be read. */
  reports: number | null
  coldStarts: number | null
  initP50: number | null
  initP99: number | null
  maxMemoryMb: number | null
  /** Provisioned concurrency, when the function has any: the highest utilisation (0–1), spillover count. */
  provisionedUtilization: number | null
  provisionedInvocations: number | null
  spillover: number | null
}

export function emptyFigures(): WindowFigures {
  return {
    invocations: 0,
    errors: 0,
    throttles: 0,
    durationAvg: null,
    durationP50: null,
    durationP90: null,
    durationP99: null,
    postRuntimeAvg: null,
    reports: null,
    coldStarts: null,
    initP50: null,
    initP99: null,
    maxMemoryMb: null,
    provisionedUtilization: null,
    provisionedInvocations: null,
    spillover: null,
  }
}

/** The functions' figures added up: counts summed, percentiles left out (they do not add). */
export function totalFigures(all: readonly WindowFigures[]): WindowFigures {
  const total = emptyFigures()
  let durationWeighted = 0
  for (const figures of all) {
    total.invocations += figures.invocations
    total.errors += figures.errors
    total.throttles += figures.throttles
    if (figures.durationAvg !== null) durationWeighted += figures.durationAvg * figures.invocations
    if (figures.reports !== null) total.reports = (total.reports ?? 0) + figures.reports
    if (figures.coldStarts !== null) total.coldStarts = (total.coldStarts ?? 0) + figures.coldStarts
    if (figures.spillover !== null) total.spillover = (total.spillover ?? 0) + figures.spillover
    if (figures.provisionedInvocations !== null) total.provisionedInvocations = (total.provisionedInvocations ?? 0) + figures.provisionedInvocations
  }

  total.durationAvg = total.invocations > 0 ? durationWeighted / total.invocations : null
  return total
}
