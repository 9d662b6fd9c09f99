// CloudWatch Logs (awsJson 1.1, Logs_20140328): Logs Insights queries over the functions' REPORT
// lines — StartQuery, GetQueryResults, StopQuery.
//
// The sandbox stores no log events: the simulation keeps per-minute aggregates (invocations, cold
// starts, init and duration sums) and queries are answered from them. Aggregate queries
// (`stats … by bin(5m)`, optionally `by @log`) come out exact; raw-event queries (`fields …`) get
// REPORT lines synthesised deterministically from the same aggregates.
//
// Every function logs to its LoggingConfig log group (/aws/lambda/NAME) except dev-playground,
// which has never run and so has no log group: a query naming it fails with
// ResourceNotFoundException, the way a deleted or never-created log group does on AWS.
//
// A query is Running on its first GetQueryResults and Complete afterwards; at most 30 run at once.

import {randomUUID} from 'node:crypto'

import {epochSeconds} from './cloudwatch-api.js'
import type {SandboxEnvironment} from './environment.js'
import {AwsError, registerJsonService, type JsonServiceHandler} from './protocol.js'
import {parseInsightsQuery, QuerySyntaxError, type Aggregate, type InsightsQuery} from './simulation/insights-query.js'
import {DURATION_SIGMA, normalQuantile, PeriodAggregator} from './simulation/metric-stats.js'
import {Channel, hash3, unit} from './simulation/noise.js'
import type {Simulation} from './simulation/simulation.js'
import {simulationOf} from './simulation/sync.js'

export const LOGS_TARGET = 'Logs_20140328'
/** Functions whose log group does not exist (see the header). */
export const FUNCTIONS_WITHOUT_LOG_GROUP = new Set(['dev-playground'])
const MAX_GROUPS = 50
const MAX_RUNNING = 30
const MAX_KEPT = 1000
const DEFAULT_LIMIT = 10_000
/** Log data older than this is not kept by the sandbox. */
const LOG_RETENTION_MINUTES = 31 * 1440
/** A query nobody polls stops counting against the concurrency limit after this long (real ms). */
const RUNNING_TIMEOUT_MS = 60_000
const BYTES_PER_LINE = 120

type Row = Array<{field: string; value: string}>

interface QueryRecord {
  status: 'Running' | 'Complete' | 'Cancelled'
  polls: number
  startedReal: number
  results: Row[]
  statistics: {
    recordsMatched: number
    recordsScanned: number
    estimatedRecordsSkipped: number
    bytesScanned: number
    estimatedBytesSkipped: number
    logGroupsScanned: number
  }
}

interface GroupData {
  group: string
  functionName: string
  seed: number
  memorySize: number
  timeoutMs: number
  /** Max Memory Used of this function's invocations (MB). */
  memoryUsed: number
  minutes: {invocations: Float64Array; coldStarts: Float64Array; initSum: Float64Array; durationSum: Float64Array; memoryAddedMb: Float64Array}
}

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', 400, message)
}

function malformed(message: string, start = 0, end = 0): AwsError {
  return new AwsError('MalformedQueryException', 400, message, {fields: {queryCompileError: {location: {startCharOffset: start, endCharOffset: end}, message}}})
}

/** Log group name from a name or an ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`). */
function groupName(identifier: string): string {
  const arn = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier)
  return arn ? arn[1] : identifier
}

const number = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4))))
const insightsTime = (epochMs: number) => new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '')

export class LogsService {
  private readonly queries = new Map<string, QueryRecord>()

  constructor(
    private readonly env: SandboxEnvironment,
    private readonly simulation: Simulation,
  ) {}

  /** Existing log groups → function. */
  private logGroups(): Map<string, string> {
    const groups = new Map<string, string>()
    for (const [name, fn] of this.env.account.functions)
      if (!FUNCTIONS_WITHOUT_LOG_GROUP.has(name)) groups.set(fn.config.logGroup || `/aws/lambda/${name}`, name)
    return groups
  }

  startQuery(input: Record<string, unknown>): unknown {
    const {account} = this.env
    if (input.queryLanguage !== undefined && input.queryLanguage !== 'CWLI')
      throw invalidParameter(`The sandbox answers Logs Insights QL (CWLI) queries only, not ${String(input.queryLanguage)}.`)
    const given = [input.logGroupName !== undefined, input.logGroupNames !== undefined, input.logGroupIdentifiers !== undefined].filter(Boolean).length
    if (given === 0) throw invalidParameter('Specify one of logGroupName, logGroupNames or logGroupIdentifiers.')
    if (given > 1) throw invalidParameter('Specify only one of logGroupName, logGroupNames or logGroupIdentifiers.')
    const requested = input.logGroupName !== undefined ? [input.logGroupName] : ((input.logGroupNames ?? input.logGroupIdentifiers) as unknown[])
    if (!Array.isArray(requested) || requested.length === 0 || requested.some((group) => typeof group !== 'string' || group === '')) {
      throw invalidParameter('Log group names must be a non-empty list of strings.')
    }
    if (requested.length > MAX_GROUPS) throw invalidParameter(`A query can name at most ${MAX_GROUPS} log groups; this one names ${requested.length}.`)
    const names = [...new Set((requested as string[]).map(groupName))]
    const startTime = epochSeconds(input.startTime, 'startTime')
    const endTime = epochSeconds(input.endTime, 'endTime')
    if (endTime < startTime) throw invalidParameter('End time should not be before the start time.')
    if (typeof input.queryString !== 'string' || input.queryString.trim() === '') throw invalidParameter('queryString is required.')
    if (input.queryString.length > 10_000) throw invalidParameter('queryString must be at most 10000 characters.')
    const limit = input.limit === undefined ? undefined : Number(input.limit)
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) throw invalidParameter('limit must be between 1 and 10000.')

    const existing = this.logGroups()
    const missing = names.find((name) => !existing.has(name))
    if (missing !== undefined) throw new AwsError('ResourceNotFoundException', 400, `Log group '${missing}' does not exist for account ID '${account.id}'`)

    let query: InsightsQuery
    try {
      query = parseInsightsQuery(input.queryString)
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw malformed(error.message, error.start, error.end)
      throw error
    }

    this.expire()
    const running = [...this.queries.values()].filter((q) => q.status === 'Running').length
    if (running >= MAX_RUNNING) throw new AwsError('LimitExceededException', 400, `Account maximum query concurrency limit of [${MAX_RUNNING}] reached.`)

    const fromMinute = Math.max(Math.floor(startTime / 60), Math.floor(this.simulation.simulatedTo / 60_000) - LOG_RETENTION_MINUTES)
    const toMinute = Math.max(fromMinute, Math.min(Math.floor(endTime / 60) + 1, this.simulation.openMinute))
    const groups = names.map((group) => this.groupData(group, existing.get(group)!, fromMinute, toMinute))
    const effectiveLimit = query.limit ?? limit ?? DEFAULT_LIMIT
    const results = query.stats
      ? statsRows(query, groups, fromMinute, account.id, effectiveLimit)
      : eventRows(query, groups, fromMinute, toMinute, account.id, effectiveLimit)

    let scanned = 0
    let matched = 0
    for (const group of groups) {
      for (let i = 0; i < group.minutes.invocations.length; i++) {
        scanned += 3 * group.minutes.invocations[i]
        matched += query.coldOnly ? group.minutes.coldStarts[i] : query.reportOnly ? group.minutes.invocations[i] : 3 * group.minutes.invocations[i]
      }
    }
    const queryId = randomUUID()
    this.queries.set(queryId, {
      status: 'Running',
      polls: 0,
      startedReal: Date.now(),
      results,
      statistics: {
        recordsMatched: matched,
        recordsScanned: scanned,
        estimatedRecordsSkipped: 0,
        bytesScanned: scanned * BYTES_PER_LINE,
        estimatedBytesSkipped: 0,
        logGroupsScanned: groups.length,
      },
    })
    if (this.queries.size > MAX_KEPT) this.queries.delete(this.queries.keys().next().value!)
    return {queryId}
  }

  getQueryResults(input: Record<string, unknown>): unknown {
    const record = this.record(input.queryId)
    record.polls++
    // Running on the first poll, as a real query usually is; complete from the second.
    if (record.status === 'Running' && record.polls >= 2) record.status = 'Complete'
    const partial = record.status === 'Running'
    return {
      queryLanguage: 'CWLI',
      results: partial ? [] : record.results,
      statistics: partial
        ? {recordsMatched: 0, recordsScanned: 0, estimatedRecordsSkipped: 0, bytesScanned: 0, estimatedBytesSkipped: 0, logGroupsScanned: 0}
        : record.statistics,
      status: record.status,
    }
  }

  stopQuery(input: Record<string, unknown>): unknown {
    const record = this.record(input.queryId)
    if (record.status !== 'Running') return {success: false}
    record.status = 'Cancelled'
    return {success: true}
  }

  private record(queryId: unknown): QueryRecord {
    if (typeof queryId !== 'string' || queryId === '') throw invalidParameter('queryId is required.')
    const record = this.queries.get(queryId)
    if (!record) throw new AwsError('ResourceNotFoundException', 400, `Query ${queryId} does not exist.`)
    return record
  }

  /** Queries nobody polled for a while stop holding a slot (AWS times queries out too). */
  private expire(): void {
    const now = Date.now()
    for (const record of this.queries.values()) if (record.status === 'Running' && now - record.startedReal > RUNNING_TIMEOUT_MS) record.status = 'Complete'
  }

  private groupData(group: string, functionName: string, fromMinute: number, toMinute: number): GroupData {
    const simulation = this.simulation
    const snap = simulation.snapshotAt(functionName, simulation.simulatedTo)
    const seed = simulation.seedOf(functionName) ?? 0
    const memorySize = snap?.memorySize ?? 128
    // A function's working set belongs to its code, not to its memory setting: derived from the
    // seeded size (or the profile's maxMemoryUsedMb), so lowering memory does not shrink it, and
    // capped at the current size (an invocation cannot report more than it has).
    const seededSize = simulation.snapshotAt(functionName, Number.NEGATIVE_INFINITY)?.memorySize ?? memorySize
    const workingSet = snap?.traffic.maxMemoryUsedMb ?? Math.max(30, Math.round(seededSize * (0.25 + 0.5 * unit(seed, 0, Channel.memory))))
    return {
      group,
      functionName,
      seed,
      memorySize,
      timeoutMs: snap?.timeoutMs ?? 900_000,
      memoryUsed: Math.min(memorySize, workingSet),
      minutes: simulation.logMinutes(functionName, fromMinute, toMinute)!,
    }
  }
}

// ---------------------------------------------------------------------------------------------
// stats … by bin(), @log

interface Bucket {
  log: string
  binStart: number
  lines: number
  reports: number
  coldStarts: number
  initSum: number
  durations: PeriodAggregator
  memory: {n: number; sum: number; min: number; max: number}
  used: {n: number; sum: number; min: number; max: number}
  timeoutMs: number
}

function statsRows(query: InsightsQuery, groups: GroupData[], fromMinute: number, accountId: string, limit: number): Row[] {
  const stats = query.stats!
  const bin = stats.groups.find((group) => group.kind === 'bin')
  const byLog = stats.groups.some((group) => group.kind === 'log')
  const buckets = new Map<string, Bucket>()
  for (const group of groups) {
    const log = byLog ? `${accountId}:${group.group}` : ''
    const {invocations, coldStarts, initSum, durationSum} = group.minutes
    for (let i = 0; i < invocations.length; i++) {
      const n = invocations[i]
      if (!(n > 0)) continue
      const minute = fromMinute + i
      const binStart = bin && bin.kind === 'bin' ? Math.floor((minute * 60) / bin.seconds) * bin.seconds : fromMinute * 60
      const key = `${log}\n${binStart}`
      let bucket = buckets.get(key)
      if (!bucket) {
        bucket = {
          log,
          binStart,
          lines: 0,
          reports: 0,
          coldStarts: 0,
          initSum: 0,
          durations: new PeriodAggregator('duration'),
          memory: {n: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0},
          used: {n: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0},
          timeoutMs: 0,
        }
        buckets.set(key, bucket)
      }
      const reports = query.coldOnly ? coldStarts[i] : n
      bucket.lines += query.reportOnly ? reports : 3 * n
      bucket.reports += reports
      bucket.coldStarts += coldStarts[i]
      bucket.initSum += initSum[i]
      if (reports > 0) bucket.durations.addDuration(reports, durationSum[i] / n)
      for (const [target, value] of [
        [bucket.memory, group.memorySize],
        [bucket.used, memoryUsedAt(group, i)],
      ] as const) {
        target.n += reports
        target.sum += reports * value
        if (reports > 0) {
          target.min = Math.min(target.min, value)
          target.max = Math.max(target.max, value)
        }
      }
      bucket.timeoutMs = Math.max(bucket.timeoutMs, group.timeoutMs)
    }
  }

  const rows: Array<{bucket: Bucket; row: Row}> = []
  for (const bucket of buckets.values()) {
    if (bucket.lines === 0) continue
    const row: Row = []
    for (const group of stats.groups) {
      if (group.kind === 'log') row.push({field: group.name, value: bucket.log})
      else row.push({field: group.name, value: insightsTime(bucket.binStart * 1000)})
    }
    for (const aggregate of stats.aggregates) {
      const value = aggregateValue(aggregate, bucket)
      // Insights leaves out a column whose value is null (e.g. avg over no cold start).
      if (value !== undefined && Number.isFinite(value)) row.push({field: aggregate.name, value: number(value)})
    }
    rows.push({bucket, row})
  }

  const sort = query.sort
  if (sort) {
    const valueOf = (entry: {row: Row}) => entry.row.find((cell) => cell.field === sort.field)?.value
    rows.sort((a, b) => {
      const x = valueOf(a)
      const y = valueOf(b)
      if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1
      const order = Number.isNaN(Number(x)) || Number.isNaN(Number(y)) ? x.localeCompare(y) : Number(x) - Number(y)
      return sort.descending ? -order : order
    })
  } else {
    rows.sort((a, b) => a.bucket.binStart - b.bucket.binStart || a.bucket.log.localeCompare(b.bucket.log))
  }
  return rows.slice(0, limit).map((entry) => entry.row)
}

function aggregateValue(aggregate: Aggregate, bucket: Bucket): number | undefined {
  const {fn, field} = aggregate
  if (fn === 'count') {
    if (field === '*') return bucket.lines
    if (field === '@initDuration') return bucket.coldStarts
    return bucket.reports
  }
  switch (field) {
    case '@initDuration': {
      if (bucket.coldStarts === 0) return undefined
      const mean = bucket.initSum / bucket.coldStarts
      // Init durations spread ±15 % around the minute's mean.
      if (fn === 'sum') return bucket.initSum
      if (fn === 'avg') return mean
      if (fn === 'min') return mean * 0.85
      if (fn === 'max') return mean * 1.15
      return mean * (0.85 + (0.3 * (aggregate.p ?? 50)) / 100)
    }
    case '@duration':
    case '@billedDuration': {
      const durations = bucket.durations
      const billed = field === '@billedDuration'
      const stat =
        fn === 'sum'
          ? {kind: 'Sum' as const}
          : fn === 'avg'
            ? {kind: 'Average' as const}
            : fn === 'min'
              ? {kind: 'Minimum' as const}
              : fn === 'max'
                ? {kind: 'Maximum' as const}
                : {kind: 'percentile' as const, p: aggregate.p ?? 50}
      const value = durations.value(stat, bucket.timeoutMs)
      if (value === undefined || bucket.reports === 0) return undefined
      // Lambda bills each invocation rounded up to the millisecond.
      if (!billed) return value
      if (fn === 'sum') return value + 0.5 * bucket.reports
      if (fn === 'avg') return value + 0.5
      return Math.ceil(value)
    }
    default: {
      const memory = field === '@memorySize' ? bucket.memory : bucket.used
      if (memory.n === 0) return undefined
      if (fn === 'sum') return memory.sum
      if (fn === 'min') return memory.min
      if (fn === 'max') return memory.max
      return memory.sum / memory.n
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Raw events, synthesised from the minute aggregates

interface SyntheticEvent {
  timestamp: number
  fields: Record<string, string>
}

function eventRows(query: InsightsQuery, groups: GroupData[], fromMinute: number, toMinute: number, accountId: string, limit: number): Row[] {
  const descending = query.sort?.descending ?? true
  if (query.sort && query.sort.field !== '@timestamp') throw malformed(`The sandbox sorts log events by @timestamp only, not ${query.sort.field}.`)
  const wanted = query.fields ?? ['@timestamp', '@message']
  const rows: Row[] = []
  const minutes = toMinute - fromMinute
  for (let k = 0; k < minutes && rows.length < limit; k++) {
    const minute = descending ? toMinute - 1 - k : fromMinute + k
    const events: SyntheticEvent[] = []
    for (const group of groups) events.push(...minuteEvents(query, group, minute, minute - fromMinute, accountId))
    events.sort((a, b) => (descending ? b.timestamp - a.timestamp : a.timestamp - b.timestamp))
    for (const event of events) {
      if (rows.length >= limit) break
      const row: Row = wanted.filter((field) => event.fields[field] !== undefined).map((field) => ({field, value: event.fields[field]}))
      row.push({field: '@ptr', value: event.fields['@ptr']})
      rows.push(row)
    }
  }
  return rows
}

/** The function's own memory use plus what its layers of that minute add, within its memory size. */
function memoryUsedAt(group: GroupData, index: number): number {
  return Math.min(group.memorySize, group.memoryUsed + Math.round(group.minutes.memoryAddedMb[index] ?? 0))
}

function requestIdOf(seed: number, index: number): string {
  const hex = [0, 1, 2, 3]
    .map((k) =>
      hash3(seed, index, 100 + k)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[hash3(seed, index, 99) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function minuteEvents(query: InsightsQuery, group: GroupData, minute: number, index: number, accountId: string): SyntheticEvent[] {
  const invocations = group.minutes.invocations[index] ?? 0
  if (!(invocations > 0)) return []
  const coldStarts = group.minutes.coldStarts[index]
  const meanDuration = group.minutes.durationSum[index] / invocations
  const meanInit = coldStarts > 0 ? group.minutes.initSum[index] / coldStarts : 0
  const {seed} = group
  const day = new Date(minute * 60_000).toISOString().slice(0, 10).replace(/-/g, '/')
  const log = `${accountId}:${group.group}`
  const events: SyntheticEvent[] = []
  // Deterministic per (function, minute, request): the same query answers the same lines.
  const count = Math.min(invocations, 20_000)
  for (let i = 0; i < count; i++) {
    const cold = i < coldStarts
    if (query.coldOnly && !cold) continue
    const id = minute * 4096 + i
    const timestamp = minute * 60_000 + Math.floor(unit(seed, id, Channel.event) * 60_000)
    const duration = Math.max(
      1,
      Math.min(
        group.timeoutMs,
        meanDuration *
          Math.exp(
            DURATION_SIGMA * normalQuantile(Math.min(0.999_99, Math.max(0.000_01, unit(seed, id, Channel.event + 1)))) - (DURATION_SIGMA * DURATION_SIGMA) / 2,
          ),
      ),
    )
    const init = cold ? meanInit * (0.85 + 0.3 * unit(seed, id, Channel.event + 2)) : undefined
    const requestId = requestIdOf(seed, id)
    const stream = `${day}/[$LATEST]${hash3(seed, Math.floor(id / 64), 7)
      .toString(16)
      .padStart(8, '0')}${hash3(seed, Math.floor(id / 64), 8)
      .toString(16)
      .padStart(8, '0')}`
    const billed = Math.ceil(duration)
    const base = {'@log': log, '@logStream': stream, '@requestId': requestId}
    const message =
      `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${group.memorySize} MB\t` +
      `Max Memory Used: ${memoryUsedAt(group, index)} MB\t${init === undefined ? '' : `Init Duration: ${init.toFixed(2)} ms\t`}`
    const report: Record<string, string> = {
      ...base,
      '@timestamp': insightsTime(timestamp),
      '@message': message,
      '@type': 'REPORT',
      '@duration': duration.toFixed(2),
      '@billedDuration': String(billed),
      '@memorySize': String(group.memorySize),
      '@maxMemoryUsed': String(memoryUsedAt(group, index)),
      '@ptr': Buffer.from(`${group.group}:${id}:r`).toString('base64'),
    }
    if (init !== undefined) report['@initDuration'] = init.toFixed(2)
    events.push({timestamp, fields: report})
    if (!query.reportOnly) {
      events.push({
        timestamp: timestamp - Math.ceil(duration) - 1,
        fields: {
          ...base,
          '@timestamp': insightsTime(timestamp - Math.ceil(duration) - 1),
          '@message': `START RequestId: ${requestId} Version: $LATEST`,
          '@ptr': Buffer.from(`${group.group}:${id}:s`).toString('base64'),
        },
      })
      events.push({
        timestamp: timestamp - 1,
        fields: {
          ...base,
          '@timestamp': insightsTime(timestamp - 1),
          '@message': `END RequestId: ${requestId}`,
          '@ptr': Buffer.from(`${group.group}:${id}:e`).toString('base64'),
        },
      })
    }
  }
  return events
}

export function logsService(env: SandboxEnvironment): JsonServiceHandler {
  const service = new LogsService(env, simulationOf(env).simulation)
  return {
    operations: {
      StartQuery: (input) => service.startQuery(input),
      GetQueryResults: (input) => service.getQueryResults(input),
      StopQuery: (input) => service.stopQuery(input),
    },
    rateClass: () => 'logs',
  }
}

registerJsonService({targetPrefix: LOGS_TARGET, signingName: 'logs', version: '1.1', create: logsService})
