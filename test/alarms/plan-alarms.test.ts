import assert from 'node:assert/strict'

import {type AlarmDefinition, definitionFromAws, describeState, isLxAlarm, LX_MARKER, sameDefinition} from '../../src/alarms/alarm-definition.js'
import {alarmName, parseAlarmName, parseKinds, parseThresholds, parseTopicArn, requestedKinds, validateSetFlags} from '../../src/alarms/alarm-kinds.js'
import {
  alarmTarget,
  type AlarmRequest,
  desiredForAccount,
  desiredForFunction,
  type FunctionFacts,
  planAlarmsRemove,
  planAlarmsSet,
} from '../../src/alarms/plan-alarms.js'
import {UserError} from '../../src/errors.js'

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alarms'
const request = (overrides: Partial<AlarmRequest['thresholds']> = {}): AlarmRequest => ({
  kinds: ['throttles'],
  topicArn: TOPIC,
  window: '14d',
  thresholds: {minutes: 5, durationPercent: 80, concurrencyPercent: 90, unreservedPercent: 90, ...overrides},
})
const fn = (traffic: Partial<FunctionFacts['traffic']> = {}, extra: Partial<FunctionFacts> = {}): FunctionFacts => ({
  functionName: 'checkout-api',
  timeoutSeconds: 30,
  provisioned: false,
  traffic: {invocations: 10_000, errors: 40, throttles: 0, p99DurationMs: 500, spillover: 0, ...traffic},
  ...extra,
})
const userError = (call: () => unknown, message: RegExp) =>
  assert.throws(call, (error: unknown) => error instanceof UserError && error.exitCode === 2 && message.test(error.message))

describe('alarm kinds and flags', () => {
  it('names alarms lx-<function>-<kind> and lx-account-<kind>, and reads them back', () => {
    assert.equal(alarmName('throttles', 'checkout-api'), 'lx-checkout-api-throttles')
    assert.equal(alarmName('concurrency'), 'lx-account-concurrency')
    assert.deepEqual(parseAlarmName('lx-checkout-api-throttles'), {functionName: 'checkout-api', kind: 'throttles'})
    assert.deepEqual(parseAlarmName('lx-account-unreserved'), {kind: 'unreserved'})
    assert.deepEqual(parseAlarmName('lx-account-errors'), {functionName: 'account', kind: 'errors'}, 'a function named account')
    assert.equal(parseAlarmName('checkout-api-throttles'), undefined)
    assert.equal(parseAlarmName('lx-foo-cpu'), undefined)
  })

  it('kinds: repeated or comma-separated, in a fixed order; an unknown kind is exit 2', () => {
    assert.deepEqual(parseKinds(['concurrency', 'throttles,errors']), ['throttles', 'errors', 'concurrency'])
    userError(() => parseKinds(['throttle']), /--kind "throttle" is not an alarm kind/)
    assert.deepEqual(requestedKinds(undefined, {}), ['throttles', 'errors', 'duration', 'spillover'], 'named functions: no account alarms by default')
    assert.deepEqual(requestedKinds(undefined, {all: true}), ['throttles', 'errors', 'duration', 'spillover', 'concurrency', 'unreserved'])
  })

  it('the topic must be an SNS topic ARN of the region', () => {
    assert.equal(parseTopicArn(TOPIC, 'us-east-1'), TOPIC)
    userError(() => parseTopicArn('arn:aws:sqs:us-east-1:123456789012:q', 'us-east-1'), /is not an SNS topic ARN/)
    userError(() => parseTopicArn('ops-alarms', 'us-east-1'), /is not an SNS topic ARN/)
    userError(() => parseTopicArn('arn:aws:sns:us-east-1:123456789012:ops:sub-id', 'us-east-1'), /is not an SNS topic ARN/)
    userError(() => parseTopicArn(TOPIC, 'eu-west-1'), /is in us-east-1, but the alarms are set in eu-west-1/)
  })

  it('every threshold flag is checked for range', () => {
    assert.deepEqual(parseThresholds({'error-rate': '2.5', minutes: '10'}), {
      throttleThreshold: undefined,
      minutes: 10,
      errorRate: 2.5,
      durationPercent: 80,
      spilloverThreshold: undefined,
      concurrencyPercent: 90,
      unreservedPercent: 90,
    })
    for (const [flag, value] of [
      ['error-rate', '0'],
      ['error-rate', '101'],
      ['error-rate', 'lots'],
      ['minutes', '0'],
      ['minutes', '1441'],
      ['minutes', '2.5'],
      ['duration-percent', '120'],
      ['throttle-threshold', '-1'],
      ['spillover-threshold', '1.5'],
      ['concurrency-percent', '0'],
      ['unreserved-percent', '101'],
    ]) {
      userError(() => parseThresholds({[flag]: value}), new RegExp(`--${flag} "${value.replace('.', '\\.')}" is out of range`))
    }

    userError(() => validateSetFlags({notify: TOPIC, window: '90d'}), /--window "90d" is out of bounds/)
  })
})

describe('desired alarms', () => {
  it('throttles: any throttle in N one-minute periods, missing data not breaching; the why counts the window', () => {
    const desired = desiredForFunction(fn({throttles: 1234}), 'throttles', request())
    assert.deepEqual(desired.target, {functionName: 'checkout-api', resource: 'lx-checkout-api-throttles'})
    const alarm = desired.definition!
    assert.equal(alarm.MetricName, 'Throttles')
    const rule = [alarm.Period, alarm.EvaluationPeriods, alarm.DatapointsToAlarm, alarm.Threshold, alarm.ComparisonOperator]
    assert.deepEqual(rule, [60, 5, 1, 0, 'GreaterThanThreshold'])
    assert.equal(alarm.TreatMissingData, 'notBreaching')
    assert.deepEqual(alarm.AlarmActions, [TOPIC])
    assert.deepEqual(alarm.OKActions, [TOPIC])
    assert.ok(isLxAlarm(alarm))
    assert.equal(desired.why, 'any throttle in 5 min; throttled 1,234 times in 14d')
    assert.equal(desiredForFunction(fn(), 'throttles', request({throttleThreshold: 10, minutes: 15})).definition!.Threshold, 10)
  })

  it('errors: a metric math error rate, 3× the normal rate but at least 5%, or the flag', () => {
    const low = desiredForFunction(fn({invocations: 10_000, errors: 40}), 'errors', request())
    assert.equal(low.definition!.Threshold, 5, '0.4% normal → the 5% floor')
    const returned = low.definition!.Metrics!.filter((query) => query.ReturnData !== false)
    assert.deepEqual(
      returned.map((query) => query.Expression),
      ['100 * errors / invocations'],
    )
    assert.match(low.why, /normal error rate 0\.4% over 14d \(40 of 10,000\)/)
    assert.equal(desiredForFunction(fn({invocations: 1000, errors: 40}), 'errors', request()).definition!.Threshold, 12, '4% → 12%')
    assert.equal(desiredForFunction(fn({invocations: 0, errors: 0}), 'errors', request()).definition!.Threshold, 5)
    const flagged = desiredForFunction(fn({invocations: 100, errors: 10}), 'errors', request({errorRate: 2}))
    assert.equal(flagged.definition!.Threshold, 2)
    assert.match(flagged.warning!, /normal error rate \(10%\) is above the threshold \(2%\)/)
  })

  it('duration: p99 against the timeout; warns when the window already exceeds it', () => {
    const desired = desiredForFunction(fn({p99DurationMs: 25_000}), 'duration', request())
    assert.equal(desired.definition!.ExtendedStatistic, 'p99')
    assert.equal(desired.definition!.Threshold, 24_000)
    assert.equal(desired.why, '80% of the 30 s timeout; p99 25,000 ms over 14d')
    assert.match(desired.warning!, /already above 24,000 ms/)
    assert.equal(desiredForFunction(fn(), 'duration', request({durationPercent: 50})).definition!.Threshold, 15_000)
  })

  it('spillover only for functions with provisioned concurrency', () => {
    assert.equal(desiredForFunction(fn(), 'spillover', request()).definition, null)
    const spill = desiredForFunction(fn({spillover: 3}, {provisioned: true}), 'spillover', request())
    assert.equal(spill.definition!.MetricName, 'ProvisionedConcurrencySpilloverInvocations')
    assert.equal(spill.why, 'any spillover in 5 min; 3 spillover invocations in 14d')
  })

  it('account concurrency from the real limit; unreserved from the unreserved pool', () => {
    const account = {limit: 1000, unreserved: 720, peakConcurrency: 950, peakUnreserved: 100}
    const concurrency = desiredForAccount(account, 'concurrency', request())
    assert.equal(concurrency.target.resource, 'lx-account-concurrency')
    assert.deepEqual(concurrency.definition!.Dimensions, [])
    assert.equal(concurrency.definition!.Threshold, 900)
    assert.match(concurrency.warning!, /peak \(950\) already reaches 900/)
    const unreserved = desiredForAccount(account, 'unreserved', request({unreservedPercent: 50}))
    assert.equal(unreserved.definition!.MetricName, 'UnreservedConcurrentExecutions')
    assert.equal(unreserved.definition!.Threshold, 360)
  })
})

describe('planning', () => {
  const desired = desiredForFunction(fn(), 'throttles', request())
  const wanted = desired.definition!

  it('none → alarm; the same alarm again is unchanged; another threshold is X → Y', () => {
    const create = planAlarmsSet([desired], {byName: new Map()})
    assert.equal(create.changes.length, 1)
    assert.equal(describeState(create.changes[0].before), 'no alarm')
    assert.equal(describeState(create.changes[0].after), 'Throttles Sum > 0, 1 of 5 × 1 min, missing=notBreaching')
    assert.match(create.notes[0], /^Thresholds:\n {2}lx-checkout-api-throttles {2}any throttle in 5 min; no throttles in 14d$/)

    const same = planAlarmsSet([desired], {byName: new Map([[wanted.AlarmName, structuredClone(wanted)]])})
    assert.deepEqual([same.changes.length, same.unchanged.length], [0, 1])

    const older: AlarmDefinition = {...wanted, Threshold: 10}
    const update = planAlarmsSet([desired], {byName: new Map([[wanted.AlarmName, older]])})
    assert.equal(update.changes[0].before.alarm?.Threshold, 10)
    assert.equal(update.changes[0].after.alarm?.Threshold, 0)
  })

  it('never touches an alarm of the same name that lx did not create, at plan time or at write time', () => {
    const theirs: AlarmDefinition = {...wanted, AlarmDescription: 'made by hand'}
    const plan = planAlarmsSet([desired], {byName: new Map([[wanted.AlarmName, theirs]])})
    assert.deepEqual(plan.changes, [])
    assert.match(plan.skipped[0].reason, /exists that lx did not create: left alone/)

    const created = planAlarmsSet([desired], {byName: new Map()}).changes[0]
    assert.ok('skip' in created.replan!({alarm: theirs}), 'created by somebody between plan and write')

    const removal = planAlarmsRemove([{target: alarmTarget('throttles', 'checkout-api')}], {byName: new Map([[wanted.AlarmName, theirs]])})
    assert.deepEqual(removal.changes, [])
    assert.equal(removal.skipped.length, 1)
  })

  it('remove: lx alarm → none; names with no alarm are not part of the plan', () => {
    const removal = planAlarmsRemove([{target: alarmTarget('throttles', 'checkout-api')}, {target: alarmTarget('errors', 'checkout-api')}], {
      byName: new Map([[wanted.AlarmName, wanted]]),
    })
    assert.equal(removal.changes.length, 1)
    assert.deepEqual(removal.changes[0].after, {alarm: null})
  })
})

describe('alarm definitions', () => {
  it('what DescribeAlarms answers compares equal to what was put, whatever the member order or defaults', () => {
    const wanted = desiredForFunction(fn(), 'errors', request()).definition!
    const described = definitionFromAws({
      ...(JSON.parse(JSON.stringify(wanted)) as object),
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x',
      StateValue: 'ALARM',
      Metrics: wanted.Metrics!.map(({Id, ReturnData, ...rest}) => ({ReturnData, ...rest, Id})),
    })
    assert.ok(sameDefinition(described, wanted))
    assert.ok(!sameDefinition(described, {...wanted, Threshold: 6}))
    assert.ok(described.AlarmDescription?.includes(LX_MARKER))
  })
})
