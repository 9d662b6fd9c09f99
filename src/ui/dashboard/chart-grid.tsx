// Throttles and cold starts over the range, for the account and for the selected function: a 2×2
// grid when the terminal is wide enough, otherwise the selected function's charts alone.
import {Box} from 'ink'

import {type DashboardSnapshot, type FunctionSummary, rowKey} from '../../dashboard/dashboard-data.js'
import {LineChartView} from './line-chart-view.js'

/** Below this many columns the account charts give way to the function's. */
export const TWO_COLUMNS_FROM = 100

export interface ChartGridProps {
  snapshot: DashboardSnapshot
  selected?: FunctionSummary
  width: number
  height: number
  /** Only the selected function's charts, full width (focus mode). */
  functionOnly?: boolean
}

export function ChartGrid({snapshot, selected, width, height, functionOnly}: ChartGridProps) {
  const chartHeight = Math.max(2, Math.floor(height / 2))
  const columns: Array<{key: string; label: string; throttles: number[]; coldStarts: number[] | null; reason?: string}> = []
  const showAccount = !functionOnly && (width >= TWO_COLUMNS_FROM || !selected)
  if (showAccount) {
    columns.push({
      key: 'account',
      label: snapshot.places ? 'all account-regions' : snapshot.account.throttlesScope === 'account' ? 'account' : 'selected functions',
      throttles: snapshot.series.accountThrottles,
      coldStarts: snapshot.series.accountColdStarts,
      reason: snapshot.coldStarts.reason ?? undefined,
    })
  }

  if (selected && (functionOnly || width >= TWO_COLUMNS_FROM || !showAccount)) {
    columns.push({
      key: `fn-${rowKey(selected)}`,
      label: selected.functionName,
      throttles: selected.series.throttles,
      coldStarts: selected.series.coldStarts,
      reason: selected.coldStartsReason,
    })
  }

  const gap = 2
  const columnWidth = Math.max(10, Math.floor((width - gap * (columns.length - 1)) / Math.max(1, columns.length)))
  return (
    <Box flexDirection="row" width={width} height={chartHeight * 2} columnGap={gap}>
      {columns.map((column) => (
        <Box key={column.key} flexDirection="column" width={columnWidth}>
          <LineChartView
            title={`Throttles · ${column.label}`}
            values={column.throttles}
            period={snapshot.period}
            width={columnWidth}
            height={chartHeight}
            color="red"
          />
          <LineChartView
            title={`Cold starts · ${column.label}`}
            values={column.coldStarts}
            period={snapshot.period}
            width={columnWidth}
            height={chartHeight}
            unavailable={column.reason}
            color="cyan"
          />
        </Box>
      ))}
    </Box>
  )
}
