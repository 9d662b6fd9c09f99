// Top of the screen: where the data comes from, and how much of the account's concurrency is in
// use. ClaimedAccountConcurrency is what AWS counts against the limit (reserved and provisioned
// included), so it is shown when present; otherwise the peak of ConcurrentExecutions.
import {Box, Text} from 'ink'

import {accountUsage, type DashboardSnapshot} from '../../metrics/dashboard-data.js'
import {formatCount, formatSeconds} from './format.js'
import {gauge} from './gauge.js'

export interface AccountHeaderProps {
  snapshot: DashboardSnapshot
  width: number
  functionCount: number
}

export function AccountHeader({snapshot, width, functionCount}: AccountHeaderProps) {
  const {account} = snapshot
  const usage = accountUsage(snapshot)
  const limit = account.limit
  const facts = [
    `${formatCount(usage.value)}${limit === null ? '' : ` / ${formatCount(limit)}`} ${usage.label}`,
    account.claimedConcurrency !== null && account.peakConcurrency !== null ? `peak ${formatCount(account.peakConcurrency)}` : undefined,
    `unreserved ${formatCount(account.unreserved)}`,
    `throttles ${formatCount(account.throttles)}${account.throttlesScope === 'account' ? '' : ' (selected)'}`,
  ].filter(Boolean).join(' · ')
  const label = 'Concurrency '
  const gaugeWidth = Math.max(5, Math.min(40, width - label.length - facts.length - 3))
  const ratio = limit && usage.value !== null ? usage.value / limit : 0
  const color = ratio >= 0.9 ? 'red' : ratio >= 0.7 ? 'yellow' : 'green'
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>lx dashboard</Text> · {snapshot.region} · last {snapshot.range} in {formatSeconds(snapshot.period)} periods · {functionCount} function
        {functionCount === 1 ? '' : 's'}
      </Text>
      <Text wrap="truncate">
        {label}
        <Text color={color}>{gauge(usage.value ?? 0, limit ?? 0, gaugeWidth)}</Text> {facts}
      </Text>
    </Box>
  )
}
