// The function table: one line per function, the selected one highlighted, scrolled so the
// selection stays in view. Columns that do not fit are dropped from the right, name first kept.
import {Box, Text} from 'ink'

import {type FunctionSummary, rowKey, SORT_LABELS, type SortKey} from '../../dashboard/dashboard-data.js'
import {fit, formatCount, formatPeakOfReserved, formatRatio, formatTrend} from './format.js'

/** What the throttle headers name: the recent window ("5m") and the range ("3h"). */
export interface ColumnLabels {
  recent: string
  range: string
}

interface Column {
  header: string | ((labels: ColumnLabels) => string)
  width: number
  sort?: SortKey
  value: (row: FunctionSummary) => string
}

const NAME_MIN = 16
const GAP = 2
/** "› " marks the selected row: inverse video alone disappears under NO_COLOR. */
const GUTTER = 2

/** Throttles lead: the recent ones (what the table is ranked by), the range total and where they are going. */
export const TABLE_COLUMNS: Column[] = [
  {header: (labels) => `THR ${labels.recent.toUpperCase()}`, width: 8, sort: 'throttles', value: (row) => formatCount(row.recentThrottles)},
  {header: (labels) => `THR ${labels.range.toUpperCase()}`, width: 9, value: (row) => formatCount(row.throttles)},
  {header: 'TREND', width: 15, value: (row) => formatTrend(row)},
  {header: 'INVOCATIONS', width: 12, sort: 'invocations', value: (row) => formatCount(row.invocations)},
  {header: 'ERRORS', width: 7, sort: 'errors', value: (row) => formatCount(row.errors)},
  {header: 'COLD STARTS', width: 12, sort: 'coldStarts', value: (row) => (row.coldStarts === null ? 'n/a' : formatCount(row.coldStarts))},
  {header: 'PEAK/RSVD', width: 10, sort: 'concurrency', value: (row) => formatPeakOfReserved(row.peakConcurrency, row.reserved)},
  {header: 'PC UTIL', width: 7, value: (row) => formatRatio(row.provisionedUtilization)},
  {header: 'SPILLOVER', width: 9, value: (row) => formatCount(row.spillover)},
]

/** Across a fleet: where each function is, right after its name (kept while anything is). */
export const PLACE_COLUMNS: Column[] = [
  {header: 'ACCOUNT', width: 12, value: (row) => row.account ?? ''},
  {header: 'REGION', width: 14, value: (row) => row.region ?? ''},
]

/**
 * The columns that fit in `width` beside a name column of at least NAME_MIN, and the name's width.
 * Sortable columns are one wider than their header, for the ▼ of the current sort. Across a fleet
 * (`places`) ACCOUNT and REGION come first after the name, and go last.
 */
export function tableLayout(width: number, places = false): {nameWidth: number; columns: Column[]} {
  const columns = [...(places ? PLACE_COLUMNS : []), ...TABLE_COLUMNS]
  const used = () => GUTTER + columns.reduce((sum, column) => sum + column.width + GAP, 0)
  while (columns.length > 0 && width - used() < NAME_MIN) columns.pop()
  return {nameWidth: Math.max(1, width - used()), columns}
}

export const DEFAULT_LABELS: ColumnLabels = {recent: '5m', range: 'range'}

export function headerText(column: Column, labels: ColumnLabels = DEFAULT_LABELS): string {
  return typeof column.header === 'string' ? column.header : column.header(labels)
}

/** Text columns read left to right; numbers align right. */
const LEFT = new Set(['TREND', 'ACCOUNT', 'REGION'])
const align = (column: Column) => (typeof column.header === 'string' && LEFT.has(column.header) ? 'left' : 'right')

export function headerLine(width: number, sortKey: SortKey, labels: ColumnLabels = DEFAULT_LABELS, places = false): string {
  const {nameWidth, columns} = tableLayout(width, places)
  const mark = (header: string, sort?: SortKey) => (sort === sortKey ? `${header}▼` : header)
  const cells = [
    fit(mark('FUNCTION', sortKey === 'name' ? 'name' : undefined), nameWidth),
    ...columns.map((column) => fit(mark(headerText(column, labels), column.sort), column.width, align(column))),
  ]
  return ' '.repeat(GUTTER) + cells.join(' '.repeat(GAP))
}

export function rowLine(row: FunctionSummary, width: number, selected = false, places = false): string {
  const {nameWidth, columns} = tableLayout(width, places)
  const cells = [fit(row.functionName, nameWidth), ...columns.map((column) => fit(column.value(row), column.width, align(column)))]
  return (selected ? '› ' : '  ') + cells.join(' '.repeat(GAP))
}

/** Red while a function throttles now, green once its throttles stopped. */
const rowColor = (row: FunctionSummary) => (row.recentThrottles > 0 ? 'red' : row.throttleTrend === 'stopped' ? 'green' : undefined)

/** First visible row so that `selected` is on screen, keeping the window still while it can. */
export function scrollOffset(selected: number, visible: number, total: number, previous = 0): number {
  if (visible <= 0 || total <= visible) return 0
  let offset = Math.min(Math.max(0, previous), total - visible)
  if (selected < offset) offset = selected
  if (selected >= offset + visible) offset = selected - visible + 1
  return offset
}

export interface FunctionTableProps {
  rows: FunctionSummary[]
  selected: number
  width: number
  /** Lines available, header and footer included. */
  height: number
  sortKey: SortKey
  filter?: string
  labels?: ColumnLabels
  /** Across a fleet: ACCOUNT and REGION columns. */
  places?: boolean
}

export function FunctionTable({rows, selected, width, height, sortKey, filter, labels = DEFAULT_LABELS, places = false}: FunctionTableProps) {
  const visible = Math.max(1, height - 2)
  const offset = scrollOffset(selected, visible, rows.length)
  const shown = rows.slice(offset, offset + visible)
  const position = rows.length === 0 ? '' : `${offset + 1}–${offset + shown.length} of ${rows.length}`
  const footer = [`sorted by ${SORT_LABELS[sortKey]}`, filter ? `filter "${filter}"` : undefined, position].filter(Boolean).join(' · ')
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {headerLine(width, sortKey, labels, places)}
      </Text>
      {rows.length === 0 ? (
        <Text dimColor>{filter ? `No function matches "${filter}".` : 'No functions.'}</Text>
      ) : (
        shown.map((row, index) => {
          const isSelected = offset + index === selected
          return (
            <Text key={rowKey(row)} inverse={isSelected} color={rowColor(row)} wrap="truncate">
              {rowLine(row, width, isSelected, places)}
            </Text>
          )
        })
      )}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate">
        {footer}
      </Text>
    </Box>
  )
}
