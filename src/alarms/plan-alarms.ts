// Pure planning of `lx alarms set` and `lx alarms remove`: from each function's traffic over the
// window, the account's limits and the alarms that exist now, the alarm definitions wanted and the
// plan (none → threshold X, X → Y, unchanged, or skipped with why). No I/O.
import {emptyPlan, type Plan, type Target} from '../apply/plan.js'
import {type AlarmDefinition, type AlarmState, describeAlarm, isLxAlarm, LX_MARKER, sameDefinition} from './alarm-definition.js'
import {ACCOUNT_TARGET, type AlarmKind, alarmName, type FunctionAlarmKind, isAccountKind, type ThresholdOverrides} from './alarm-kinds.js'

export const ALARM_CHANGE_KIND = 'metric-alarm'
const NAMESPACE = 'AWS/Lambda'
/** Error rates and durations are judged on 5-minute periods: one slow minute is not an incident. */
const SLOW_PERIOD = 300
export const MIN_ERROR_RATE = 5
const ERROR_RATE_FACTOR = 3
const MAX_ERROR_RATE = 90

/** One function's traffic over the window, summed (null: no datapoint at all). */
export interface FunctionTraffic {
  invocations: number
  errors: number
  throttles: number
  p99DurationMs: number | null
  spillover: number
}

export interface FunctionFacts {
  functionName: string
  timeoutSeconds: number
  /** Any provisioned concurrency configured (spillover alarms only make sense then). */
  provisioned: boolean
  traffic: FunctionTraffic
}

export interface AccountFacts {
  limit: number
  /** The unreserved pool: the limit less every reservation (GetAccountSettings). */
  unreserved: number
  peakConcurrency: number | null
  peakUnreserved: number | null
}

export interface AlarmRequest {
  kinds: AlarmKind[]
  topicArn: string
  thresholds: ThresholdOverrides
  /** `14d`, for the why. */
  window: string
}

/** What one alarm should be, and why its threshold is what it is. */
export interface DesiredAlarm {
  target: Target
  kind: AlarmKind
  definition: AlarmDefinition | null
  /** Why the threshold (for a definition) or why none (skipped). */
  why: string
  warning?: string
}

const count = (value: number) => Math.round(value).toLocaleString('en-US')
const round = (value: number, digits = 2) => Number(value.toFixed(digits))

export function alarmTarget(kind: AlarmKind, functionName?: string): Target {
  return {functionName: isAccountKind(kind) ? ACCOUNT_TARGET : functionName!, resource: alarmName(kind, functionName)}
}

type AlarmBase = Pick<AlarmDefinition, 'AlarmName' | 'AlarmDescription' | 'ActionsEnabled' | 'OKActions' | 'AlarmActions' | 'InsufficientDataActions'>

function base(name: string, about: string, topicArn: string): AlarmBase {
  // The description holds only what the definition says, never traffic figures: a re-run with the
  // same flags must find nothing to change.
  return {
    AlarmName: name,
    AlarmDescription: `${about} ${LX_MARKER}`,
    ActionsEnabled: true,
    OKActions: [topicArn],
    AlarmActions: [topicArn],
    InsufficientDataActions: [],
  }
}

const dimensionsOf = (functionName: string) => [{Name: 'FunctionName', Value: functionName}]
const sumOf = (metricName: string, functionName: string) => ({
  Metric: {Namespace: NAMESPACE, MetricName: metricName, Dimensions: dimensionsOf(functionName)},
  Period: SLOW_PERIOD,
  Stat: 'Sum',
})

/** An alarm when a per-minute count goes above a threshold in any of the last N minutes. */
interface CountAlarm {
  fn: string
  kind: FunctionAlarmKind
  metricName: string
  threshold: number
  minutes: number
  topicArn: string
  about: string
}

function anyInMinutes({fn, kind, metricName, threshold, minutes, topicArn, about}: CountAlarm): AlarmDefinition {
  return {
    ...base(alarmName(kind, fn), about, topicArn),
    Namespace: NAMESPACE,
    MetricName: metricName,
    Dimensions: dimensionsOf(fn),
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: minutes,
    DatapointsToAlarm: 1,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    // No datapoint is a minute without throttles (or spillover): an idle function stays OK.
    TreatMissingData: 'notBreaching',
  }
}

function perMinute(threshold: number): string {
  return threshold === 0 ? 'any' : `more than ${count(threshold)} a minute`
}

export function desiredForFunction(fn: FunctionFacts, kind: FunctionAlarmKind, request: AlarmRequest): DesiredAlarm {
  const {thresholds, topicArn, window} = request
  const target = alarmTarget(kind, fn.functionName)
  const name = fn.functionName
  const {traffic} = fn
  switch (kind) {
    case 'throttles': {
      const threshold = thresholds.throttleThreshold ?? 0
      const seen = traffic.throttles > 0 ? `throttled ${count(traffic.throttles)} times in ${window}` : `no throttles in ${window}`
      return {
        target,
        kind,
        definition: anyInMinutes({
          fn: name,
          kind,
          metricName: 'Throttles',
          threshold,
          minutes: thresholds.minutes,
          topicArn,
          about: `Throttles of ${name}: ${perMinute(threshold)} in ${thresholds.minutes} min.`,
        }),
        why: `${perMinute(threshold)} throttle${threshold === 0 ? '' : 's'} in ${thresholds.minutes} min; ${seen}`,
      }
    }

    case 'spillover': {
      if (!fn.provisioned) return {target, kind, definition: null, why: 'no provisioned concurrency: nothing can spill over'}
      const threshold = thresholds.spilloverThreshold ?? 0
      const seen = traffic.spillover > 0 ? `${count(traffic.spillover)} spillover invocations in ${window}` : `no spillover in ${window}`
      return {
        target,
        kind,
        definition: anyInMinutes({
          fn: name,
          kind,
          metricName: 'ProvisionedConcurrencySpilloverInvocations',
          threshold,
          minutes: thresholds.minutes,
          topicArn,
          about: `Provisioned concurrency spillover of ${name}: ${perMinute(threshold)} in ${thresholds.minutes} min.`,
        }),
        why: `${perMinute(threshold)} spillover in ${thresholds.minutes} min; ${seen}`,
      }
    }

    case 'errors': {
      const normal = traffic.invocations > 0 ? (100 * traffic.errors) / traffic.invocations : null
      const fromTraffic = normal === null ? MIN_ERROR_RATE : Math.min(MAX_ERROR_RATE, Math.max(MIN_ERROR_RATE, Math.ceil(normal * ERROR_RATE_FACTOR)))
      const threshold = thresholds.errorRate ?? fromTraffic
      const why =
        thresholds.errorRate === undefined
          ? normal === null
            ? `no invocations in ${window}: ${MIN_ERROR_RATE}%`
            : `normal error rate ${round(normal)}% over ${window} (${count(traffic.errors)} of ${count(traffic.invocations)}): ` +
              `${ERROR_RATE_FACTOR}× normal, at least ${MIN_ERROR_RATE}%`
          : `--error-rate ${threshold}%${normal === null ? '' : `; normal ${round(normal)}% over ${window}`}`
      const definition: AlarmDefinition = {
        ...base(alarmName(kind, name), `Error rate of ${name}: above ${threshold}% in 2 of 3 periods of 5 min.`, topicArn),
        Metrics: [
          {Id: 'errors', MetricStat: sumOf('Errors', name), ReturnData: false},
          {Id: 'invocations', MetricStat: sumOf('Invocations', name), ReturnData: false},
          // A period without invocations has no rate (division by zero drops the datapoint).
          {Id: 'rate', Expression: '100 * errors / invocations', Label: 'error rate %', ReturnData: true},
        ],
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }
      const warning =
        normal !== null && normal > threshold
          ? `${name}: its normal error rate (${round(normal)}%) is above the threshold (${threshold}%): the alarm will fire at once.`
          : undefined
      return {target, kind, definition, why, ...(warning ? {warning} : {})}
    }

    case 'duration': {
      const timeoutMs = fn.timeoutSeconds * 1000
      const threshold = Math.round((timeoutMs * thresholds.durationPercent) / 100)
      const seen = traffic.p99DurationMs === null ? `no invocations in ${window}` : `p99 ${count(traffic.p99DurationMs)} ms over ${window}`
      const definition: AlarmDefinition = {
        ...base(
          alarmName(kind, name),
          `p99 duration of ${name}: above ${thresholds.durationPercent}% of its ${fn.timeoutSeconds} s timeout for 15 min.`,
          topicArn,
        ),
        Namespace: NAMESPACE,
        MetricName: 'Duration',
        Dimensions: dimensionsOf(name),
        ExtendedStatistic: 'p99',
        Period: SLOW_PERIOD,
        Unit: 'Milliseconds',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }
      const above = traffic.p99DurationMs !== null && traffic.p99DurationMs > threshold
      return {
        target,
        kind,
        definition,
        why: `${thresholds.durationPercent}% of the ${fn.timeoutSeconds} s timeout; ${seen}`,
        ...(above ? {warning: `${name}: its p99 duration over ${window} (${count(traffic.p99DurationMs!)} ms) is already above ${count(threshold)} ms.`} : {}),
      }
    }
  }
}

export function desiredForAccount(account: AccountFacts, kind: AlarmKind, request: AlarmRequest): DesiredAlarm {
  const {thresholds, topicArn, window} = request
  const target = alarmTarget(kind)
  const concurrency = kind === 'concurrency'
  const percent = concurrency ? thresholds.concurrencyPercent : thresholds.unreservedPercent
  const pool = concurrency ? account.limit : account.unreserved
  const peak = concurrency ? account.peakConcurrency : account.peakUnreserved
  const threshold = Math.max(1, Math.floor((pool * percent) / 100))
  const metricName = concurrency ? 'ConcurrentExecutions' : 'UnreservedConcurrentExecutions'
  const about = concurrency
    ? `Account concurrency at ${percent}% of the limit (${pool}) in 3 of 5 min.`
    : `Unreserved concurrency in use at ${percent}% of the unreserved pool (${pool}) in 3 of 5 min.`
  const definition: AlarmDefinition = {
    ...base(alarmName(kind), about, topicArn),
    Namespace: NAMESPACE,
    MetricName: metricName,
    Dimensions: [],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 3,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    // No datapoint means nothing ran: not a reason to wake anybody.
    TreatMissingData: 'notBreaching',
  }
  const seen = peak === null ? `no data in ${window}` : `peak ${count(peak)} in ${window}`
  const why = concurrency
    ? `${percent}% of the account limit ${count(pool)}; ${seen}`
    : `${percent}% of the unreserved pool ${count(pool)} (functions without reserved concurrency throttle when it runs out); ${seen}`
  const reached = peak !== null && peak >= threshold
  const warning = reached ? `${alarmName(kind)}: the ${window} peak (${count(peak)}) already reaches ${count(threshold)}.` : undefined
  return {target, kind, definition, why, ...(warning ? {warning} : {})}
}

export interface CurrentAlarms {
  /** Alarms that exist now, by name (any owner). */
  byName: Map<string, AlarmDefinition>
}

function foreignReason(name: string): string {
  return `an alarm named ${name} exists that lx did not create: left alone`
}

/** `lx alarms set`: each wanted alarm against the one that exists now. */
export function planAlarmsSet(desired: DesiredAlarm[], current: CurrentAlarms): Plan<AlarmState> {
  const plan = emptyPlan<AlarmState>(ALARM_CHANGE_KIND)
  const whys: Array<[string, string]> = []
  for (const want of desired) {
    const name = want.target.resource!
    if (want.definition === null) {
      plan.skipped.push({target: want.target, reason: want.why})
      continue
    }

    const existing = current.byName.get(name) ?? null
    if (existing && !isLxAlarm(existing)) {
      plan.skipped.push({target: want.target, reason: foreignReason(name)})
      continue
    }

    if (want.warning) plan.warnings.push(want.warning)
    if (existing && sameDefinition(existing, want.definition)) {
      plan.unchanged.push({target: want.target, state: {alarm: existing}, reason: `already ${describeAlarm(existing)} (${want.why})`})
      continue
    }

    const after: AlarmState = {alarm: want.definition}
    plan.changes.push({
      kind: ALARM_CHANGE_KIND,
      target: want.target,
      before: {alarm: existing},
      after,
      // Somebody may have created an alarm of that name since: lx never takes one over.
      replan: (fresh) => (fresh.alarm && !isLxAlarm(fresh.alarm) ? {skip: foreignReason(name)} : {after}),
    })
    whys.push([name, want.why])
  }

  // One block, aligned: why each threshold is what it is.
  if (whys.length > 0) {
    const width = Math.max(...whys.map(([name]) => name.length))
    plan.notes.push(['Thresholds:', ...whys.map(([name, why]) => `  ${name.padEnd(width)}  ${why}`)].join('\n'))
  }

  return plan
}

/** `lx alarms remove`: lx's alarms of the selection and kinds; anybody else's are never touched. */
export function planAlarmsRemove(targets: Array<{target: Target}>, current: CurrentAlarms): Plan<AlarmState> {
  const plan = emptyPlan<AlarmState>(ALARM_CHANGE_KIND)
  for (const {target} of targets) {
    const name = target.resource!
    const existing = current.byName.get(name)
    if (!existing) continue
    if (!isLxAlarm(existing)) {
      plan.skipped.push({target, reason: foreignReason(name)})
      continue
    }

    plan.changes.push({
      kind: ALARM_CHANGE_KIND,
      target,
      before: {alarm: existing},
      after: {alarm: null},
      replan: (fresh) => (fresh.alarm && !isLxAlarm(fresh.alarm) ? {skip: foreignReason(name)} : {after: {alarm: null}}),
    })
  }

  if (plan.changes.length === 0 && plan.skipped.length === 0) plan.notes.push('No lx alarm of these kinds exists for the selection.')
  return plan
}
