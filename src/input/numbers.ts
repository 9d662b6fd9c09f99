// Whole numbers typed on the command line, checked before any call (UserError, exit 2).
import {UserError} from '../errors.js'

export interface WholeNumberBounds {
  min: number
  /** With a maximum, the message states the range ("from 0 to 2"). */
  max?: number
  /** The value the hint suggests; defaults to the minimum or 10, whichever is larger. */
  example?: number
}

/** `raw` as typed for `--flag`: digits only (no sign, fraction or exponent), within the bounds. */
export function parseWholeNumber(flag: string, raw: string, bounds: WholeNumberBounds): number {
  const text = raw.trim()
  const value = Number(text)
  const {min, max} = bounds
  if (/^\d+$/.test(text) && Number.isSafeInteger(value) && value >= min && (max === undefined || value <= max)) return value
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  const shown = /^\d+$/.test(text) ? raw : `"${raw}"`
  throw new UserError(`--${flag} must be a whole number ${range}, not ${shown}.`, {
    code: 'BadNumber',
    hint: `e.g. --${flag} ${bounds.example ?? Math.max(min, 10)}`,
  })
}
