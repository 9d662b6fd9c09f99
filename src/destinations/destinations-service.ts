// `lx destinations set` / `remove` / `list`: selection → current configs (and, for the list, the
// triggers that make them matter) → plan or rows.
//
// Calls per function: set/remove read one GetFunctionEventInvokeConfig to plan; the engine then
// reads it again and writes once (PUT, POST or DELETE). list reads ListFunctionEventInvokeConfigs
// (one page holds 50 qualifiers), ListAliases, and one GetPolicy for the function and for each
// alias or other qualifier with a config (with --no-aliases: no ListAliases, and policies only
// for the function and its configured qualifiers).
import type {LambdaClient} from '@aws-sdk/client-lambda'

import type {Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {checkQualifierAgreement} from '../input/qualifier.js'
import {mapPool} from '../lib/map-pool.js'
import {selectFunctions} from '../select/select-functions.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'
import type {LocatedTrigger} from '../triggers/parse-policy.js'
import {readFunctionPolicyTriggers} from '../triggers/read-triggers.js'
import {createProgress} from '../lib/progress.js'
import {checkDestinationPartitions} from './destination-arn.js'
import type {EventInvokeState} from './event-invoke-state.js'
import {describeRequest, type DestinationTarget, planDestinations, type ValidatedRequest} from './plan-destinations.js'
import {listEventInvokeConfigs, type QualifiedConfig, readTargetState} from './read-event-invoke.js'

const READ_PARALLELISM = 16

export interface DestinationsChangeInput {
  names: string[]
  selection: SelectionFlagValues
  /** From --qualifier, already validated; undefined is the unqualified config. */
  qualifier?: string
  validated: ValidatedRequest
}

function qualifierFor(fn: SelectedFunction, flag: string | undefined): string | undefined {
  const named = fn.qualifier === '$LATEST' ? undefined : fn.qualifier
  return named ?? flag
}

export async function planDestinationsChange(
  aws: AwsContext,
  input: DestinationsChangeInput,
): Promise<{plan: Plan<EventInvokeState>; region: string; title: string}> {
  checkQualifierAgreement(input.names, input.qualifier)
  checkDestinationPartitions(input.validated.destinations, await aws.region())
  const {region, reader, request: selection, functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const progress = createProgress({label: 'Reading async invocation configs'})
  let done = 0
  const targets = await mapPool(functions, READ_PARALLELISM, async (fn): Promise<DestinationTarget> => {
    const qualifier = qualifierFor(fn, input.qualifier)
    const current = await readTargetState(reader.lambda, {functionName: fn.name, qualifier})
    progress.update(++done, functions.length)
    return {functionName: fn.name, functionArn: fn.arn, ...(qualifier ? {qualifier} : {}), current}
  }).finally(() => progress.stop())
  const plan = planDestinations(targets, input.validated.request, {region, named: selection.refs.length > 0, destinations: input.validated.destinations})
  return {plan, region, title: describeRequest(input.validated.request, input.qualifier)}
}

export interface ConfigRow {
  qualifier: string
  onSuccess: string | null
  onFailure: string | null
  maximumRetryAttempts: number | null
  maximumEventAgeInSeconds: number | null
}

export interface DestinationsRow {
  /** The account of the function's ARN, and the region it was read in (`lx destinations list`). */
  account?: string
  region?: string
  functionName: string
  configs: ConfigRow[]
  /** Triggers that invoke the function asynchronously (S3, SNS, EventBridge…). */
  asyncTriggers: number
  /** Set when asynchronous events can be lost: async triggers and no on-failure destination. */
  warning?: string
}

/**
 * The warning for a function whose asynchronous triggers have nowhere to send failed events. A
 * trigger on a qualifier is covered by that qualifier's config; a dead-letter queue on the
 * function also keeps the events.
 */
export function lossWarning(
  functionName: string,
  triggers: LocatedTrigger[],
  configs: QualifiedConfig[],
  deadLetterQueue: string | undefined,
): string | undefined {
  if (deadLetterQueue) return undefined
  const uncovered = triggers.filter(
    (trigger) => trigger.mode === 'async' && !configs.find((config) => config.qualifier === (trigger.qualifier ?? '$LATEST'))?.onFailure,
  )
  if (uncovered.length === 0) return undefined
  const sources = [...new Set(uncovered.map((trigger) => (trigger.qualifier ? `${trigger.source} on ${trigger.qualifier}` : trigger.source)))]
  const fixes = [
    ...new Set(
      uncovered.map((trigger) => `lx destinations set ${functionName}${trigger.qualifier ? ` --qualifier ${trigger.qualifier}` : ''} --on-failure ARN`),
    ),
  ]
  return (
    `${uncovered.length} async trigger${uncovered.length === 1 ? '' : 's'} (${sources.join(', ')}) but no on-failure destination: events that fail every ` +
    `retry are lost. Fix: ${fixes.join('; ')}`
  )
}

async function readRow(lambda: LambdaClient, fn: SelectedFunction, aliases: boolean): Promise<DestinationsRow> {
  const named = fn.qualifier === '$LATEST' ? undefined : fn.qualifier
  const all = await listEventInvokeConfigs(lambda, fn.name)
  const configs = fn.qualifier ? all.filter((config) => config.qualifier === (named ?? '$LATEST')) : all
  // The unqualified policy, and each alias's and configured qualifier's own: a trigger on an alias
  // uses that alias's config.
  const triggers = await readFunctionPolicyTriggers(lambda, fn.name, {
    qualifier: named,
    aliases,
    extraQualifiers: configs.map((config) => config.qualifier),
  })
  const warning = lossWarning(fn.name, triggers, configs, fn.configuration.DeadLetterConfig?.TargetArn)
  return {
    functionName: fn.name,
    configs: configs.map(({qualifier, onSuccess, onFailure, maximumRetryAttempts, maximumEventAgeInSeconds}) => ({
      qualifier,
      onSuccess,
      onFailure,
      maximumRetryAttempts,
      maximumEventAgeInSeconds,
    })),
    asyncTriggers: triggers.filter((trigger) => trigger.mode === 'async').length,
    ...(warning ? {warning} : {}),
  }
}

/** Each row carries the account of the function's ARN and the region it was read in. */
export async function readDestinationsList(
  aws: AwsContext,
  names: string[],
  selection: SelectionFlagValues,
  options: {aliases: boolean},
): Promise<DestinationsRow[]> {
  const {region, reader, functions} = await selectFunctions(aws, names, selection, {mutating: false})
  const progress = createProgress({label: 'Reading destinations'})
  let done = 0
  return mapPool(functions, READ_PARALLELISM, async (fn) => {
    const row = await readRow(reader.lambda, fn, options.aliases)
    progress.update(++done, functions.length)
    return {account: fn.arn.split(':')[4] || undefined, region, ...row}
  }).finally(() => progress.stop())
}
