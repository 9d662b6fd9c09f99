// What the user typed for `lx concurrency plan`, checked before any call (UserError, exit 2).
import {UserError} from '../errors.js'
import {parseRange} from '../metrics/parse-range.js'

/** The busy hour needs at least one whole hour of traffic. */
export const MIN_WINDOW_SECONDS = 3600
export const MAX_HEADROOM = 5

export function parseWindow(input: string): number {
  const seconds = parseRange(input, '--window')
  if (seconds < MIN_WINDOW_SECONDS) {
    throw new UserError(`--window "${input}" is too short: the busy hour needs at least 1h of traffic.`, {
      code: 'BadRange',
      hint: 'Use e.g. --window 1d or --window 7d (the default).',
    })
  }

  return seconds
}

/** `0.2`, `20%` → 0.2. */
export function parseHeadroom(input: string): number {
  const text = input.trim()
  const percent = text.endsWith('%')
  const number = Number(percent ? text.slice(0, -1) : text)
  const value = percent ? number / 100 : number
  if (text === '' || !Number.isFinite(number) || value < 0 || value > MAX_HEADROOM) {
    throw new UserError(`--headroom must be a fraction from 0 to ${MAX_HEADROOM}, not "${input}".`, {
      code: 'BadHeadroom',
      hint: 'It is the margin above the observed peak: --headroom 0.2 (or 20%) reserves peak + 20 %.',
    })
  }

  return Math.round(value * 10_000) / 10_000
}
