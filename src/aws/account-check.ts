// Staging and production often share function names: an ARN (or a journal entry) of another
// account must never act on the same-named function of the account lx's credentials are for.
// Pure; the account lx works in comes from AwsContext.accountId().
import {UserError} from '../errors.js'

/**
 * Throws a UserError (exit 2) naming both accounts unless `expected` (the account an ARN or a
 * journal entry names) is `actual` (the account of the credentials). `what` starts the message.
 */
export function checkSameAccount(expected: string, actual: string, what: string, hint?: string): void {
  if (expected === actual) return
  throw new UserError(`${what} is in account ${expected}, but lx is working in account ${actual} (the account of your credentials).`, {
    code: 'AccountMismatch',
    hint: hint ?? `Use credentials for account ${expected} (--profile), or leave the account out of the ARN to act in ${actual}.`,
  })
}
