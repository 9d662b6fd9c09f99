// CloudWatch (awsJson 1.0, awsQuery-compatible: GraniteServiceVersion20100801): GetMetricData and
// ListMetrics over the AWS/Lambda metrics the traffic simulation produces. The same operations are
// also served over the query protocol (form-encoded `Action=GetMetricData&Version=2010-08-01`, XML
// answers) that the AWS CLI v2 before its JSON switch and older SDKs send: see the shapes at the end.
//
// Metrics (namespace AWS/Lambda, one datapoint per minute that had activity):
//   {FunctionName}: Invocations, Errors, Throttles, Duration, ConcurrentExecutions,
//     PostRuntimeExtensionsDuration (when its layers declare a post-runtime effect), and where
//     provisioned concurrency is configured ProvisionedConcurrencyInvocations,
//     ProvisionedConcurrencySpilloverInvocations, ProvisionedConcurrentExecutions,
//     ProvisionedConcurrencyUtilization (summed over the function's aliases; utilisation: the highest)
//   {FunctionName, Resource: "NAME:QUALIFIER"}: Invocations and the four provisioned metrics
//   no dimension (account): Invocations, Errors, Throttles, Duration, ConcurrentExecutions,
//     UnreservedConcurrentExecutions, ClaimedAccountConcurrency, ProvisionedConcurrencyInvocations,
//     ProvisionedConcurrencySpilloverInvocations
// Statistics: Sum, Average, Maximum, Minimum, SampleCount, pNN (see simulation/metric-stats.ts).
// Metric math (Expression) over the other queries of the request: see simulation/metric-math.ts.
// Metric alarms (PutMetricAlarm, DescribeAlarms, DeleteAlarms) over these metrics: see alarms-api.ts.
// Data is kept for the last 15 days.

import {createHash} from 'node:crypto'

import {ALARM_QUERY_SHAPES, alarmOperations} from './alarms-api.js'
import type {SandboxEnvironment} from './environment.js'
import {AwsError, registerJsonService, type JsonServiceHandler} from './protocol.js'
import {registerQueryService, shapes, type QueryServiceHandler} from './query-protocol.js'
import {evaluateExpression, MetricMathError, parseExpression, type Expression, type LabeledSeries, type MathValue} from './simulation/metric-math.js'
import {parseStat, PeriodAggregator, SUPPORTED_STATS, type MetricKind, type Stat} from './simulation/metric-stats.js'
import {ACCOUNT, ACCOUNT_SIZE, FN, FN_SIZE, PC, PC_SIZE} from './simulation/records.js'
import type {Simulation} from './simulation/simulation.js'
import {simulationOf} from './simulation/sync.js'

export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801'
const NAMESPACE = 'AWS/Lambda'
const MAX_QUERIES = 500
const MAX_EXPRESSION_LENGTH = 2048
const DEFAULT_MAX_DATAPOINTS = 100_800
const RETENTION_MINUTES = 15 * 1440
const LIST_PAGE = 500
const ACCOUNT_TIMEOUT_MS = 900_000

type Source = 'function' | 'provisioned' | 'qualifier' | 'account'

interface MetricDef {
  kind: MetricKind
  /** Adds the minute at `row[base…]` to the aggregator when the metric has a datapoint then. */
  add(agg: PeriodAggregator, row: Float64Array, base: number): void
}

const activeFn = (row: Float64Array, base: number) => row[base + FN.invocations] + row[base + FN.throttles] > 0

const FUNCTION_METRICS: Record<string, MetricDef> = {
  Invocations: {kind: 'count', add: (agg, row, b) => activeFn(row, b) && agg.addCount(row[b + FN.invocations], row[b + FN.invocations])},
  Errors: {kind: 'count', add: (agg, row, b) => activeFn(row, b) && agg.addCount(row[b + FN.errors], row[b + FN.invocations])},
  Throttles: {kind: 'count', add: (agg, row, b) => activeFn(row, b) && agg.addCount(row[b + FN.throttles], row[b + FN.invocations] + row[b + FN.throttles])},
  Duration: {
    kind: 'duration',
    add: (agg, row, b) => row[b + FN.invocations] > 0 && agg.addDuration(row[b + FN.invocations], row[b + FN.durationSum] / row[b + FN.invocations]),
  },
  ConcurrentExecutions: {kind: 'gauge', add: (agg, row, b) => activeFn(row, b) && agg.addGauge(row[b + FN.concurrencyMax], row[b + FN.concurrencyAvg])},
  // Only functions with extensions report it (their layers declare a post-runtime effect).
  PostRuntimeExtensionsDuration: {
    kind: 'duration',
    add: (agg, row, b) =>
      row[b + FN.invocations] > 0 &&
      row[b + FN.postRuntimeSum] > 0 &&
      agg.addDuration(row[b + FN.invocations], row[b + FN.postRuntimeSum] / row[b + FN.invocations]),
  },
}

const activePc = (row: Float64Array, base: number) => row[base + PC.allocated] > 0

const PROVISIONED_METRICS: Record<string, MetricDef> = {
  ProvisionedConcurrencyInvocations: {kind: 'count', add: (agg, row, b) => activePc(row, b) && agg.addCount(row[b + PC.invocations], row[b + PC.invocations])},
  ProvisionedConcurrencySpilloverInvocations: {
    kind: 'count',
    add: (agg, row, b) => activePc(row, b) && agg.addCount(row[b + PC.spillover], row[b + PC.spillover]),
  },
  ProvisionedConcurrentExecutions: {
    kind: 'gauge',
    add: (agg, row, b) => activePc(row, b) && agg.addGauge(row[b + PC.executionsMax], row[b + PC.executionsAvg]),
  },
  ProvisionedConcurrencyUtilization: {
    kind: 'gauge',
    add: (agg, row, b) => activePc(row, b) && agg.addGauge(row[b + PC.utilizationMax], row[b + PC.utilizationAvg]),
  },
}

const QUALIFIER_METRICS: Record<string, MetricDef> = {
  ...PROVISIONED_METRICS,
  Invocations: {
    kind: 'count',
    add: (agg, row, b) => activePc(row, b) && agg.addCount(row[b + PC.invocations] + row[b + PC.spillover], row[b + PC.invocations] + row[b + PC.spillover]),
  },
}

const ACCOUNT_METRICS: Record<string, MetricDef> = {
  Invocations: {kind: 'count', add: (agg, row, b) => agg.addCount(row[b + ACCOUNT.invocations], row[b + ACCOUNT.invocations])},
  Errors: {kind: 'count', add: (agg, row, b) => agg.addCount(row[b + ACCOUNT.errors], row[b + ACCOUNT.invocations])},
  Throttles: {kind: 'count', add: (agg, row, b) => agg.addCount(row[b + ACCOUNT.throttles], row[b + ACCOUNT.invocations] + row[b + ACCOUNT.throttles])},
  Duration: {
    kind: 'duration',
    add: (agg, row, b) =>
      row[b + ACCOUNT.invocations] > 0 && agg.addDuration(row[b + ACCOUNT.invocations], row[b + ACCOUNT.durationSum] / row[b + ACCOUNT.invocations]),
  },
  ConcurrentExecutions: {kind: 'gauge', add: (agg, row, b) => agg.addGauge(row[b + ACCOUNT.concurrencyMax], row[b + ACCOUNT.concurrencyAvg])},
  UnreservedConcurrentExecutions: {kind: 'gauge', add: (agg, row, b) => agg.addGauge(row[b + ACCOUNT.unreservedMax], row[b + ACCOUNT.unreservedAvg])},
  ClaimedAccountConcurrency: {kind: 'gauge', add: (agg, row, b) => agg.addGauge(row[b + ACCOUNT.claimedMax], row[b + ACCOUNT.claimedAvg])},
  ProvisionedConcurrencyInvocations: {
    kind: 'count',
    add: (agg, row, b) => agg.addCount(row[b + ACCOUNT.provisionedInvocations], row[b + ACCOUNT.provisionedInvocations]),
  },
  ProvisionedConcurrencySpilloverInvocations: {kind: 'count', add: (agg, row, b) => agg.addCount(row[b + ACCOUNT.spillover], row[b + ACCOUNT.spillover])},
}

// ---------------------------------------------------------------------------------------------
// Input checking

function validation(message: string): AwsError {
  return new AwsError('ValidationError', 400, message)
}

function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', 400, message)
}

/** Timestamps arrive as epoch seconds (the SDKs) or, leniently, as ISO strings. Returns epoch seconds. */
export function epochSeconds(value: unknown, member: string): number {
  if (value === undefined || value === null)
    throw validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
  const seconds =
    typeof value === 'number' ? value : typeof value === 'string' ? (/^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value) / 1000) : Number.NaN
  if (!Number.isFinite(seconds)) throw validation(`The parameter ${member} is not a valid timestamp.`)
  return seconds
}

interface Dimension {
  Name: string
  Value: string
}

function dimensionsOf(value: unknown, member: string): Dimension[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw validation(`The parameter ${member} must be a list.`)
  return value.map((dimension, index) => {
    const {Name, Value} = (dimension ?? {}) as Record<string, unknown>
    if (typeof Name !== 'string' || typeof Value !== 'string') throw validation(`The parameter ${member}.member.${index + 1} must have a Name and a Value.`)
    return {Name, Value}
  })
}

interface Query {
  id: string
  label: string
  returnData: boolean
  stat: Stat
  period: number
  source: Source | undefined
  functionName?: string
  qualifier?: string
  metric: MetricDef | undefined
  cap: number
}

interface ExpressionQuery {
  id: string
  label: string
  returnData: boolean
  expression: Expression
}

type AnyQuery = Query | ExpressionQuery

const isExpression = (query: AnyQuery): query is ExpressionQuery => 'expression' in query

/** Metric math errors read as CloudWatch's: the expression's id, then what is wrong. */
function expressionError(id: string, message: string): AwsError {
  return validation(`Error in expression ${id}: ${message}`)
}

/** Every id an expression uses must name another query of the request, without a cycle. */
function checkReferences(queries: AnyQuery[]): void {
  const byId = new Map(queries.map((query) => [query.id, query]))
  for (const query of queries) {
    if (!isExpression(query)) continue
    for (const id of query.expression.ids) {
      if (!byId.has(id)) throw expressionError(query.id, `Unrecognized metric or expression id: ${id}`)
    }
  }
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (query: AnyQuery, path: string[]): void => {
    if (!isExpression(query) || state.get(query.id) === 'done') return
    if (state.get(query.id) === 'visiting') throw expressionError(query.id, `circular reference: ${[...path, query.id].join(' -> ')}`)
    state.set(query.id, 'visiting')
    for (const id of query.expression.ids) visit(byId.get(id)!, [...path, query.id])
    state.set(query.id, 'done')
  }
  for (const query of queries) visit(query, [])
}

function parseQueries(input: Record<string, unknown>, simulation: Simulation): AnyQuery[] {
  const raw = input.MetricDataQueries
  if (!Array.isArray(raw) || raw.length === 0) throw validation('The parameter MetricDataQueries is required and must hold at least one query.')
  if (raw.length > MAX_QUERIES) throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`)
  const ids = new Set<string>()
  const queries = raw.map((entry, index): AnyQuery => {
    const member = `MetricDataQueries.member.${index + 1}`
    const query = (entry ?? {}) as Record<string, unknown>
    const id = query.Id
    if (typeof id !== 'string' || id === '') throw validation(`The parameter ${member}.Id is required.`)
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id))
      throw validation(`The value ${id} for parameter ${member}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`)
    if (ids.has(id)) throw validation('The values for parameter id in MetricDataQueries are not unique.')
    ids.add(id)
    const stat = query.MetricStat as Record<string, unknown> | undefined
    if ((query.Expression === undefined) === (stat === undefined || stat === null)) {
      throw validation(`Exactly one of MetricStat and Expression must be specified in ${member}.`)
    }
    if (query.Expression !== undefined) {
      if (typeof query.Expression !== 'string') throw validation(`The parameter ${member}.Expression must be a string.`)
      if (query.Expression.length > MAX_EXPRESSION_LENGTH) {
        throw validation(`The parameter ${member}.Expression must not be longer than ${MAX_EXPRESSION_LENGTH} characters.`)
      }
      let expression: Expression
      try {
        expression = parseExpression(query.Expression)
      } catch (error) {
        if (error instanceof MetricMathError) throw expressionError(id, error.message)
        throw error
      }
      if (expression.ids.includes(id)) throw expressionError(id, `an expression cannot use its own id (${id})`)
      return {id, label: typeof query.Label === 'string' ? query.Label : id, returnData: query.ReturnData !== false, expression}
    }
    if (!stat || typeof stat !== 'object') throw validation(`Exactly one of MetricStat and Expression must be specified in ${member}.`)
    const metric = (stat.Metric ?? {}) as Record<string, unknown>
    if (typeof metric.MetricName !== 'string' || typeof metric.Namespace !== 'string')
      throw validation(`The parameters ${member}.MetricStat.Metric.Namespace and MetricName are required.`)
    const period = stat.Period
    if (typeof period !== 'number' || !Number.isInteger(period) || period <= 0)
      throw validation(`The parameter ${member}.MetricStat.Period is required and must be a positive integer.`)
    // AWS/Lambda metrics are standard resolution: one datapoint a minute.
    if (period % 60 !== 0)
      throw validation(
        `The parameter ${member}.MetricStat.Period must be a multiple of 60 for standard-resolution metrics such as ${NAMESPACE}/${metric.MetricName}.`,
      )
    if (typeof stat.Stat !== 'string') throw validation(`The parameter ${member}.MetricStat.Stat is required.`)
    const parsed = parseStat(stat.Stat)
    if (!parsed) throw invalidValue(`The statistic ${stat.Stat} in ${member}.MetricStat.Stat is not supported by the sandbox; use ${SUPPORTED_STATS}.`)
    const resolved = resolveMetric(metric.Namespace, metric.MetricName, dimensionsOf(metric.Dimensions, `${member}.MetricStat.Metric.Dimensions`), simulation)
    return {
      id,
      label: typeof query.Label === 'string' ? query.Label : metric.MetricName,
      returnData: query.ReturnData !== false,
      stat: parsed,
      period,
      ...resolved,
    }
  })
  checkReferences(queries)
  return queries
}

/** Which series a metric designates; a metric the account does not publish has no data (not an error, as on AWS). */
function resolveMetric(
  namespace: string,
  metricName: string,
  dimensions: Dimension[],
  simulation: Simulation,
): Pick<Query, 'source' | 'functionName' | 'qualifier' | 'metric' | 'cap'> {
  const none = {source: undefined, metric: undefined, cap: Number.POSITIVE_INFINITY}
  if (namespace !== NAMESPACE) return none
  const byName = new Map(dimensions.map((d) => [d.Name, d.Value]))
  if (byName.size !== dimensions.length) return none
  if (dimensions.length === 0) {
    const metric = ACCOUNT_METRICS[metricName]
    return metric ? {source: 'account', metric, cap: ACCOUNT_TIMEOUT_MS} : none
  }
  const functionName = byName.get('FunctionName')
  if (!functionName || !simulation.hasFunction(functionName)) return none
  const cap = simulation.snapshotAt(functionName, simulation.simulatedTo)?.timeoutMs ?? ACCOUNT_TIMEOUT_MS
  const resource = byName.get('Resource')
  if (dimensions.length === 1 || (dimensions.length === 2 && resource === functionName)) {
    const metric = FUNCTION_METRICS[metricName]
    if (metric) return {source: 'function', functionName, metric, cap}
    const provisioned = PROVISIONED_METRICS[metricName]
    return provisioned ? {source: 'provisioned', functionName, metric: provisioned, cap} : none
  }
  if (dimensions.length === 2 && resource?.startsWith(`${functionName}:`)) {
    const metric = QUALIFIER_METRICS[metricName]
    return metric ? {source: 'qualifier', functionName, qualifier: resource.slice(functionName.length + 1), metric, cap} : none
  }
  return none
}

// ---------------------------------------------------------------------------------------------
// Reading minutes, once per series and request

/** Per-minute rows of the request's window, computed once per series and kept for a few series. */
class WindowRows {
  private readonly cache = new Map<string, Float64Array>()

  constructor(
    private readonly simulation: Simulation,
    readonly from: number,
    readonly to: number,
  ) {}

  rows(query: Query): {row: Float64Array; size: number} | undefined {
    const {simulation, from, to} = this
    const length = Math.max(0, to - from)
    const key = `${query.source}\n${query.functionName ?? ''}\n${query.qualifier ?? ''}`
    const size = query.source === 'function' ? FN_SIZE : query.source === 'account' ? ACCOUNT_SIZE : PC_SIZE
    let row = this.cache.get(key)
    if (!row) {
      row = new Float64Array(length * size)
      const scratch = new Float64Array(size)
      for (let minute = from; minute < to; minute++) {
        const base = (minute - from) * size
        let record: Float64Array | undefined
        if (query.source === 'function') record = simulation.functionRecord(query.functionName!, minute, scratch)
        else if (query.source === 'provisioned') record = simulation.provisionedRecord(query.functionName!, minute, scratch)
        else if (query.source === 'qualifier') record = simulation.qualifierRecord(query.functionName!, query.qualifier!, minute, scratch)
        else record = simulation.accountRecord(minute, scratch)
        if (record) row.set(record, base)
      }
      // A handful of series stay cached: a dashboard asks several metrics of one function in a row.
      if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(key, row)
    }
    return {row, size}
  }
}

interface Series {
  timestamps: number[]
  values: number[]
}

function computeSeries(query: Query, window: WindowRows, start: number, end: number): Series {
  const series: Series = {timestamps: [], values: []}
  if (!query.metric || !query.source) return series
  const rows = window.rows(query)
  if (!rows) return series
  const agg = new PeriodAggregator(query.metric.kind)
  // Only bins that can hold data are walked: a window reaching years back or ahead costs nothing.
  const firstBin = start + Math.max(0, Math.floor((window.from * 60 - start) / query.period)) * query.period
  const lastEnd = Math.min(end, window.to * 60)
  for (let binStart = firstBin; binStart < lastEnd; binStart += query.period) {
    agg.reset()
    const first = Math.max(window.from, binStart / 60)
    const last = Math.min(window.to, (binStart + query.period) / 60)
    for (let minute = first; minute < last; minute++) query.metric.add(agg, rows.row, (minute - window.from) * rows.size)
    const value = agg.value(query.stat, query.cap)
    if (value !== undefined && Number.isFinite(value)) {
      series.timestamps.push(binStart)
      series.values.push(value)
    }
  }
  return series
}

/** Bin starts of the window that can hold data (the same walk as computeSeries): what FILL fills. */
function binsOf(window: WindowRows, start: number, end: number, period: number): number[] {
  const bins: number[] = []
  const firstBin = start + Math.max(0, Math.floor((window.from * 60 - start) / period)) * period
  const lastEnd = Math.min(end, window.to * 60)
  for (let binStart = firstBin; binStart < lastEnd; binStart += period) bins.push(binStart)
  return bins
}

/**
 * The series of each query of a request, computed once: a metric's from the simulation, an
 * expression's from the series it uses (which may be hidden with ReturnData false).
 */
class RequestSeries {
  private readonly metrics = new Map<string, LabeledSeries>()
  private readonly expressions = new Map<string, LabeledSeries[] | LabeledSeries>()
  private readonly byId: Map<string, AnyQuery>
  private readonly period: number

  constructor(
    private readonly queries: AnyQuery[],
    private readonly window: WindowRows,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.byId = new Map(queries.map((query) => [query.id, query]))
    const periods = queries.filter((query): query is Query => !isExpression(query)).map((query) => query.period)
    this.period = periods.length > 0 ? Math.min(...periods) : 60
  }

  /** Ascending; one series for a metric or an expression with a single result, several for an array. */
  resultOf(query: AnyQuery): LabeledSeries[] {
    if (!isExpression(query)) return [this.metric(query)]
    const value = this.expression(query)
    if (!Array.isArray(value)) return [{...value, label: query.label}]
    // An array's series are told apart by their own labels after the expression's.
    return value.map((item) => ({...item, label: query.label === '' ? item.label : `${query.label} ${item.label}`}))
  }

  private metric(query: Query): LabeledSeries {
    let series = this.metrics.get(query.id)
    if (!series) {
      series = {...computeSeries(query, this.window, this.start, this.end), label: query.label}
      this.metrics.set(query.id, series)
    }
    return series
  }

  private expression(query: ExpressionQuery): LabeledSeries[] | LabeledSeries {
    let value = this.expressions.get(query.id)
    if (!value) {
      try {
        value = evaluateExpression(query.expression, {
          valueOf: (id) => this.valueOf(id),
          metricIds: () => this.queries.filter((other) => !isExpression(other)).map((other) => other.id),
          bins: (period) => binsOf(this.window, this.start, this.end, period),
          period: this.period,
        })
      } catch (error) {
        if (error instanceof MetricMathError) throw expressionError(query.id, error.message)
        throw error
      }
      this.expressions.set(query.id, value)
    }
    return value
  }

  private valueOf(id: string): MathValue {
    const query = this.byId.get(id)!
    if (!isExpression(query)) return {kind: 'series', series: this.metric(query)}
    const value = this.expression(query)
    return Array.isArray(value) ? {kind: 'array', items: value} : {kind: 'series', series: value}
  }
}

// ---------------------------------------------------------------------------------------------
// Pagination

interface Token {
  /** Query index, series of that query's result (an expression may give several) and datapoint offset to continue from. */
  q: number
  s?: number
  o: number
  /** Fingerprint of the request the token belongs to. */
  h: string
}

function fingerprint(input: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([input.MetricDataQueries, input.StartTime, input.EndTime, input.ScanBy ?? 'TimestampDescending']))
    .digest('base64url')
    .slice(0, 16)
}

function readToken(value: unknown, expected: string): Token | undefined {
  if (value === undefined || value === null || value === '') return undefined
  try {
    const token = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as Token
    if (Number.isInteger(token.q) && Number.isInteger(token.o) && (token.s === undefined || Number.isInteger(token.s)) && token.h === expected) return token
  } catch {
    // fall through
  }
  throw new AwsError('InvalidNextToken', 400, 'The service couldn’t process the provided NextToken. It does not belong to this request or has expired.')
}

const writeToken = (token: Token) => Buffer.from(JSON.stringify(token)).toString('base64url')

// ---------------------------------------------------------------------------------------------
// Operations

function getMetricData(simulation: Simulation, input: Record<string, unknown>): unknown {
  const queries = parseQueries(input, simulation)
  const startSeconds = epochSeconds(input.StartTime, 'startTime')
  const endSeconds = epochSeconds(input.EndTime, 'endTime')
  if (startSeconds >= endSeconds) throw validation('The parameter StartTime must be less than the parameter EndTime.')
  const scanBy = input.ScanBy ?? 'TimestampDescending'
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw validation(
      `Value ${String(scanBy)} at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`,
    )
  const maxDatapoints = input.MaxDatapoints === undefined ? DEFAULT_MAX_DATAPOINTS : Number(input.MaxDatapoints)
  if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1) throw validation('The parameter MaxDatapoints must be a positive integer.')
  const print = fingerprint(input)
  const token = readToken(input.NextToken, print)

  // A start within the last 15 days is rounded down to the minute (AWS's rule); bins run from it.
  const start = Math.floor(startSeconds / 60) * 60
  const end = Math.ceil(endSeconds)
  const newest = simulation.openMinute
  const oldest = Math.floor(simulation.simulatedTo / 60_000) - RETENTION_MINUTES
  const window = new WindowRows(
    simulation,
    Math.max(oldest, Math.floor(start / 60)),
    Math.max(Math.max(oldest, Math.floor(start / 60)), Math.min(newest, Math.ceil(end / 60))),
  )

  const requestSeries = new RequestSeries(queries, window, start, end)
  const results: unknown[] = []
  let budget = maxDatapoints
  let next: Token | undefined
  pages: for (let index = token?.q ?? 0; index < queries.length; index++) {
    const query = queries[index]
    if (!query.returnData) continue
    const all = requestSeries.resultOf(query)
    for (let part = index === token?.q ? (token.s ?? 0) : 0; part < all.length; part++) {
      const series = all[part]
      const timestamps = scanBy === 'TimestampDescending' ? [...series.timestamps].reverse() : series.timestamps
      const values = scanBy === 'TimestampDescending' ? [...series.values].reverse() : series.values
      const continued = token !== undefined && index === token.q && part === (token.s ?? 0)
      const offset = continued ? token!.o : 0
      const remaining = timestamps.length - offset
      const take = Math.min(remaining, budget)
      const complete = take === remaining
      // Pages after the first carry only the series that still have datapoints.
      if (!token || take > 0 || continued) {
        results.push({
          Id: query.id,
          Label: series.label,
          Timestamps: timestamps.slice(offset, offset + take),
          Values: values.slice(offset, offset + take),
          StatusCode: complete ? 'Complete' : 'PartialData',
          Messages: [],
        })
      }
      budget -= take
      if (!complete) {
        next = {q: index, ...(part > 0 ? {s: part} : {}), o: offset + take, h: print}
        break pages
      }
    }
  }
  return {MetricDataResults: results, Messages: [], ...(next ? {NextToken: writeToken(next)} : {})}
}

interface ListedMetric {
  Namespace: string
  MetricName: string
  Dimensions: Dimension[]
}

function allMetrics(simulation: Simulation): ListedMetric[] {
  const metrics: ListedMetric[] = Object.keys(ACCOUNT_METRICS).map((name) => ({Namespace: NAMESPACE, MetricName: name, Dimensions: []}))
  for (const functionName of simulation.functionNames()) {
    const dims = [{Name: 'FunctionName', Value: functionName}]
    for (const name of Object.keys(FUNCTION_METRICS)) metrics.push({Namespace: NAMESPACE, MetricName: name, Dimensions: dims})
    const qualifiers = simulation.provisionedQualifiers(functionName)
    if (qualifiers.length === 0) continue
    for (const name of Object.keys(PROVISIONED_METRICS)) metrics.push({Namespace: NAMESPACE, MetricName: name, Dimensions: dims})
    for (const qualifier of qualifiers) {
      const qualified = [...dims, {Name: 'Resource', Value: `${functionName}:${qualifier}`}]
      for (const name of Object.keys(QUALIFIER_METRICS)) metrics.push({Namespace: NAMESPACE, MetricName: name, Dimensions: qualified})
    }
  }
  return metrics
}

function listMetrics(simulation: Simulation, input: Record<string, unknown>): unknown {
  const filters = input.Dimensions === undefined ? [] : (input.Dimensions as unknown[])
  if (!Array.isArray(filters)) throw invalidValue('The parameter Dimensions must be a list of {Name, Value}.')
  if (filters.length > 10) throw invalidValue('The collection Dimensions must not have a size greater than 10.')
  const wanted = filters.map((filter) => {
    const {Name, Value} = (filter ?? {}) as Record<string, unknown>
    if (typeof Name !== 'string') throw invalidValue('Each dimension filter needs a Name.')
    return {Name, Value: typeof Value === 'string' ? Value : undefined}
  })
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') throw invalidValue('The parameter RecentlyActive must be PT3H.')
  const matching = allMetrics(simulation).filter(
    (metric) =>
      (input.Namespace === undefined || metric.Namespace === input.Namespace) &&
      (input.MetricName === undefined || metric.MetricName === input.MetricName) &&
      wanted.every((filter) => metric.Dimensions.some((d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value))),
  )
  let offset = 0
  if (input.NextToken !== undefined && input.NextToken !== null && input.NextToken !== '') {
    offset = Number(
      Buffer.from(String(input.NextToken), 'base64url')
        .toString('utf8')
        .replace(/^list:/, ''),
    )
    if (!Number.isInteger(offset) || offset < 0 || offset > matching.length)
      throw new AwsError('InvalidNextToken', 400, 'The service couldn’t process the provided NextToken.')
  }
  const page = matching.slice(offset, offset + LIST_PAGE)
  const nextOffset = offset + page.length
  return {Metrics: page, ...(nextOffset < matching.length ? {NextToken: Buffer.from(`list:${nextOffset}`).toString('base64url')} : {})}
}

export function cloudWatchService(env: SandboxEnvironment): JsonServiceHandler {
  const {simulation} = simulationOf(env)
  return {
    operations: {
      GetMetricData: (input) => getMetricData(simulation, input),
      ListMetrics: (input) => listMetrics(simulation, input),
      // PutMetricAlarm, DescribeAlarms, DeleteAlarms: alarms evaluated from these same metrics.
      ...alarmOperations(env, (input) => getMetricData(simulation, input)),
    },
    // Not limited unless the sandbox is given a `cloudwatch=N` rate.
    rateClass: () => 'cloudwatch',
  }
}

registerJsonService({
  targetPrefix: CLOUDWATCH_TARGET,
  signingName: 'monitoring',
  version: '1.0',
  queryCompatible: true,
  create: cloudWatchService,
})

// ---------------------------------------------------------------------------------------------
// The query protocol's face: the model's input and output shapes of each operation, so the form
// members decode into the object the JSON face parses and the output encodes as the model's XML.

const {string, integer, double, boolean, timestamp, list, structure} = shapes
const dimension = structure({Name: string, Value: string})
const metric = structure({Namespace: string, MetricName: string, Dimensions: list(dimension)})
const messageData = structure({Code: string, Value: string})

const QUERY_SHAPES = {
  GetMetricData: {
    input: structure({
      MetricDataQueries: list(
        structure({
          Id: string,
          MetricStat: structure({Metric: metric, Period: integer, Stat: string, Unit: string}),
          Expression: string,
          Label: string,
          ReturnData: boolean,
          Period: integer,
          AccountId: string,
        }),
      ),
      StartTime: timestamp,
      EndTime: timestamp,
      NextToken: string,
      ScanBy: string,
      MaxDatapoints: integer,
      LabelOptions: structure({Timezone: string}),
    }),
    output: structure({
      MetricDataResults: list(
        structure({Id: string, Label: string, Timestamps: list(timestamp), Values: list(double), StatusCode: string, Messages: list(messageData)}),
      ),
      NextToken: string,
      Messages: list(messageData),
    }),
  },
  ListMetrics: {
    input: structure({
      Namespace: string,
      MetricName: string,
      Dimensions: list(structure({Name: string, Value: string})),
      NextToken: string,
      RecentlyActive: string,
      IncludeLinkedAccounts: boolean,
      OwningAccount: string,
    }),
    output: structure({Metrics: list(metric), NextToken: string, OwningAccounts: list(string)}),
  },
  ...ALARM_QUERY_SHAPES,
}

export function cloudWatchQueryService(env: SandboxEnvironment): QueryServiceHandler {
  const json = cloudWatchService(env)
  const operations: QueryServiceHandler['operations'] = {}
  for (const [name, shape] of Object.entries(QUERY_SHAPES)) {
    const run = json.operations[name] as JsonServiceHandler['operations'][string] | undefined
    if (run) operations[name] = {...shape, run}
  }
  return {operations, rateClass: json.rateClass}
}

registerQueryService({
  signingName: 'monitoring',
  version: '2010-08-01',
  xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  create: cloudWatchQueryService,
})
