// From a selection request to the concrete functions it names, with as few calls as possible:
// one ListFunctions page per 50 functions, and GetFunction only where tags are needed or the
// user named the function.
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'

import {UserError} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import type {FunctionReader} from './function-reader.js'
import {checkRefsRegion} from './ref-scope.js'
import type {SelectionRequest} from './selection-flags.js'

export interface SelectedFunction {
  name: string
  arn: string
  /** Qualifier given with the name (`name:live`), if any. */
  qualifier?: string
  configuration: FunctionConfiguration
}

export interface ResolveOptions {
  region: string
  onProgress?: (message: string) => void
  /**
   * The caller reads GetFunction of every selected function next: start those reads as each
   * ListFunctions page arrives (the reader keeps them), so they overlap the rest of the listing.
   */
  readDetails?: boolean
}

const READ_PARALLELISM = 32

export async function resolveSelection(reader: FunctionReader, request: SelectionRequest, options: ResolveOptions): Promise<SelectedFunction[]> {
  if (request.refs.length > 0) return resolveNames(reader, request, options)

  const listedMatches = (fn: FunctionConfiguration): boolean => {
    const name = fn.FunctionName ?? ''
    if (request.match && !request.match.test(name)) return false
    if (request.exclude && request.exclude.test(name)) return false
    if (request.runtimes.length > 0 && !request.runtimes.includes(fn.Runtime ?? '')) return false
    return true
  }

  const listed = await reader.listFunctions((page, count) => {
    options.onProgress?.(`listing functions: ${count}`)
    // A failed early read is forgotten by the reader and made again when the caller asks.
    if (options.readDetails) for (const fn of page.filter(listedMatches)) reader.getFunction(fn.FunctionName!).catch(() => {})
  })
  let candidates = listed.filter(listedMatches)

  if (request.tags.length > 0) {
    // ListFunctions carries no tags; GetFunction does, on the larger (100/s) budget.
    let done = 0
    const tagged = await mapPool(candidates, READ_PARALLELISM, async (fn) => {
      const details = await reader.getFunction(fn.FunctionName!)
      options.onProgress?.(`reading tags: ${++done}/${candidates.length}`)
      const tags = details.Tags ?? {}
      return request.tags.every(({key, value}) => tags[key] === value) ? fn : undefined
    })
    candidates = tagged.filter((fn): fn is FunctionConfiguration => fn !== undefined)
  }

  return candidates.map((fn) => ({name: fn.FunctionName!, arn: fn.FunctionArn!, configuration: fn})).sort((a, b) => a.name.localeCompare(b.name))
}

async function resolveNames(reader: FunctionReader, request: SelectionRequest, options: ResolveOptions): Promise<SelectedFunction[]> {
  // Lambda is called with the bare name: the ARN's partition, region and account were checked first.
  checkRefsRegion(request.refs, options.region)
  const seen = new Set<string>()
  const unique = request.refs.filter((ref) => {
    const key = `${ref.name}:${ref.qualifier ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const missing: string[] = []
  const selected = await mapPool(unique, READ_PARALLELISM, async (ref) => {
    try {
      const details = await reader.getFunction(ref.name)
      const configuration = details.Configuration!
      return {name: configuration.FunctionName!, arn: configuration.FunctionArn!, qualifier: ref.qualifier, configuration}
    } catch (error) {
      if ((error as {name?: string}).name === 'ResourceNotFoundException') {
        missing.push(ref.input)
        return undefined
      }

      throw error
    }
  })
  if (missing.length > 0) {
    throw new UserError(`No function named ${missing.join(', ')} in ${options.region}.`, {
      code: 'FunctionNotFound',
      hint: 'Check the spelling and --region; `lx concurrency list` lists the functions there.',
    })
  }

  return selected.filter((fn): fn is NonNullable<typeof fn> => fn !== undefined)
}

export function requireSome(functions: SelectedFunction[], description: string): SelectedFunction[] {
  if (functions.length === 0) {
    throw new UserError(`No function matches ${description}; nothing was changed.`, {
      code: 'EmptySelection',
      hint: 'Widen the selection; `lx concurrency list` lists what exists.',
    })
  }

  return functions
}
