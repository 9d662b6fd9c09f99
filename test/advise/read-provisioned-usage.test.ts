import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {readProvisionedUsage, wholeWindowPeriod} from '../../src/advise/read-provisioned-usage.js'
import {cloudwatch} from '../helpers/aws-nock.js'
import {answerMetricData, type MetricDataRequestBody} from '../metrics/cloudwatch-fixtures.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
// 14 days at the 15-minute traffic period.
const WINDOW = {start: START, end: START + 14 * 86_400}

describe('readProvisionedUsage (advise: each provisioned config over the whole window, and the account’s peaks)', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('asks 4 queries per config and 2 for the account, one datapoint each, in one call', async () => {
    const bodies: MetricDataRequestBody[] = []
    cloudwatch('GetMetricData', (body: MetricDataRequestBody) => {
      bodies.push(body)
      return answerMetricData(body, (series) => {
        if (series.resource === 'api:live') {
          const values: Record<string, number> = {
            ProvisionedConcurrencyInvocations: 5000,
            ProvisionedConcurrencyUtilization: 0.93,
            ProvisionedConcurrencySpilloverInvocations: 42,
          }
          return values[series.metric]
        }

        if (series.functionName === undefined) return series.metric === 'ConcurrentExecutions' ? 640 : 700
        return undefined
      })
    })
    const read = await readProvisionedUsage(
      await aws.cloudwatch(),
      [
        {functionName: 'api', qualifier: 'live'},
        {functionName: 'batch', qualifier: '3'},
      ],
      WINDOW,
    )
    assert.equal(bodies.length, 1)
    assert.equal(read.queries, 10)
    assert.equal(read.calls, 1)
    const asked = bodies[0].MetricDataQueries.map((query) => `${query.MetricStat.Metric.MetricName}/${query.MetricStat.Stat}/${query.MetricStat.Period}`)
    const period = wholeWindowPeriod(WINDOW)
    assert.equal(period, 14 * 86_400, 'one period spans the window')
    assert.deepEqual(asked.slice(0, 6), [
      `ConcurrentExecutions/Maximum/${period}`,
      `ClaimedAccountConcurrency/Maximum/${period}`,
      `ProvisionedConcurrencyInvocations/Sum/${period}`,
      `ProvisionedConcurrencyUtilization/Average/${period}`,
      `ProvisionedConcurrencyUtilization/Maximum/${period}`,
      `ProvisionedConcurrencySpilloverInvocations/Sum/${period}`,
    ])
    // What `lx concurrency plan` reduces its series to (highest utilisation, spillover summed), here read as one datapoint.
    assert.deepEqual(read.usage, [
      {invocations: 5000, utilizationAvg: 0.93, utilizationMax: 0.93, spillover: 42},
      {invocations: null, utilizationAvg: null, utilizationMax: null, spillover: 0},
    ])
    assert.equal(read.accountPeakConcurrency, 640)
    assert.equal(read.accountPeakClaimed, 700)
  })
})
