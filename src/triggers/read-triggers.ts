// Reads what invokes each function: the resource-based policy (GetPolicy; 404 means the function
// has none) and the event source mappings (ListEventSourceMappings, paginated).
//
// Triggers are often granted on an alias (API Gateway stages, schedules pointing at `live`), and
// each alias has a policy of its own, so by default the aliases are listed and their policies read
// too.
//
// Calls per function: GetPolicy, ListAliases and one GetPolicy per alias (or one GetPolicy for a
// `name:qualifier` given, or just one with --no-aliases), plus the mappings — one
// ListEventSourceMappings per function for a few functions, or the whole account's mappings in
// pages of 100 for a larger selection, which on an account with fewer mappings than functions
// (the usual case) saves a call per function against the shared 15 requests/s control plane.
import {
  type EventSourceMappingConfiguration,
  GetPolicyCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda'

import {mapPool} from '../lib/map-pool.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import {type LocatedTrigger, type Trigger, triggersFromPolicy} from './parse-policy.js'
import {classifyEventSource} from './trigger-modes.js'

export interface MappingTrigger extends LocatedTrigger {
  /** A disabled mapping still exists but does not poll. */
  disabled?: boolean
}

export interface FunctionTriggers {
  functionName: string
  triggers: MappingTrigger[]
}

/** Above this many functions, list the account's mappings once instead of per function. */
export const ACCOUNT_WIDE_MAPPINGS_ABOVE = 10
const READ_PARALLELISM = 16
const MAPPING_PAGE = 100

function isNotFound(error: unknown): boolean {
  return (error as {name?: string})?.name === 'ResourceNotFoundException'
}

export async function readPolicyTriggers(lambda: LambdaClient, functionName: string, qualifier?: string): Promise<LocatedTrigger[]> {
  try {
    const {Policy} = await lambda.send(new GetPolicyCommand({FunctionName: functionName, Qualifier: qualifier}))
    return triggersFromPolicy(Policy).map((trigger) => ({...trigger, ...(qualifier ? {qualifier} : {})}))
  } catch (error) {
    // No policy at all: nothing but the account's own principals may invoke it.
    if (isNotFound(error)) return []
    throw error
  }
}

async function listAliasNames(lambda: LambdaClient, functionName: string): Promise<string[]> {
  const names: string[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListAliasesCommand({FunctionName: functionName, Marker: marker, MaxItems: 50}))
    names.push(...(page.Aliases ?? []).map((alias) => alias.Name!).filter(Boolean))
    marker = page.NextMarker
  } while (marker)
  return names
}

export interface PolicyReadOptions {
  /** Read only this qualifier's policy (the user named `name:qualifier`). */
  qualifier?: string
  /** Also read the policy of every alias. */
  aliases: boolean
  /** Further qualifiers whose policy to read (e.g. those with an async config). */
  extraQualifiers?: string[]
}

/** Every trigger a function's policies allow: the unqualified one, and its aliases' if asked. */
export async function readFunctionPolicyTriggers(lambda: LambdaClient, functionName: string, options: PolicyReadOptions): Promise<LocatedTrigger[]> {
  if (options.qualifier) return readPolicyTriggers(lambda, functionName, options.qualifier)
  const [unqualified, aliases] = await Promise.all([readPolicyTriggers(lambda, functionName), options.aliases ? listAliasNames(lambda, functionName) : []])
  const qualifiers = [...new Set([...aliases, ...(options.extraQualifiers ?? [])])].filter((qualifier) => qualifier !== '$LATEST')
  const qualified = await Promise.all(qualifiers.map((qualifier) => readPolicyTriggers(lambda, functionName, qualifier)))
  return [...unqualified, ...qualified.flat()]
}

/** `arn:…:function:NAME[:QUALIFIER]` → name and qualifier. */
function functionOf(functionArn: string | undefined): {name: string; qualifier?: string} | undefined {
  const match = /:function:([^:]+)(?::([^:]+))?$/.exec(functionArn ?? '')
  return match ? {name: match[1], qualifier: match[2]} : undefined
}

function mappingTrigger(mapping: EventSourceMappingConfiguration): MappingTrigger {
  const kind = classifyEventSource(mapping.EventSourceArn)
  const qualifier = functionOf(mapping.FunctionArn)?.qualifier
  return {
    source: kind.source,
    arn: mapping.EventSourceArn ?? mapping.EventSourceMappingArn ?? mapping.UUID ?? '*',
    mode: kind.mode,
    ...(qualifier ? {qualifier} : {}),
    ...(mapping.State === 'Disabled' ? {disabled: true} : {}),
  }
}

async function listMappings(lambda: LambdaClient, functionName?: string): Promise<EventSourceMappingConfiguration[]> {
  const all: EventSourceMappingConfiguration[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListEventSourceMappingsCommand({FunctionName: functionName, Marker: marker, MaxItems: MAPPING_PAGE}))
    all.push(...(page.EventSourceMappings ?? []))
    marker = page.NextMarker
  } while (marker)
  return all
}

export async function readMappingTriggers(lambda: LambdaClient, functionName: string): Promise<MappingTrigger[]> {
  return (await listMappings(lambda, functionName)).map((mapping) => mappingTrigger(mapping))
}

/** Every mapping in the account, by function name. */
export async function readAllMappingTriggers(lambda: LambdaClient): Promise<Map<string, MappingTrigger[]>> {
  const byFunction = new Map<string, MappingTrigger[]>()
  for (const mapping of await listMappings(lambda)) {
    const name = functionOf(mapping.FunctionArn)?.name
    if (!name) continue
    const list = byFunction.get(name) ?? []
    list.push(mappingTrigger(mapping))
    byFunction.set(name, list)
  }

  return byFunction
}

/** The selected functions' triggers: policy first, then mappings, in the order AWS lists them. */
export async function readFunctionTriggers(
  lambda: LambdaClient,
  functions: SelectedFunction[],
  options: {aliases: boolean; onProgress?: (done: number, total: number) => void},
): Promise<FunctionTriggers[]> {
  // A qualifier named on the command line (`name:live`) narrows the mappings to it, which only the
  // per-function listing does.
  const accountWide = functions.length > ACCOUNT_WIDE_MAPPINGS_ABOVE && functions.every((fn) => !fn.qualifier)
  const allMappings = accountWide ? readAllMappingTriggers(lambda) : undefined
  let done = 0
  const rows = await mapPool(functions, READ_PARALLELISM, async (fn) => {
    const ref = fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name
    const [policy, mappings] = await Promise.all([
      readFunctionPolicyTriggers(lambda, fn.name, {qualifier: fn.qualifier, aliases: options.aliases}),
      allMappings ? allMappings.then((all) => all.get(fn.name) ?? []) : readMappingTriggers(lambda, ref),
    ])
    options.onProgress?.(++done, functions.length)
    return {functionName: fn.name, triggers: [...policy, ...mappings]}
  })
  return rows
}

/** The `--json` shape of docs/contract.md: exactly source, arn and mode. */
export function publicTriggers(rows: FunctionTriggers[]): Array<{functionName: string; triggers: Trigger[]}> {
  return rows.map((row) => ({functionName: row.functionName, triggers: row.triggers.map(({source, arn, mode}) => ({source, arn, mode}))}))
}
