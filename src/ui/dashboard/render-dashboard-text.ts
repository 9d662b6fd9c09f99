// `lx dashboard --once` without --json: the same snapshot as the live view, as plain text tables
// with sparklines. No colour and no cursor movement, so it can go to a file or a CI log.
import {accountUsage, type DashboardSnapshot, type FunctionSummary, type PlaceSummary} from '../../dashboard/dashboard-data.js'
import {placeLabel} from '../../fleet/place.js'
import {placeColumns} from '../render-fleet.js'
import {type Column, renderPairs, renderTable} from '../table.js'
import {formatCount, formatPeakOfReserved, formatRatio, formatSeconds, formatTrend, TREND_PERIODS} from './format.js'
import {sparkline} from './sparkline.js'

export const SPARKLINE_WIDTH = 24

const utc = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC')

/** The function table's columns (the range and the recent window name the throttle headers). */
function functionColumns(snapshot: DashboardSnapshot, width: number): Array<Column<FunctionSummary>> {
  const recent = formatSeconds(snapshot.recent.seconds)
  return [
    {header: 'FUNCTION', value: (row) => row.functionName},
    {header: `THROTTLES ${recent.toUpperCase()}`, value: (row) => formatCount(row.recentThrottles), align: 'right'},
    {header: `THROTTLES ${snapshot.range.toUpperCase()}`, value: (row) => formatCount(row.throttles), align: 'right'},
    {header: 'TREND', value: (row) => formatTrend(row)},
    {header: 'INVOCATIONS', value: (row) => formatCount(row.invocations), align: 'right'},
    {header: 'ERRORS', value: (row) => formatCount(row.errors), align: 'right'},
    {header: 'COLD STARTS', value: (row) => (row.coldStarts === null ? 'n/a' : formatCount(row.coldStarts)), align: 'right'},
    {header: 'PEAK/RSVD', value: (row) => formatPeakOfReserved(row.peakConcurrency, row.reserved), align: 'right'},
    {header: 'PC UTIL', value: (row) => formatRatio(row.provisionedUtilization), align: 'right'},
    {header: 'SPILLOVER', value: (row) => formatCount(row.spillover), align: 'right'},
    {header: `THROTTLES (${snapshot.range})`, value: (row) => sparkline(row.series.throttles, width)},
    {header: `COLD STARTS (${snapshot.range})`, value: (row) => (row.series.coldStarts === null ? '' : sparkline(row.series.coldStarts, width))},
  ]
}

export function renderDashboardText(snapshot: DashboardSnapshot, options: {sparklineWidth?: number} = {}): string {
  const width = options.sparklineWidth ?? SPARKLINE_WIDTH
  const {account} = snapshot
  const usage = accountUsage(snapshot)
  const coldReason = snapshot.coldStarts.reason ?? 'not available'
  const recent = formatSeconds(snapshot.recent.seconds)
  const summary = renderPairs([
    ['Range', `last ${snapshot.range}, ${formatSeconds(snapshot.period)} periods: ${utc(snapshot.from)} → ${utc(snapshot.to)} (${snapshot.region})`],
    [
      'Concurrency',
      `${formatCount(usage.value)}${account.limit === null ? '' : ` / ${formatCount(account.limit)}`} ${usage.label}` +
        `${account.claimedConcurrency !== null && account.peakConcurrency !== null ? ` · peak ${formatCount(account.peakConcurrency)}` : ''}` +
        ` · unreserved ${formatCount(account.unreserved)}`,
    ],
    [
      'Throttles',
      `${sparkline(snapshot.series.accountThrottles, width)}  ${formatCount(account.recentThrottles)} in the last ${recent}, ` +
        `${formatCount(account.throttles)} in ${snapshot.range}${account.throttlesScope === 'account' ? ' (account)' : ' (selected functions)'}`,
    ],
    [
      'Cold starts',
      snapshot.series.accountColdStarts === null
        ? `unavailable: ${coldReason}`
        : `${sparkline(snapshot.series.accountColdStarts, width)}  ${formatCount(account.coldStarts)} (selected functions)`,
    ],
    ['Invocations', formatCount(account.invocations)],
  ])

  if (snapshot.functions.length === 0) return `${summary}\n\nNo functions match.`
  const table = renderTable(functionColumns(snapshot, width), snapshot.functions)

  return `${summary}\n\n${table}\n\n${notesOf(snapshot, usage.label === 'claimed').join('\n')}`
}

/** What the table's figures mean, and which functions have no cold-start count and why. */
function notesOf(snapshot: DashboardSnapshot, claimed: boolean): string[] {
  const recent = formatSeconds(snapshot.recent.seconds)
  const coldReason = snapshot.coldStarts.reason ?? 'not available'
  const where = (row: FunctionSummary) => (snapshot.places ? `${placeLabel(row)} ` : '')
  const notes: string[] = []
  if (!snapshot.coldStarts.available && !snapshot.places) notes.push(`Cold starts are n/a: ${coldReason}.`)
  else {
    if (!snapshot.coldStarts.available) notes.push(`Cold starts are n/a in ${coldReason}.`)
    const unavailable = snapshot.functions.filter(
      (row) => row.coldStarts === null && (snapshot.places === undefined || !/^Logs not readable/.test(row.coldStartsReason ?? '')),
    )
    for (const row of unavailable.slice(0, 10)) notes.push(`${where(row)}${row.functionName}: cold starts n/a (${row.coldStartsReason}).`)
    if (unavailable.length > 10) notes.push(`… and ${unavailable.length - 10} more functions without countable cold starts.`)
  }

  notes.push(
    `Ranked by throttles in the last ${recent} of complete minutes (${utc(snapshot.recent.from)} → ${utc(snapshot.recent.to)}), then over the range.`,
    `TREND: the last ${TREND_PERIODS} periods and their direction (↑ rising, ↓ falling, → steady), or when throttles stopped.`,
  )
  notes.push('PEAK/RSVD: peak concurrent executions / reserved concurrency. PC UTIL: peak provisioned-concurrency utilisation.')
  if (claimed) {
    notes.push('claimed: ClaimedAccountConcurrency, what AWS counts against the account limit (reserved and provisioned concurrency included).')
  }

  return notes
}

/** A place whose figures were read: neither unreachable nor empty of selected functions. */
const isRead = (place: PlaceSummary): boolean => place.unreachable === undefined && place.empty === undefined

/** An account-region's concurrency against its own limit: claimed when CloudWatch has it, else the peak. */
function placeConcurrency(place: PlaceSummary): string {
  const value = place.claimedConcurrency ?? place.peakConcurrency ?? null
  const label = place.claimedConcurrency === null || place.claimedConcurrency === undefined ? 'peak' : 'claimed'
  return `${formatCount(value)}${place.limit === null || place.limit === undefined ? '' : ` / ${formatCount(place.limit)}`} ${label}`
}

/**
 * `lx dashboard --once` across a fleet: the fleet's throttles, cold starts and invocations summed,
 * a row per account-region (each pool against its own limit, never added up), then one function
 * table with ACCOUNT and REGION columns, ranked across the fleet.
 */
export function renderDashboardFleetText(snapshot: DashboardSnapshot, options: {sparklineWidth?: number} = {}): string {
  const width = options.sparklineWidth ?? SPARKLINE_WIDTH
  const {account} = snapshot
  const places = snapshot.places ?? []
  const reached = places.filter((place) => isRead(place))
  const recent = formatSeconds(snapshot.recent.seconds)
  const regions = snapshot.region.split(',').join(', ')
  const summary = renderPairs([
    [
      'Range',
      `last ${snapshot.range}, ${formatSeconds(snapshot.period)} periods: ${utc(snapshot.from)} → ${utc(snapshot.to)} ` +
        `(${reached.length} account-region${reached.length === 1 ? '' : 's'}: ${regions})`,
    ],
    [
      'Throttles',
      `${sparkline(snapshot.series.accountThrottles, width)}  ${formatCount(account.recentThrottles)} in the last ${recent}, ` +
        `${formatCount(account.throttles)} in ${snapshot.range}${account.throttlesScope === 'account' ? ' (all account-regions)' : ' (selected functions)'}`,
    ],
    [
      'Cold starts',
      snapshot.series.accountColdStarts === null
        ? `unavailable: ${snapshot.coldStarts.reason ?? 'not available'}`
        : `${sparkline(snapshot.series.accountColdStarts, width)}  ${formatCount(account.coldStarts)} (selected functions)`,
    ],
    ['Invocations', `${formatCount(account.invocations)} (all account-regions)`],
  ])
  // A place not reached, or where nothing was selected, has no figures: only its note.
  const figures = (pick: (place: PlaceSummary) => string) => (place: PlaceSummary) => (isRead(place) ? pick(place) : '')
  const placeTable = renderTable(
    [
      ...placeColumns<PlaceSummary>(),
      {header: 'CONCURRENCY', value: figures((place) => placeConcurrency(place)), align: 'right'},
      {header: 'UNRESERVED', value: figures((place) => formatCount(place.unreserved ?? null)), align: 'right'},
      {header: `THROTTLES ${recent.toUpperCase()}`, value: figures((place) => formatCount(place.recentThrottles ?? 0)), align: 'right'},
      {header: `THROTTLES ${snapshot.range.toUpperCase()}`, value: figures((place) => formatCount(place.throttles ?? 0)), align: 'right'},
      {header: 'INVOCATIONS', value: figures((place) => formatCount(place.invocations ?? 0)), align: 'right'},
      {
        header: 'COLD STARTS',
        value: figures((place) => (place.coldStarts === null || place.coldStarts === undefined ? 'n/a' : formatCount(place.coldStarts))),
        align: 'right',
      },
      {header: 'FUNCTIONS', value: (place) => (place.unreachable === undefined ? formatCount(place.functions ?? 0) : ''), align: 'right'},
      ...(places.length > reached.length
        ? [
            {
              header: 'NOTE',
              value: (place: PlaceSummary) =>
                place.unreachable === undefined ? (place.empty === undefined ? '' : `nothing selected: ${place.empty}`) : `not reached: ${place.unreachable}`,
              truncate: 'end' as const,
            },
          ]
        : []),
    ],
    places,
  )
  const claimed = reached.some((place) => place.claimedConcurrency !== null && place.claimedConcurrency !== undefined)
  const table =
    snapshot.functions.length === 0
      ? 'No functions match.'
      : renderTable([...placeColumns<FunctionSummary>(), ...functionColumns(snapshot, width)], snapshot.functions)
  return `${summary}\n\n${placeTable}\n\n${table}\n\n${notesOf(snapshot, claimed).join('\n')}`
}
