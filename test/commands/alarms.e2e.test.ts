// End to end: the built CLI (`npm run build` first) against the sandbox, as a user runs it.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm, PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alarms'
// Pinned to an hour of the simulated day; checkout-api throttles around the clock.
const START_MS = Date.UTC(2024, 4, 1, 14, 0, 0)
const WRITES = ['monitoring:PutMetricAlarm', 'monitoring:DeleteAlarms']

/** An alarm's definition as DescribeAlarms gives it, without state or timestamps. */
function definition(alarm: MetricAlarm | undefined): Record<string, unknown> | undefined {
  if (!alarm) return undefined
  const rest: Record<string, unknown> = {...alarm}
  for (const member of Object.keys(rest)) if (/^State|^AlarmConfigurationUpdated/.test(member)) delete rest[member]

  return rest
}

describe('lx alarms (built CLI against the sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let env: Record<string, string>
  let home: string
  let cloudwatch: CloudWatchClient

  beforeEach(async () => {
    sandbox = await startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, startTime: START_MS, log: () => {}})
    home = freshLxHome()
    env = sandboxEnv(sandbox.url, home)
    cloudwatch = new CloudWatchClient({endpoint: sandbox.url, region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})
  })
  afterEach(async () => {
    cloudwatch.destroy()
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  // The CLI lives in the sandbox's simulated time: its traffic window ends at the sandbox's now.
  const lx = (...args: string[]) => runCli(args, {env: {...env, ...simulatedClockEnv(sandbox)}})
  const alarms = async (prefix = '') => {
    const found: MetricAlarm[] = []
    let token: string | undefined
    do {
      const page = await cloudwatch.send(new DescribeAlarmsCommand({...(prefix ? {AlarmNamePrefix: prefix} : {}), MaxRecords: 100, NextToken: token}))
      found.push(...(page.MetricAlarms ?? []))
      token = page.NextToken
    } while (token)
    return new Map(found.map((alarm) => [alarm.AlarmName!, alarm]))
  }
  const writes = () => Object.fromEntries(Object.entries(sandbox.stats().operations).filter(([op]) => WRITES.includes(op)))

  it('set --all throttles + concurrency: alarms per function and account, thresholds shown, ALARM when throttling, exact undo, others untouched', async () => {
    // Somebody's own alarms: one with the very name lx would use, one of their own naming.
    const handMade = {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{Name: 'FunctionName', Value: 'orders-api'}],
      Statistic: 'Sum' as const,
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold' as const,
    }
    await cloudwatch.send(new PutMetricAlarmCommand({...handMade, AlarmName: 'lx-orders-api-throttles', AlarmDescription: 'set up by the orders team'}))
    await cloudwatch.send(new PutMetricAlarmCommand({...handMade, AlarmName: 'orders-team-throttles'}))
    // An lx alarm from an earlier run, with other settings: it is updated, and undo must bring it back exactly.
    const earlier = await lx('alarms', 'set', 'checkout-api', '--notify', TOPIC, '--kind', 'throttles', '--minutes', '10', '--yes')
    assert.equal(earlier.code, 0, earlier.stderr)
    const before = await alarms()
    const functionCount = sandbox.state().functions.length

    const set = await lx('alarms', 'set', '--all', '--notify', TOPIC, '--kind', 'throttles', '--kind', 'concurrency', '--yes')
    assert.equal(set.code, 0, set.stderr)
    const updated = /checkout-api \(lx-checkout-api-throttles\) +Throttles Sum > 0, 1 of 10 × 1 min, missing=notBreaching → Throttles Sum > 0, 1 of 5 /
    assert.match(set.stdout, updated)
    assert.match(set.stdout, /account \(lx-account-concurrency\) +no alarm → ConcurrentExecutions Maximum >= 900, 3 of 5 × 1 min/)
    assert.match(set.stdout, /Thresholds:\n(.*\n)*  lx-account-concurrency +90% of the account limit 1,000; peak \d/)
    assert.match(set.stdout, /lx-checkout-api-throttles +any throttle in 5 min; throttled [\d,]+ times in 14d/)
    assert.match(set.stdout, /orders-api \(lx-orders-api-throttles\) +an alarm named lx-orders-api-throttles exists that lx did not create: left alone/)
    const again = await lx('alarms', 'set', '--all', '--notify', TOPIC, '--kind', 'throttles', '--kind', 'concurrency', '--json', '--dry-run')
    const report = JSON.parse(again.stdout)
    assert.equal(report.summary.changed, 0, 'dry run')
    assert.equal(report.plan.changes.length, 0, 'a second run finds nothing to change')
    assert.equal(report.plan.unchanged.length, functionCount, '(all functions but orders-api) + the account alarm')

    const after = await alarms()
    // New: one per function but checkout-api (updated) and orders-api (left alone), and the account's.
    assert.equal(after.size, before.size + (functionCount - 2) + 1)
    assert.deepEqual(after.get('lx-checkout-api-throttles')?.AlarmActions, [TOPIC])
    assert.deepEqual(definition(after.get('lx-orders-api-throttles')), definition(before.get('lx-orders-api-throttles')))
    assert.deepEqual(definition(after.get('orders-team-throttles')), definition(before.get('orders-team-throttles')))

    sandbox.clock.advance(60_000)
    const list = await lx('alarms', 'list', '--json')
    assert.equal(list.code, 0, list.stderr)
    const listed = JSON.parse(list.stdout) as {alarms: Array<{alarmName: string; state: string; threshold: number}>; functionsWithoutAlarms: string[]}
    const checkout = listed.alarms.find((alarm) => alarm.alarmName === 'lx-checkout-api-throttles')
    assert.equal(checkout?.state, 'ALARM')
    assert.equal(checkout?.threshold, 0)
    assert.equal(listed.alarms.find((alarm) => alarm.alarmName === 'lx-reports-nightly-throttles')?.state, 'OK', 'an idle function stays OK')
    assert.ok(!listed.alarms.some((alarm) => alarm.alarmName === 'lx-orders-api-throttles'), "somebody else's alarm is not listed as lx's")
    assert.deepEqual(listed.functionsWithoutAlarms, ['orders-api'])
    const human = await lx('alarms', 'list', 'checkout-api')
    assert.match(human.stdout, /lx-checkout-api-throttles +ALARM +0 +Throttles Sum > 0/)

    const undo = await lx('undo', '--yes')
    assert.equal(undo.code, 0, undo.stderr)
    const undone = await alarms()
    assert.deepEqual([...undone.keys()].sort(), [...before.keys()].sort(), 'exactly the alarms it created are gone')
    for (const [name, alarm] of before) assert.deepEqual(definition(undone.get(name)), definition(alarm), `${name} is as it was`)
  })

  it('remove deletes only lx alarms of the kinds asked for; undo puts them back', async () => {
    assert.equal((await lx('alarms', 'set', 'checkout-api', 'email-sender', '--notify', TOPIC, '--kind', 'throttles,errors', '--yes')).code, 0)
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'lx-checkout-api-duration',
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    )
    const before = await alarms('lx-')
    const removed = await lx('alarms', 'remove', 'checkout-api', 'email-sender', '--kind', 'errors', '--kind', 'duration', '--yes')
    assert.equal(removed.code, 0, removed.stderr)
    assert.deepEqual([...(await alarms('lx-')).keys()].sort(), ['lx-checkout-api-duration', 'lx-checkout-api-throttles', 'lx-email-sender-throttles'])
    assert.match(removed.stdout, /lx-checkout-api-duration exists that lx did not create: left alone/)
    assert.equal((await lx('undo', '--yes')).code, 0)
    const back = await alarms('lx-')
    for (const [name, alarm] of before) assert.deepEqual(definition(back.get(name)), definition(alarm), `${name} restored`)
  })

  it('bad input is exit 2 with one line on what to fix, and no write is sent', async () => {
    for (const [args, message] of [
      [['--notify', 'arn:aws:sqs:us-east-1:123456789012:queue'], /--notify "arn:aws:sqs:us-east-1:123456789012:queue" is not an SNS topic ARN/],
      [['--notify', 'arn:aws:sns:eu-west-1:123456789012:ops'], /is in eu-west-1, but the alarms are set in us-east-1/],
      [['--notify', TOPIC, '--kind', 'latency'], /--kind "latency" is not an alarm kind lx sets/],
      [['--notify', TOPIC, '--error-rate', '120'], /--error-rate "120" is out of range/],
      [['--notify', TOPIC, '--minutes', '0'], /--minutes "0" is out of range/],
      [['--notify', TOPIC, '--duration-percent', '101'], /--duration-percent "101" is out of range/],
      [['--notify', TOPIC, '--throttle-threshold', '-3'], /--throttle-threshold "-3" is out of range/],
      [['--notify', TOPIC, '--spillover-threshold', 'x'], /--spillover-threshold "x" is out of range/],
      [['--notify', TOPIC, '--concurrency-percent', '0'], /--concurrency-percent "0" is out of range/],
      [['--notify', TOPIC, '--unreserved-percent', '200'], /--unreserved-percent "200" is out of range/],
      [['--notify', TOPIC, '--window', '1y'], /--window "1y" is not a duration/],
    ] as Array<[string[], RegExp]>) {
      const result = await lx('alarms', 'set', '--all', ...args, '--yes')
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, message)
    }

    const remove = await lx('alarms', 'remove', '--all', '--kind', 'cpu', '--yes')
    assert.equal(remove.code, 2)
    assert.match(remove.stderr, /--kind "cpu" is not an alarm kind/)
    const noSelection = await lx('alarms', 'set', '--notify', TOPIC, '--yes')
    assert.equal(noSelection.code, 2, 'a mutating command needs an explicit selection')
    assert.deepEqual(writes(), {})
  })
})
