// Answers for GetMetricData and Logs Insights built from a model of the traffic, so tests say
// what the account did ("fn-a throttled 3 times a minute") rather than hand-writing responses.
import {ACCOUNT, logs} from '../helpers/aws-nock.js'

export interface MetricDataRequestBody {
  MetricDataQueries: Array<{
    Id: string
    MetricStat: {Metric: {MetricName: string; Dimensions?: Array<{Name: string; Value: string}>}; Period: number; Stat: string}
  }>
  StartTime: number
  EndTime: number
  NextToken?: string
  ScanBy?: string
}

export interface SeriesRef {
  metric: string
  functionName?: string
  resource?: string
}

/** Value of a series in the period starting at `time` (epoch seconds); undefined: no datapoint. */
export type Traffic = (series: SeriesRef, time: number) => number | undefined

export function seriesOf(query: MetricDataRequestBody['MetricDataQueries'][number]): SeriesRef {
  const dimensions = query.MetricStat.Metric.Dimensions ?? []
  return {
    metric: query.MetricStat.Metric.MetricName,
    functionName: dimensions.find((dimension) => dimension.Name === 'FunctionName')?.Value,
    resource: dimensions.find((dimension) => dimension.Name === 'Resource')?.Value,
  }
}

/** A GetMetricData answer (awsJson1_0: timestamps are epoch seconds) for whatever was asked. */
export function answerMetricData(body: MetricDataRequestBody, traffic: Traffic) {
  return {
    MetricDataResults: body.MetricDataQueries.map((query) => {
      const timestamps: number[] = []
      const values: number[] = []
      const period = query.MetricStat.Period
      for (let time = body.StartTime; time < body.EndTime; time += period) {
        const value = traffic(seriesOf(query), time)
        if (value === undefined) continue
        timestamps.push(time)
        values.push(value)
      }

      return {Id: query.Id, Label: query.MetricStat.Metric.MetricName, Timestamps: timestamps, Values: values, StatusCode: 'Complete'}
    }),
    Messages: [],
  }
}

/** Insights prints bins as "YYYY-MM-DD HH:MM:SS.mmm" in UTC. */
export function insightsTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').replace('Z', '')
}

export function insightsRow(logGroup: string, bin: number, coldStarts: number, avgInit = 250, binLabel = 'bin(1m)') {
  return [
    {field: '@log', value: `${ACCOUNT}:${logGroup}`},
    {field: binLabel, value: insightsTime(bin)},
    {field: 'invocations', value: String(coldStarts * 10)},
    {field: 'coldStarts', value: String(coldStarts)},
    {field: 'avgInit', value: String(avgInit)},
  ]
}

export interface FunctionModel {
  name: string
  reserved?: number
  provisioned?: Array<{qualifier: string; allocated: number}>
  configuration?: Record<string, unknown>
}

/** Lambda answers for what the dashboard reads about functions and the account. */
export function mockLambdaFacts(
  scope: import('nock').Scope,
  functions: FunctionModel[],
  account = {limit: 1000, unreserved: 900},
  options: {times?: number} = {},
) {
  const times = options.times ?? 1
  scope
    .get('/2016-08-19/account-settings')
    .times(times)
    .reply(200, {
      AccountLimit: {ConcurrentExecutions: account.limit, UnreservedConcurrentExecutions: account.unreserved},
      AccountUsage: {FunctionCount: functions.length},
    })
  for (const fn of functions) {
    scope
      .get(`/2015-03-31/functions/${fn.name}`)
      .times(times)
      .reply(200, {Configuration: {FunctionName: fn.name}, ...(fn.reserved === undefined ? {} : {Concurrency: {ReservedConcurrentExecutions: fn.reserved}})})
    scope
      .get(`/2019-09-30/functions/${fn.name}/provisioned-concurrency`)
      .query({List: 'ALL', MaxItems: '50'})
      .times(times)
      .reply(200, {
        ProvisionedConcurrencyConfigs: (fn.provisioned ?? []).map((config) => ({
          FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn.name}:${config.qualifier}`,
          RequestedProvisionedConcurrentExecutions: config.allocated,
          AllocatedProvisionedConcurrentExecutions: config.allocated,
          AvailableProvisionedConcurrentExecutions: config.allocated,
          Status: 'READY',
        })),
      })
  }

  return scope
}

/** What selection hands the dashboard. */
export function selected(fn: FunctionModel) {
  return {
    name: fn.name,
    arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn.name}`,
    configuration: {FunctionName: fn.name, ...fn.configuration},
  }
}

/** What lx sends to Logs Insights' StartQuery. */
export interface StartQueryBody {
  logGroupNames: string[]
  startTime: number
  endTime: number
  queryString: string
  limit?: number
}

/** StartQuery answered `times` times with query ids q-1, q-2, …; the requests are collected as they arrive. */
export function recordStartQueries(times: number): StartQueryBody[] {
  const started: StartQueryBody[] = []
  logs(
    'StartQuery',
    (body: StartQueryBody) => {
      started.push(body)
      return {queryId: `q-${started.length}`}
    },
    {times},
  )
  return started
}
