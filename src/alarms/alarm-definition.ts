// One CloudWatch metric alarm as lx journals, compares and writes it: exactly the members
// PutMetricAlarm takes (so undo can put back a previous definition as it was), normalised so that
// what DescribeAlarms answers compares equal to what lx sent.
import type {MetricAlarm, MetricDataQuery, PutMetricAlarmInput} from '@aws-sdk/client-cloudwatch'

/** The members of PutMetricAlarm that make up an alarm (tags are set once, at creation). */
export interface AlarmDefinition {
  AlarmName: string
  AlarmDescription?: string
  ActionsEnabled: boolean
  OKActions: string[]
  AlarmActions: string[]
  InsufficientDataActions: string[]
  MetricName?: string
  Namespace?: string
  Statistic?: string
  ExtendedStatistic?: string
  Dimensions?: Array<{Name: string; Value: string}>
  Period?: number
  Unit?: string
  EvaluationPeriods: number
  DatapointsToAlarm?: number
  Threshold?: number
  ComparisonOperator: string
  TreatMissingData: string
  EvaluateLowSampleCountPercentile?: string
  Metrics?: MetricDataQuery[]
  ThresholdMetricId?: string
}

/** The state of one alarm name: the alarm, or none. */
export interface AlarmState {
  alarm: AlarmDefinition | null
}

/** lx marks the alarms it creates in their description; an alarm without it is never touched. */
export const LX_MARKER = '[managed by lx]'

export function isLxAlarm(alarm: AlarmDefinition): boolean {
  return (alarm.AlarmDescription ?? '').includes(LX_MARKER)
}

const OPTIONAL = [
  'AlarmDescription',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Period',
  'Unit',
  'DatapointsToAlarm',
  'Threshold',
  'EvaluateLowSampleCountPercentile',
  'ThresholdMetricId',
] as const

function cleanQuery(query: MetricDataQuery): MetricDataQuery {
  const stat = query.MetricStat
  return {
    Id: query.Id,
    ...(stat
      ? {
          MetricStat: {
            Metric: {
              Namespace: stat.Metric?.Namespace,
              MetricName: stat.Metric?.MetricName,
              Dimensions: (stat.Metric?.Dimensions ?? []).map(({Name, Value}) => ({Name, Value})),
            },
            Period: stat.Period,
            Stat: stat.Stat,
            ...(stat.Unit ? {Unit: stat.Unit} : {}),
          },
        }
      : {}),
    ...(query.Expression === undefined ? {} : {Expression: query.Expression}),
    ...(query.Label === undefined ? {} : {Label: query.Label}),
    ReturnData: query.ReturnData !== false,
    ...(query.Period === undefined ? {} : {Period: query.Period}),
    ...(query.AccountId === undefined ? {} : {AccountId: query.AccountId}),
  }
}

/** An alarm as DescribeAlarms answers it → its definition (state, ARN and timestamps dropped). */
export function definitionFromAws(alarm: MetricAlarm): AlarmDefinition {
  const definition: AlarmDefinition = {
    AlarmName: alarm.AlarmName ?? '',
    ActionsEnabled: alarm.ActionsEnabled !== false,
    OKActions: [...(alarm.OKActions ?? [])],
    AlarmActions: [...(alarm.AlarmActions ?? [])],
    InsufficientDataActions: [...(alarm.InsufficientDataActions ?? [])],
    EvaluationPeriods: alarm.EvaluationPeriods ?? 1,
    ComparisonOperator: alarm.ComparisonOperator ?? 'GreaterThanThreshold',
    TreatMissingData: alarm.TreatMissingData ?? 'missing',
  }
  for (const member of OPTIONAL) {
    const value = alarm[member]
    // An empty string is how some answers spell "not set": it must not make equal alarms differ.
    if (value !== undefined && value !== null && value !== '') (definition as any)[member] = value
  }

  if (alarm.Metrics && alarm.Metrics.length > 0) definition.Metrics = alarm.Metrics.map((query) => cleanQuery(query))
  else definition.Dimensions = (alarm.Dimensions ?? []).map(({Name, Value}) => ({Name: Name ?? '', Value: Value ?? ''}))
  return definition
}

/** The PutMetricAlarm input that leaves exactly this definition behind. */
export function putInput(definition: AlarmDefinition, tags?: Array<{Key: string; Value: string}>): PutMetricAlarmInput {
  return {...(structuredClone(definition) as PutMetricAlarmInput), ...(tags ? {Tags: tags} : {})}
}

/** Key-sorted JSON, so member order never makes two equal alarms differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item)).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined)
    return `{${entries
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`
  }

  return JSON.stringify(value)
}

export function sameDefinition(a: AlarmDefinition | null, b: AlarmDefinition | null): boolean {
  if (a === null || b === null) return a === b
  const normalize = (alarm: AlarmDefinition) => ({...alarm, Metrics: alarm.Metrics?.map((query) => cleanQuery(query))})
  return canonical(normalize(a)) === canonical(normalize(b))
}

export const sameState = (a: AlarmState, b: AlarmState): boolean => sameDefinition(a.alarm, b.alarm)

const OPERATOR_SIGN: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
}

/** What the alarm watches: `Throttles Sum`, `p99 Duration`, or the math expression's label. */
export function watchedOf(alarm: AlarmDefinition): string {
  if (alarm.Metrics) {
    const returned = alarm.Metrics.find((query) => query.ReturnData !== false)
    return returned?.Label ?? returned?.Expression ?? 'metric math'
  }

  return `${alarm.MetricName ?? '?'} ${alarm.ExtendedStatistic ?? alarm.Statistic ?? ''}`.trim()
}

export function periodOf(alarm: AlarmDefinition): number | undefined {
  if (alarm.Period !== undefined) return alarm.Period
  for (const query of alarm.Metrics ?? []) {
    const period = query.MetricStat?.Period ?? query.Period
    if (period !== undefined) return period
  }

  return undefined
}

/** Seconds as the shortest of s / min / h. */
export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

/** One line for a plan: `Throttles Sum > 0, 1 of 5 × 1 min, missing=notBreaching`. */
export function describeAlarm(alarm: AlarmDefinition): string {
  const period = periodOf(alarm)
  const of = `${alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods} of ${alarm.EvaluationPeriods}${period === undefined ? '' : ` × ${formatSeconds(period)}`}`
  const unit = alarm.Unit === 'Milliseconds' ? ' ms' : ''
  const threshold = alarm.Threshold === undefined ? (alarm.ThresholdMetricId ?? '?') : `${alarm.Threshold}${unit}`
  const notify = alarm.AlarmActions.length > 0 ? '' : ', no action'
  const sign = OPERATOR_SIGN[alarm.ComparisonOperator] ?? alarm.ComparisonOperator
  return `${watchedOf(alarm)} ${sign} ${threshold}, ${of}, missing=${alarm.TreatMissingData}${notify}`
}

export function describeState(state: AlarmState): string {
  return state.alarm === null ? 'no alarm' : describeAlarm(state.alarm)
}
