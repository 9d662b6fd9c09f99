// `lx advise`: one pass over the selection → ranked findings.
//
// Reads, for N selected functions (A aliases in all, P provisioned configs, S with an asynchronous
// trigger, L with invocations in the window):
//   Lambda (control plane, 15/s shared): ListFunctions (N/50 pages), GetAccountSettings, per function
//     ListProvisionedConcurrencyConfigs, ListAliases and GetPolicy, one GetPolicy per alias, the
//     account's ListEventSourceMappings pages, and ListFunctionEventInvokeConfigs for the S functions;
//   Lambda GetFunction (100/s): one per function (reserved concurrency);
//   Application Auto Scaling: DescribeScalableTargets per 50 provisioned configs;
//   CloudWatch: GetMetricData for the function-level traffic `lx concurrency plan` reads (5N + 1
//     queries), and 4P + 2 more once the provisioned configs are known (served invocations, average
//     and highest utilisation, spillover; the account's peaks), ≤ 500 a call;
//   Logs Insights: one query per 50 log groups of the L functions (memory used, cold starts).
// The Lambda control plane is the slow part (its 15/s is shared by every call): CloudWatch and Logs
// Insights have budgets of their own, so the traffic and then the REPORT lines are read from the
// start, beside it, and only the 4P + 2 provisioned queries wait for the configs.
// Then the concurrency recommendation (plan-recommend.ts, unchanged) and the pure findings.
import type {LambdaClient} from '@aws-sdk/client-lambda'

import type {AwsContext} from '../aws/aws-context.js'
import {summariseAccount} from '../recommend/recommend-account.js'
import {applyCommands} from '../recommend/recommend-commands.js'
import {callersOf, type FunctionPlanInput, type PlanContext, recommendFunction, type ScalingRange} from '../recommend/recommend-function.js'
import {plannedQualifier} from '../recommend/recommend-service.js'
import {defaultUnreservedFloor, readAccountSettings, readFunctionConcurrency} from '../concurrency/read-concurrency.js'
import {readTraffic, trafficWindow} from '../recommend/read-traffic.js'
import {trafficPeriod} from '../recommend/traffic-queries.js'
import {mapPool} from '../lib/map-pool.js'
import {formatRange} from '../metrics/parse-range.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import {selectFunctions} from '../select/select-functions.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'
import type {LocatedTrigger} from '../triggers/parse-policy.js'
import {createProgress as createProgressBar} from '../lib/progress.js'
import {logsPollMsSetting, pollMsSetting} from '../lib/settings.js'
import {atLeast, type Finding, rankFindings, type Severity} from './findings.js'
import {type AccountFacts, type AsyncTrigger, type FunctionFacts, type OnFailureConfig, planFindings} from './plan-findings.js'
import {TABLE_DATE, TABLE_SOURCE} from './runtime-deprecations.js'
import {sayOnce} from '../lib/say-once.js'

export interface AdviseRequest {
  names: string[]
  selection: SelectionFlagValues
  windowSeconds: number
  minSeverity: Severity
  minUnreserved?: number
  /** Epoch ms; tests pin it. */
  now?: number
  /** No progress bars of its own (a fleet shows one for the whole run). */
  quiet?: boolean
  /** The place's account, when no function's ARN says (a fleet knows it from STS). */
  account?: string
  /** Flags that send each fix to this account-region (a fleet): for lx commands, and for aws ones. */
  placeArguments?: {lx: string[]; aws: string[]}
}

/** A finding where it was found: the function's (or the account's) account and region. */
export type PlacedFinding = Finding & {account?: string; region?: string}

export interface AdviseReport {
  region: string
  window: string
  from: string
  to: string
  functions: number
  /** Ranked: money, then severity. Only those at --min-severity or above. */
  findings: PlacedFinding[]
  counts: Record<Severity, number>
  /** Monthly dollars the findings' fixes would save, and cost. */
  totals: {monthlySaving: number; monthlyCost: number; currency: 'USD'}
  notes: string[]
  calls: {getMetricData: number; metricQueries: number; logsInsightsQueries: number}
}

const READ_PARALLELISM = 16

interface TriggerRead {
  policy: LocatedTrigger[]
  error?: unknown
}

/** Each function's policy triggers: the unqualified policy and each alias's (GetPolicy each). */
async function readPolicies(lambda: LambdaClient, functions: SelectedFunction[], aliases: Map<string, string[]>): Promise<Map<string, TriggerRead>> {
  const {readPolicyTriggers} = await import('../triggers/read-triggers.js')
  const found = new Map<string, TriggerRead>()
  await mapPool(functions, READ_PARALLELISM, async (fn) => {
    try {
      const qualifiers = fn.qualifier ? [fn.qualifier] : [undefined, ...(aliases.get(fn.name) ?? [])]
      const policy = (await Promise.all(qualifiers.map((qualifier) => readPolicyTriggers(lambda, fn.name, qualifier)))).flat()
      found.set(fn.name, {policy})
    } catch (error) {
      found.set(fn.name, {policy: [], error})
    }
  })
  return found
}

async function readScalingRanges(aws: AwsContext, resourceIds: string[]): Promise<{ranges: Map<string, ScalingRange[]>; note?: string}> {
  const ranges = new Map<string, ScalingRange[]>()
  if (resourceIds.length === 0) return {ranges}
  try {
    const [{describeTargets}, {parseResourceId}] = await Promise.all([import('../scaling/read-scaling.js'), import('../scaling/scaling-model.js')])
    for (const target of await describeTargets(await aws.autoscaling(), resourceIds)) {
      const ref = parseResourceId(target.ResourceId ?? '')
      if (ref)
        ranges.set(ref.functionName, [
          ...(ranges.get(ref.functionName) ?? []),
          {qualifier: ref.qualifier, min: target.MinCapacity ?? 0, max: target.MaxCapacity ?? 0},
        ])
    }

    return {ranges}
  } catch (error) {
    const {translateAwsError} = await import('../aws/translate-error.js')
    return {ranges, note: `Auto scaling could not be read (${translateAwsError(error).message}); taken as none.`}
  }
}

/** The destination most functions already send failures to: a fix the account's own convention. */
function commonFailureDestination(configs: Iterable<OnFailureConfig[]>): string | undefined {
  const counts = new Map<string, number>()
  for (const list of configs) for (const config of list) if (config.onFailure) counts.set(config.onFailure, (counts.get(config.onFailure) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
}

/**
 * A fix sent to one account-region: each `lx` or `aws` command of it (`a && b   # why`) gains the
 * place's flags, before any comment. Instructions are left as they are.
 */
export function fixInPlace(fix: string, args: {lx: string[]; aws: string[]}): string {
  return fix
    .split(' && ')
    .map((part) => {
      const comment = part.indexOf('   # ')
      const command = comment === -1 ? part : part.slice(0, comment)
      const rest = comment === -1 ? '' : part.slice(comment)
      const extra = command.startsWith('lx ') ? args.lx : command.startsWith('aws ') ? args.aws : []
      return extra.length === 0 ? part : `${command} ${extra.join(' ')}${rest}`
    })
    .join(' && ')
}

export async function adviseAccount(aws: AwsContext, request: AdviseRequest): Promise<AdviseReport> {
  const {region, reader, functions} = await selectFunctions(aws, request.names, request.selection, {mutating: false})
  const lambda = reader.lambda
  const createProgress = request.quiet ? () => ({update() {}, stop() {}}) : createProgressBar
  const progress = createProgress({label: 'Reading settings'})
  const {readAllMappingTriggers, readMappingTriggers, ACCOUNT_WIDE_MAPPINGS_ABOVE} = await import('../triggers/read-triggers.js')
  const accountWide = functions.length > ACCOUNT_WIDE_MAPPINGS_ABOVE && functions.every((fn) => !fn.qualifier)
  const allMappings = accountWide ? readAllMappingTriggers(lambda) : undefined
  allMappings?.catch(() => {})
  const notes: string[] = []
  // lx's own alarms (`lx alarms`), for "throttles and nobody hears of it".
  const lxAlarms = (async () => {
    const [{listPrefixedAlarms}, {parseAlarmName}, {isLxAlarm}] = await Promise.all([
      import('../alarms/read-alarms.js'),
      import('../alarms/alarm-kinds.js'),
      import('../alarms/alarm-definition.js'),
    ])
    const byOwner = new Map<string, string[]>()
    for (const alarm of await listPrefixedAlarms(await aws.cloudwatch())) {
      const parsed = parseAlarmName(alarm.definition.AlarmName)
      if (!parsed || !isLxAlarm(alarm.definition)) continue
      const owner = parsed.functionName ?? ''
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), parsed.kind])
    }

    return byOwner
  })().catch(async (error) => {
    const {translateAwsError} = await import('../aws/translate-error.js')
    notes.push(`CloudWatch alarms could not be read (${translateAwsError(error).message}): no missing-alarm findings.`)
    return undefined
  })

  const period = trafficPeriod(request.windowSeconds)
  const window = trafficWindow(Math.floor((request.now ?? Date.now()) / 1000), request.windowSeconds, period)
  const logGroupOf = (fn: SelectedFunction) => fn.configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn.name}`

  // From the start, beside the Lambda reads: the traffic `lx concurrency plan` reads (function-level:
  // only the names are needed), then the REPORT lines of the functions that ran (memory, cold starts).
  const trafficAndLogs = (async () => {
    const traffic = await readTraffic(
      await aws.cloudwatch(),
      functions.map((fn) => ({functionName: fn.name, provisionedQualifiers: []})),
      window,
      period,
    )
    const ran = functions.filter((_fn, index) => traffic.functions[index].traffic.invocations.some((value) => value > 0))
    const {readLogUsage} = await import('./read-logs-usage.js')
    const logUsage = await readLogUsage(await aws.logs(), [...new Set(ran.map((fn) => logGroupOf(fn)))], window, {
      // LX_LOGS_POLL_MS where set (as the dashboard and lx impact read it), else LX_POLL_MS.
      pollMs: logsPollMsSetting() ?? pollMsSetting(1000),
    }).catch(async (error) => {
      const {translateAwsError} = await import('../aws/translate-error.js')
      notes.push(`Logs Insights could not be read (${translateAwsError(error).message}): no memory or cold-start findings.`)
      return {byGroup: new Map(), missingGroups: [], queries: 0}
    })
    return {traffic, logUsage}
  })()

  // The Lambda control plane: settings, then triggers and async configs, with the provisioned usage
  // (CloudWatch, auto scaling) read beside them once the configs are known.
  let readsProgress: ReturnType<typeof createProgress> | undefined
  const controlPlane = (async () => {
    const [settings, states] = await Promise.all([
      readAccountSettings(lambda),
      readFunctionConcurrency(reader, functions, (done, total) => progress.update(done, total), {aliases: true}),
    ]).finally(() => progress.stop())
    const aliasNames = new Map(states.map((state) => [state.functionName, (state.aliases ?? []).map((alias) => alias.name)]))

    const readTriggers = async () => {
      const [policies, mappings] = await Promise.all([
        readPolicies(lambda, functions, aliasNames),
        Promise.all(
          functions.map(async (fn) =>
            allMappings ? ((await allMappings).get(fn.name) ?? []) : readMappingTriggers(lambda, fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name),
          ),
        ),
      ])
      // Asynchronous triggers, and the event invoke configs of just those functions.
      const asyncTriggers = new Map<string, AsyncTrigger[]>(
        functions.map((fn) => [
          fn.name,
          (policies.get(fn.name)?.policy ?? [])
            .filter((trigger) => trigger.mode === 'async')
            .map((trigger) => ({source: trigger.source, qualifier: trigger.qualifier})),
        ]),
      )
      const {listEventInvokeConfigs} = await import('../destinations/read-event-invoke.js')
      const configs = new Map<string, OnFailureConfig[]>()
      await mapPool(
        functions.filter((fn) => (asyncTriggers.get(fn.name) ?? []).length > 0),
        READ_PARALLELISM,
        async (fn) => {
          configs.set(
            fn.name,
            (await listEventInvokeConfigs(lambda, fn.name)).map((config) => ({qualifier: config.qualifier, onFailure: config.onFailure})),
          )
        },
      )
      return {policies, mappings, asyncTriggers, configs}
    }

    // Per provisioned config: auto scaling, and its usage over the window.
    const provisionedTargets = states.flatMap((state) => state.provisioned.map((pc) => ({functionName: state.functionName, qualifier: pc.qualifier})))
    const readProvisioned = async () => {
      const {readProvisionedUsage} = await import('./read-provisioned-usage.js')
      const [scaling, usage] = await Promise.all([
        readScalingRanges(
          aws,
          provisionedTargets.map((target) => `function:${target.functionName}:${target.qualifier}`),
        ),
        readProvisionedUsage(await aws.cloudwatch(), provisionedTargets, window),
      ])
      return {scaling, usage}
    }

    readsProgress = createProgress({label: 'Reading triggers, metrics and logs'})
    readsProgress.update(0, 1)
    const [triggers, provisioned] = await Promise.all([readTriggers(), readProvisioned()])
    return {settings, states, provisionedTargets, ...triggers, ...provisioned}
  })()

  const [{settings, states, provisionedTargets, policies, mappings, asyncTriggers, configs, scaling, usage}, {traffic, logUsage}] = await Promise.all([
    controlPlane,
    trafficAndLogs,
  ]).finally(() => {
    progress.stop()
    readsProgress?.stop()
  })

  const floor = request.minUnreserved ?? defaultUnreservedFloor(settings.limit)
  const unreservedThrottled = states.some((state, index) => state.reserved === null && traffic.functions[index].traffic.throttles.some((value) => value > 0))
  const poolExhausted = traffic.accountUnreservedMax === null ? unreservedThrottled : traffic.accountUnreservedMax >= settings.unreserved
  const planContext: PlanContext = {
    region,
    headroom: 0.2,
    unreservedPool: settings.unreserved,
    poolExhausted,
    unreservedFloor: floor,
    windowSeconds: window.end - window.start,
  }
  const usageByKey = new Map(provisionedTargets.map((target, index) => [`${target.functionName}:${target.qualifier}`, usage.usage[index]]))

  const alarmsByOwner = await lxAlarms
  const facts: FunctionFacts[] = functions.map((fn, index) => {
    const state = states[index]
    const read = traffic.functions[index]
    const policy = policies.get(fn.name)
    const pollers = mappings[index].filter((mapping) => !mapping.disabled).map((mapping) => mapping.source)
    // Unreadable triggers: a caller is assumed to wait, as `lx concurrency plan` does.
    const callers = policy?.error ? {waits: true, sources: []} : callersOf(policy?.policy ?? [], pollers)
    const aliases = state.aliases ?? []
    const planned = plannedQualifier(fn, state, undefined) ?? (aliases.length === 1 ? aliases[0].name : null)
    const input: FunctionPlanInput = {
      functionName: fn.name,
      memoryMb: fn.configuration.MemorySize ?? 128,
      architecture: state.architecture,
      reserved: state.reserved,
      provisioned: state.provisioned.map((pc) => ({qualifier: pc.qualifier, requested: pc.requested})),
      scaling: scaling.ranges.get(fn.name) ?? [],
      qualifier: planned,
      traffic: read.traffic,
      provisionedObserved: state.provisioned.map((pc) => {
        const used = usageByKey.get(`${fn.name}:${pc.qualifier}`)
        return {qualifier: pc.qualifier, utilizationMax: used?.utilizationMax ?? null, spillover: used?.spillover ?? 0}
      }),
      callers,
    }
    const plan = recommendFunction(input, planContext)
    const computeSeconds = read.traffic.invocations.reduce((total, count, i) => total + count * ((read.traffic.durationAvgMs[i] ?? 0) / 1000), 0)
    const logs = logUsage.byGroup.get(logGroupOf(fn))
    return {
      functionName: fn.name,
      runtime: fn.configuration.Runtime ?? null,
      packageType: fn.configuration.PackageType ?? 'Zip',
      architecture: state.architecture,
      memoryMb: fn.configuration.MemorySize ?? 128,
      snapStart: fn.configuration.SnapStart?.ApplyOn === 'PublishedVersions',
      ...(fn.configuration.DeadLetterConfig?.TargetArn ? {deadLetterArn: fn.configuration.DeadLetterConfig.TargetArn} : {}),
      reserved: state.reserved,
      provisioned: state.provisioned.map((pc) => {
        const used = usageByKey.get(`${fn.name}:${pc.qualifier}`)
        return {
          qualifier: pc.qualifier,
          requested: pc.requested,
          status: pc.status,
          invocations: used?.invocations ?? null,
          utilizationAvg: used?.utilizationAvg ?? null,
          utilizationMax: used?.utilizationMax ?? null,
          autoScaled: (scaling.ranges.get(fn.name) ?? []).some((range) => range.qualifier === pc.qualifier),
        }
      }),
      aliases,
      plan,
      commands: applyCommands(plan),
      computeSeconds,
      callersWait: callers.waits,
      asyncTriggers: asyncTriggers.get(fn.name) ?? [],
      eventInvokeConfigs: configs.get(fn.name) ?? [],
      ...(logs ? {logs: {invocations: logs.invocations, coldStarts: logs.coldStarts, avgInitMs: logs.avgInitMs, maxMemoryUsedMb: logs.maxMemoryUsedMb}} : {}),
      ...(alarmsByOwner ? {alarms: alarmsByOwner.get(fn.name) ?? []} : {}),
    }
  })

  const accountPlan = summariseAccount(
    facts.map((entry) => entry.plan),
    {region, limit: settings.limit, unreserved: settings.unreserved, unreservedFloor: floor},
  )
  const account: AccountFacts = {
    limit: settings.limit,
    unreserved: settings.unreserved,
    floor,
    peakConcurrency: usage.accountPeakConcurrency,
    peakClaimed: usage.accountPeakClaimed,
    poolExhausted,
    plan: accountPlan,
    ...(alarmsByOwner ? {alarms: alarmsByOwner.get('') ?? []} : {}),
  }
  const windowLabel = formatRange(request.windowSeconds)
  const all = planFindings(facts, account, {
    region,
    window: windowLabel,
    windowSeconds: window.end - window.start,
    now: new Date(request.now ?? Date.now()),
    failureDestination: commonFailureDestination(configs.values()),
  })
  // Where each finding is: the function's account (from its ARN) and region; the account's for the rest.
  const accountOf = new Map(functions.map((fn) => [fn.name, fn.configuration.FunctionArn?.split(':')[4] || request.account]))
  const placeAccount = request.account ?? [...accountOf.values()].find(Boolean)
  const findings: PlacedFinding[] = all
    .filter((finding) => atLeast(finding.severity, request.minSeverity))
    .map((finding) => {
      const fn = finding.resource === 'account' ? undefined : finding.resource.split(':')[0]
      const account = (fn === undefined ? undefined : accountOf.get(fn)) ?? placeAccount
      const fix = request.placeArguments && finding.fixKind === 'command' ? fixInPlace(finding.fix, request.placeArguments) : finding.fix
      return {...finding, fix, ...(account ? {account} : {}), region}
    })
  const counts: Record<Severity, number> = {critical: 0, warning: 0, info: 0}
  for (const finding of findings) counts[finding.severity]++
  const sum = (pick: (finding: Finding) => number | undefined) => Math.round(findings.reduce((total, finding) => total + (pick(finding) ?? 0), 0) * 100) / 100
  const {pricingNote} = await import('../recommend/pricing.js')
  notes.push(
    ...[
      pricingNote(region),
      scaling.note,
      logUsage.missingGroups.length > 0
        ? `No log group for ${logUsage.missingGroups.length} function(s) that ran (${logUsage.missingGroups.slice(0, 3).join(', ')}): no memory ` +
          `figures for them.`
        : undefined,
      `Runtime dates: ${TABLE_SOURCE}, as of ${TABLE_DATE}.`,
      'Money is monthly (730 h) at list price, from the window scaled to a month.',
    ].filter((note): note is string => Boolean(note)),
  )
  return {
    region,
    window: windowLabel,
    from: new Date(window.start * 1000).toISOString(),
    to: new Date(window.end * 1000).toISOString(),
    functions: functions.length,
    findings,
    counts,
    totals: {monthlySaving: sum((finding) => finding.monthlySaving), monthlyCost: sum((finding) => finding.monthlyCost), currency: 'USD'},
    notes,
    calls: {getMetricData: traffic.calls + usage.calls, metricQueries: traffic.queries + usage.queries, logsInsightsQueries: logUsage.queries},
  }
}

/** An account-region of `lx advise` across a fleet: how many functions it has, or why it was not read. */
export interface AdvisePlace {
  account?: string
  region?: string
  functions?: number
  unreachable?: string
}

/**
 * `lx advise` across a fleet: the same object as one place's, with every account-region's findings
 * (each with its account and region) ranked together, counts, money and calls summed, `region`
 * naming the regions, and `places` saying what each account-region held (or why it was not read).
 */
export interface AdviseFleetReport extends AdviseReport {
  places: AdvisePlace[]
}

/** The reports of every account-region reached, as one. Pure. */
export function mergeAdviseReports(
  reports: ReadonlyArray<{account?: string; report: AdviseReport}>,
  request: Pick<AdviseRequest, 'windowSeconds' | 'now'>,
): AdviseFleetReport {
  const sorted = [...reports].sort((a, b) => (a.account ?? '').localeCompare(b.account ?? '') || a.report.region.localeCompare(b.report.region))
  const period = trafficPeriod(request.windowSeconds)
  const window = trafficWindow(Math.floor((request.now ?? Date.now()) / 1000), request.windowSeconds, period)
  // Ranked across the fleet: money, then severity, then id; the same id in two places in place order.
  const findings = rankFindings(sorted.flatMap(({report}) => report.findings)) as PlacedFinding[]
  const counts: Record<Severity, number> = {critical: 0, warning: 0, info: 0}
  for (const finding of findings) counts[finding.severity]++
  const sum = (pick: (report: AdviseReport) => number) => Math.round(sorted.reduce((total, {report}) => total + pick(report), 0) * 100) / 100
  const label = (account: string | undefined, region: string) => (account ? `${account}/${region}` : region)
  return {
    region: [...new Set(sorted.map(({report}) => report.region))].join(','),
    window: sorted[0]?.report.window ?? formatRange(request.windowSeconds),
    from: new Date(window.start * 1000).toISOString(),
    to: new Date(window.end * 1000).toISOString(),
    functions: sorted.reduce((total, {report}) => total + report.functions, 0),
    findings,
    counts,
    totals: {monthlySaving: sum((report) => report.totals.monthlySaving), monthlyCost: sum((report) => report.totals.monthlyCost), currency: 'USD'},
    notes: sayOnce(sorted.map(({account, report}) => ({label: label(account, report.region), lines: report.notes}))),
    calls: {
      getMetricData: sum((report) => report.calls.getMetricData),
      metricQueries: sum((report) => report.calls.metricQueries),
      logsInsightsQueries: sum((report) => report.calls.logsInsightsQueries),
    },
    places: sorted.map(({account, report}) => ({...(account ? {account} : {}), region: report.region, functions: report.functions})),
  }
}
