// GetMetricData for a planned set of queries over one window: ≤ 500 queries per call, NextToken
// pages followed, answers regrouped by query id. The only CloudWatch I/O of the dashboard.
import {type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery} from '@aws-sdk/client-cloudwatch'

import {mapPool} from '../lib/map-pool.js'
import {batchQueries, MAX_QUERIES_PER_CALL} from './metric-queries.js'
import type {TimeWindow} from './metric-window.js'

export interface SeriesData {
  /** Epoch seconds (period starts). */
  timestamps: number[]
  values: number[]
}

export interface MetricDataAnswer {
  /** Every requested id is present, with no datapoints when CloudWatch had none. */
  byId: Map<string, SeriesData>
  /** GetMetricData requests sent, NextToken pages included. */
  calls: number
  datapoints: number
  /** CloudWatch's per-query or per-call messages (e.g. a query it could not answer). */
  messages: string[]
}

export interface ReadMetricsOptions {
  maxQueriesPerCall?: number
  /** Calls in flight at once; the rate budget in aws/ still sets the pace. */
  parallel?: number
}

export async function readMetricData(
  cloudwatch: CloudWatchClient,
  queries: readonly MetricDataQuery[],
  window: TimeWindow,
  options: ReadMetricsOptions = {},
): Promise<MetricDataAnswer> {
  const answer: MetricDataAnswer = {byId: new Map(), calls: 0, datapoints: 0, messages: []}
  for (const query of queries) answer.byId.set(query.Id!, {timestamps: [], values: []})
  const batches = batchQueries(queries, options.maxQueriesPerCall ?? MAX_QUERIES_PER_CALL)
  await mapPool(batches, options.parallel ?? 1, async (batch) => {
    let nextToken: string | undefined
    do {
      // eslint-disable-next-line no-await-in-loop -- NextToken pages are sequential by nature
      const page = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: new Date(window.start * 1000),
          EndTime: new Date(window.end * 1000),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      )
      answer.calls++
      for (const result of page.MetricDataResults ?? []) {
        const series = answer.byId.get(result.Id ?? '')
        if (!series) continue
        const timestamps = result.Timestamps ?? []
        const values = result.Values ?? []
        for (let i = 0; i < timestamps.length && i < values.length; i++) {
          // The SDK hands back Dates; a week for thousands of functions is millions of them, so no copies.
          const time = timestamps[i]
          series.timestamps.push(Math.round((time instanceof Date ? time.getTime() : new Date(time).getTime()) / 1000))
          series.values.push(values[i])
        }

        answer.datapoints += Math.min(timestamps.length, values.length)
        for (const message of result.Messages ?? []) answer.messages.push(`${result.Id}: ${message.Code ?? ''} ${message.Value ?? ''}`.trim())
      }

      for (const message of page.Messages ?? []) answer.messages.push(`${message.Code ?? ''} ${message.Value ?? ''}`.trim())
      nextToken = page.NextToken
    } while (nextToken)
  })
  return answer
}
