// Qualifiers (an alias name or a version number) typed on the command line, and their agreement
// with the qualifiers written into function names (`checkout-api:live`), checked before any call.
import {isValidQualifier, parseFunctionRef} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'

/** The shape of a qualifier; `$LATEST` passes (whether it is allowed is the command's rule). */
export function checkQualifier(qualifier: string, source = '--qualifier'): string {
  if (!isValidQualifier(qualifier)) {
    throw new UserError(`${source} "${qualifier}" is not an alias name or version number.`, {
      code: 'BadQualifier',
      hint: 'e.g. --qualifier live or --qualifier 7',
    })
  }

  return qualifier
}

/** `name:live` together with `--qualifier prod` is a contradiction; `name:$LATEST` names no qualifier. */
export function checkQualifierAgreement(names: readonly string[], flag: string | undefined): void {
  if (flag === undefined) return
  for (const name of names) {
    const {qualifier} = parseFunctionRef(name)
    if (qualifier && qualifier !== '$LATEST' && qualifier !== flag) {
      throw new UserError(`${name} names qualifier ${qualifier}, but --qualifier is ${flag}.`, {
        code: 'AmbiguousQualifier',
        hint: 'Give the qualifier one way: in the name or with --qualifier.',
      })
    }
  }
}
