import assert from 'node:assert/strict'

import {AwsQueryProtocol} from '@aws-sdk/core/protocols'
import {CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, type PutMetricAlarmInput, PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import type {Sandbox} from '../../src/sandbox/index.js'
import {evaluateAlarm} from '../../src/sandbox/simulation/alarm-state.js'
import {expectAwsError, quickSandbox, REGION} from './helpers.js'

// Pinned to an hour of the simulated day: checkout-api throttles around the clock, reports-nightly is idle by day.
const START_MS = Date.UTC(2024, 4, 1, 14, 0, 0)
const credentials = {accessKeyId: 'x', secretAccessKey: 'x'}
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops'

function throttles(name: string, functionName: string): PutMetricAlarmInput {
  return {
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Throttles',
    Dimensions: [{Name: 'FunctionName', Value: functionName}],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [TOPIC],
  }
}

const checkoutSum = (metricName: string) => ({
  Metric: {Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [{Name: 'FunctionName', Value: 'checkout-api'}]},
  Period: 300,
  Stat: 'Sum',
})

const clients = {
  json: (sandbox: Sandbox) => new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials, maxAttempts: 1}),
  query: (sandbox: Sandbox) =>
    new CloudWatchClient({
      endpoint: sandbox.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
      protocol: AwsQueryProtocol,
      protocolSettings: {defaultNamespace: 'com.amazonaws.cloudwatch', xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/', version: '2010-08-01'},
    }),
}

describe('sandbox CloudWatch alarms', () => {
  let sandbox: Sandbox

  beforeEach(async () => {
    sandbox = await quickSandbox({startTime: START_MS})
  })
  afterEach(() => sandbox.stop())

  for (const [protocol, client] of Object.entries(clients)) {
    it(`${protocol}: a new alarm starts INSUFFICIENT_DATA and a throttling function's goes to ALARM at the next minute; an idle one's to OK`, async () => {
      const cloudwatch = client(sandbox)
      await cloudwatch.send(new PutMetricAlarmCommand(throttles('t-checkout', 'checkout-api')))
      await cloudwatch.send(new PutMetricAlarmCommand(throttles('t-reports', 'reports-nightly')))
      const fresh = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: 't-'}))
      assert.deepEqual(
        fresh.MetricAlarms?.map((alarm) => [alarm.AlarmName, alarm.StateValue]),
        [
          ['t-checkout', 'INSUFFICIENT_DATA'],
          ['t-reports', 'INSUFFICIENT_DATA'],
        ],
      )
      assert.equal(fresh.MetricAlarms?.[0].StateReason, 'Unchecked: Initial alarm creation')
      assert.deepEqual(fresh.MetricAlarms?.[0].AlarmActions, [TOPIC])
      assert.equal(fresh.MetricAlarms?.[0].AlarmArn, 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:t-checkout')

      sandbox.clock.advance(60_000)
      const later = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: ['t-checkout', 't-reports']}))
      assert.deepEqual(
        later.MetricAlarms?.map((alarm) => [alarm.AlarmName, alarm.StateValue]),
        [
          ['t-checkout', 'ALARM'],
          ['t-reports', 'OK'],
        ],
      )
      assert.match(later.MetricAlarms?.[0].StateReason ?? '', /^Threshold Crossed: [1-5] out of the last 5 datapoints/)
    })
  }

  it('evaluates metric math alarms through GetMetricData: an error rate above 0 alarms, one above 100% never does', async () => {
    const cloudwatch = clients.json(sandbox)
    const rate = (name: string, threshold: number): PutMetricAlarmInput => ({
      AlarmName: name,
      Metrics: [
        {Id: 'e', MetricStat: checkoutSum('Errors'), ReturnData: false},
        {Id: 'i', MetricStat: checkoutSum('Invocations'), ReturnData: false},
        {Id: 'rate', Expression: '100 * e / i', ReturnData: true},
      ],
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    })
    await cloudwatch.send(new PutMetricAlarmCommand(rate('rate-low', 0)))
    await cloudwatch.send(new PutMetricAlarmCommand(rate('rate-high', 100)))
    sandbox.clock.advance(60_000)
    const described = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'rate-'}))
    assert.deepEqual(
      described.MetricAlarms?.map((alarm) => [alarm.AlarmName, alarm.StateValue]),
      [
        ['rate-high', 'OK'],
        ['rate-low', 'ALARM'],
      ],
    )
    assert.equal(described.MetricAlarms?.[0].Metrics?.length, 3, 'the Metrics come back as they were put')
  })

  it('PutMetricAlarm replaces an alarm by name and keeps its state; DescribeAlarms pages by MaxRecords and NextToken', async () => {
    const cloudwatch = clients.json(sandbox)
    for (let index = 0; index < 5; index++) await cloudwatch.send(new PutMetricAlarmCommand(throttles(`page-${index}`, 'checkout-api')))
    await cloudwatch.send(new PutMetricAlarmCommand({...throttles('page-0', 'checkout-api'), Threshold: 7, EvaluationPeriods: 3}))
    const names: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'page-', MaxRecords: 2, NextToken: token}))
      names.push(...(page.MetricAlarms ?? []).map((alarm) => alarm.AlarmName!))
      if (names[0] === 'page-0' && pages === 0) assert.equal(page.MetricAlarms?.[0].Threshold, 7)
      token = page.NextToken
      pages++
    } while (token)
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4'])
    assert.equal(pages, 3)
  })

  it('DeleteAlarms deletes nothing when one name does not exist (ResourceNotFound), else all of them', async () => {
    const cloudwatch = clients.query(sandbox)
    await cloudwatch.send(new PutMetricAlarmCommand(throttles('d-1', 'checkout-api')))
    await cloudwatch.send(new PutMetricAlarmCommand(throttles('d-2', 'checkout-api')))
    await expectAwsError(cloudwatch.send(new DeleteAlarmsCommand({AlarmNames: ['d-1', 'nope']})), {name: 'ResourceNotFound', status: 404})
    assert.equal((await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'd-'}))).MetricAlarms?.length, 2)
    await cloudwatch.send(new DeleteAlarmsCommand({AlarmNames: ['d-1', 'd-2']}))
    assert.deepEqual((await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'd-'}))).MetricAlarms, [])
  })

  // The wire code is ValidationError (awsQuery's); the SDK's modeled name for it is ValidationException.
  it('refuses what CloudWatch refuses: a 45 s period, TreatMissingData "sometimes", names with a prefix, 101 names, two returned metrics', async () => {
    const cloudwatch = clients.json(sandbox)
    const invalid = {name: 'ValidationException', status: 400}
    const period45 = new PutMetricAlarmCommand({...throttles('x', 'checkout-api'), Period: 45})
    await expectAwsError(cloudwatch.send(period45), {...invalid, message: /10, 30 or a multiple of 60/})
    await expectAwsError(cloudwatch.send(new PutMetricAlarmCommand({...throttles('x', 'checkout-api'), TreatMissingData: 'sometimes'})), invalid)
    const both = new DescribeAlarmsCommand({AlarmNames: ['a'], AlarmNamePrefix: 'a'})
    await expectAwsError(cloudwatch.send(both), {name: 'InvalidParameterCombinationException', status: 400})
    const many = Array.from({length: 101}, (_, index) => `n${index}`)
    await expectAwsError(cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: many})), {name: 'ValidationException', status: 400})
    await expectAwsError(cloudwatch.send(new DescribeAlarmsCommand({MaxRecords: 101})), {name: 'ValidationException', status: 400})
    const metric = {Metric: {Namespace: 'AWS/Lambda', MetricName: 'Errors'}, Period: 60, Stat: 'Sum'}
    await expectAwsError(
      cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: 'm',
          Metrics: [
            {Id: 'a', MetricStat: metric},
            {Id: 'b', MetricStat: metric},
          ],
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ),
      {name: 'ValidationException', status: 400, message: /Exactly one element of the metrics list should return data/},
    )
    assert.deepEqual((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms, [], 'nothing was stored')
  })
})

describe('alarm evaluation (M out of N, missing data)', () => {
  const rule = {comparison: 'GreaterThanThreshold' as const, threshold: 0, evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: 'missing' as const}
  const points = (...values: Array<number | undefined>) => values.map((value, index) => ({timestamp: index * 60, value}))

  it('M of N breaching alarms, fewer does not', () => {
    assert.equal(evaluateAlarm(rule, points(1, 0, 1), 'OK').state, 'ALARM')
    assert.equal(evaluateAlarm(rule, points(1, 0, 0), 'ALARM').state, 'OK')
  })

  it('no data: missing → INSUFFICIENT_DATA, ignore keeps the state, notBreaching → OK, breaching → ALARM', () => {
    const none = points(undefined, undefined, undefined)
    assert.equal(evaluateAlarm(rule, none, 'OK').state, 'INSUFFICIENT_DATA')
    assert.equal(evaluateAlarm({...rule, treatMissingData: 'ignore'}, none, 'ALARM').state, 'ALARM')
    assert.equal(evaluateAlarm({...rule, treatMissingData: 'notBreaching'}, none, 'ALARM').state, 'OK')
    assert.equal(evaluateAlarm({...rule, treatMissingData: 'breaching'}, none, 'OK').state, 'ALARM')
    const oneMissing = evaluateAlarm({...rule, treatMissingData: 'breaching'}, points(1, undefined, 0), 'OK')
    assert.equal(oneMissing.state, 'ALARM', 'one breach plus one missing period counted as breaching')
  })
})
