// Top of the screen: where the data comes from, how much of the account's concurrency is in use, and
// its throttles now against the range. ClaimedAccountConcurrency is what AWS counts against the limit
// (reserved and provisioned included), so it is shown when present; otherwise the peak of
// ConcurrentExecutions. Every line fits the terminal: the least important facts go first.
import {Box, Text} from 'ink'

import {accountUsage, type DashboardSnapshot, throttleRecency} from '../../dashboard/dashboard-data.js'
import {placeLabel} from '../../fleet/place.js'
import {formatAgo, formatCount, formatSeconds} from './format.js'
import {gauge} from './gauge.js'

export interface AccountHeaderProps {
  snapshot: DashboardSnapshot
  width: number
  functionCount: number
}

/** Lines the header takes. */
export const HEADER_HEIGHT = 3
const LABEL_WIDTH = 12
const MIN_GAUGE = 5

/** The concurrency facts that fit beside a gauge of at least MIN_GAUGE cells: peak goes first, then unreserved. */
export function concurrencyFacts(snapshot: DashboardSnapshot, width: number): string {
  const {account} = snapshot
  const usage = accountUsage(snapshot)
  const limit = account.limit
  const parts = [
    `${formatCount(usage.value)}${limit === null ? '' : ` / ${formatCount(limit)}`} ${usage.label}`,
    account.claimedConcurrency !== null && account.peakConcurrency !== null ? `peak ${formatCount(account.peakConcurrency)}` : undefined,
    `unreserved ${formatCount(account.unreserved)}`,
  ].filter((part): part is string => Boolean(part))
  const join = () => parts.join(' · ')
  while (parts.length > 1 && LABEL_WIDTH + MIN_GAUGE + 1 + join().length > width) parts.splice(1, 1)
  return join()
}

/** "0 in the last 5m · 493 in 3h · stopped 12m ago", shortened to fit. */
export function throttleFacts(snapshot: DashboardSnapshot, width: number): string {
  const {account} = snapshot
  const recent = formatSeconds(snapshot.recent.seconds)
  const scope = account.throttlesScope !== 'account' ? ' (selected functions)' : snapshot.places ? ' (all account-regions)' : ''
  const recency = throttleRecency(snapshot.series.accountThrottles, Date.parse(snapshot.from) / 1000, snapshot.period)
  const latestComplete = Date.parse(snapshot.to) / 1000 - snapshot.period
  const stopped = recency.stoppedAt === null ? undefined : `stopped ${formatAgo((latestComplete - recency.stoppedAt) / 60)}`
  const candidates = [
    [`${formatCount(account.recentThrottles)} in the last ${recent}`, `${formatCount(account.throttles)} in ${snapshot.range}${scope}`, stopped],
    [`${formatCount(account.recentThrottles)} in the last ${recent}`, `${formatCount(account.throttles)} in ${snapshot.range}`, stopped],
    [`${formatCount(account.recentThrottles)} in ${recent}`, `${formatCount(account.throttles)} in ${snapshot.range}`],
  ].map((parts) => parts.filter(Boolean).join(' · '))
  return candidates.find((text) => LABEL_WIDTH + text.length <= width) ?? candidates.at(-1)!
}

/**
 * Across a fleet each account-region has its own limit: the header shows the one closest to it
 * (its label first), never a sum.
 */
export function busiestPlace(snapshot: DashboardSnapshot): {label: string; value: number | null; limit: number | null; usage: string} | undefined {
  let busiest: {label: string; value: number | null; limit: number | null; usage: string; ratio: number} | undefined
  for (const place of snapshot.places ?? []) {
    if (place.unreachable !== undefined || place.empty !== undefined) continue
    const claimed = place.claimedConcurrency ?? null
    const value = claimed ?? place.peakConcurrency ?? null
    const limit = place.limit ?? null
    const ratio = limit && value !== null ? value / limit : 0
    if (!busiest || ratio > busiest.ratio) busiest = {label: placeLabel(place), value, limit, usage: claimed === null ? 'peak concurrent' : 'claimed', ratio}
  }

  return busiest
}

export function AccountHeader({snapshot, width, functionCount}: AccountHeaderProps) {
  const {account} = snapshot
  const busiest = busiestPlace(snapshot)
  const usage = busiest ? {value: busiest.value, label: busiest.usage} : accountUsage(snapshot)
  const limit = busiest ? busiest.limit : account.limit
  const facts = busiest
    ? `busiest ${busiest.label}: ${formatCount(busiest.value)}${limit === null ? '' : ` / ${formatCount(limit)}`} ${busiest.usage}`
    : concurrencyFacts(snapshot, width)
  const places = snapshot.places?.filter((place) => place.unreachable === undefined && place.empty === undefined).length
  const where = places === undefined ? snapshot.region : `${places} account-region${places === 1 ? '' : 's'} (${snapshot.region.split(',').join(', ')})`
  const gaugeWidth = Math.max(MIN_GAUGE, Math.min(40, width - LABEL_WIDTH - facts.length - 1))
  const ratio = limit && usage.value !== null ? usage.value / limit : 0
  const color = ratio >= 0.9 ? 'red' : ratio >= 0.7 ? 'yellow' : 'green'
  const functions = `${formatCount(functionCount)} function${functionCount === 1 ? '' : 's'}`
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>lx dashboard</Text> · {where} · last {snapshot.range} in {formatSeconds(snapshot.period)} periods · {functions}
      </Text>
      <Text wrap="truncate">
        {'Concurrency'.padEnd(LABEL_WIDTH)}
        <Text color={color}>{gauge(usage.value ?? 0, limit ?? 0, gaugeWidth)}</Text> {facts}
      </Text>
      <Text wrap="truncate" color={account.recentThrottles > 0 ? 'red' : undefined}>
        {'Throttles'.padEnd(LABEL_WIDTH)}
        {throttleFacts(snapshot, width)}
      </Text>
    </Box>
  )
}
