import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {planMetricQueries} from '../../src/metrics/metric-queries.js'
import {readMetricData} from '../../src/metrics/read-metrics.js'
import {cloudwatch} from '../helpers/aws-nock.js'
import {answerMetricData, type MetricDataRequestBody} from './cloudwatch-fixtures.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
const WINDOW = {start: START, end: START + 600}

function targets(count: number) {
  return Array.from({length: count}, (_, index) => ({functionName: `fn-${index}`, provisionedQualifiers: []}))
}

describe('readMetricData (GetMetricData, awsJson1_0)', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('sends the queries and the window as epoch seconds, and regroups the answer by id', async () => {
    const bodies: MetricDataRequestBody[] = []
    const scope = cloudwatch('GetMetricData', (body: MetricDataRequestBody) => {
      bodies.push(body)
      return answerMetricData(body, (series, time) => (series.metric === 'Throttles' && series.functionName === 'fn-0' ? (time - START) / 60 : undefined))
    })
    const planned = planMetricQueries(targets(1), 60)
    const answer = await readMetricData(
      await aws.cloudwatch(),
      planned.map((entry) => entry.query),
      WINDOW,
    )
    assert.ok(scope.isDone())
    assert.equal(bodies.length, 1)
    assert.equal(bodies[0].StartTime, START, 'epoch seconds, not milliseconds or ISO text')
    assert.equal(bodies[0].EndTime, START + 600)
    assert.equal(bodies[0].ScanBy, 'TimestampAscending')
    assert.equal(bodies[0].MetricDataQueries.length, 9)
    assert.deepEqual(
      bodies[0].MetricDataQueries.find((query) => query.Id === 'f0_thr'),
      {
        Id: 'f0_thr',
        MetricStat: {Metric: {Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{Name: 'FunctionName', Value: 'fn-0'}]}, Period: 60, Stat: 'Sum'},
        ReturnData: true,
      },
    )
    assert.deepEqual(answer.byId.get('f0_thr'), {timestamps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => START + i * 60), values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]})
    assert.deepEqual(answer.byId.get('f0_inv'), {timestamps: [], values: []}, 'every id is present, empty when CloudWatch had nothing')
    assert.equal(answer.calls, 1)
    assert.equal(answer.datapoints, 10)
  })

  it('splits 200 functions (805 queries) into calls of at most 500', async () => {
    const sizes: number[] = []
    const scope = cloudwatch(
      'GetMetricData',
      (body: MetricDataRequestBody) => {
        sizes.push(body.MetricDataQueries.length)
        return answerMetricData(body, () => 1)
      },
      {times: 2},
    )
    const planned = planMetricQueries(targets(200), 60)
    const answer = await readMetricData(
      await aws.cloudwatch(),
      planned.map((entry) => entry.query),
      WINDOW,
    )
    assert.ok(scope.isDone())
    assert.deepEqual(
      sizes.sort((a, b) => b - a),
      [500, 305],
    )
    assert.equal(answer.calls, 2)
    assert.equal(answer.byId.size, 805)
    assert.equal(answer.datapoints, 805 * 10)
  })

  it('follows NextToken and merges the pages of a series', async () => {
    const tokens: Array<string | undefined> = []
    cloudwatch(
      'GetMetricData',
      (body: MetricDataRequestBody) => {
        tokens.push(body.NextToken)
        if (!body.NextToken) {
          return {
            MetricDataResults: [{Id: 'acct_thr', Timestamps: [START, START + 60], Values: [1, 2], StatusCode: 'PartialData'}],
            NextToken: 'page-2',
          }
        }

        return {MetricDataResults: [{Id: 'acct_thr', Timestamps: [START + 120], Values: [3], StatusCode: 'Complete', Messages: [{Code: 'Note', Value: 'x'}]}]}
      },
      {times: 2},
    )
    const query = planMetricQueries([], 60).find((entry) => entry.key === 'account/throttles')!.query
    const answer = await readMetricData(await aws.cloudwatch(), [query], WINDOW)
    assert.deepEqual(tokens, [undefined, 'page-2'])
    assert.deepEqual(answer.byId.get('acct_thr'), {timestamps: [START, START + 60, START + 120], values: [1, 2, 3]})
    assert.equal(answer.calls, 2)
    assert.deepEqual(answer.messages, ['acct_thr: Note x'])
  })
})
