// `lx dashboard --once` without --json: the same snapshot as the live view, as plain text tables
// with sparklines. No colour and no cursor movement, so it can go to a file or a CI log.
import {accountUsage, type DashboardSnapshot} from '../../dashboard/dashboard-data.js'
import {renderPairs, renderTable} from '../table.js'
import {formatCount, formatPeakOfReserved, formatRatio, formatSeconds, formatTrend, TREND_PERIODS} from './format.js'
import {sparkline} from './sparkline.js'

export const SPARKLINE_WIDTH = 24

const utc = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC')

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
  const table = renderTable(
    [
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
    ],
    snapshot.functions,
  )

  const notes: string[] = []
  if (!snapshot.coldStarts.available) notes.push(`Cold starts are n/a: ${coldReason}.`)
  else {
    const unavailable = snapshot.functions.filter((row) => row.coldStarts === null)
    for (const row of unavailable.slice(0, 10)) notes.push(`${row.functionName}: cold starts n/a (${row.coldStartsReason}).`)
    if (unavailable.length > 10) notes.push(`… and ${unavailable.length - 10} more functions without countable cold starts.`)
  }

  notes.push(
    `Ranked by throttles in the last ${recent} of complete minutes (${utc(snapshot.recent.from)} → ${utc(snapshot.recent.to)}), then over the range.`,
    `TREND: the last ${TREND_PERIODS} periods and their direction (↑ rising, ↓ falling, → steady), or when throttles stopped.`,
  )
  notes.push('PEAK/RSVD: peak concurrent executions / reserved concurrency. PC UTIL: peak provisioned-concurrency utilisation.')
  if (usage.label === 'claimed') {
    notes.push('claimed: ClaimedAccountConcurrency, what AWS counts against the account limit (reserved and provisioned concurrency included).')
  }
  return `${summary}\n\n${table}\n\n${notes.join('\n')}`
}
