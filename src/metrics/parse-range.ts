// Time ranges typed by the user (`--range 3h`) and their canonical short form. A range is whole
// minutes because CloudWatch's finest Lambda resolution is one minute.
import {UserError} from '../errors.js'

const UNIT_SECONDS = {m: 60, h: 3600, d: 86_400, w: 604_800} as const

export const MIN_RANGE_SECONDS = 5 * 60
/** A live view over more than a month stops being live, and Logs Insights bills per GB scanned. */
export const MAX_RANGE_SECONDS = 30 * 86_400

/** `15m`, `3h`, `2d`, `1w` → seconds. Anything else is a one-line UserError (exit 2). */
export function parseRange(input: string, flag = '--range'): number {
  const match = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(input)
  if (!match) {
    throw new UserError(`${flag} "${input}" is not a duration: use a number and a unit m, h, d or w, e.g. 15m, 3h, 2d.`, {code: 'BadRange'})
  }

  const seconds = Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase() as keyof typeof UNIT_SECONDS]
  if (seconds < MIN_RANGE_SECONDS || seconds > MAX_RANGE_SECONDS) {
    throw new UserError(`${flag} "${input}" is out of bounds: use between 5m and 30d, e.g. 15m, 3h, 2d.`, {code: 'BadRange'})
  }

  return seconds
}

/** Seconds → the shortest exact form in m, h or d (5400 → "90m", 10800 → "3h", 604800 → "7d"). */
export function formatRange(seconds: number): string {
  for (const unit of ['d', 'h'] as const) {
    const size = UNIT_SECONDS[unit]
    if (seconds % size === 0) return `${seconds / size}${unit}`
  }

  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

/** The steps `+` and `-` move through in the live view. */
export const RANGE_STEPS = [15 * 60, 30 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400]

/** The next wider (+1) or narrower (-1) step from any range, even one that is not a step itself. */
export function stepRange(current: number, direction: 1 | -1): number {
  if (direction === 1) return RANGE_STEPS.find((step) => step > current) ?? current
  return [...RANGE_STEPS].reverse().find((step) => step < current) ?? current
}
