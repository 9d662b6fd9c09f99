// lx concurrency plan: the built CLI against the sandbox, whose CloudWatch serves a week of each
// function's simulated traffic (history before the sandbox started is synthesised from the traffic
// profiles). checkout-api is capped at 20 below its demand at every hour, busiest at 18:00 UTC;
// reports-nightly keeps 50 provisioned environments for a job that needs a handful at night.
// The sandbox and the CLI share a pinned simulated time, so the week seen is the same whenever the suite runs.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'

/** Split a printed command the way a POSIX shell would (it only ever quotes with single quotes). */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const match of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(match[1] === undefined ? match[2] : match[1].replaceAll(String.raw`'\''`, "'"))
  return words
}

describe('lx concurrency plan (built CLI against the sandbox)', function () {
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli(args, {env: {...sandboxEnv(sandbox.url, home), ...simulatedClockEnv(sandbox)}, timeoutMs: 120_000})

  beforeEach(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 200, provisionLagMs: 1500, startTime: Date.parse('2026-06-03T09:20:00Z'), log: () => {}})
    home = freshLxHome()
  })

  afterEach(async () => {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('raises the throttling reservation, drops idle provisioned concurrency, reads only, and prints commands that apply cleanly', async () => {
    sandbox.resetStats()
    const planned = await lx(['concurrency', 'plan', 'checkout-api', 'reports-nightly', '--json'])
    assert.equal(planned.code, 0, planned.stderr)
    const writes = Object.keys(sandbox.stats().operations).filter((operation) => !/:(Get|List|Describe)/.test(operation))
    assert.deepEqual(writes, [], 'a plan changes nothing')

    const report = JSON.parse(planned.stdout)
    assert.equal(report.window, '7d')
    assert.equal(report.period, 300)
    const checkout = report.functions.find((fn: any) => fn.functionName === 'checkout-api')
    const reports = report.functions.find((fn: any) => fn.functionName === 'reports-nightly')

    // checkout-api: reserved 20 throttled at its cap all week → a higher reservation, no throttles in the replay.
    assert.equal(checkout.current.reserved, 20)
    assert.ok(checkout.recommended.reserved > 20, `recommended reserved ${checkout.recommended.reserved}`)
    assert.match(checkout.reason, /^reserved 20 throttled [\d.]+[kM]? requests at its cap/)
    assert.ok(checkout.observed.throttles > 0)
    assert.ok(checkout.whatIf.current.throttles > 0)
    assert.equal(checkout.whatIf.recommended.throttles, 0)
    assert.ok(checkout.observed.busyHourConcurrency > 20, 'the busy hour asks for more than the cap')
    // Throttled around the clock, yet its day keeps a shape: busy at 18:00 UTC, ≥ 3 × its quiet hour, so a schedule.
    assert.ok(Math.abs(checkout.observed.busyHourUtc - 18) <= 1, `busy hour ${checkout.observed.busyHourUtc}:00 UTC (the peak is 18:00, days are noisy)`)
    assert.ok(checkout.observed.quietHourConcurrency > 20, `even the quiet hour asks for more than the cap: ${checkout.observed.quietHourConcurrency}`)
    assert.ok(
      checkout.observed.busyHourConcurrency >= 3 * checkout.observed.quietHourConcurrency,
      `busy ${checkout.observed.busyHourConcurrency}, quiet ${checkout.observed.quietHourConcurrency}`,
    )
    assert.deepEqual(
      checkout.recommended.schedule?.actions.map((action: any) => action.name),
      ['lx-busy', 'lx-quiet'],
    )

    // reports-nightly: 50 provisioned, peak use a fraction of it → none, and it costs less.
    assert.equal(reports.current.provisioned, 50)
    assert.equal(reports.recommended.provisioned, null)
    assert.equal(reports.recommended.reserved, null)
    assert.ok(reports.observed.provisionedUtilizationMax < 0.6, `utilisation ${reports.observed.provisionedUtilizationMax}`)
    assert.ok(reports.monthlyCost.recommended < reports.monthlyCost.current)
    assert.deepEqual(reports.commands, ['lx concurrency unset reports-nightly --provisioned --qualifier live'])

    assert.equal(report.account.limit, 1000)
    assert.equal(report.account.fits, true)
    assert.ok(report.commands.length >= 2)

    // Every printed command is a real lx command line that the sandbox accepts.
    for (const line of report.commands as string[]) {
      const [bin, ...args] = shellWords(line)
      assert.equal(bin, 'lx')
      // Sequential on purpose: the order matters (reservation before provisioned)
      const applied = await lx([...args, '--yes'])
      assert.equal(applied.code, 0, `${line}\n${applied.stderr}${applied.stdout}`)
    }

    const [checkoutNow] = sandbox.state('checkout-api').functions
    assert.equal(checkoutNow.reserved, checkout.recommended.reserved)
    const [reportsNow] = sandbox.state('reports-nightly').functions
    assert.equal(JSON.stringify(reportsNow).includes('"requested":50'), false, 'the idle provisioned concurrency is gone')

    // Planned again, reports-nightly has nothing left to change.
    const again = await lx(['concurrency', 'plan', 'reports-nightly', '--json'])
    assert.equal(again.code, 0, again.stderr)
    const second = JSON.parse(again.stdout)
    assert.equal(second.functions[0].changed, false)
    assert.deepEqual(second.commands, [])
  })

  it('prints a table, the account check and the commands for the whole account', async () => {
    const result = await lx(['concurrency', 'plan'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^Concurrency plan from 7d of traffic/)
    assert.match(result.stdout, /checkout-api\s+20 → \d+/)
    assert.match(result.stdout, /reports-nightly\s+none\s+50 on live → none/)
    assert.match(result.stdout, /Account: limit 1000, unreserved 635 → -?\d+ \(floor 100\)/)
    const lines = result.stdout.split('\n')
    const start = lines.findIndex((line) => line.startsWith('To apply ('))
    assert.ok(start > 0, result.stdout)
    const commands = lines.slice(start + 1, lines.indexOf('', start))
    assert.ok(commands.includes('lx concurrency unset reports-nightly --provisioned --qualifier live'))
    for (const command of commands) assert.match(command, /^lx (concurrency (set|unset)|scaling (set|schedule|remove)) /)
  })

  it('refuses a bad window with exit 2 and no call', async () => {
    sandbox.resetStats()
    const result = await lx(['concurrency', 'plan', '--window', '45m'])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /--window "45m" is too short/)
    assert.equal(sandbox.stats().total, 0)
  })
})
