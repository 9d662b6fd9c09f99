// The selection flags (docs/contract.md), shared by every command that can act on many functions, and their
// validation. Everything here is checked before any AWS call.
import {Flags} from '@oclif/core'

import {type FunctionRef, parseFunctionRef} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'
import {compileNamePattern} from './name-pattern.js'

export const selectionFlags = {
  all: Flags.boolean({description: 'Every function in the region.', helpGroup: 'SELECTION'}),
  match: Flags.string({description: 'Functions whose name matches this regular expression.', helpGroup: 'SELECTION'}),
  exclude: Flags.string({description: 'Leave out functions whose name matches this regular expression.', helpGroup: 'SELECTION'}),
  tag: Flags.string({
    description: 'Functions with this tag (KEY=VALUE); repeat to require several.',
    multiple: true,
    helpGroup: 'SELECTION',
  }),
  runtime: Flags.string({description: 'Functions on this runtime (e.g. nodejs20.x); repeat to allow several.', multiple: true, helpGroup: 'SELECTION'}),
}

export interface SelectionFlagValues {
  all?: boolean
  match?: string
  exclude?: string
  tag?: string[]
  runtime?: string[]
}

export interface SelectionRequest {
  /** Explicit functions; when present no selector flag is. */
  refs: FunctionRef[]
  all: boolean
  match?: RegExp
  exclude?: RegExp
  tags: Array<{key: string; value: string}>
  runtimes: string[]
  /** No names and no selector flag: read commands then look at every function. */
  implicitAll: boolean
}

function parseTag(input: string): {key: string; value: string} {
  const eq = input.indexOf('=')
  if (eq <= 0) {
    throw new UserError(`--tag "${input}" is not KEY=VALUE.`, {code: 'BadTag', hint: 'e.g. --tag team=payments'})
  }

  return {key: input.slice(0, eq), value: input.slice(eq + 1)}
}

/**
 * Turn positional names and selector flags into a request. A mutating command needs an explicit
 * selection; names and selector flags together are ambiguous and refused.
 */
export function parseSelection(names: string[], flags: SelectionFlagValues, options: {mutating: boolean}): SelectionRequest {
  const refs = names.map((name) => parseFunctionRef(name))
  const hasSelector = Boolean(flags.all || flags.match || flags.tag?.length || flags.runtime?.length)
  if (refs.length > 0 && hasSelector) {
    throw new UserError('Give function names or selector flags (--all, --match, --tag, --runtime), not both.', {
      code: 'AmbiguousSelection',
      hint: 'Either list the functions by name, or describe them with selector flags.',
    })
  }

  if (flags.exclude !== undefined && !hasSelector && refs.length > 0) {
    throw new UserError('--exclude narrows a selector (--all, --match, --tag, --runtime), not a list of names.', {
      code: 'AmbiguousSelection',
      hint: 'Leave the function out of the list instead.',
    })
  }

  if (options.mutating && refs.length === 0 && !hasSelector) {
    throw new UserError('Say which functions to change.', {
      code: 'NoSelection',
      hint: 'Name them, or use --all, --match REGEX, --tag KEY=VALUE or --runtime ID (--all is never implied).',
    })
  }

  const request: SelectionRequest = {
    refs,
    all: Boolean(flags.all),
    match: flags.match === undefined ? undefined : compileNamePattern('match', flags.match),
    exclude: flags.exclude === undefined ? undefined : compileNamePattern('exclude', flags.exclude),
    tags: (flags.tag ?? []).map((tag) => parseTag(tag)),
    runtimes: flags.runtime ?? [],
    implicitAll: refs.length === 0 && !hasSelector,
  }
  return request
}

/** One line describing the selection, for plans and confirmations. */
export function describeSelection(request: SelectionRequest): string {
  if (request.refs.length > 0) return request.refs.map((ref) => ref.input).join(', ')
  const parts: string[] = []
  if (request.all || request.implicitAll) parts.push('all functions')
  if (request.match) parts.push(`name matching /${request.match.source}/`)
  for (const tag of request.tags) parts.push(`tag ${tag.key}=${tag.value}`)
  if (request.runtimes.length > 0) parts.push(`runtime ${request.runtimes.join(' or ')}`)
  if (request.exclude) parts.push(`excluding /${request.exclude.source}/`)
  return parts.join(', ')
}
