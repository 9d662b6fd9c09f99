// The live dashboard: lays out header, table, charts and status line for the terminal's size,
// refreshes on a timer (one refresh at a time), and handles the keys.
import {Box, Text, useApp, useInput, useStdin} from 'ink'
import {useCallback, useEffect, useMemo, useRef, useState} from 'react'

import {type DashboardSnapshot, filterFunctions, nextSortKey, rowKey, type SortKey, sortFunctions} from '../../dashboard/dashboard-data.js'
import type {DashboardFeed, RefreshOutcome} from '../../dashboard/dashboard-source.js'
import {formatRange, stepRange} from '../../metrics/parse-range.js'
import {AccountHeader, HEADER_HEIGHT} from './account-header.js'
import {ChartGrid} from './chart-grid.js'
import {FunctionDetail} from './function-detail.js'
import {formatSeconds} from './format.js'
import {FunctionTable} from './function-table.js'
import {HelpOverlay} from './help-overlay.js'
import {type KeyFlags, splitKeys} from './split-keys.js'
import {type StatusInfo, StatusLine, statusHeight} from './status-line.js'
import {type TerminalSize, useTerminalSize} from './use-terminal-size.js'

export interface AppProps {
  feed: DashboardFeed
  rangeSeconds: number
  refreshSeconds: number
  /** Fixed size (tests); the terminal's otherwise. */
  size?: TerminalSize
  now?: () => number
  onQuit?: () => void
}

/** Two charts of 12 lines say all there is to say; more height goes to the table. */
export const MAX_CHARTS_HEIGHT = 24

/**
 * Lines for the table and for the charts, out of what is left between header and status. The
 * charts get at least 45% (when there is room for them at all); a short table gives them the rest.
 */
export function splitHeight(available: number, tableRows: number): {table: number; charts: number} {
  if (available < 14) return {table: Math.max(3, available), charts: 0}
  const minCharts = Math.min(MAX_CHARTS_HEIGHT, Math.max(8, Math.floor(available * 0.45)))
  const table = Math.max(3, Math.min(available - minCharts, tableRows + 2))
  const charts = Math.min(MAX_CHARTS_HEIGHT, available - table)
  return {table: available - charts, charts}
}

export function App({feed, rangeSeconds: initialRange, refreshSeconds, size: fixedSize, now = Date.now, onQuit}: AppProps) {
  const {exit} = useApp()
  const {isRawModeSupported} = useStdin()
  const terminal = useTerminalSize()
  const size = fixedSize ?? terminal
  const [range, setRange] = useState(initialRange)
  const [snapshot, setSnapshot] = useState<DashboardSnapshot>()
  const [status, setStatus] = useState<StatusInfo>({refreshing: true, errors: []})
  const [sortKey, setSortKey] = useState<SortKey>('throttles')
  const [filter, setFilter] = useState('')
  const [filtering, setFiltering] = useState(false)
  // The selected row by its key (name, and across a fleet its account and region), so a re-sort keeps it.
  const [selectedName, setSelectedName] = useState<string>()
  const [focus, setFocus] = useState(false)
  const [help, setHelp] = useState(false)
  const [tick, setTick] = useState(0)
  const forceColdStarts = useRef(false)
  // The source keeps incremental state: refreshes run one after another, never side by side.
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  useEffect(() => {
    let active = true
    let timer: NodeJS.Timeout | undefined
    const force = forceColdStarts.current
    forceColdStarts.current = false
    setStatus((previous) => ({...previous, refreshing: true}))
    const schedule = () => {
      timer = setTimeout(() => setTick((value) => value + 1), refreshSeconds * 1000)
      return now() + refreshSeconds * 1000
    }

    const run = queue.current.then(() => feed.refresh({rangeSeconds: range, forceColdStarts: force}))
    queue.current = run.catch(() => {})
    run.then(
      (outcome: RefreshOutcome) => {
        if (!active) return
        setSnapshot(outcome.snapshot)
        const nextAt = schedule()
        setStatus({
          refreshing: false,
          lastAttemptAt: outcome.at,
          lastSuccessAt: outcome.lastSuccessAt,
          nextAt,
          errors: outcome.errors,
          stats: outcome.ok ? outcome.stats : undefined,
          coldStarts: outcome.snapshot.coldStarts,
        })
      },
      (error: unknown) => {
        if (!active) return
        const nextAt = schedule()
        setStatus((previous) => ({...previous, refreshing: false, lastAttemptAt: now(), nextAt, errors: [(error as Error)?.message ?? String(error)]}))
      },
    )
    return () => {
      active = false
      if (timer) clearTimeout(timer)
    }
  }, [range, tick, feed, refreshSeconds])

  const places = snapshot?.places !== undefined
  const rows = useMemo(() => filterFunctions(sortFunctions(snapshot?.functions ?? [], sortKey), filter, {places}), [snapshot, sortKey, filter, places])
  const selectedIndex = Math.max(
    0,
    rows.findIndex((row) => rowKey(row) === selectedName),
  )
  const selected = rows[selectedIndex]

  const quit = useCallback(() => {
    onQuit?.()
    exit()
  }, [exit, onQuit])

  const {table: tableHeight, charts: chartHeight} = splitHeight(
    size.rows - 1 - HEADER_HEIGHT - statusHeight(status, size.columns) - (filtering ? 1 : 0),
    rows.length,
  )

  // Keys are handled against what is on screen now. Ink re-subscribes the handler after a render
  // commits, so a key pressed right after a redraw could otherwise meet the previous render's
  // closure (an empty table, a help screen already closed).
  const screen = useRef({rows, selectedIndex, tableHeight, help, filtering})
  screen.current = {rows, selectedIndex, tableHeight, help, filtering}

  const move = (delta: number) => {
    const {rows: current, selectedIndex: index} = screen.current
    if (current.length === 0) return
    const next = Math.min(current.length - 1, Math.max(0, index + delta))
    setSelectedName(rowKey(current[next]))
    screen.current = {...screen.current, selectedIndex: next}
  }

  const setHelpNow = (value: boolean) => {
    screen.current = {...screen.current, help: value}
    setHelp(value)
  }

  const setFilteringNow = (value: boolean) => {
    screen.current = {...screen.current, filtering: value}
    setFiltering(value)
  }

  const handleKey = (input: string, key: KeyFlags) => {
    const now = screen.current
    if (now.help) {
      if (input === 'q') quit()
      setHelpNow(false)
      return
    }

    if (now.filtering) {
      if (key.return) setFilteringNow(false)
      else if (key.escape) {
        setFilter('')
        setFilteringNow(false)
      } else if (key.backspace || key.delete) setFilter((value) => value.slice(0, -1))
      else if (input && !key.ctrl && !key.meta) setFilter((value) => value + input)
      return
    }

    if (input === 'q') quit()
    else if (key.upArrow || input === 'k') move(-1)
    else if (key.downArrow || input === 'j') move(1)
    else if (key.pageUp) move(-Math.max(1, now.tableHeight - 2))
    else if (key.pageDown) move(Math.max(1, now.tableHeight - 2))
    else if (key.return) setFocus((value) => !value && now.rows.length > 0)
    else if (key.escape) setFocus(false)
    else if (input === 's') {
      // Pin the selection by name first, so re-sorting does not move it to another function.
      const row = now.rows[now.selectedIndex]
      setSelectedName(row ? rowKey(row) : undefined)
      setSortKey((value) => nextSortKey(value))
    } else if (input === '/') setFilteringNow(true)
    else if (input === '+' || input === '=') setRange((value) => stepRange(value, 1))
    else if (input === '-' || input === '_') setRange((value) => stepRange(value, -1))
    else if (input === 'r') {
      forceColdStarts.current = true
      setTick((value) => value + 1)
    } else if (input === '?') setHelpNow(true)
  }

  useInput(
    (input, key) => {
      for (const stroke of splitKeys(input, key)) handleKey(stroke.input, stroke.key)
    },
    {isActive: isRawModeSupported === true},
  )

  const width = size.columns
  if (!snapshot) {
    return (
      <Box flexDirection="column" width={width}>
        <Text>
          <Text bold>lx dashboard</Text> · reading the last {formatRange(range)}…
        </Text>
        <StatusLine status={status} width={width} />
      </Box>
    )
  }

  // After + or -, the old range stays on screen (its header says which) until the new one arrives.
  const loadingRange = snapshot.rangeSeconds !== range
  let body
  if (help) {
    body = <HelpOverlay width={width} refreshSeconds={refreshSeconds} />
  } else if (focus && selected) {
    const chartsHeight = Math.min(MAX_CHARTS_HEIGHT, Math.max(4, tableHeight + chartHeight - 3))
    body = (
      <Box flexDirection="column">
        <FunctionDetail fn={selected} width={width} places={places} />
        <ChartGrid snapshot={snapshot} selected={selected} width={width} height={chartsHeight} functionOnly />
      </Box>
    )
  } else {
    body = (
      <Box flexDirection="column">
        <FunctionTable
          rows={rows}
          selected={selectedIndex}
          width={width}
          height={tableHeight}
          sortKey={sortKey}
          filter={filter}
          places={places}
          labels={{recent: formatSeconds(snapshot.recent.seconds), range: snapshot.range}}
        />
        {chartHeight > 0 ? <ChartGrid snapshot={snapshot} selected={selected} width={width} height={chartHeight} /> : null}
      </Box>
    )
  }

  return (
    <Box flexDirection="column" width={width}>
      <AccountHeader snapshot={snapshot} width={width} functionCount={snapshot.functions.length} />
      {body}
      {filtering ? (
        <Text wrap="truncate-end">
          Filter /{filter}▌ <Text dimColor>(Enter keeps it · Esc clears it)</Text>
        </Text>
      ) : null}
      <StatusLine status={loadingRange ? {...status, refreshing: true} : status} width={width} />
    </Box>
  )
}
