// CloudWatch metric alarms of the sandbox: PutMetricAlarm, DescribeAlarms and DeleteAlarms, served
// by the CloudWatch service (cloudwatch-api.ts) over both of its protocols.
//
// As on AWS: PutMetricAlarm creates or replaces an alarm by name (tags only on creation); a new
// alarm starts INSUFFICIENT_DATA ("Unchecked: Initial alarm creation") and an updated one keeps its
// state until the next evaluation; DescribeAlarms takes AlarmNames (≤ 100) or AlarmNamePrefix, not
// both, MaxRecords 1-100 (default 50) and NextToken, returns metric alarms only unless AlarmTypes
// asks for composite ones (the sandbox has none), sorted by name; DeleteAlarms takes 1-100 names and
// deletes nothing when any of them does not exist (ResourceNotFound).
// Evaluation: once per simulated minute, lazily when alarms are described, from the sandbox's own
// metrics through GetMetricData (metric math included), over the last EvaluationPeriods complete
// periods: see simulation/alarm-state.ts. Alarm actions are recorded, never delivered.

import type {Account} from './account.js'
import type {SandboxEnvironment} from './environment.js'
import {AwsError, type JsonOperation} from './protocol.js'
import {shapes} from './query-protocol.js'
import {type AlarmStateValue, evaluateAlarm, SIMPLE_OPERATORS, type SimpleOperator, TREAT_MISSING, type TreatMissing} from './simulation/alarm-state.js'

const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']
const MAX_NAMES = 100
const DEFAULT_RECORDS = 50
const MAX_ACTIONS = 5
const MAX_METRICS = 20

/** The members of PutMetricAlarm an alarm keeps and DescribeAlarms gives back. */
const DEFINITION_MEMBERS = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
  'Metrics',
  'ThresholdMetricId',
] as const

interface StoredAlarm {
  definition: Record<string, unknown>
  arn: string
  state: AlarmStateValue
  reason: string
  stateUpdatedMs: number
  configUpdatedMs: number
  /** Simulated minute of the last evaluation. */
  evaluatedMinute: number
  tags: Array<{Key: string; Value: string}>
}

/** Metric data as the sandbox's GetMetricData answers it. */
export type MetricDataReader = (input: Record<string, unknown>) => unknown

const stores = new WeakMap<Account, Map<string, StoredAlarm>>()

/** The alarms of a sandbox's account (shared by the JSON and the query face). */
export function alarmsOf(account: Account): Map<string, StoredAlarm> {
  let store = stores.get(account)
  if (!store) {
    store = new Map()
    stores.set(account, store)
  }

  return store
}

function validation(message: string): AwsError {
  return new AwsError('ValidationError', 400, message)
}

function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', 400, message)
}

function required(input: Record<string, unknown>, member: string): unknown {
  const value = input[member]
  if (value === undefined || value === null) {
    throw validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
  }

  return value
}

function positiveInteger(value: unknown, member: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw validation(`The parameter ${member} must be an integer of at least 1.`)
  return value
}

/** Period 10 or 30 (high resolution) or a multiple of 60. */
function checkPeriod(value: unknown, member: string): number {
  const period = positiveInteger(value, member)
  if (period !== 10 && period !== 30 && period % 60 !== 0) throw validation(`The parameter ${member} must be 10, 30 or a multiple of 60.`)
  return period
}

function checkActions(value: unknown, member: string): void {
  if (value === undefined) return
  const arns = Array.isArray(value) && value.every((arn) => typeof arn === 'string' && arn.startsWith('arn:'))
  if (!arns) throw validation(`The parameter ${member} must be a list of ARNs.`)
  if (value.length > MAX_ACTIONS) throw validation(`The collection ${member} must not have a size greater than ${MAX_ACTIONS}.`)
}

function checkMetrics(metrics: unknown[]): number {
  if (metrics.length === 0 || metrics.length > MAX_METRICS) throw validation(`The collection Metrics must hold 1 to ${MAX_METRICS} queries.`)
  const returned = metrics.filter((query) => (query as Record<string, unknown>)?.ReturnData !== false)
  if (returned.length !== 1) throw validation('Exactly one element of the metrics list should return data.')
  let period: number | undefined
  for (const [index, entry] of metrics.entries()) {
    const query = (entry ?? {}) as Record<string, unknown>
    const member = `Metrics.member.${index + 1}`
    const id = typeof query.Id === 'string' && /^[a-z][a-zA-Z0-9_]*$/.test(query.Id)
    if (!id) throw validation(`The parameter ${member}.Id must start with a lowercase letter.`)
    const stat = query.MetricStat as Record<string, unknown> | undefined
    if ((query.Expression === undefined) === (stat === undefined)) throw validation(`Exactly one of MetricStat and Expression must be specified in ${member}.`)
    if (stat) period ??= checkPeriod(stat.Period, `${member}.MetricStat.Period`)
    else if (query.Period !== undefined) period ??= checkPeriod(query.Period, `${member}.Period`)
  }

  if (period === undefined) throw validation('A metric math alarm needs at least one MetricStat with a Period.')
  return period
}

/** The alarm as PutMetricAlarm asks for it, checked the way CloudWatch checks it. */
function definitionFrom(input: Record<string, unknown>): Record<string, unknown> {
  const name = required(input, 'AlarmName')
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) throw validation('The parameter AlarmName must be 1 to 255 characters.')
  positiveInteger(required(input, 'EvaluationPeriods'), 'EvaluationPeriods')
  const comparison = required(input, 'ComparisonOperator')
  if (!SIMPLE_OPERATORS.includes(comparison as SimpleOperator)) {
    throw validation(`The ComparisonOperator ${String(comparison)} is not supported by the sandbox; use ${SIMPLE_OPERATORS.join(', ')}.`)
  }

  if (input.ThresholdMetricId !== undefined) throw validation('Anomaly detection alarms (ThresholdMetricId) are not supported by the sandbox.')
  if (typeof input.Threshold !== 'number') throw validation('The parameter Threshold is required for an alarm with a static threshold.')
  if (input.TreatMissingData !== undefined && !TREAT_MISSING.includes(input.TreatMissingData as TreatMissing)) {
    throw validation(`The parameter TreatMissingData must be one of ${TREAT_MISSING.join(', ')}.`)
  }

  if (input.DatapointsToAlarm !== undefined) {
    const datapoints = positiveInteger(input.DatapointsToAlarm, 'DatapointsToAlarm')
    if (datapoints > (input.EvaluationPeriods as number)) throw validation('DatapointsToAlarm must be less than or equal to EvaluationPeriods.')
  }

  for (const member of ['OKActions', 'AlarmActions', 'InsufficientDataActions']) checkActions(input[member], member)
  if (input.Metrics !== undefined) {
    if (!Array.isArray(input.Metrics)) throw validation('The parameter Metrics must be a list.')
    for (const member of ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit']) {
      if (input[member] !== undefined) throw invalidValue(`The parameter ${member} must not be combined with Metrics.`)
    }

    checkMetrics(input.Metrics)
  } else {
    required(input, 'MetricName')
    required(input, 'Namespace')
    checkPeriod(required(input, 'Period'), 'Period')
    const {Statistic: statistic, ExtendedStatistic: extended} = input
    if ((statistic === undefined) === (extended === undefined)) throw validation('Exactly one of Statistic and ExtendedStatistic must be specified.')
    if (statistic !== undefined && !STATISTICS.includes(statistic as string)) {
      throw validation(`The parameter Statistic must be one of ${STATISTICS.join(', ')}.`)
    }

    if (extended !== undefined && !/^p\d{1,2}(\.\d+)?$/.test(String(extended))) {
      throw validation('The parameter ExtendedStatistic must be a percentile such as p99.')
    }
  }

  const definition: Record<string, unknown> = {}
  for (const member of DEFINITION_MEMBERS) if (input[member] !== undefined) definition[member] = structuredClone(input[member])
  definition.ActionsEnabled ??= true
  for (const member of ['OKActions', 'AlarmActions', 'InsufficientDataActions']) definition[member] ??= []
  definition.TreatMissingData ??= 'missing'
  if (definition.Dimensions === undefined && definition.Metrics === undefined) definition.Dimensions = []
  return definition
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000)

/** The period of the alarm's data: its own, or the first MetricStat's (or expression's) of a math alarm. */
function periodOf(definition: Record<string, unknown>): number {
  if (typeof definition.Period === 'number') return definition.Period
  for (const query of definition.Metrics as Array<Record<string, any>>) {
    const period = query.MetricStat?.Period ?? query.Period
    if (typeof period === 'number') return period
  }

  return 60
}

function queriesOf(definition: Record<string, unknown>): unknown[] {
  if (definition.Metrics) return definition.Metrics as unknown[]
  return [
    {
      Id: 'alarm',
      MetricStat: {
        Metric: {Namespace: definition.Namespace, MetricName: definition.MetricName, Dimensions: definition.Dimensions},
        Period: definition.Period,
        Stat: definition.Statistic ?? definition.ExtendedStatistic,
      },
    },
  ]
}

/** Brings an alarm's state up to the present: one evaluation per simulated minute at most. */
function evaluate(alarm: StoredAlarm, nowMs: number, readMetricData: MetricDataReader): void {
  const minute = minuteOf(nowMs)
  if (minute <= alarm.evaluatedMinute) return
  alarm.evaluatedMinute = minute
  const {definition} = alarm
  const period = periodOf(definition)
  const periods = definition.EvaluationPeriods as number
  const end = Math.floor(nowMs / 1000 / period) * period
  const start = end - periods * period
  let next: {state: AlarmStateValue; reason: string}
  try {
    const answer = readMetricData({MetricDataQueries: queriesOf(definition), StartTime: start, EndTime: end, ScanBy: 'TimestampAscending'}) as {
      MetricDataResults: Array<{Timestamps: number[]; Values: number[]}>
    }
    const series = answer.MetricDataResults[0] ?? {Timestamps: [], Values: []}
    const byTime = new Map(series.Timestamps.map((timestamp, index) => [timestamp, series.Values[index]]))
    const datapoints = Array.from({length: periods}, (_, index) => {
      const timestamp = start + index * period
      return {timestamp, value: byTime.get(timestamp)}
    })
    next = evaluateAlarm(
      {
        comparison: definition.ComparisonOperator as SimpleOperator,
        threshold: definition.Threshold as number,
        evaluationPeriods: periods,
        datapointsToAlarm: (definition.DatapointsToAlarm as number | undefined) ?? periods,
        treatMissingData: definition.TreatMissingData as TreatMissing,
      },
      datapoints,
      alarm.state,
    )
  } catch (error) {
    next = {state: 'INSUFFICIENT_DATA', reason: `The alarm's metrics could not be read: ${(error as Error).message}`}
  }

  if (next.state !== alarm.state) {
    alarm.state = next.state
    alarm.stateUpdatedMs = nowMs
  }

  alarm.reason = next.reason
}

function describe(alarm: StoredAlarm): Record<string, unknown> {
  return {
    ...structuredClone(alarm.definition),
    AlarmArn: alarm.arn,
    AlarmConfigurationUpdatedTimestamp: alarm.configUpdatedMs / 1000,
    StateValue: alarm.state,
    StateReason: alarm.reason,
    StateUpdatedTimestamp: alarm.stateUpdatedMs / 1000,
    StateTransitionedTimestamp: alarm.stateUpdatedMs / 1000,
  }
}

function stringList(value: unknown, member: string): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw validation(`The parameter ${member} must be a list of strings.`)
  return value as string[]
}

export function alarmOperations(env: SandboxEnvironment, readMetricData: MetricDataReader): Record<string, JsonOperation> {
  const {account} = env
  const alarms = alarmsOf(account)
  return {
    PutMetricAlarm(input) {
      const definition = definitionFrom(input)
      const name = definition.AlarmName as string
      const now = account.now()
      const existing = alarms.get(name)
      if (existing) {
        // Replaced as a whole; state and tags stay until the next evaluation.
        existing.definition = definition
        existing.configUpdatedMs = now
        existing.evaluatedMinute = minuteOf(now)
        return {}
      }

      const tags = Array.isArray(input.Tags) ? (input.Tags as Array<{Key: string; Value: string}>).map(({Key, Value}) => ({Key, Value})) : []
      alarms.set(name, {
        definition,
        arn: `arn:aws:cloudwatch:${account.region}:${account.id}:alarm:${name}`,
        state: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        stateUpdatedMs: now,
        configUpdatedMs: now,
        evaluatedMinute: minuteOf(now),
        tags,
      })
      return {}
    },

    DescribeAlarms(input) {
      const names = stringList(input.AlarmNames, 'AlarmNames')
      const prefix = input.AlarmNamePrefix as string | undefined
      if (names && prefix !== undefined) throw new AwsError('InvalidParameterCombination', 400, 'AlarmNames and AlarmNamePrefix cannot be specified together.')
      if (names && names.length > MAX_NAMES) throw validation(`The collection AlarmNames must not have a size greater than ${MAX_NAMES}.`)
      const max = input.MaxRecords === undefined ? DEFAULT_RECORDS : input.MaxRecords
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) throw validation('The parameter MaxRecords must be between 1 and 100.')
      const types = stringList(input.AlarmTypes, 'AlarmTypes')
      const metricAlarms = !types || types.includes('MetricAlarm')
      const now = account.now()
      const matching = metricAlarms
        ? [...alarms.values()]
            .filter((alarm) => {
              const name = alarm.definition.AlarmName as string
              if (names) return names.includes(name)
              return prefix === undefined || name.startsWith(prefix)
            })
            .sort((a, b) => (a.definition.AlarmName as string).localeCompare(b.definition.AlarmName as string))
        : []
      for (const alarm of matching) evaluate(alarm, now, readMetricData)
      const actionMembers = ['OKActions', 'AlarmActions', 'InsufficientDataActions']
      const hasAction = (alarm: StoredAlarm, prefix: string) =>
        actionMembers.some((member) => (alarm.definition[member] as string[]).some((arn) => arn.startsWith(prefix)))
      const inState = (alarm: StoredAlarm) => input.StateValue === undefined || alarm.state === input.StateValue
      const filtered = matching.filter((alarm) => inState(alarm) && (input.ActionPrefix === undefined || hasAction(alarm, String(input.ActionPrefix))))
      let offset = 0
      if (input.NextToken !== undefined && input.NextToken !== null && input.NextToken !== '') {
        offset = Number(
          Buffer.from(String(input.NextToken), 'base64url')
            .toString('utf8')
            .replace(/^alarms:/, ''),
        )
        if (!Number.isInteger(offset) || offset < 0 || offset > filtered.length) {
          throw new AwsError('InvalidNextToken', 400, 'The service couldn’t process the provided NextToken.')
        }
      }

      const page = filtered.slice(offset, offset + max)
      const nextOffset = offset + page.length
      return {
        MetricAlarms: page.map((alarm) => describe(alarm)),
        CompositeAlarms: [],
        ...(nextOffset < filtered.length ? {NextToken: Buffer.from(`alarms:${nextOffset}`).toString('base64url')} : {}),
      }
    },

    DeleteAlarms(input) {
      const names = stringList(required(input, 'AlarmNames'), 'AlarmNames')!
      if (names.length === 0 || names.length > MAX_NAMES) throw validation(`The collection AlarmNames must hold 1 to ${MAX_NAMES} names.`)
      const unknown = names.filter((name) => !alarms.has(name))
      // All or nothing: one unknown name and no alarm is deleted.
      if (unknown.length > 0) throw new AwsError('ResourceNotFound', 404, `${unknown.length} of the alarms do not exist: ${unknown.slice(0, 5).join(', ')}`)
      for (const name of names) alarms.delete(name)
      return {}
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The query protocol's shapes of the three operations.

const {string, integer, double, boolean, timestamp, list, structure} = shapes
const dimension = structure({Name: string, Value: string})
const metricDataQuery = structure({
  Id: string,
  MetricStat: structure({Metric: structure({Namespace: string, MetricName: string, Dimensions: list(dimension)}), Period: integer, Stat: string, Unit: string}),
  Expression: string,
  Label: string,
  ReturnData: boolean,
  Period: integer,
  AccountId: string,
})
const definitionMembers = {
  AlarmName: string,
  AlarmDescription: string,
  ActionsEnabled: boolean,
  OKActions: list(string),
  AlarmActions: list(string),
  InsufficientDataActions: list(string),
  MetricName: string,
  Namespace: string,
  Statistic: string,
  ExtendedStatistic: string,
  Dimensions: list(dimension),
  Period: integer,
  Unit: string,
  EvaluationPeriods: integer,
  DatapointsToAlarm: integer,
  Threshold: double,
  ComparisonOperator: string,
  TreatMissingData: string,
  EvaluateLowSampleCountPercentile: string,
  Metrics: list(metricDataQuery),
  ThresholdMetricId: string,
}

export const ALARM_QUERY_SHAPES = {
  PutMetricAlarm: {
    input: structure({...definitionMembers, Tags: list(structure({Key: string, Value: string}))}),
    output: structure({}),
  },
  DescribeAlarms: {
    input: structure({
      AlarmNames: list(string),
      AlarmNamePrefix: string,
      AlarmTypes: list(string),
      ChildrenOfAlarmName: string,
      ParentsOfAlarmName: string,
      StateValue: string,
      ActionPrefix: string,
      MaxRecords: integer,
      NextToken: string,
    }),
    output: structure({
      CompositeAlarms: list(structure({AlarmName: string})),
      MetricAlarms: list(
        structure({
          ...definitionMembers,
          AlarmArn: string,
          AlarmConfigurationUpdatedTimestamp: timestamp,
          StateValue: string,
          StateReason: string,
          StateReasonData: string,
          StateUpdatedTimestamp: timestamp,
          EvaluationState: string,
          StateTransitionedTimestamp: timestamp,
        }),
      ),
      NextToken: string,
    }),
  },
  DeleteAlarms: {input: structure({AlarmNames: list(string)}), output: structure({})},
}
