// "What if": the window's demand replayed against a setting of reserved and provisioned
// concurrency. Pure, and deliberately simple — an estimate at the metrics' resolution, not a
// simulation of every request:
//
//   served peak   s_i = min(peak_i, cap)            cap = reserved concurrency, or the unreserved pool
//   throttles    += attempted_i × (peak_i − cap) / peak_i   when peak_i > cap
//                   (under the function's own cap this gives back the throttles CloudWatch counted)
//   warm pool     w_i = max(provisioned_i, s_j for the periods of the last WARM_SECONDS)
//                   provisioned environments are initialised ahead of use; on-demand ones stay warm
//                   for a while after their last invocation
//   cold starts  += max(0, s_i − w_i)              environments the period needed beyond the warm pool
//
// Cold starts counted this way are a floor: churn inside a period (environments recycled, a burst
// shorter than the period) is invisible at 1- or 5-minute resolution.
import type {Usage} from './pricing.js'
import type {DemandSeries} from './traffic-demand.js'

/**
 * How long an idle on-demand environment is assumed to stay warm. AWS does not publish it; field
 * measurements put it between 5 and 15 minutes.
 */
export const WARM_SECONDS = 600

export interface ReplaySetting {
  /** Most executions the function can have at once (its reserved concurrency, or the unreserved pool). */
  cap: number
  /** Provisioned environments during period i (0 for none). */
  provisioned: (periodIndex: number) => number
}

export interface ReplayResult extends Usage {
  /** Requests that would have been throttled. */
  throttles: number
  coldStarts: number
}

export const constantLevel = (level: number) => (): number => level

export function replay(demand: DemandSeries, setting: ReplaySetting, warmSeconds = WARM_SECONDS): ReplayResult {
  const result: ReplayResult = {throttles: 0, coldStarts: 0, requests: 0, computeSeconds: 0, provisionedSeconds: 0, provisionedUsedSeconds: 0}
  const cap = Math.max(0, setting.cap)
  const lookback = Math.max(1, Math.ceil(warmSeconds / demand.period))
  const served: number[] = []
  for (let i = 0; i < demand.peak.length; i++) {
    const peak = demand.peak[i]
    const share = peak > cap ? (peak > 0 ? cap / peak : 0) : 1
    const attempted = demand.attempted[i]
    result.throttles += attempted * (1 - share)
    result.requests += attempted * share
    const average = demand.average[i] * share
    result.computeSeconds += average * demand.period

    // Provisioned concurrency counts inside the cap (AWS refuses more than reserved).
    const provisioned = Math.min(Math.max(0, setting.provisioned(i)), cap)
    result.provisionedSeconds += provisioned * demand.period
    result.provisionedUsedSeconds += Math.min(average, provisioned) * demand.period

    const servedPeak = Math.min(peak, cap)
    // Before the window the function is taken to have run as in its first period (no artificial ramp).
    let warm = provisioned
    for (let j = Math.max(0, i - lookback); j < i; j++) warm = Math.max(warm, served[j])
    if (i === 0) warm = Math.max(warm, servedPeak)
    result.coldStarts += Math.max(0, servedPeak - warm)
    served.push(servedPeak)
  }

  return result
}

/** Share of the enabled provisioned environment-time that executions used (0 when none was enabled). */
export function utilisation(result: Pick<Usage, 'provisionedSeconds' | 'provisionedUsedSeconds'>): number {
  return result.provisionedSeconds > 0 ? result.provisionedUsedSeconds / result.provisionedSeconds : 0
}
