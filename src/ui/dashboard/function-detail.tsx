// Focus mode (Enter): everything the dashboard knows about one function, above its charts.
import {Box, Text} from 'ink'

import type {FunctionSummary} from '../../dashboard/dashboard-data.js'
import {placeLabel} from '../../fleet/place.js'
import {formatCount, formatPeakOfReserved, formatRatio} from './format.js'

export function detailLines(fn: FunctionSummary): string[] {
  const cold =
    fn.coldStarts === null
      ? `cold starts n/a (${fn.coldStartsReason ?? 'unknown'})`
      : `cold starts ${formatCount(fn.coldStarts)}${fn.avgInitMs === null ? '' : ` (avg init ${formatCount(fn.avgInitMs)} ms)`}`
  const throttled = fn.throttleRate === null ? '' : ` (${formatRatio(fn.throttleRate)} of requests)`
  const provisioned =
    fn.provisioned === null
      ? 'no provisioned concurrency'
      : `provisioned ${formatCount(fn.provisioned)} · utilisation peak ${formatRatio(fn.provisionedUtilization)}, mean ` +
        `${formatRatio(fn.provisionedUtilizationAvg)} · spillover ${formatCount(fn.spillover)}`
  return [
    `invocations ${formatCount(fn.invocations)} · throttles ${formatCount(fn.throttles)}${throttled} · errors ${formatCount(fn.errors)} · ${cold}`,
    `peak concurrency ${formatPeakOfReserved(fn.peakConcurrency, fn.reserved)}${fn.reserved === null ? ' (no reserved concurrency)' : ' reserved'} · ` +
      `${provisioned}`,
  ]
}

export function FunctionDetail({fn, width, places = false}: {fn: FunctionSummary; width: number; places?: boolean}) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {fn.functionName}
        {places ? ` · ${placeLabel(fn)}` : ''} <Text dimColor>(Enter or Esc: back to the table)</Text>
      </Text>
      {detailLines(fn).map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  )
}
