// Number and time formats shared by the live view and the `--once` text, so both print the same
// figures the same way.
import type {FunctionSummary} from '../../dashboard/dashboard-data.js'
import {sparkline} from './sparkline.js'

const GROUPED = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0})

/** 1234567 → "1,234,567"; null → "-". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-'
  return GROUPED.format(value)
}

/** 0.734 → "73%"; null → "-". */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-'
  if (value > 0 && value < 0.01) return '<1%'
  return `${Math.round(value * 100)}%`
}

/** Peak concurrency against the reserved ceiling: "98/100", or "98" when nothing is reserved. */
export function formatPeakOfReserved(peak: number, reserved: number | null): string {
  return reserved === null ? formatCount(peak) : `${formatCount(peak)}/${formatCount(reserved)}`
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs)
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':')
}

/** 45 → "45s", 300 → "5m", 7200 → "2h", 86400 → "1d". */
export function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`
  if (seconds % 3600 === 0) return `${seconds / 3600}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${Math.round(seconds)}s`
}

/** Pad or cut to exactly `width` characters (cut text ends in "…"). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return ''
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`
  return align === 'right' ? text.padStart(width) : text.padEnd(width)
}

/** 4 → "4m ago", 150 → "2h ago", 3000 → "2d ago". */
export function formatAgo(minutes: number): string {
  if (minutes < 120) return `${Math.max(0, Math.round(minutes))}m ago`
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ago`
  return `${Math.floor(minutes / 1440)}d ago`
}

const ARROWS = {rising: '↑', falling: '↓', steady: '→'} as const
/** Complete periods the trend sparkline shows. */
export const TREND_PERIODS = 8

/**
 * A row's throttle trend in at most 15 characters: "stopped 4m ago" once they stopped, else a
 * sparkline of the last complete periods and an arrow (↑ rising, ↓ falling, → steady); "" without throttles.
 */
export function formatTrend(row: Pick<FunctionSummary, 'throttleTrend' | 'throttlesStoppedMinutesAgo' | 'series'>): string {
  if (row.throttleTrend === 'none') return ''
  if (row.throttleTrend === 'stopped') return `stopped ${formatAgo(row.throttlesStoppedMinutesAgo ?? 0)}`
  const complete = row.series.throttles.slice(0, -1).slice(-TREND_PERIODS)
  return `${sparkline(complete, Math.min(TREND_PERIODS, Math.max(1, complete.length)))} ${ARROWS[row.throttleTrend]}`
}
