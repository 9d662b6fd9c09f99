// What `lx concurrency plan` asks CloudWatch (GetMetricData request bodies, awsJson1_0): namespace,
// dimensions, statistics and period; batches of ≤ 500 queries; NextToken pages; the answers put
// on the period grid.
import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {readTraffic, trafficWindow} from '../../src/recommend/read-traffic.js'
import {estimateCalls, trafficPeriod} from '../../src/recommend/traffic-queries.js'
import {cloudwatch} from '../helpers/aws-nock.js'
import {answerMetricData, type MetricDataRequestBody, seriesOf} from '../metrics/cloudwatch-fixtures.js'

const NOW = 1_700_000_000
const WEEK = 7 * 86_400

type Query = MetricDataRequestBody['MetricDataQueries'][number]

function describeQuery(query: Query) {
  return {
    id: query.Id,
    namespace: (query.MetricStat.Metric as {Namespace?: string}).Namespace,
    metric: query.MetricStat.Metric.MetricName,
    dimensions: query.MetricStat.Metric.Dimensions,
    stat: query.MetricStat.Stat,
    period: query.MetricStat.Period,
  }
}

describe('concurrency plan: GetMetricData queries', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('the period keeps a series within ~2,016 points: 7 d → 300 s, 1 d → 60 s', () => {
    const cases: Array<[number, number]> = [
      [3600, 60],
      [86_400, 60],
      [2 * 86_400, 300],
      [WEEK, 300],
      [14 * 86_400, 900],
      [30 * 86_400, 1800],
    ]
    for (const [window, period] of cases) assert.equal(trafficPeriod(window), period, `${window} s`)
  })

  it('asks for each function its five series and for each provisioned alias two more, over the whole week at 300 s', async () => {
    const bodies: MetricDataRequestBody[] = []
    const scope = cloudwatch('GetMetricData', (body: MetricDataRequestBody) => {
      bodies.push(body)
      return answerMetricData(body, () => undefined)
    })
    const period = trafficPeriod(WEEK)
    const window = trafficWindow(NOW, WEEK, period)
    const read = await readTraffic(
      await aws.cloudwatch(),
      [
        {functionName: 'checkout-api', provisionedQualifiers: []},
        {functionName: 'reports-nightly', provisionedQualifiers: ['live']},
      ],
      window,
      period,
    )
    assert.ok(scope.isDone())
    assert.equal(bodies.length, 1)
    assert.equal(bodies[0].EndTime, NOW - (NOW % 300), 'ends at the last whole period that has settled (3 minutes)')
    assert.equal(bodies[0].EndTime - bodies[0].StartTime, WEEK)
    assert.equal(bodies[0].ScanBy, 'TimestampAscending')
    const fn = (name: string) => [{Name: 'FunctionName', Value: name}]
    const alias = [
      {Name: 'FunctionName', Value: 'reports-nightly'},
      {Name: 'Resource', Value: 'reports-nightly:live'},
    ]
    const lambda = (id: string, metric: string, dimensions: unknown, stat: string) => ({id, namespace: 'AWS/Lambda', metric, dimensions, stat, period: 300})
    assert.deepEqual(bodies[0].MetricDataQueries.map(describeQuery), [
      lambda('acct_unres', 'UnreservedConcurrentExecutions', [], 'Maximum'),
      lambda('t0_inv', 'Invocations', fn('checkout-api'), 'Sum'),
      lambda('t0_thr', 'Throttles', fn('checkout-api'), 'Sum'),
      lambda('t0_conc', 'ConcurrentExecutions', fn('checkout-api'), 'Maximum'),
      lambda('t0_dur', 'Duration', fn('checkout-api'), 'Average'),
      lambda('t0_p99', 'Duration', fn('checkout-api'), 'p99'),
      lambda('t1_inv', 'Invocations', fn('reports-nightly'), 'Sum'),
      lambda('t1_thr', 'Throttles', fn('reports-nightly'), 'Sum'),
      lambda('t1_conc', 'ConcurrentExecutions', fn('reports-nightly'), 'Maximum'),
      lambda('t1_dur', 'Duration', fn('reports-nightly'), 'Average'),
      lambda('t1_p99', 'Duration', fn('reports-nightly'), 'p99'),
      lambda('t1q0_pcu', 'ProvisionedConcurrencyUtilization', alias, 'Maximum'),
      lambda('t1q0_spill', 'ProvisionedConcurrencySpilloverInvocations', alias, 'Sum'),
    ])
    assert.equal(read.queries, 13)
    assert.equal(read.calls, 1)
    assert.equal(read.functions[0].traffic.invocations.length, 2016)
  })

  it('a one-day window is read at 60 s', async () => {
    let body: MetricDataRequestBody | undefined
    cloudwatch('GetMetricData', (request: MetricDataRequestBody) => {
      body = request
      return answerMetricData(request, () => undefined)
    })
    const period = trafficPeriod(86_400)
    await readTraffic(await aws.cloudwatch(), [{functionName: 'f', provisionedQualifiers: []}], trafficWindow(NOW, 86_400, period), period)
    assert.ok(body!.MetricDataQueries.every((query) => query.MetricStat.Period === 60))
    assert.equal(body!.EndTime - body!.StartTime, 86_400)
  })

  it('puts the answers on the period grid: counts 0 and durations null where CloudWatch had nothing', async () => {
    const period = 300
    const window = trafficWindow(NOW, 3600, period)
    cloudwatch('GetMetricData', (body: MetricDataRequestBody) =>
      answerMetricData(body, (series, time) => {
        const index = (time - window.start) / period
        if (series.metric === 'UnreservedConcurrentExecutions') return 600 + index
        if (index % 2 === 1) return undefined // idle periods have no datapoint at all
        if (series.metric === 'Invocations') return 3000
        if (series.metric === 'Duration') return 250
        if (series.metric === 'ConcurrentExecutions') return 4
        if (series.metric === 'ProvisionedConcurrencyUtilization') return index / 20
        if (series.metric === 'ProvisionedConcurrencySpilloverInvocations') return 5
        return 0
      }),
    )
    const read = await readTraffic(await aws.cloudwatch(), [{functionName: 'f', provisionedQualifiers: ['live']}], window, period)
    const {traffic, provisioned} = read.functions[0]
    assert.equal(traffic.start, window.start)
    assert.deepEqual(traffic.invocations, [3000, 0, 3000, 0, 3000, 0, 3000, 0, 3000, 0, 3000, 0])
    assert.deepEqual(traffic.durationAvgMs.slice(0, 4), [250, null, 250, null])
    assert.deepEqual(traffic.concurrencyMax.slice(0, 3), [4, 0, 4])
    assert.deepEqual(provisioned, [{qualifier: 'live', utilizationMax: 0.5, spillover: 30}])
    assert.equal(read.accountUnreservedMax, 611)
  })

  it('sends at most 500 queries a call, whole functions per call (120 functions → 601 queries, 2 calls)', async () => {
    const sizes: number[] = []
    const functionsPerCall: number[] = []
    const scope = cloudwatch(
      'GetMetricData',
      (body: MetricDataRequestBody) => {
        sizes.push(body.MetricDataQueries.length)
        functionsPerCall.push(new Set(body.MetricDataQueries.map((query) => seriesOf(query).functionName).filter(Boolean)).size)
        return answerMetricData(body, () => 1)
      },
      {times: 2},
    )
    const targets = Array.from({length: 120}, (_, index) => ({functionName: `fn-${index}`, provisionedQualifiers: []}))
    const read = await readTraffic(await aws.cloudwatch(), targets, trafficWindow(NOW, 3600, 60), 60)
    assert.ok(scope.isDone())
    assert.deepEqual(
      sizes.sort((a, b) => b - a),
      [496, 105],
    )
    assert.deepEqual(
      functionsPerCall.sort((a, b) => b - a),
      [99, 21],
    )
    assert.equal(read.queries, 601)
    assert.equal(read.functions.length, 120)
    assert.ok(read.functions.every((fn) => fn.traffic.invocations.length === 60 && fn.traffic.invocations.every((value) => value === 1)))
  })

  it('follows NextToken: a week of 5-minute data pages every 100,800 datapoints', async () => {
    const tokens: Array<string | undefined> = []
    const period = 300
    const window = trafficWindow(NOW, WEEK, period)
    cloudwatch(
      'GetMetricData',
      (body: MetricDataRequestBody) => {
        tokens.push(body.NextToken)
        const full = answerMetricData(body, (series) => (series.metric === 'Invocations' ? 10 : undefined))
        const inv = full.MetricDataResults.find((result) => result.Id === 't0_inv')!
        // CloudWatch splits a series across pages; the second page carries the rest.
        if (!body.NextToken)
          return {
            MetricDataResults: [{...inv, Timestamps: inv.Timestamps.slice(0, 1000), Values: inv.Values.slice(0, 1000), StatusCode: 'PartialData'}],
            NextToken: 'page-2',
          }
        return {MetricDataResults: [{...inv, Timestamps: inv.Timestamps.slice(1000), Values: inv.Values.slice(1000)}]}
      },
      {times: 2},
    )
    const read = await readTraffic(await aws.cloudwatch(), [{functionName: 'f', provisionedQualifiers: []}], window, period)
    assert.deepEqual(tokens, [undefined, 'page-2'])
    assert.equal(read.calls, 2)
    assert.equal(
      read.functions[0].traffic.invocations.reduce((a, b) => a + b, 0),
      2016 * 10,
    )
  })

  it('estimates the calls: 5 queries a function (+2 per provisioned alias, +1), ~N/5 requests for a week (half a page each)', () => {
    const targets = (n: number) => Array.from({length: n}, (_, index) => ({functionName: `f${index}`, provisionedQualifiers: index < 10 ? ['live'] : []}))
    assert.deepEqual(estimateCalls(targets(40), WEEK), {queries: 221, requests: 10})
    assert.deepEqual(estimateCalls(targets(1000), WEEK), {queries: 5021, requests: 202})
    assert.deepEqual(estimateCalls(targets(1000), 86_400), {queries: 5021, requests: 144}, 'a day at 1 minute: groups of 35 queries, half a page each')
  })
})
