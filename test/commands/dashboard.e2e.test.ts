// lx dashboard --once against the sandbox's traffic simulation: the numbers come from the
// simulation's CloudWatch metrics and Logs Insights, and a concurrency change shows in them.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

describe('lx dashboard --once (built CLI against the sandbox)', () => {
  let sandbox: Sandbox
  let env: Record<string, string>

  before(async () => {
    // Simulated time starts four minutes behind the wall clock, so that after a change the test can
    // move it forward to "now" — the dashboard asks CloudWatch for windows that end at the real now.
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 0, startTime: Date.now() - 4 * 60_000, log: () => {}})
    env = {...sandboxEnv(sandbox.url, freshLxHome()), LX_LOGS_POLL_MS: '20'}
  })

  after(async () => {
    await sandbox.stop()
  })

  async function snapshot(args: string[] = []) {
    const run = await runCli(['dashboard', '--once', '--json', ...args], {env})
    assert.equal(run.code, 0, run.stderr)
    return JSON.parse(run.stdout)
  }

  it('puts the throttling functions on top, with throttles charted and cold starts counted', async () => {
    const data = await snapshot()
    assert.equal(data.account.limit, 1000)
    assert.equal(data.functions.length, 40)
    const ranks = data.functions.map((fn: any) => [fn.recentThrottles, fn.throttles])
    const byRecentThenRange = (a: number[], b: number[]) => b[0] - a[0] || b[1] - a[1]
    assert.deepEqual(ranks, [...ranks].sort(byRecentThenRange), 'sorted by recent throttles, then over the range')
    const top = data.functions.slice(0, 5).map((fn: any) => fn.functionName)
    assert.ok(top.includes('checkout-api'), `checkout-api (reserved 20, below its demand) is among ${top.join(', ')}`)
    const checkout = data.functions.find((fn: any) => fn.functionName === 'checkout-api')
    assert.ok(checkout.throttles > 0)
    assert.equal(checkout.reserved, 20)
    assert.ok(checkout.series.throttles.some((value: number) => value > 0), 'throttles over time')
    assert.ok(data.functions.some((fn: any) => (fn.coldStarts ?? 0) > 0), 'cold starts from Logs Insights')
    for (const fn of data.functions) assert.ok(fn.invocations >= fn.errors, `${fn.functionName}: errors ≤ invocations`)
  })

  it('the text snapshot is what a non-TTY run prints by itself', async () => {
    const run = await runCli(['dashboard', '--match', '^checkout-api$'], {env})
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /checkout-api/)
    assert.match(run.stdout, /THROTTLES/)
  })

  it('raising reserved concurrency of a throttling function stops its throttles in the next minutes', async () => {
    const set = await runCli(['concurrency', 'set', 'checkout-api', '--reserved', '400'], {env})
    assert.equal(set.code, 0, set.stderr)
    // Four simulated minutes pass: simulated time catches up with the wall clock.
    const advanced = await fetch(`${sandbox.url}/_sandbox/clock/advance?ms=240000`, {method: 'POST'})
    assert.equal(advanced.status, 200)
    const data = await snapshot(['checkout-api', '--range', '15m'])
    const series: number[] = data.functions[0].series.throttles
    assert.ok(series.slice(0, -5).some((value) => value > 0), `throttled before the change: ${series.join(',')}`)
    assert.deepEqual(series.slice(-3), [0, 0, 0], `no throttles after: ${series.join(',')}`)
    assert.equal(data.functions[0].reserved, 400)
    assert.equal(data.functions[0].recentThrottles, series.slice(-6, -1).reduce((sum, value) => sum + value, 0))
    assert.equal(data.functions[0].throttleTrend, 'stopped', 'the fix shows as a fix')
    assert.equal(typeof data.functions[0].throttlesStoppedMinutesAgo, 'number')
  })
})
