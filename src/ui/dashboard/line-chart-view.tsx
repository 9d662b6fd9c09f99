// A titled line chart in a box of fixed size; says why when there is nothing to draw.
import {Box, Text} from 'ink'

import {formatSeconds} from './format.js'
import {plotLineChart} from './line-chart.js'

export interface LineChartViewProps {
  title: string
  /** null: the series cannot be known (e.g. Logs unreadable); `unavailable` says why. */
  values: number[] | null
  period: number
  width: number
  /** Lines, title included. */
  height: number
  unavailable?: string
  color?: string
}

export function LineChartView({title, values, period, width, height, unavailable, color}: LineChartViewProps) {
  if (values === null) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold wrap="truncate">
          {title}
        </Text>
        <Text dimColor wrap="truncate-end">
          {unavailable ?? 'not available'}
        </Text>
      </Box>
    )
  }

  const lines = plotLineChart(values, {width, height: Math.max(1, height - 1)})
  const total = values.reduce((sum, value) => sum + value, 0)
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {title} per {formatSeconds(period)} · total {total.toLocaleString('en-US')}
      </Text>
      <Text color={color} wrap="truncate">
        {lines.join('\n')}
      </Text>
    </Box>
  )
}
