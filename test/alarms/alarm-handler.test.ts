// The metric-alarm change handler against the sandbox in-process: what it reads, writes and
// refuses, and undo's reversal of a changed alarm.
import assert from 'node:assert/strict'

import {CloudWatchClient, DescribeAlarmsCommand, type PutMetricAlarmInput, PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import {createHandler} from '../../src/alarms/alarm-handler.js'
import type {AlarmState} from '../../src/alarms/alarm-definition.js'
import {desiredForFunction} from '../../src/alarms/plan-alarms.js'
import {type ChangeHandler, reversalOf, type StepContext} from '../../src/apply/plan.js'
import {AwsContext} from '../../src/aws/aws-context.js'
import {alarmsOf} from '../../src/sandbox/alarms-api.js'
import type {Sandbox} from '../../src/sandbox/index.js'
import {cloudwatch as cloudwatchNock, jsonError} from '../helpers/aws-nock.js'
import {quickSandbox} from '../sandbox/helpers.js'

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alarms'
const context: StepContext = {progress() {}, signal: new AbortController().signal}
const target = {functionName: 'checkout-api', resource: 'lx-checkout-api-throttles'}
const wanted = (minutes: number) =>
  desiredForFunction(
    {
      functionName: 'checkout-api',
      timeoutSeconds: 29,
      provisioned: false,
      traffic: {invocations: 1, errors: 0, throttles: 0, p99DurationMs: null, spillover: 0},
    },
    'throttles',
    {kinds: ['throttles'], topicArn: TOPIC, window: '14d', thresholds: {minutes, durationPercent: 80, concurrencyPercent: 90, unreservedPercent: 90}},
  ).definition!

describe('metric-alarm handler', () => {
  let sandbox: Sandbox
  let aws: AwsContext
  let handler: ChangeHandler<AlarmState>
  let cloudwatch: CloudWatchClient

  beforeEach(async () => {
    sandbox = await quickSandbox()
    aws = new AwsContext({endpointUrl: sandbox.url, region: 'us-east-1', version: 'test'})
    handler = (await createHandler(aws, {})) as ChangeHandler<AlarmState>
    cloudwatch = new CloudWatchClient({endpoint: sandbox.url, region: 'us-east-1', maxAttempts: 1})
  })
  afterEach(async () => {
    aws.destroy()
    cloudwatch.destroy()
    await sandbox.stop()
  })

  it('creates (tagged), reads back the same definition, replaces, and deletes; settle confirms each', async () => {
    assert.deepEqual(await handler.read(target, context), {alarm: null})
    const written = await handler.write(target, {alarm: null}, {alarm: wanted(5)}, context)
    await handler.settle!(target, written, context)
    assert.deepEqual(alarmsOf(sandbox.account).get(target.resource)?.tags, [{Key: 'managed-by', Value: 'lx'}])
    const live = await handler.read(target, context)
    assert.ok(handler.same(live, {alarm: wanted(5)}))
    assert.equal(handler.describe(live), 'Throttles Sum > 0, 1 of 5 × 1 min, missing=notBreaching')

    await handler.write(target, live, {alarm: wanted(10)}, context)
    assert.equal((await handler.read(target, context)).alarm?.EvaluationPeriods, 10)
    await handler.write(target, {alarm: wanted(10)}, {alarm: null}, context)
    assert.deepEqual(await handler.read(target, context), {alarm: null})
    // Deleted by somebody else meanwhile: the goal is reached all the same.
    assert.deepEqual(await handler.write(target, {alarm: wanted(10)}, {alarm: null}, context), {alarm: null})
  })

  it('refuses to overwrite or delete an alarm lx did not create', async () => {
    const theirs = {...wanted(5), AlarmDescription: 'hand-made'}
    await cloudwatch.send(new PutMetricAlarmCommand(theirs as PutMetricAlarmInput))
    const live = await handler.read(target, context)
    await assert.rejects(handler.write(target, live, {alarm: wanted(5)}, context), /was not created by lx; lx leaves it alone/)
    await assert.rejects(handler.write(target, live, {alarm: null}, context), /was not created by lx/)
    const still = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [target.resource]}))
    assert.equal(still.MetricAlarms?.[0].AlarmDescription, 'hand-made')
  })

  it("undo: back to the previous definition while the alarm is still lx's; a conflict when it was changed since", () => {
    const before = {alarm: wanted(10)}
    const after = {alarm: wanted(5)}
    assert.deepEqual(reversalOf(handler, before, after, after, false), {to: before})
    assert.deepEqual(reversalOf(handler, before, after, before, false), {done: true})
    const changed = {alarm: {...wanted(5), Threshold: 3}}
    assert.ok('conflict' in reversalOf(handler, before, after, changed, false))
    assert.deepEqual(reversalOf(handler, {alarm: null}, after, after, false), {to: {alarm: null}}, 'one lx created is deleted')
  })
})

describe('metric-alarm handler on the wire (CloudWatch awsJson 1.0)', () => {
  let aws: AwsContext
  let handler: ChangeHandler<AlarmState>

  beforeEach(async () => {
    aws = new AwsContext({region: 'us-east-1', version: 'test'})
    handler = (await createHandler(aws, {})) as ChangeHandler<AlarmState>
  })
  afterEach(() => aws.destroy())

  it('PutMetricAlarm carries exactly the definition; tags only when it creates the alarm', async () => {
    const bodies: any[] = []
    cloudwatchNock('PutMetricAlarm', (body) => (bodies.push(body), {}), {times: 2})
    await handler.write(target, {alarm: null}, {alarm: wanted(5)}, context)
    await handler.write(target, {alarm: wanted(5)}, {alarm: wanted(10)}, context)
    assert.deepEqual(bodies[0], {...JSON.parse(JSON.stringify(wanted(5))), Tags: [{Key: 'managed-by', Value: 'lx'}]})
    assert.deepEqual(bodies[1], JSON.parse(JSON.stringify(wanted(10))), 'an update sends no tags (CloudWatch ignores them then)')
  })

  it('DeleteAlarms of an alarm already gone is the goal reached; a refusal is an error', async () => {
    cloudwatchNock('DeleteAlarms', (body) => (assert.deepEqual(body, {AlarmNames: [target.resource]}), jsonError(404, 'ResourceNotFound', 'gone')))
    assert.deepEqual(await handler.write(target, {alarm: wanted(5)}, {alarm: null}, context), {alarm: null})
    cloudwatchNock('DeleteAlarms', jsonError(403, 'AccessDenied', 'not allowed to cloudwatch:DeleteAlarms'))
    await assert.rejects(handler.write(target, {alarm: wanted(5)}, {alarm: null}, context), /not allowed/)
  })
})
