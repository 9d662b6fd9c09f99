// One Logs Insights runner for every reader of REPORT lines (the dashboard's cold starts, `lx
// advise`'s memory use, `lx impact` and `--guard`): the log groups in batches (StartQuery takes at most 50), a few queries at a
// time, each polled with GetQueryResults until it completes. A log group that does not exist fails
// the whole StartQuery: it is dropped (named in the error, or found by halving) and the rest retried.
import {type CloudWatchLogsClient, GetQueryResultsCommand, type ResultField, StartQueryCommand, StopQueryCommand} from '@aws-sdk/client-cloudwatch-logs'

import {Failure} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import type {TimeWindow} from './metric-window.js'

/** StartQuery accepts at most this many log groups. */
export const MAX_GROUPS_PER_QUERY = 50
/** Logs Insights returns at most 10,000 rows. */
export const MAX_ROWS_PER_QUERY = 10_000

export interface InsightsQuery {
  queryString: string
  /** What the query reads, for errors: "cold starts", "memory use". */
  purpose: string
  /** Log groups per StartQuery; default (and at most) 50. */
  groupsPerQuery?: number
}

export interface InsightsOptions {
  pollMs?: number
  timeoutMs?: number
  /** Queries running at once (the account allows 30 concurrent Insights queries). */
  parallel?: number
  sleep?: (ms: number) => Promise<void>
}

export interface InsightsRun {
  /** Log groups that do not exist (the function never logged, or its logs were deleted). */
  missingGroups: string[]
  /** StartQuery calls, retries after a missing group included. */
  queries: number
  /** GetQueryResults calls. */
  polls: number
  bytesScanned: number
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs the query over the log groups and hands each completed query's rows to `onRows`. Errors
 * other than a missing log group (AccessDenied, a failed or timed-out query) are thrown.
 */
export async function runInsightsQueries(
  logs: CloudWatchLogsClient,
  logGroups: readonly string[],
  window: TimeWindow,
  query: InsightsQuery,
  onRows: (rows: ResultField[][]) => void,
  options: InsightsOptions = {},
): Promise<InsightsRun> {
  const run: InsightsRun = {missingGroups: [], queries: 0, polls: 0, bytesScanned: 0}
  const sleep = options.sleep ?? defaultSleep
  const perQuery = Math.max(1, Math.min(MAX_GROUPS_PER_QUERY, query.groupsPerQuery ?? MAX_GROUPS_PER_QUERY))
  const batches: string[][] = []
  for (let start = 0; start < logGroups.length; start += perQuery) batches.push(logGroups.slice(start, start + perQuery))

  const start = async (groups: string[]): Promise<void> => {
    if (groups.length === 0) return
    let queryId: string | undefined
    for (let attempt = 0; !queryId; attempt++) {
      try {
        run.queries++
        // eslint-disable-next-line no-await-in-loop -- a retry waits for the previous answer
        const started = await logs.send(
          new StartQueryCommand({
            logGroupNames: groups,
            startTime: window.start,
            // Insights includes the end second; the window is half-open.
            endTime: window.end - 1,
            queryString: query.queryString,
            limit: MAX_ROWS_PER_QUERY,
          }),
        )
        queryId = started.queryId
        if (!queryId) throw new Failure('Logs Insights started a query without a query id.')
      } catch (error: any) {
        if (error?.name === 'ResourceNotFoundException') {
          const named = groupsNamedIn(String(error.message ?? ''), groups)
          if (named.length > 0) {
            run.missingGroups.push(...named)
            return start(groups.filter((group) => !named.includes(group)))
          }

          // The message named no group we asked for: halve until the missing one is alone.
          if (groups.length === 1) {
            run.missingGroups.push(groups[0])
            return
          }

          const half = Math.ceil(groups.length / 2)
          // eslint-disable-next-line no-await-in-loop -- the halves run one after the other to stay inside the concurrent-query quota
          await start(groups.slice(0, half))
          return start(groups.slice(half))
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

    onRows(await poll(logs, queryId, query.purpose, options, sleep, run))
  }

  await mapPool(batches, options.parallel ?? 4, start)
  return run
}

async function poll(
  logs: CloudWatchLogsClient,
  queryId: string,
  purpose: string,
  options: InsightsOptions,
  sleep: (ms: number) => Promise<void>,
  run: InsightsRun,
): Promise<ResultField[][]> {
  const timeoutMs = options.timeoutMs ?? 120_000
  const deadline = Date.now() + timeoutMs
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await sleep(options.pollMs ?? 1000)
    run.polls++
    // eslint-disable-next-line no-await-in-loop -- each poll asks after the previous answer said "not yet"
    const result = await logs.send(new GetQueryResultsCommand({queryId}))
    switch (result.status) {
      case 'Complete': {
        run.bytesScanned += result.statistics?.bytesScanned ?? 0
        return result.results ?? []
      }

      case 'Failed':
      case 'Cancelled':
      case 'Timeout': {
        throw new Failure(`The Logs Insights query for ${purpose} ended with status ${result.status}.`, {code: 'LogsQueryFailed'})
      }

      default: {
        // Scheduled, Running, Unknown: keep waiting, within bounds.
        if (Date.now() > deadline) {
          // eslint-disable-next-line no-await-in-loop -- the last request of the loop: it leaves right after
          await logs.send(new StopQueryCommand({queryId})).catch(() => {})
          throw new Failure(`The Logs Insights query for ${purpose} did not finish within ${Math.round(timeoutMs / 1000)} s.`, {code: 'LogsQueryTimeout'})
        }
      }
    }
  }
}
