// `lx concurrency plan`: selection → current state (account, reserved, provisioned, auto scaling)
// → traffic (CloudWatch) → pure recommendations → account check and the commands that apply them.
//
// Calls, for N selected functions of which P have provisioned concurrency (A aliases in all):
//   Lambda:      ListFunctions (N/50 pages) or GetFunction per named function, GetAccountSettings,
//                GetFunction + ListProvisionedConcurrencyConfigs per function (as `concurrency list`),
//                ListAliases only for a function that earns provisioned concurrency but has no
//                alias chosen yet.
//   Auto Scaling: DescribeScalableTargets (per 50 provisioned aliases), DescribeScheduledActions
//                (account-wide, only when some alias has a scalable target).
//   CloudWatch:  GetMetricData with 5N + 2A queries, in requests of about 50,400 datapoints (half an
//                answer page) one at a time: 7 days at 5 minutes (2,016 points a series) is about N/5 requests.
import {type LambdaClient, ListAliasesCommand} from '@aws-sdk/client-lambda'

import type {AwsContext} from '../aws/aws-context.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import {selectFunctions} from '../select/select-functions.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'
import {createProgress} from '../lib/progress.js'
import {mapPool} from '../lib/map-pool.js'
import {formatRange} from '../metrics/parse-range.js'
import {type AccountPlan, summariseAccount} from './recommend-account.js'
import {applicableInOrder, applyCommands} from './recommend-commands.js'
import {
  type Callers,
  callersOf,
  type FunctionPlan,
  type FunctionPlanInput,
  type PlanContext,
  recommendFunction,
  type ScalingRange,
  type ScheduledAction,
} from './recommend-function.js'
import {pricesFor, pricingNote} from './pricing.js'
import {defaultUnreservedFloor, type FunctionConcurrency, readAccountSettings, readFunctionConcurrency} from '../concurrency/read-concurrency.js'
import {type FunctionTraffic, readTraffic, trafficWindow} from './read-traffic.js'
import {trafficPeriod} from './traffic-queries.js'
import {sayOnce} from '../lib/say-once.js'

export interface ConcurrencyPlanRequest {
  names: string[]
  selection: SelectionFlagValues
  windowSeconds: number
  headroom: number
  /** Plan provisioned concurrency on this alias or version. */
  qualifier?: string
  minUnreserved?: number
  /** Epoch ms; tests pin it. */
  now?: number
  /** No progress bars of its own (a fleet shows one for the whole run). */
  quiet?: boolean
  /** The place's account, for functions whose ARN does not say (a fleet knows it from STS). */
  account?: string
  /** Flags that send each printed command to this account-region (a fleet: `--region R --profile P`). */
  placeArguments?: string[]
}

export interface FunctionPlanReport extends FunctionPlan {
  /** The lx commands that would apply this function's recommendation (empty when nothing changes). */
  commands: string[]
  /** The function's account (from its ARN) and region: where the recommendation applies. */
  account?: string
  region?: string
}

export interface ConcurrencyPlanReport {
  region: string
  /** e.g. "7d". */
  window: string
  windowSeconds: number
  /** Seconds per datapoint. */
  period: number
  from: string
  to: string
  headroom: number
  functions: FunctionPlanReport[]
  account: AccountPlan & {pricing: {region: string; fallback: boolean}}
  /** Every function's commands, in order. */
  commands: string[]
  notes: string[]
  /** What reading the traffic took. */
  calls: {getMetricData: number; metricQueries: number; datapoints: number}
}

export const MODEL_NOTE =
  'Estimates: demand from 1- or 5-minute CloudWatch datapoints (Little’s law for the busy hour); the what-if replays that demand against each setting ' +
  '— throttles where it exceeds the cap, cold starts where it rises above the warm pool (provisioned concurrency pre-warmed). Costs are monthly (730 ' +
  'h) at list price.'

async function listAliases(lambda: LambdaClient, functionName: string): Promise<string[]> {
  const names: string[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListAliasesCommand({FunctionName: functionName, Marker: marker, MaxItems: 50}))
    names.push(...(page.Aliases ?? []).map((alias) => alias.Name ?? '').filter(Boolean))
    marker = page.NextMarker
  } while (marker)
  return names
}

/** The alias provisioned concurrency is planned for, before any alias listing. */
export function plannedQualifier(fn: SelectedFunction, state: FunctionConcurrency, flag: string | undefined): string | null {
  if (fn.qualifier) return fn.qualifier
  if (flag) return flag
  const busiest = [...state.provisioned].sort((a, b) => b.requested - a.requested)[0]
  return busiest?.qualifier ?? null
}

/**
 * Who invokes a function that would earn provisioned concurrency, and its aliases: its resource
 * policies (the function's and each alias's) and its event source mappings. Pollers (SQS, Kinesis,
 * DynamoDB streams…) and asynchronous services queue the work, so nobody waits on a cold start.
 * No trigger at all means direct Invoke calls: taken as waiting. Above a few functions the
 * account's mappings are listed once instead of per function.
 */
export async function readCallers(
  lambda: LambdaClient,
  candidates: SelectedFunction[],
): Promise<Map<string, {callers?: Callers; aliases?: string[]; error?: unknown}>> {
  const {ACCOUNT_WIDE_MAPPINGS_ABOVE, readAllMappingTriggers, readMappingTriggers, readPolicyTriggers} = await import('../triggers/read-triggers.js')
  const accountWide = candidates.length > ACCOUNT_WIDE_MAPPINGS_ABOVE && candidates.every((fn) => !fn.qualifier)
  const allMappings = accountWide ? readAllMappingTriggers(lambda) : undefined
  // Awaited below by every candidate; until then a failure must not count as unhandled.
  allMappings?.catch(() => {})
  const found = new Map<string, {callers?: Callers; aliases?: string[]; error?: unknown}>()
  await mapPool(candidates, 8, async (fn) => {
    try {
      const aliases = fn.qualifier ? undefined : await listAliases(lambda, fn.name)
      const qualifiers = fn.qualifier ? [fn.qualifier] : [undefined, ...(aliases ?? [])]
      const [policies, mappings] = await Promise.all([
        Promise.all(qualifiers.map((qualifier) => readPolicyTriggers(lambda, fn.name, qualifier))),
        allMappings ? allMappings.then((all) => all.get(fn.name) ?? []) : readMappingTriggers(lambda, fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name),
      ])
      const callers = callersOf(
        policies.flat().map((trigger) => ({source: trigger.source, mode: trigger.mode})),
        mappings.filter((mapping) => !mapping.disabled).map((mapping) => mapping.source),
      )
      found.set(fn.name, {callers, aliases})
    } catch (error) {
      found.set(fn.name, {error})
    }
  })
  return found
}

interface ScalingState {
  ranges: Map<string, ScalingRange[]>
  actions: Map<string, ScheduledAction[]>
  note?: string
}

async function readScaling(aws: AwsContext, states: FunctionConcurrency[], qualifiers: Map<string, string | null>): Promise<ScalingState> {
  const scaling: ScalingState = {ranges: new Map(), actions: new Map()}
  const resourceIds = new Set<string>()
  for (const state of states) {
    for (const pc of state.provisioned) resourceIds.add(`function:${state.functionName}:${pc.qualifier}`)
    const planned = qualifiers.get(state.functionName)
    if (planned) resourceIds.add(`function:${state.functionName}:${planned}`)
  }

  if (resourceIds.size === 0) return scaling
  try {
    const [{describeTargets, describeActions}, {parseResourceId}] = await Promise.all([
      import('../scaling/read-scaling.js'),
      import('../scaling/scaling-model.js'),
    ])
    const aas = await aws.autoscaling()
    const targets = await describeTargets(aas, [...resourceIds])
    for (const target of targets) {
      const ref = parseResourceId(target.ResourceId ?? '')
      if (!ref) continue
      scaling.ranges.set(ref.functionName, [
        ...(scaling.ranges.get(ref.functionName) ?? []),
        {qualifier: ref.qualifier, min: target.MinCapacity ?? 0, max: target.MaxCapacity ?? 0},
      ])
    }

    if (targets.length > 0) {
      for (const action of await describeActions(aas)) {
        const ref = parseResourceId(action.ResourceId ?? '')
        if (!ref || ref.qualifier !== qualifiers.get(ref.functionName)) continue
        const entry = {name: action.ScheduledActionName ?? '', expression: action.Schedule ?? '', min: action.ScalableTargetAction?.MinCapacity ?? 0}
        scaling.actions.set(ref.functionName, [...(scaling.actions.get(ref.functionName) ?? []), entry])
      }
    }
  } catch (error) {
    const {translateAwsError} = await import('../aws/translate-error.js')
    scaling.note = `Auto scaling could not be read (${translateAwsError(error).message}); current auto scaling is taken as none.`
  }

  return scaling
}

/** The account of a function's ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), or the place's. */
export function accountOfFunction(fn: SelectedFunction, fallback?: string): string | undefined {
  return fn.configuration.FunctionArn?.split(':')[4] || fallback
}

export async function planConcurrencyRecommendations(aws: AwsContext, request: ConcurrencyPlanRequest): Promise<ConcurrencyPlanReport> {
  const {region, reader, functions} = await selectFunctions(aws, request.names, request.selection, {mutating: false})
  const bar = (label: string) => (request.quiet ? {update() {}, stop() {}} : createProgress({label}))
  const progress = bar('Reading concurrency')
  const [settings, states] = await Promise.all([
    readAccountSettings(reader.lambda),
    readFunctionConcurrency(reader, functions, (done, total) => progress.update(done, total)),
  ]).finally(() => progress.stop())

  const qualifiers = new Map(functions.map((fn, index) => [fn.name, plannedQualifier(fn, states[index], request.qualifier)]))
  const scaling = await readScaling(aws, states, qualifiers)

  const period = trafficPeriod(request.windowSeconds)
  const window = trafficWindow(Math.floor((request.now ?? Date.now()) / 1000), request.windowSeconds, period)
  const targets = states.map((state) => ({functionName: state.functionName, provisionedQualifiers: state.provisioned.map((pc) => pc.qualifier)}))
  const floor = request.minUnreserved ?? defaultUnreservedFloor(settings.limit)
  const baseContext = {
    region,
    headroom: request.headroom,
    unreservedPool: settings.unreserved,
    unreservedFloor: floor,
    windowSeconds: window.end - window.start,
  }
  const inputFor = (index: number, traffic: FunctionTraffic): FunctionPlanInput => {
    const fn = functions[index]
    const state = states[index]
    return {
      functionName: fn.name,
      memoryMb: fn.configuration.MemorySize ?? 128,
      architecture: state.architecture,
      reserved: state.reserved,
      provisioned: state.provisioned.map((pc) => ({qualifier: pc.qualifier, requested: pc.requested})),
      scaling: scaling.ranges.get(fn.name) ?? [],
      schedules: scaling.actions.get(fn.name) ?? [],
      qualifier: qualifiers.get(fn.name) ?? null,
      traffic: traffic.traffic,
      provisionedObserved: traffic.provisioned,
    }
  }

  // Each function is planned as soon as its traffic arrives, and its series dropped: a week at
  // 5 minutes for 2,000 functions would otherwise stay in memory (900 MB at peak). Whether the shared
  // pool ran out is known only at the end, and matters only to a function without a reservation:
  // such a function is planned both ways. The few that would earn provisioned concurrency keep
  // their series, to be planned again once their callers are known.
  const planned: Array<{pool: FunctionPlan; exhausted?: FunctionPlan}> = new Array(functions.length)
  const kept = new Map<number, FunctionPlanInput>()
  let unreservedThrottled = false
  const metricsProgress = bar('Reading metrics')
  const traffic = await readTraffic(await aws.cloudwatch(), targets, window, period, {
    onProgress: (done, total) => metricsProgress.update(done, total),
    onFunction(index, read) {
      const input = inputFor(index, read)
      const withoutReservation = input.reserved === null
      // Did the shared pool run out? The account's UnreservedConcurrentExecutions says; without it, a
      // throttle of a selected function that has no cap of its own is the best evidence there is.
      if (withoutReservation && read.traffic.throttles.some((value) => value > 0)) unreservedThrottled = true
      const pool = recommendFunction(input, {...baseContext, poolExhausted: false})
      const exhausted = withoutReservation ? recommendFunction(input, {...baseContext, poolExhausted: true}) : undefined
      planned[index] = {pool, exhausted}
      if (pool.recommended.provisioned !== null || (exhausted && exhausted.recommended.provisioned !== null)) kept.set(index, input)
    },
  }).finally(() => metricsProgress.stop())

  const context: PlanContext = {
    ...baseContext,
    poolExhausted: traffic.accountUnreservedMax === null ? unreservedThrottled : traffic.accountUnreservedMax >= settings.unreserved,
  }
  let plans = planned.map((entry) => (context.poolExhausted ? (entry.exhausted ?? entry.pool) : entry.pool))

  // Provisioned concurrency is for callers that wait: for the functions that would earn it, read who
  // invokes them, and give one without a planned alias its only alias.
  const candidates = functions.filter((_fn, index) => plans[index].recommended.provisioned !== null)
  const callers = candidates.length > 0 ? await readCallers(reader.lambda, candidates) : new Map()
  const {translateAwsError} = await import('../aws/translate-error.js')
  plans = plans.map((plan, index) => {
    const found = callers.get(plan.functionName)
    if (plan.recommended.provisioned === null || !found) return plan
    const aliases = found.aliases
    const qualifier = plan.qualifier ?? (aliases?.length === 1 ? aliases[0] : null)
    const again = recommendFunction({...kept.get(index)!, qualifier, callers: found.callers}, context)
    const notes = again.notes.filter((note) => !note.startsWith('Provisioned concurrency needs'))
    if (found.error) notes.push(`Its triggers could not be read (${translateAwsError(found.error).message}); a caller is assumed to wait on cold starts.`)
    if (again.recommended.provisioned !== null && qualifier === null) {
      const why =
        aliases === undefined
          ? 'its aliases could not be read'
          : aliases.length === 0
            ? 'it has no alias: publish a version and point an alias at it'
            : `it has several aliases (${aliases.join(', ')})`
      notes.push(`Provisioned concurrency needs an alias, and ${why}; then run again with --qualifier.`)
    }

    return {...again, notes}
  })

  const reports: FunctionPlanReport[] = plans.map((plan, index) => ({
    ...plan,
    commands: applyCommands(plan, request.placeArguments),
    account: accountOfFunction(functions[index], request.account),
    region,
  }))
  const account = summariseAccount(reports, {region, limit: settings.limit, unreserved: settings.unreserved, unreservedFloor: floor})
  const {priceRegion, fallback} = pricesFor(region, 'x86_64')
  const notes = [MODEL_NOTE, pricingNote(region), scaling.note, ...traffic.messages.slice(0, 3).map((message) => `CloudWatch: ${message}`)].filter(
    (note): note is string => Boolean(note),
  )
  return {
    region,
    window: formatRange(request.windowSeconds),
    windowSeconds: window.end - window.start,
    period,
    from: new Date(window.start * 1000).toISOString(),
    to: new Date(window.end * 1000).toISOString(),
    headroom: request.headroom,
    functions: reports,
    account: {...account, pricing: {region: priceRegion, fallback}},
    // Only what the account can take, in the order that never gets refused (what text output prints).
    commands: applicableInOrder(reports, account.heldBack).flatMap((report) => report.commands),
    notes,
    calls: {getMetricData: traffic.calls, metricQueries: traffic.queries, datapoints: traffic.datapoints},
  }
}

/** One account-region's pool check in a fleet plan: never summed with another's. */
export type PlacePlanAccount = ConcurrencyPlanReport['account'] & {account?: string}

/**
 * `lx concurrency plan` across a fleet: the same object as one place's, except that `account` (the
 * pool check, which is per account-region) becomes `places`, one per account-region; `region`
 * names the regions; functions carry their account and region; money is summed (`monthlyCost`).
 */
export interface ConcurrencyPlanFleetReport extends Omit<ConcurrencyPlanReport, 'account'> {
  /** Each account-region's pool check, then (appended by the command) those not reached. */
  places: Array<PlacePlanAccount | {account?: string; region?: string; unreachable: string}>
  monthlyCost: AccountPlan['monthlyCost']
}

const byPlace = (a: {account?: string; region?: string}, b: {account?: string; region?: string}) =>
  (a.account ?? '').localeCompare(b.account ?? '') || (a.region ?? '').localeCompare(b.region ?? '')

/** The plans of every account-region reached, as one report (sorted by account, then region). Pure. */
export function mergePlanReports(
  reports: ReadonlyArray<{account?: string; report: ConcurrencyPlanReport}>,
  request: Pick<ConcurrencyPlanRequest, 'windowSeconds' | 'headroom' | 'now'>,
): ConcurrencyPlanFleetReport {
  const sorted = [...reports].sort((a, b) => byPlace({account: a.account, region: a.report.region}, {account: b.account, region: b.report.region}))
  const period = trafficPeriod(request.windowSeconds)
  const window = trafficWindow(Math.floor((request.now ?? Date.now()) / 1000), request.windowSeconds, period)
  const sum = (pick: (report: ConcurrencyPlanReport) => number) => sorted.reduce((total, {report}) => total + pick(report), 0)
  const money = (pick: (cost: AccountPlan['monthlyCost']) => number) => Math.round(sum((report) => pick(report.account.monthlyCost)) * 100) / 100
  const label = (account: string | undefined, region: string) => (account ? `${account}/${region}` : region)
  // Notes every place shares (the model, a pricing note) once; the others with their place.
  return {
    region: [...new Set(sorted.map(({report}) => report.region))].join(','),
    window: sorted[0]?.report.window ?? formatRange(request.windowSeconds),
    windowSeconds: window.end - window.start,
    period,
    from: new Date(window.start * 1000).toISOString(),
    to: new Date(window.end * 1000).toISOString(),
    headroom: request.headroom,
    functions: sorted.flatMap(({report}) => report.functions),
    places: sorted.map(({account, report}) => ({account, ...report.account})),
    monthlyCost: {
      current: money((cost) => cost.current),
      recommended: money((cost) => cost.recommended),
      onDemandOnly: money((cost) => cost.onDemandOnly),
      delta: money((cost) => cost.delta),
      currency: 'USD',
    },
    commands: sorted.flatMap(({report}) => report.commands),
    notes: sayOnce(sorted.map(({account, report}) => ({label: label(account, report.region), lines: report.notes}))),
    calls: {
      getMetricData: sum((report) => report.calls.getMetricData),
      metricQueries: sum((report) => report.calls.metricQueries),
      datapoints: sum((report) => report.calls.datapoints),
    },
  }
}
