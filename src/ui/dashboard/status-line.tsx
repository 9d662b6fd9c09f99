// Bottom of the screen: when the data is from, when it will be refreshed, and anything that went
// wrong. A failed refresh keeps the previous data on screen; this line says so and why.
import {Box, Text} from 'ink'

import type {DashboardSnapshot} from '../../dashboard/dashboard-data.js'
import type {RefreshStats} from '../../dashboard/dashboard-source.js'
import {formatClock} from './format.js'

export interface StatusInfo {
  refreshing: boolean
  /** Epoch ms. */
  lastAttemptAt?: number
  lastSuccessAt?: number
  nextAt?: number
  /** Problems of the last refresh, one line each. */
  errors: string[]
  stats?: RefreshStats
  coldStarts?: DashboardSnapshot['coldStarts']
}

export const KEY_HINTS = '↑↓ select · enter focus · s sort · / filter · +/- range · r refresh · ? help · q quit'
/** Under 90 columns: the same keys, shorter, so `q quit` and `? help` stay on screen. */
export const SHORT_KEY_HINTS = '↑↓ move · ⏎ focus · s sort · / filter · +/- range · r refresh · ? help · q quit'
const TINY_KEY_HINTS = '? help · q quit · ↑↓ · ⏎ · s · / · +/- · r'

export function keyHints(width: number): string {
  return [KEY_HINTS, SHORT_KEY_HINTS].find((hints) => hints.length <= width) ?? TINY_KEY_HINTS
}

export function statusText(status: StatusInfo): string {
  const parts: string[] = []
  if (status.refreshing) parts.push('Refreshing…')
  if (status.lastSuccessAt !== undefined) parts.push(`Refreshed ${formatClock(status.lastSuccessAt)}`)
  else if (!status.refreshing) parts.push('Not refreshed yet')
  if (status.nextAt !== undefined && !status.refreshing) parts.push(`next ${formatClock(status.nextAt)}`)
  if (status.stats && status.stats.getMetricDataCalls > 0) {
    const {stats} = status
    parts.push(
      `${stats.getMetricDataCalls} GetMetricData call${stats.getMetricDataCalls === 1 ? '' : 's'}, ${stats.metricQueries} ` +
        `queries${stats.full ? '' : ' (incremental)'}`,
    )
  }

  if (status.coldStarts?.available && status.coldStarts.asOf) parts.push(`cold starts as of ${formatClock(Date.parse(status.coldStarts.asOf))}`)
  return parts.join(' · ')
}

/** The line saying why the numbers on screen are old, or missing. */
export function problemLines(status: StatusInfo): string[] {
  const lines: string[] = []
  // Account-regions of a fleet that could not be read at all: said, but not a failed refresh.
  const notReached = status.errors.filter((line) => line.startsWith('Not reached ('))
  const failed = status.errors.filter((line) => !line.startsWith('Cold starts:') && !notReached.includes(line))
  if (failed.length > 0 && status.lastAttemptAt !== undefined) {
    const keeping = status.lastSuccessAt === undefined ? 'no data yet' : `showing data from ${formatClock(status.lastSuccessAt)}`
    lines.push(`Refresh at ${formatClock(status.lastAttemptAt)} failed (${keeping}): ${failed.join('; ')}`)
  }

  lines.push(...notReached)

  if (status.coldStarts && !status.coldStarts.available && status.coldStarts.reason) {
    lines.push(`Cold starts unavailable: ${status.coldStarts.reason.replace(/^Cold starts:\s*/, '')}`)
  } else {
    for (const line of status.errors.filter((error) => error.startsWith('Cold starts:'))) lines.push(`${line} (counts shown are older)`)
  }

  if (status.coldStarts?.missingLogGroups.length) {
    const groups = status.coldStarts.missingLogGroups
    lines.push(
      `No log group for ${groups.length} function${groups.length === 1 ? '' : 's'} ` +
        `(${groups.slice(0, 3).join(', ')}${groups.length > 3 ? ', …' : ''}): cold starts n/a`,
    )
  }

  return lines
}

export function StatusLine({status, width}: {status: StatusInfo; width: number}) {
  const problems = problemLines(status)
  return (
    <Box flexDirection="column" width={width}>
      {problems.map((line) => (
        <Text key={line} color={line.startsWith('Refresh at') ? 'red' : 'yellow'} wrap="wrap">
          {line}
        </Text>
      ))}
      <Text wrap="truncate-end">{statusText(status)}</Text>
      <Text dimColor wrap="truncate-end">
        {keyHints(width)}
      </Text>
    </Box>
  )
}

/** Lines the status area takes at this width (problems wrap rather than lose their reason). */
export function statusHeight(status: StatusInfo, width: number): number {
  const columns = Math.max(1, width)
  return problemLines(status).reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / columns)), 0) + 2
}
