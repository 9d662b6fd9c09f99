// Resolving the FunctionName member: a name, a partial ARN (`123456789012:function:name`) or a full
// ARN, each optionally followed by `:qualifier`; and the optional Qualifier query member.

import type {Account, LambdaFunction, ResolvedQualifier} from '../account.js'
import {constraintViolation, functionNotFound, invalidParameter} from './errors.js'

const FUNCTION_REF =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/

export interface FunctionRef {
  name: string
  qualifier?: string
  accountId?: string
  region?: string
}

export function parseFunctionRef(ref: string, member = 'functionName'): FunctionRef {
  const match = FUNCTION_REF.exec(ref)
  if (!match || ref.length > 256) {
    throw constraintViolation(
      member,
      ref,
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?' +
        '(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    )
  }
  const [, region, accountId, name, qualifier] = match
  return {name, qualifier, accountId, region}
}

export interface FunctionTarget {
  fn: LambdaFunction
  /** The qualifier from the name or the Qualifier member; undefined when unqualified. */
  qualifier?: string
}

/**
 * Finds the function a request names. A qualifier in the name and a different one in the
 * Qualifier member is refused, as AWS does; a qualifier that names nothing is a 404 with the
 * qualified ARN.
 */
export function findFunction(account: Account, ref: string, queryQualifier?: string | null): FunctionTarget {
  const parsed = parseFunctionRef(ref)
  const fromQuery = queryQualifier ?? undefined
  if (parsed.qualifier !== undefined && fromQuery !== undefined && parsed.qualifier !== fromQuery) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.')
  }
  const qualifier = parsed.qualifier ?? fromQuery
  const elsewhere = (parsed.accountId && parsed.accountId !== account.id) || (parsed.region && parsed.region !== account.region)
  const fn = elsewhere ? undefined : account.functions.get(parsed.name)
  if (!fn) throw functionNotFound(account.functionArn(parsed.name, qualifier))
  return {fn, qualifier}
}

export function resolveOrNotFound(account: Account, target: FunctionTarget): ResolvedQualifier {
  const resolved = account.resolveQualifier(target.fn, target.qualifier)
  if (!resolved) throw functionNotFound(account.functionArn(target.fn.name, target.qualifier))
  return resolved
}

/** Operations on the function as a whole (concurrency, configuration) refuse a qualified name. */
export function requireUnqualified(account: Account, target: FunctionTarget): void {
  if (target.qualifier !== undefined && target.qualifier !== '$LATEST') {
    throw invalidParameter(`This operation is not supported on a qualified function ARN: ${account.functionArn(target.fn.name, target.qualifier)}`)
  }
}
