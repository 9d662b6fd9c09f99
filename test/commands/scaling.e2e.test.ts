// End to end: the built CLI, as a user runs it, against the sandbox's Application Auto Scaling
// (RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets, PutScalingPolicy,
// DescribeScalingPolicies, DeleteScalingPolicy, PutScheduledAction, DescribeScheduledActions,
// DeleteScheduledAction) and its traffic simulation. Needs `npm run build`.
import assert from 'node:assert/strict'

import {type AccountDescription, type Sandbox, type SandboxStats, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {scheduleCheckoutLive} from '../helpers/scaling-args.js'

const quiet = {baselineRps: 0.1, peakRps: 0.2, peakHourUtc: 3, burstRps: 0, avgDurationMs: 100, errorRate: 0, initDurationMs: 200}

function account(): AccountDescription {
  return {
    concurrencyLimit: 1000,
    minUnreserved: 100,
    functions: [
      {name: 'checkout-api', runtime: 'nodejs20.x', reserved: 50, versions: 2, aliases: [{name: 'live', version: '2'}], traffic: quiet},
      {name: 'api-orders', runtime: 'nodejs20.x', versions: 1, aliases: [{name: 'live', version: '1'}], traffic: quiet},
      {name: 'api-users', runtime: 'nodejs20.x', versions: 1, aliases: [{name: 'live', version: '1'}], traffic: quiet},
      {name: 'canary-api', runtime: 'nodejs20.x', versions: 2, aliases: [{name: 'live', version: '2', routing: {'1': 0.1}}], traffic: quiet},
      // ~200 requests/s of 0.5 s each: about 100 concurrent executions, all day.
      {
        name: 'hot-api',
        runtime: 'nodejs20.x',
        versions: 1,
        aliases: [{name: 'live', version: '1'}],
        traffic: {baselineRps: 200, peakRps: 200, peakHourUtc: 12, burstRps: 0, avgDurationMs: 500, errorRate: 0, initDurationMs: 200},
      },
    ],
  }
}

const AAS_WRITE =
  /^application-autoscaling:(RegisterScalableTarget|DeregisterScalableTarget|PutScalingPolicy|DeleteScalingPolicy|PutScheduledAction|DeleteScheduledAction)$/
const LAMBDA_WRITE = /^lambda:(Put|Delete|Update|Create|Publish)/

async function stats(sandbox: Sandbox): Promise<SandboxStats> {
  const response = await fetch(`${sandbox.url}/_sandbox/stats`)
  return (await response.json()) as SandboxStats
}

async function writes(sandbox: Sandbox): Promise<Record<string, number>> {
  const {operations} = await stats(sandbox)
  return Object.fromEntries(Object.entries(operations).filter(([op]) => AAS_WRITE.test(op) || LAMBDA_WRITE.test(op)))
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0)
}

/** `at()` wants local wall-clock time without a zone; in UTC that is the ISO string cut short. */
function atExpression(epochMs: number): string {
  return `at(${new Date(epochMs).toISOString().slice(0, 19)})`
}

describe('lx scaling against the sandbox (built CLI)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home, LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}})
  const list = async (...args: string[]) => {
    const result = await lx(['scaling', 'list', ...args, '--json'])
    assert.equal(result.code, 0, result.stderr)
    return JSON.parse(result.stdout) as any[]
  }

  beforeEach(async () => {
    sandbox = await startSandbox({seed: account(), updateLagMs: 0, provisionLagMs: 0, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox.stop()
  })

  it('set registers the target and the policy; the same command again changes nothing', async () => {
    const first = await lx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '40', '--target', '0.6'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /Done: 2 changed/)
    assert.deepEqual(await writes(sandbox), {'application-autoscaling:RegisterScalableTarget': 1, 'application-autoscaling:PutScalingPolicy': 1})

    const [row] = await list('checkout-api', '--qualifier', 'live')
    assert.deepEqual(
      {resourceId: row.resourceId, min: row.min, max: row.max, policy: row.policy},
      {
        resourceId: 'function:checkout-api:live',
        min: 2,
        max: 40,
        policy: {name: 'lx-target-tracking', targetValue: 0.6, scaleInCooldown: null, scaleOutCooldown: null},
      },
    )

    const again = await lx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '40'])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /Nothing to change/)
    assert.equal(total(await writes(sandbox)), 2, 'no write the second time')
  })

  it('set on a selection: each matching function’s alias, skipping the ones that cannot scale', async () => {
    const result = await lx(['scaling', 'set', '--match', '^(api-|canary-)', '--qualifier', 'live', '--min', '1', '--max', '10', '--yes'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /canary-api:live\s+alias live has a routing config/)
    const rows = await list()
    assert.deepEqual(
      rows.map((row) => row.resourceId),
      ['function:api-orders:live', 'function:api-users:live'],
    )
  })

  it('refuses bad input with exit 2 and sends no write', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '9', '--max', '3'], /--min 9 is above --max 3/],
      [['scaling', 'set', 'checkout-api', '--qualifier', 'beta', '--min', '1', '--max', '3'], /has no alias or version "beta"/],
      [['scaling', 'set', 'checkout-api', '--qualifier', '$LATEST', '--min', '1', '--max', '3'], /\$LATEST/],
      [
        ['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '80', '--strict'],
        /max 80 is above the 50 it can get \(reserved concurrency 50\)/,
      ],
      [
        ['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'peak', '--schedule', 'cron(0 8 ? * MON-FRI *)', '--min', '5'],
        /lx scaling set checkout-api --qualifier live --min N --max N/,
      ],
      [['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'peak', '--schedule', 'cron(0 8 * * * *)', '--min', '5'], /not both: use \?/],
      [['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'peak', '--schedule', 'rate(2 hour)', '--min', '5'], /plural/],
      [scheduleCheckoutLive('peak', 'cron(0 8 * * ? *)', '--min', '5', '--timezone', 'Mars/Base'), /not a time zone/],
    ]
    for (const [args, reason] of cases) {
      // Sequential on purpose: one after another, like a user
      const result = await lx(args)
      assert.equal(result.code, 2, `${args.join(' ')}\n${result.stderr}`)
      assert.match(result.stderr, reason)
    }

    assert.deepEqual(await writes(sandbox), {})
  })

  it('schedule, list with next runs, remove one schedule, remove everything, and undo brings it all back', async () => {
    assert.equal((await lx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '20'])).code, 0)
    const peak = await lx(scheduleCheckoutLive('weekday-peak', 'cron(0 8 ? * MON-FRI *)', '--min', '10', '--timezone', 'Europe/Paris'))
    assert.equal(peak.code, 0, peak.stderr)
    const night = await lx(scheduleCheckoutLive('night', 'cron(0 20 * * ? *)', '--min', '1', '--max', '5'))
    assert.equal(night.code, 0, night.stderr)
    const again = await lx(scheduleCheckoutLive('night', 'cron(0 20 * * ? *)', '--min', '1', '--max', '5'))
    assert.match(again.stdout, /Nothing to change/)

    const [row] = await list()
    assert.deepEqual(
      row.schedules.map((schedule: any) => [schedule.name, schedule.schedule, schedule.timezone, schedule.min, schedule.max]),
      [
        ['night', 'cron(0 20 * * ? *)', null, 1, 5],
        ['weekday-peak', 'cron(0 8 ? * MON-FRI *)', 'Europe/Paris', 10, null],
      ],
    )
    for (const schedule of row.schedules) assert.ok(Date.parse(schedule.nextRun) > Date.now(), `${schedule.name} has a next run`)
    const human = await lx(['scaling', 'list'])
    assert.match(human.stdout, /weekday-peak\s+cron\(0 8 \? \* MON-FRI \*\)\s+Europe\/Paris\s+10\s+-\s+\d{4}-\d{2}-\d{2} 0[67]:00 UTC/)

    const one = await lx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--schedule', 'night'])
    assert.equal(one.code, 0, one.stderr)
    assert.deepEqual(
      (await list())[0].schedules.map((schedule: any) => schedule.name),
      ['weekday-peak'],
    )

    const before = await list()
    const removed = await lx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--json'])
    assert.equal(removed.code, 0, removed.stderr)
    const report = JSON.parse(removed.stdout)
    assert.equal(report.summary.changed, 3, 'schedule, policy, target')
    assert.deepEqual(await list(), [])

    const undone = await lx(['undo', report.journalId, '--yes'])
    assert.equal(undone.code, 0, undone.stderr)
    const restored = await list()
    assert.deepEqual(
      restored.map(({provisioned: _p, schedules, ...rest}) => ({...rest, schedules: schedules.map(({nextRun: _n, ...schedule}: any) => schedule)})),
      before.map(({provisioned: _p, schedules, ...rest}) => ({...rest, schedules: schedules.map(({nextRun: _n, ...schedule}: any) => schedule)})),
    )
  })

  it('the policy follows load: provisioned concurrency rises above min under traffic, within max', async () => {
    const set = await lx(['scaling', 'set', 'hot-api', '--qualifier', 'live', '--min', '1', '--max', '300', '--target', '0.7'])
    assert.equal(set.code, 0, set.stderr)
    // Let simulated time pass: alarms evaluate over one-minute points.
    for (let minute = 0; minute < 15; minute++) sandbox.clock.advance(60_000)
    const [row] = await list('hot-api', '--qualifier', 'live')
    assert.ok(row.provisioned, 'provisioned concurrency exists on the alias')
    // ~100 concurrent at 70 % utilisation wants ~140; anything well above min shows the policy acted.
    assert.ok(row.provisioned.requested > 10, `requested ${row.provisioned.requested} after 15 minutes of ~100 concurrent`)
    assert.ok(row.provisioned.requested <= 300)
  })

  it('a scheduled action changes the range when it runs', async () => {
    assert.equal((await lx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '20'])).code, 0)
    const at = atExpression(sandbox.clock.now() + 2 * 60_000)
    const scheduled = await lx(['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'soon', '--schedule', at, '--min', '8', '--max', '30'])
    assert.equal(scheduled.code, 0, scheduled.stderr)
    sandbox.clock.advance(3 * 60_000)
    const [row] = await list('checkout-api', '--qualifier', 'live')
    assert.deepEqual({min: row.min, max: row.max}, {min: 8, max: 30})
    assert.ok(row.provisioned && row.provisioned.requested >= 8, 'scaled out to the new minimum')
  })
})
