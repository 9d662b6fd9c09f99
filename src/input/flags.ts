// Typed flag parsers shared by commands: the value reaches run() checked, and bad input is a
// UserError (exit 2) raised while oclif parses, before any AWS call.
import {Flags} from '@oclif/core'

import {MIN_UNRESERVED_ENV} from '../lib/settings.js'
import {parseWholeNumber, type WholeNumberBounds} from './numbers.js'
import {checkQualifier} from './qualifier.js'
import {checkRegionName} from './region.js'

/** `--region`; the environment's region is checked where the AWS context is built. */
export const regionFlag = Flags.custom<string>({
  async parse(input) {
    return checkRegionName(input, '--region')
  },
})

/** `--qualifier`: an alias name or version number (`$LATEST` passes; a command may refuse it). */
export const qualifierFlag = Flags.custom<string>({
  async parse(input) {
    return checkQualifier(input)
  },
})

/** A whole-number flag within bounds. */
export function wholeNumberFlag(bounds: WholeNumberBounds) {
  return Flags.custom<number>({
    async parse(input, _context, options) {
      return parseWholeNumber(options.name, input, bounds)
    },
  })
}

const MIN_UNRESERVED_DESCRIPTION = "The account's unreserved floor (AWS: 100 on most accounts)."

/** `--min-unreserved` (or LX_MIN_UNRESERVED): the account's unreserved floor, for the checks before a write. */
export function minUnreservedFlag(description = MIN_UNRESERVED_DESCRIPTION) {
  return wholeNumberFlag({min: 0, example: 100})({description, env: MIN_UNRESERVED_ENV})
}
