// The dashboard across a fleet: one DashboardSource per account-region (each with its own clients
// and rate budgets), all refreshed on every tick at once, merged into one snapshot whose rows carry
// their account and region. A place that fails shows on the status line; the others go on.
import {type Unreachable} from '../fleet/place.js'
import {mergeSnapshots} from './dashboard-data.js'
import type {DashboardFeed, RefreshOutcome, RefreshRequest, RefreshStats} from './dashboard-source.js'

/** One account-region's source. */
export interface PlaceFeed {
  account?: string
  region: string
  feed: DashboardFeed
}

export interface PlaceOutcome {
  account?: string
  region: string
  outcome: RefreshOutcome
}

const COLD_STARTS = 'Cold starts: '
/** The status line's prefix for account-regions the live view could not start in. */
export const NOT_REACHED = 'Not reached '

const labelOf = (place: {account?: string; region: string}) => (place.account ? `${place.account}/${place.region}` : place.region)

function sumStats(outcomes: readonly RefreshOutcome[]): RefreshStats {
  const [first] = outcomes
  return {
    full: outcomes.some(({stats}) => stats.full),
    period: first.stats.period,
    window: first.stats.window,
    getMetricDataCalls: outcomes.reduce((sum, {stats}) => sum + stats.getMetricDataCalls, 0),
    metricQueries: outcomes.reduce((sum, {stats}) => sum + stats.metricQueries, 0),
    datapoints: outcomes.reduce((sum, {stats}) => sum + stats.datapoints, 0),
    coldStartsFetched: outcomes.some(({stats}) => stats.coldStartsFetched),
    coldStartQueries: outcomes.reduce((sum, {stats}) => sum + stats.coldStartQueries, 0),
    logsBytesScanned: outcomes.reduce((sum, {stats}) => sum + stats.logsBytesScanned, 0),
    durationMs: Math.max(...outcomes.map(({stats}) => stats.durationMs)),
  }
}

export class FleetDashboardFeed implements DashboardFeed {
  /**
   * @param places one feed per account-region reached
   * @param unreachable the account-regions that could not be read at all: one line on the status bar
   */
  constructor(
    private readonly places: readonly PlaceFeed[],
    private readonly unreachable: readonly Unreachable[] = [],
  ) {}

  /** Every place's refresh at once, each on its own budgets. */
  async refreshPlaces(request: RefreshRequest, onPlace?: (done: number, total: number) => void): Promise<PlaceOutcome[]> {
    let done = 0
    return Promise.all(
      this.places.map(async (place) => {
        const outcome = await place.feed.refresh(request)
        onPlace?.(++done, this.places.length)
        return {account: place.account, region: place.region, outcome}
      }),
    )
  }

  async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    return mergeOutcomes(await this.refreshPlaces(request), this.unreachable)
  }
}

/**
 * One outcome for the live view: the merged snapshot, each place's problems on the status line
 * under its name, metrics "ok" while any place's are, and the failure only when every place failed.
 */
export function mergeOutcomes(outcomes: readonly PlaceOutcome[], unreachable: readonly Unreachable[] = []): RefreshOutcome {
  const all = outcomes.map(({outcome}) => outcome)
  const ok = all.some((outcome) => outcome.ok)
  const successes = all.map((outcome) => outcome.lastSuccessAt).filter((at): at is number => at !== undefined)
  // Under the place's name; a cold-start problem keeps its prefix, which says the metrics are fine.
  const errors = outcomes.flatMap((place) =>
    place.outcome.errors.map((error) =>
      error.startsWith(COLD_STARTS) ? `${COLD_STARTS}${labelOf(place)}: ${error.slice(COLD_STARTS.length)}` : `${labelOf(place)}: ${error}`,
    ),
  )
  if (unreachable.length > 0) {
    const list = unreachable.map(
      (item) => `${item.account && item.region ? `${item.account}/${item.region}` : (item.account ?? item.region ?? item.profile)}: ${item.reason}`,
    )
    errors.push(`${NOT_REACHED}(${unreachable.length}): ${list.join('; ')}`)
  }

  return {
    snapshot: mergeSnapshots(outcomes.map(({account, region, outcome}) => ({account, region, snapshot: outcome.snapshot}))),
    at: Math.min(...all.map((outcome) => outcome.at)),
    ok,
    lastSuccessAt: successes.length === 0 ? undefined : Math.max(...successes),
    errors,
    failure: all.every((outcome) => outcome.failure !== undefined) ? all[0].failure : undefined,
    stats: sumStats(all),
  }
}
