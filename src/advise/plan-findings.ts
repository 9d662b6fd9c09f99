// `lx advise`: from what was read (state, traffic, the concurrency recommendation, logs) to findings.
// Pure: every threshold is here, table-tested in test/advise/plan-findings.test.ts.
//
// Advice judges the CURRENT settings against the window's demand: a throttle that today's
// reservation would have absorbed is history, not a finding, so a fix makes its finding disappear
// on the next run even though the window still holds the old throttles.
import type {AccountPlan} from '../recommend/recommend-account.js'
import {shellQuote} from '../recommend/recommend-commands.js'
import type {FunctionPlan} from '../recommend/recommend-function.js'
import {breakEvenUtilisation, type LambdaPrices, monthly, pricesFor, roundUsd, SECONDS_PER_MONTH} from '../recommend/pricing.js'
import type {AliasState} from '../concurrency/read-concurrency.js'
import type {Finding, Severity} from './findings.js'
import {rankFindings} from './findings.js'
import {runtimeStatus, snapStartSupport, TABLE_DATE} from './runtime-deprecations.js'

/** Below this average utilisation, most of what provisioned concurrency costs pays for idle environments. */
export const UNDERUSED_SEVERE = 0.2
/** A throttle share of attempts from which throttling is critical. */
export const THROTTLE_CRITICAL_SHARE = 0.01
/** Unreserved headroom above the floor, as a share of the limit, below which the account is tight. */
export const HEADROOM_SHARE = 0.1
/** Account peak concurrency, as a share of the limit, from which a quota increase is due. */
export const PEAK_SHARE_WARNING = 0.8
export const PEAK_SHARE_CRITICAL = 0.95
/** Memory is "far above" use when a size with this margin over the most used is at most half of it. */
export const MEMORY_MARGIN = 1.5
/** Memory is "close to the limit" from this share of the size used. */
export const MEMORY_NEAR_LIMIT = 0.9
export const MEMORY_NEAR_LIMIT_CRITICAL = 0.98
/** The margin a raised size gives over the most used. */
export const MEMORY_RAISE_MARGIN = 1.3
/** Lambda's memory range. */
export const MIN_MEMORY_MB = 128
export const MAX_MEMORY_MB = 10_240
/** Cold starts worth SnapStart: at least this many in the window, each adding at least this long. */
export const SNAPSTART_MIN_COLD_STARTS = 10
export const SNAPSTART_MIN_INIT_MS = 1000
/** SnapStart for Python and .NET (us-east-1): cache per GB-second while a version is active, restore per GB. */
export const SNAPSTART_CACHE_PER_GB_SECOND = 0.000_001_504_6
export const SNAPSTART_RESTORE_PER_GB = 0.000_139_799_8
/** The Service Quotas code of Lambda's "Concurrent executions". */
export const CONCURRENCY_QUOTA_CODE = 'L-B99A9384'

export interface ProvisionedFacts {
  qualifier: string
  requested: number
  status: string
  /** Served invocations over the window; null without datapoints. */
  invocations: number | null
  utilizationAvg: number | null
  utilizationMax: number | null
  /** An Application Auto Scaling target manages it. */
  autoScaled: boolean
}

export interface AsyncTrigger {
  source: string
  /** Alias or version the trigger invokes; undefined: the unqualified function ($LATEST). */
  qualifier?: string
}

export interface OnFailureConfig {
  qualifier: string
  onFailure: string | null
}

export interface LogFacts {
  invocations: number
  coldStarts: number
  avgInitMs: number | null
  maxMemoryUsedMb: number
}

export interface FunctionFacts {
  functionName: string
  runtime: string | null
  packageType: string
  architecture: string
  memoryMb: number
  snapStart: boolean
  deadLetterArn?: string
  reserved: number | null
  provisioned: ProvisionedFacts[]
  aliases: AliasState[]
  /** The concurrency recommendation (what `lx concurrency plan` says) and its commands. */
  plan: FunctionPlan
  commands: string[]
  /** Execution seconds in the window (invocations × duration). */
  computeSeconds: number
  /** Some caller waits for the answer (a synchronous trigger, or none known). */
  callersWait: boolean
  asyncTriggers: AsyncTrigger[]
  /** Read only for functions with an asynchronous trigger. */
  eventInvokeConfigs: OnFailureConfig[]
  /** From the REPORT lines; undefined when the function has none in the window. */
  logs?: LogFacts
  /** The kinds of lx alarm the function has (`lx alarms`); undefined when alarms could not be read. */
  alarms?: string[]
}

export interface AccountFacts {
  limit: number
  unreserved: number
  floor: number
  /** Highest account-wide ConcurrentExecutions in the window; null without datapoints. */
  peakConcurrency: number | null
  /** Highest ClaimedAccountConcurrency in the window (what the limit is measured against); null without datapoints. */
  peakClaimed: number | null
  /** The unreserved pool ran out in the window. */
  poolExhausted: boolean
  /** The account check of the concurrency recommendations. */
  plan: AccountPlan
  /** The kinds of lx account alarm there are; undefined when alarms could not be read. */
  alarms?: string[]
}

export interface AdviseContext {
  region: string
  /** e.g. "14d". */
  window: string
  windowSeconds: number
  now: Date
  /** An on-failure destination the account already uses, offered in fixes. */
  failureDestination?: string
}

const pct = (value: number) => `${Math.round(value * 100)} %`
const usd = (value: number) => roundUsd(value)

function severityOf(share: number, severe: number, high: Severity, low: Severity): Severity {
  return share >= severe ? high : low
}

/** The always-on charge of N provisioned environments for a month. */
export function provisionedMonthly(requested: number, memoryMb: number, prices: LambdaPrices): number {
  return requested * (memoryMb / 1024) * prices.provisionedPerGbSecond * SECONDS_PER_MONTH
}

/** Whether an alias (or its weighted routing) points at this version. */
function versionInUse(version: string, aliases: readonly AliasState[]): boolean {
  return aliases.some((alias) => alias.version === version || (alias.routing ?? []).some((route) => route.version === version))
}

function unsetProvisioned(fn: string, pc: ProvisionedFacts): string {
  const q = shellQuote(pc.qualifier)
  return [...(pc.autoScaled ? [`lx scaling remove ${fn} --qualifier ${q}`] : []), `lx concurrency unset ${fn} --provisioned --qualifier ${q}`].join(' && ')
}

function provisionedFindings(facts: FunctionFacts, context: AdviseContext): Finding[] {
  const findings: Finding[] = []
  const {prices} = pricesFor(context.region, facts.architecture)
  const fn = shellQuote(facts.functionName)
  const invoked = facts.plan.observed.invocations > 0
  for (const pc of facts.provisioned) {
    const resource = `${facts.functionName}:${pc.qualifier}`
    const cost = provisionedMonthly(pc.requested, facts.memoryMb, prices)
    const evidence = {
      window: context.window,
      requested: pc.requested,
      memoryMb: facts.memoryMb,
      functionInvocations: Math.round(facts.plan.observed.invocations),
    }
    if (/^\d+$/.test(pc.qualifier) && !versionInUse(pc.qualifier, facts.aliases)) {
      findings.push({
        id: `provisioned-orphan-version:${resource}`,
        kind: 'provisioned-orphan-version',
        severity: 'critical',
        resource,
        title: `${pc.requested} provisioned on version ${pc.qualifier}, which no alias points to`,
        evidence: {
          ...evidence,
          aliases: facts.aliases.map((alias) => `${alias.name}→${alias.version}`).join(', ') || 'none',
          servedInvocations: pc.invocations,
        },
        monthlySaving: usd(cost),
        fix: unsetProvisioned(fn, pc),
        fixKind: 'command',
      })
      continue
    }

    if (pc.status !== 'READY') continue
    if (invoked && (pc.invocations ?? 0) === 0 && (pc.utilizationMax ?? 0) === 0) {
      findings.push({
        id: `provisioned-no-traffic:${resource}`,
        kind: 'provisioned-no-traffic',
        severity: 'critical',
        resource,
        title:
          `${pc.requested} provisioned on ${pc.qualifier} served no invocation, while the function was invoked ` +
          `${Math.round(facts.plan.observed.invocations)} times elsewhere`,
        evidence: {...evidence, servedInvocations: pc.invocations ?? 0, utilizationMax: pc.utilizationMax ?? 0},
        monthlySaving: usd(cost),
        fix: `${unsetProvisioned(fn, pc)}   # or point the callers at ${pc.qualifier}`,
        fixKind: 'command',
      })
      continue
    }

    const average = pc.utilizationAvg
    const breakEven = breakEvenUtilisation(prices)
    if (average === null || average >= breakEven) continue
    // The recommendation covers the qualifier it planned; another qualifier gets its idle share.
    const planned = facts.plan.qualifier === pc.qualifier
    const recommended = planned ? facts.plan.recommended.provisioned : null
    const planSaving = planned ? facts.plan.monthlyCost.current - facts.plan.monthlyCost.recommended : 0
    const saving = planSaving > 0 ? planSaving : cost * (1 - average)
    const commands = planned ? facts.commands.filter((command) => command.includes(`--qualifier ${shellQuote(pc.qualifier)}`)) : []
    findings.push({
      id: `provisioned-underused:${resource}`,
      kind: 'provisioned-underused',
      severity: average < UNDERUSED_SEVERE ? 'warning' : 'info',
      resource,
      title:
        `${pc.requested} provisioned on ${pc.qualifier} used ${pct(average)} on average (peak ${pct(pc.utilizationMax ?? 0)}); it pays off ` +
        `above ${pct(breakEven)}`,
      evidence: {
        ...evidence,
        utilizationAvg: Math.round(average * 1000) / 1000,
        utilizationMax: pc.utilizationMax === null ? null : Math.round(pc.utilizationMax * 1000) / 1000,
        recommendedProvisioned: recommended,
        ...(planned ? {recommendation: facts.plan.reason} : {}),
      },
      monthlySaving: usd(saving),
      fix: commands.length > 0 ? commands.join(' && ') : unsetProvisioned(fn, pc),
      fixKind: 'command',
    })
  }

  return findings
}

function throttlingFinding(facts: FunctionFacts, account: AccountFacts, context: AdviseContext): Finding | undefined {
  const {observed, whatIf} = facts.plan
  if (observed.throttles <= 0) return undefined
  const fn = shellQuote(facts.functionName)
  const attempts = observed.invocations + observed.throttles
  const share = attempts > 0 ? observed.throttles / attempts : 0
  const evidence = {
    window: context.window,
    throttles: Math.round(observed.throttles),
    invocations: Math.round(observed.invocations),
    throttledShare: Math.round(share * 10_000) / 10_000,
    peakConcurrency: Math.round(observed.peakConcurrency),
    peakDemand: Math.round(observed.peakDemand),
    reserved: facts.reserved,
  }
  const reservedCommand = facts.commands.find(
    (command) => command.startsWith(`lx concurrency set ${fn} --reserved`) || command.startsWith(`lx concurrency unset ${fn} --reserved`),
  )
  const base = {id: `throttling:${facts.functionName}`, kind: 'throttling' as const, resource: facts.functionName}
  if (facts.reserved === 0) {
    return {
      ...base,
      severity: 'info',
      title: 'throttled on purpose: reserved concurrency 0 switches it off',
      evidence: {...evidence, cause: 'disabled'},
      fix: `lx concurrency unset ${fn} --reserved   # only if it should run again`,
      fixKind: 'command',
    }
  }

  if (facts.reserved !== null) {
    // Today's reservation would have served the window: the throttles are history.
    if (whatIf.current.throttles <= 0) return undefined
    return {
      ...base,
      severity: severityOf(share, THROTTLE_CRITICAL_SHARE, 'critical', 'warning'),
      title:
        `throttled by its own reservation: ${Math.round(observed.throttles)} throttles, demand peaked at ${Math.round(observed.peakDemand)} ` +
        `against reserved ${facts.reserved}`,
      evidence: {...evidence, cause: 'own reservation', recommendedReserved: facts.plan.recommended.reserved},
      fix: reservedCommand ?? `lx concurrency set ${fn} --reserved ${Math.ceil(observed.peakDemand * 1.2)}`,
      fixKind: 'command',
    }
  }

  if (account.poolExhausted) {
    return {
      ...base,
      severity: severityOf(share, THROTTLE_CRITICAL_SHARE, 'critical', 'warning'),
      title: `throttled because the account's unreserved pool (${account.unreserved}) ran out`,
      evidence: {...evidence, cause: 'account pool', unreserved: account.unreserved, limit: account.limit},
      fix:
        reservedCommand ??
        `aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value ` +
          `${account.limit + 1000}`,
      fixKind: 'command',
    }
  }

  const provisionedCommands = facts.commands.filter((command) => command.includes('--provisioned') || command.startsWith('lx scaling'))
  return {
    ...base,
    severity: severityOf(share, THROTTLE_CRITICAL_SHARE, 'critical', 'warning'),
    title: `throttled in bursts faster than Lambda scales (1,000 environments per 10 s), with no cap of its own`,
    evidence: {...evidence, cause: 'burst'},
    fix:
      provisionedCommands.length > 0
        ? provisionedCommands.join(' && ')
        : 'Smooth the burst at the caller (a queue, retries with backoff) or keep environments warm with provisioned concurrency on an alias.',
    fixKind: provisionedCommands.length > 0 ? 'command' : 'instruction',
  }
}

function asyncFindings(facts: FunctionFacts, context: AdviseContext): Finding[] {
  if (facts.asyncTriggers.length === 0 || facts.deadLetterArn) return []
  const byQualifier = new Map<string, string[]>()
  for (const trigger of facts.asyncTriggers) {
    const qualifier = trigger.qualifier ?? '$LATEST'
    byQualifier.set(qualifier, [...new Set([...(byQualifier.get(qualifier) ?? []), trigger.source])])
  }

  const findings: Finding[] = []
  const fn = shellQuote(facts.functionName)
  for (const [qualifier, sources] of byQualifier) {
    const config = facts.eventInvokeConfigs.find((entry) => entry.qualifier === qualifier)
    if (config?.onFailure) continue
    const resource = qualifier === '$LATEST' ? facts.functionName : `${facts.functionName}:${qualifier}`
    const destination = context.failureDestination ?? 'QUEUE_OR_TOPIC_ARN'
    findings.push({
      id: `async-no-failure-destination:${resource}`,
      kind: 'async-no-failure-destination',
      severity: 'warning',
      resource,
      title:
        `invoked asynchronously (${sources.join(', ')}) with no on-failure destination and no dead-letter queue: failed events are dropped ` +
        `after the retries`,
      evidence: {window: context.window, triggers: sources.join(', '), eventInvokeConfig: config ? 'without on-failure' : 'none', deadLetterQueue: 'none'},
      fix: `lx destinations set ${fn}${qualifier === '$LATEST' ? '' : ` --qualifier ${shellQuote(qualifier)}`} --on-failure ${destination}`,
      fixKind: 'command',
    })
  }

  return findings
}

export function roundUpMemory(mb: number): number {
  return Math.min(MAX_MEMORY_MB, Math.max(MIN_MEMORY_MB, Math.ceil(mb / 64) * 64))
}

function memoryFindings(facts: FunctionFacts, context: AdviseContext): Finding[] {
  const logs = facts.logs
  if (!logs || logs.invocations <= 0 || logs.maxMemoryUsedMb <= 0) return []
  const {prices} = pricesFor(context.region, facts.architecture)
  const fn = shellQuote(facts.functionName)
  const used = logs.maxMemoryUsedMb
  const share = used / facts.memoryMb
  const evidence = {
    window: context.window,
    memoryMb: facts.memoryMb,
    maxMemoryUsedMb: used,
    usedShare: Math.round(share * 1000) / 1000,
    invocations: logs.invocations,
  }
  // Duration is billed per GB-second: the same run at another size costs in proportion.
  const monthlyAt = (mb: number) => monthly(facts.computeSeconds * (mb / 1024) * prices.durationPerGbSecond, context.windowSeconds)
  if (share >= MEMORY_NEAR_LIMIT) {
    const raised = roundUpMemory(used * MEMORY_RAISE_MARGIN)
    if (raised <= facts.memoryMb) return []
    return [
      {
        id: `memory-near-limit:${facts.functionName}`,
        kind: 'memory-near-limit',
        severity: share >= MEMORY_NEAR_LIMIT_CRITICAL ? 'critical' : 'warning',
        resource: facts.functionName,
        title: `invocations used up to ${used} MB of ${facts.memoryMb} MB (${pct(share)}): close to running out of memory`,
        evidence: {...evidence, recommendedMb: raised},
        monthlyCost: usd(monthlyAt(raised) - monthlyAt(facts.memoryMb)),
        fix: `lx memory set ${fn} --mb ${raised}`,
        fixKind: 'command',
      },
    ]
  }

  const lowered = roundUpMemory(used * MEMORY_MARGIN)
  if (lowered * 2 > facts.memoryMb) return []
  const saving = monthlyAt(facts.memoryMb) - monthlyAt(lowered)
  return [
    {
      id: `memory-oversized:${facts.functionName}`,
      kind: 'memory-oversized',
      severity: saving >= 10 ? 'warning' : 'info',
      resource: facts.functionName,
      title: `${facts.memoryMb} MB for at most ${used} MB used (${pct(share)}); ${lowered} MB leaves a ${Math.round((MEMORY_MARGIN - 1) * 100)} % margin`,
      evidence: {...evidence, recommendedMb: lowered, note: 'CPU scales with memory: check Duration after the change'},
      monthlySaving: usd(saving),
      fix: `lx memory set ${fn} --mb ${lowered}`,
      fixKind: 'command',
    },
  ]
}

function runtimeFinding(facts: FunctionFacts, context: AdviseContext): Finding | undefined {
  const status = runtimeStatus(facts.runtime, context.now)
  if (status.status !== 'deprecated' && status.status !== 'deprecating') return undefined
  const {entry} = status
  const successor = entry.successor === facts.runtime ? 'a newer runtime' : entry.successor
  const base = {
    id: `runtime-deprecated:${facts.functionName}`,
    kind: 'runtime-deprecated' as const,
    resource: facts.functionName,
    fixKind: 'instruction' as const,
  }
  const evidence = {
    runtime: facts.runtime,
    deprecation: entry.deprecation,
    blockCreate: entry.blockCreate ?? null,
    blockUpdate: entry.blockUpdate ?? null,
    table: TABLE_DATE,
  }
  const fix =
    `Move ${facts.functionName} to ${successor} in its deployment (code, then \`aws lambda update-function-configuration ` +
    `--function-name ${facts.functionName} --runtime ${successor}\`); lx does not change runtimes.`
  if (status.status === 'deprecated') {
    return {
      ...base,
      severity: status.updatesBlocked ? 'critical' : 'warning',
      title: `runtime ${facts.runtime} is deprecated since ${status.since}: no security patches${status.updatesBlocked ? '; updates are blocked' : ''}`,
      evidence,
      fix,
    }
  }

  return {...base, severity: 'info', title: `runtime ${facts.runtime} is deprecated on ${status.on} (in ${status.days} days)`, evidence, fix}
}

function snapStartFinding(facts: FunctionFacts, context: AdviseContext): Finding | undefined {
  const support = snapStartSupport(facts.runtime)
  const logs = facts.logs
  if (!support || facts.packageType === 'Image' || facts.snapStart || !facts.callersWait || !logs) return undefined
  if (logs.coldStarts < SNAPSTART_MIN_COLD_STARTS || (logs.avgInitMs ?? 0) < SNAPSTART_MIN_INIT_MS) return undefined
  const {prices} = pricesFor(context.region, facts.architecture)
  const gb = facts.memoryMb / 1024
  const currentProvisioned = facts.provisioned.reduce((total, pc) => total + pc.requested, 0)
  // What provisioned concurrency hiding these cold starts takes: what is there, what the plan says, or one warm environment.
  const environments = currentProvisioned || facts.plan.recommended.provisioned || Math.max(1, Math.ceil(facts.plan.observed.busyHourConcurrency))
  const provisionedCost = provisionedMonthly(environments, facts.memoryMb, prices)
  const coldStartsPerMonth = monthly(logs.coldStarts, context.windowSeconds)
  const snapStartCost = support === 'free' ? 0 : gb * SECONDS_PER_MONTH * SNAPSTART_CACHE_PER_GB_SECOND + coldStartsPerMonth * gb * SNAPSTART_RESTORE_PER_GB
  if (snapStartCost >= provisionedCost) return undefined
  const fn = facts.functionName
  return {
    id: `snapstart:${fn}`,
    kind: 'snapstart',
    severity: 'info',
    resource: fn,
    title:
      `${logs.coldStarts} cold starts of ${Math.round(logs.avgInitMs ?? 0)} ms for callers that wait; SnapStart ` +
      `(${support === 'free' ? 'free on Java' : `about $${usd(snapStartCost)}/month`}) ` +
      `costs less than ${environments} provisioned ($${usd(provisionedCost)}/month)`,
    evidence: {
      window: context.window,
      runtime: facts.runtime,
      coldStarts: logs.coldStarts,
      avgInitMs: Math.round(logs.avgInitMs ?? 0),
      invocations: logs.invocations,
      provisionedAlternative: environments,
      provisionedMonthly: usd(provisionedCost),
      snapStartMonthly: usd(snapStartCost),
    },
    ...(currentProvisioned > 0 ? {monthlySaving: usd(provisionedCost - snapStartCost)} : {monthlyCost: usd(snapStartCost)}),
    fix:
      `aws lambda update-function-configuration --function-name ${fn} --snap-start ApplyOn=PublishedVersions, then publish a version and ` +
      `point its alias at it (SnapStart and provisioned concurrency do not go together; test restore hooks first).`,
    fixKind: 'instruction',
  }
}

function accountFindings(account: AccountFacts, context: AdviseContext): Finding[] {
  const findings: Finding[] = []
  const quota =
    `aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value ` +
    `${account.limit + 1000}`
  const evidence = {
    window: context.window,
    limit: account.limit,
    unreserved: account.unreserved,
    floor: account.floor,
    peakConcurrency: account.peakConcurrency,
  }
  const tight = account.limit * HEADROOM_SHARE
  const headroom = account.unreserved - account.floor
  if (headroom < tight) {
    findings.push({
      id: 'account-headroom:unreserved',
      kind: 'account-headroom',
      severity: headroom <= 0 ? 'critical' : 'warning',
      resource: 'account',
      title:
        `unreserved concurrency ${account.unreserved} is ${headroom} above its floor of ${account.floor}: little left to reserve, and ` +
        `little for functions without a reservation`,
      evidence: {...evidence, headroom},
      fix: quota,
      fixKind: 'command',
    })
  }

  // Claimed concurrency (reservations + provisioned + unreserved in use) is what the limit caps.
  const peak = Math.max(account.peakClaimed ?? 0, account.peakConcurrency ?? 0)
  if (peak >= account.limit * PEAK_SHARE_WARNING) {
    const share = peak / account.limit
    findings.push({
      id: 'account-headroom:peak',
      kind: 'account-headroom',
      severity: share >= PEAK_SHARE_CRITICAL ? 'critical' : 'warning',
      resource: 'account',
      title:
        `claimed concurrency (reservations, provisioned, unreserved in use) peaked at ${Math.round(peak)} of the ${account.limit} limit ` +
        `(${pct(share)}): ask for a higher limit`,
      evidence: {...evidence, peakClaimed: account.peakClaimed, peakShare: Math.round(share * 1000) / 1000},
      fix: quota,
      fixKind: 'command',
    })
  }

  const plan = account.plan
  if (plan.headroomAfter < tight && plan.unreservedAfter !== account.unreserved) {
    findings.push({
      id: 'account-headroom:recommendations',
      kind: 'account-headroom',
      severity: plan.fits ? 'warning' : 'critical',
      resource: 'account',
      title: plan.fits
        ? `the reservations lx recommends leave unreserved at ${plan.unreservedAfter}, only ${plan.headroomAfter} above the floor of ${account.floor}`
        : `the reservations lx recommends need ${-plan.headroomAfter} more than the account can set aside (unreserved would fall to ` +
          `${plan.unreservedAfter}, floor ${account.floor})`,
      evidence: {...evidence, unreservedAfter: plan.unreservedAfter, headroomAfter: plan.headroomAfter},
      fix: quota,
      fixKind: 'command',
    })
  }

  return findings
}

/** The SNS topic is the user's to choose: the fix names where it goes. */
const TOPIC = '<SNS_TOPIC_ARN>'

/** A function that throttled with nobody told: the throttle alarm `lx alarms set` makes. */
function throttleAlarmFinding(facts: FunctionFacts, context: AdviseContext): Finding | undefined {
  if (facts.alarms === undefined || facts.alarms.includes('throttles') || facts.plan.observed.throttles <= 0) return undefined
  return {
    id: `alarm-missing:${facts.functionName}:throttles`,
    kind: 'alarm-missing',
    severity: 'warning',
    resource: facts.functionName,
    title: `throttled ${Math.round(facts.plan.observed.throttles)} times in ${context.window}, and no alarm tells anyone when it does`,
    evidence: {window: context.window, throttles: Math.round(facts.plan.observed.throttles), alarm: 'none'},
    fix: `lx alarms set ${shellQuote(facts.functionName)} --notify ${TOPIC} --kind throttles`,
    fixKind: 'command',
  }
}

/**
 * No alarm on the account's concurrency, on an account whose peak came within half of its limit:
 * the limit would be found by the functions that hit it.
 */
function accountAlarmFinding(account: AccountFacts, context: AdviseContext): Finding | undefined {
  if (account.alarms === undefined || account.alarms.includes('concurrency')) return undefined
  const peak = account.peakClaimed ?? account.peakConcurrency
  if (peak === null || peak < account.limit * 0.5) return undefined
  return {
    id: 'alarm-missing:account:concurrency',
    kind: 'alarm-missing',
    severity: peak >= account.limit * 0.8 ? 'warning' : 'info',
    resource: 'account',
    title: `no alarm on the account's concurrency: nobody hears when it nears the limit of ${account.limit}`,
    evidence: {window: context.window, limit: account.limit, peakConcurrency: peak, alarm: 'none'},
    fix: `lx alarms set --all --notify ${TOPIC} --kind concurrency`,
    fixKind: 'command',
  }
}

export function planFindings(functions: readonly FunctionFacts[], account: AccountFacts, context: AdviseContext): Finding[] {
  const findings: Finding[] = accountFindings(account, context)
  const accountAlarm = accountAlarmFinding(account, context)
  if (accountAlarm) findings.push(accountAlarm)
  for (const facts of functions) {
    findings.push(...provisionedFindings(facts, context), ...asyncFindings(facts, context), ...memoryFindings(facts, context))
    const throttling = throttlingFinding(facts, account, context)
    const runtime = runtimeFinding(facts, context)
    const snapStart = snapStartFinding(facts, context)
    const alarm = throttleAlarmFinding(facts, context)
    for (const finding of [throttling, runtime, snapStart, alarm]) if (finding) findings.push(finding)
  }

  return rankFindings(findings)
}
