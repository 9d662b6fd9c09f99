// lx dashboard --once against the sandbox's traffic simulation: the numbers come from the
// simulation's CloudWatch metrics and Logs Insights, and a concurrency change shows in them.
//
// The sandbox starts at a pinned simulated time and the CLI runs in that time too (a preload shifts
// its clock, see helpers/simulated-clock.ts): nothing here depends on the hour the suite happens to run at,
// and the key scenario is driven at several hours of the simulated day.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'

async function startAt(isoTime: string): Promise<{sandbox: Sandbox; home: string}> {
  const sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 0, startTime: Date.parse(isoTime), log: () => {}})
  return {sandbox, home: freshLxHome()}
}

async function lx(sandbox: Sandbox, home: string, args: string[]) {
  return runCli(args, {env: {...sandboxEnv(sandbox.url, home), LX_LOGS_POLL_MS: '20', ...simulatedClockEnv(sandbox)}})
}

async function snapshot(sandbox: Sandbox, home: string, args: string[] = []) {
  const run = await lx(sandbox, home, ['dashboard', '--once', '--json', ...args])
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout)
}

describe('lx dashboard --once (built CLI against the sandbox)', () => {
  let sandbox: Sandbox
  let home: string

  before(async () => {
    ;({sandbox, home} = await startAt('2026-06-03T09:20:00Z'))
  })

  after(async () => {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('puts the throttling functions on top, with throttles charted and cold starts counted', async () => {
    const data = await snapshot(sandbox, home)
    assert.match(data.to, /^2026-06-03T09:2\d:00\.000Z$/, 'lx reads the sandbox’s simulated present')
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
    assert.ok(
      checkout.series.throttles.some((value: number) => value > 0),
      'throttles over time',
    )
    assert.ok(
      data.functions.some((fn: any) => (fn.coldStarts ?? 0) > 0),
      'cold starts from Logs Insights',
    )
    for (const fn of data.functions) assert.ok(fn.invocations >= fn.errors, `${fn.functionName}: errors ≤ invocations`)
  })

  it('the text snapshot is what a non-TTY run prints by itself', async () => {
    const run = await lx(sandbox, home, ['dashboard', '--match', '^checkout-api$'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /checkout-api/)
    assert.match(run.stdout, /THROTTLES/)
  })

  describe('raising the reservation of a throttling function stops its throttles from the next minute, at any hour', () => {
    /** checkout-api's demand (invocations + throttles) over the 15 minutes before each hour. */
    const demand = new Map<number, number>()

    for (const hour of [0, 6, 12, 18]) {
      it(`at ${String(hour).padStart(2, '0')}:00 UTC`, async () => {
        const at = await startAt(`2026-06-03T${String(hour).padStart(2, '0')}:00:30Z`)
        try {
          const before = await snapshot(at.sandbox, at.home, ['checkout-api', '--range', '15m'])
          const [checkout] = before.functions
          assert.equal(checkout.reserved, 20)
          const closed: number[] = checkout.series.throttles.slice(0, -1)
          assert.ok(closed.length >= 14 && closed.every((value) => value > 0), `throttled every minute before ${hour}:00: ${closed.join(',')}`)
          demand.set(hour, checkout.invocations + checkout.throttles)

          const set = await lx(at.sandbox, at.home, ['concurrency', 'set', 'checkout-api', '--reserved', '200'])
          assert.equal(set.code, 0, set.stderr)
          const changedIn = Math.floor(at.sandbox.clock.now() / 60_000)
          at.sandbox.clock.advance(3 * 60_000)

          const after = await snapshot(at.sandbox, at.home, ['checkout-api', '--range', '15m'])
          const series: number[] = after.functions[0].series.throttles
          const changeIndex = changedIn - Math.floor(Date.parse(after.from) / 60_000)
          assert.ok(
            changeIndex > 0 && changeIndex + 2 < series.length - 1,
            `the change minute and two closed minutes after it are in ${after.from}–${after.to}`,
          )
          assert.ok(
            series.slice(0, changeIndex).every((value) => value > 0),
            `throttled before the change: ${series.join(',')}`,
          )
          assert.deepEqual(
            series.slice(changeIndex + 1),
            series.slice(changeIndex + 1).map(() => 0),
            `no throttles from the next minute on: ${series.join(',')}`,
          )
          assert.equal(after.functions[0].reserved, 200)
          // The fix shows as a fix: ranked by the last complete minutes, and said to have stopped.
          assert.equal(
            after.functions[0].recentThrottles,
            series.slice(-6, -1).reduce((sum, value) => sum + value, 0),
          )
          assert.equal(after.functions[0].throttleTrend, 'stopped')
          assert.equal(typeof after.functions[0].throttlesStoppedMinutesAgo, 'number')
        } finally {
          await at.sandbox.stop()
          rmSync(at.home, {recursive: true, force: true})
        }
      })
    }

    it('while the demand keeps its daily shape (18:00 busier than 06:00)', () => {
      assert.equal(demand.size, 4, 'the four hours ran')
      assert.ok(demand.get(18)! > 2.5 * demand.get(6)!, `demand at 18:00 ${demand.get(18)}, at 06:00 ${demand.get(6)}`)
    })
  })
})
