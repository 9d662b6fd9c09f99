// Cold starts, which no CloudWatch metric counts: Logs Insights over the functions' log groups,
// counting REPORT lines that carry an init duration. One StartQuery covers up to 50 log groups; a
// log group that does not exist fails the whole query, so it is dropped and the query retried.
import {type CloudWatchLogsClient, GetQueryResultsCommand, type ResultField, StartQueryCommand, StopQueryCommand} from '@aws-sdk/client-cloudwatch-logs'

import {Failure} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import {periodsIn, type TimeWindow} from './metric-window.js'

/** StartQuery accepts at most this many log groups. */
export const MAX_GROUPS_PER_QUERY = 50
/** Logs Insights returns at most 10,000 rows; one row per group and bin. */
export const MAX_ROWS_PER_QUERY = 10_000

export interface GroupColdStarts {
  /** Bin starts, epoch seconds. */
  timestamps: number[]
  coldStarts: number[]
  /** Sum of init durations in the bin (ms), so averages can be weighted over any range. */
  initMs: number[]
}

export interface ColdStartAnswer {
  byGroup: Map<string, GroupColdStarts>
  /** Log groups that do not exist (the function never logged, or its logs were deleted). */
  missingGroups: string[]
  /** StartQuery calls, retries after a missing group included. */
  queries: number
  bytesScanned: number
}

export interface ReadColdStartsOptions {
  /** Bin width in seconds; a multiple of 60. */
  bin: number
  pollMs?: number
  timeoutMs?: number
  /** Queries running at once (the account allows 30 concurrent Insights queries). */
  parallel?: number
  sleep?: (ms: number) => Promise<void>
}

/** The Insights query: per log group and bin, how many invocations began with an init phase. */
export function coldStartQuery(binSeconds: number): string {
  const bin = binSeconds % 3600 === 0 ? `${binSeconds / 3600}h` : binSeconds % 60 === 0 ? `${binSeconds / 60}m` : `${binSeconds}s`
  return [
    'filter @type = "REPORT"',
    `| stats count(*) as invocations, count(@initDuration) as coldStarts, avg(@initDuration) as avgInit by @log, bin(${bin})`,
  ].join('\n')
}

/** Groups per query so that groups × bins stays under the row limit, and at most 50. */
export function groupsPerQuery(window: TimeWindow, binSeconds: number): number {
  const bins = Math.max(1, periodsIn(window, binSeconds))
  return Math.max(1, Math.min(MAX_GROUPS_PER_QUERY, Math.floor(MAX_ROWS_PER_QUERY / bins)))
}

/** Which of these groups an error message names (longest first, so `/a/b-c` is not read as `/a/b`). */
export function groupsNamedIn(message: string, groups: readonly string[]): string[] {
  const named: string[] = []
  let rest = message
  for (const group of [...groups].sort((a, b) => b.length - a.length)) {
    const at = new RegExp(`${group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![.\\-_/#A-Za-z0-9])`).exec(rest)
    if (at) {
      named.push(group)
      rest = rest.slice(0, at.index) + rest.slice(at.index + group.length)
    }
  }

  return named
}

/** `@log` is "account-id:log-group-name"; group names cannot hold a colon. */
export function logGroupOf(logField: string): string {
  return logField.slice(logField.lastIndexOf(':') + 1)
}

/** Insights prints bins as "2024-05-01 12:00:00.000" (UTC). */
export function parseInsightsTime(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const number = Number(value)
    return Math.round(number > 1e11 ? number / 1000 : number)
  }

  const iso = value.includes('T') ? value : value.replace(' ', 'T')
  return Math.round(Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) / 1000)
}

function field(row: ResultField[], predicate: (name: string) => boolean): string | undefined {
  return row.find((cell) => predicate(cell.field ?? ''))?.value
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function readColdStarts(
  logs: CloudWatchLogsClient,
  logGroups: readonly string[],
  window: TimeWindow,
  options: ReadColdStartsOptions,
): Promise<ColdStartAnswer> {
  const answer: ColdStartAnswer = {byGroup: new Map(), missingGroups: [], queries: 0, bytesScanned: 0}
  const sleep = options.sleep ?? defaultSleep
  const perQuery = groupsPerQuery(window, options.bin)
  const batches: string[][] = []
  for (let start = 0; start < logGroups.length; start += perQuery) batches.push(logGroups.slice(start, start + perQuery))

  const run = async (groups: string[]): Promise<void> => {
    if (groups.length === 0) return
    let queryId: string | undefined
    for (let attempt = 0; !queryId; attempt++) {
      try {
        answer.queries++
        // eslint-disable-next-line no-await-in-loop -- a retry waits for the previous answer
        const started = await logs.send(
          new StartQueryCommand({
            logGroupNames: groups,
            startTime: window.start,
            // Insights includes the end second; the window is half-open.
            endTime: window.end - 1,
            queryString: coldStartQuery(options.bin),
            limit: MAX_ROWS_PER_QUERY,
          }),
        )
        queryId = started.queryId
        if (!queryId) throw new Failure('Logs Insights started a query without a query id.')
      } catch (error: any) {
        if (error?.name === 'ResourceNotFoundException') {
          const named = groupsNamedIn(String(error.message ?? ''), groups)
          if (named.length > 0) {
            answer.missingGroups.push(...named)
            return run(groups.filter((group) => !named.includes(group)))
          }

          // The message named no group we asked for: halve until the missing one is alone.
          if (groups.length === 1) {
            answer.missingGroups.push(groups[0])
            return
          }

          const half = Math.ceil(groups.length / 2)
          // eslint-disable-next-line no-await-in-loop -- the halves run one after the other to stay inside the concurrent-query quota
          await run(groups.slice(0, half))
          return run(groups.slice(half))
        }

        // Too many concurrent Insights queries in the account: wait for others to finish.
        if (error?.name === 'LimitExceededException' && attempt < 5) {
          // eslint-disable-next-line no-await-in-loop -- a back-off waits before the next attempt
          await sleep(1000 * 2 ** attempt)
          continue
        }

        throw error
      }
    }

    const rows = await poll(logs, queryId, options, sleep, answer)
    for (const row of rows) {
      const log = field(row, (name) => name === '@log')
      const bin = field(row, (name) => name.startsWith('bin('))
      if (log === undefined || bin === undefined) continue
      const group = logGroupOf(log)
      let series = answer.byGroup.get(group)
      if (!series) {
        series = {timestamps: [], coldStarts: [], initMs: []}
        answer.byGroup.set(group, series)
      }

      const coldStarts = Number(field(row, (name) => name === 'coldStarts') ?? 0) || 0
      series.timestamps.push(parseInsightsTime(bin))
      series.coldStarts.push(coldStarts)
      series.initMs.push(coldStarts * (Number(field(row, (name) => name === 'avgInit') ?? 0) || 0))
    }
  }

  // Ten at a time stays well inside the account's concurrent-query quota (30) and StartQuery's 5/s,
  // and lets 2,000 log groups (40 queries over 3 hours) finish within the metrics' time.
  await mapPool(batches, options.parallel ?? 10, run)
  return answer
}

async function poll(
  logs: CloudWatchLogsClient,
  queryId: string,
  options: ReadColdStartsOptions,
  sleep: (ms: number) => Promise<void>,
  answer: ColdStartAnswer,
): Promise<ResultField[][]> {
  const pollMs = options.pollMs ?? 1000
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await sleep(pollMs)
    // eslint-disable-next-line no-await-in-loop -- each poll asks after the previous answer said "not yet"
    const result = await logs.send(new GetQueryResultsCommand({queryId}))
    switch (result.status) {
      case 'Complete': {
        answer.bytesScanned += result.statistics?.bytesScanned ?? 0
        return result.results ?? []
      }

      case 'Failed':
      case 'Cancelled':
      case 'Timeout': {
        throw new Failure(`The Logs Insights query for cold starts ended with status ${result.status}.`, {code: 'LogsQueryFailed'})
      }

      default: {
        // Scheduled, Running, Unknown: keep waiting, within bounds.
        if (Date.now() > deadline) {
          // eslint-disable-next-line no-await-in-loop -- the last request of the loop: it leaves right after
          await logs.send(new StopQueryCommand({queryId})).catch(() => {})
          throw new Failure(`The Logs Insights query for cold starts did not finish within ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s.`, {
            code: 'LogsQueryTimeout',
          })
        }
      }
    }
  }
}
