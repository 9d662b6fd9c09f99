// End to end: guarded changes and `lx impact`, the built CLI against the sandbox. The guard runs on
// the sandbox's clock (LX_GUARD_CLOCK=sandbox): each minute it watches is a jump of the simulated
// clock, not a minute of waiting. Needs `npm run build`.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type AccountState, type FunctionState, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'

const TRACE = 'arn:aws:lambda:us-east-1:123456789012:layer:trace-extension'
const BAD = `${TRACE}:2`
const GOOD = `${TRACE}:1`
// On-demand functions with steady traffic and no provisioned concurrency (which would hide cold starts).
const FUNCTIONS = ['user-profile-api', 'notifications-fanout', 'order-events-consumer']
const START = Date.parse('2026-03-10T14:20:30Z')

async function state(sandbox: Sandbox): Promise<AccountState> {
  return (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as AccountState
}

function visible(fn: FunctionState) {
  const {revisionId: _r, lastUpdateStatus: _s, ...rest} = fn
  return rest
}

function writes(sandbox: Sandbox): number {
  const operations = sandbox.stats().operations
  return Object.entries(operations)
    .filter(([name]) => /Update|Put|Delete|Register|Publish/.test(name))
    .reduce((sum, [, count]) => sum + count, 0)
}

interface SignalJson {
  key: string
  verdict: string | null
  before: number | null
  after: number | null
}

interface ImpactJson {
  functions: Array<{functionName: string; signals: SignalJson[]}>
  total: SignalJson[]
}

const verdictOf = (report: ImpactJson, fn: string, key: string) => report.functions.find((f) => f.functionName === fn)?.signals.find((s) => s.key === key)

describe('lx --guard and lx impact against the sandbox (built CLI)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, {env: {...sandboxEnv(sandbox.url, home), LX_GUARD_CLOCK: 'sandbox', LX_LOGS_POLL_MS: '10', ...simulatedClockEnv(sandbox), ...env}})
  /** lx in the sandbox's present (for `lx impact`, which reads windows that end at its own now). */
  const lxNow = (args: string[]) => runCli(args, {env: {...sandboxEnv(sandbox.url, home), LX_LOGS_POLL_MS: '10', ...simulatedClockEnv(sandbox)}})

  beforeEach(async () => {
    // A fixed simulated moment (a weekday afternoon), so the traffic is the same whatever the hour.
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 0, provisionLagMs: 0, startTime: START, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('reverts the bad extension version by itself: layers and environment restored exactly, exit 1, the undo journaled with its reason', async () => {
    const before = await state(sandbox)
    const result = await lx(['extensions', 'attach', BAD, ...FUNCTIONS, '--env', 'TRACE_MODE=sync', '--yes', '--guard', '10m'])
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stdout, /Guard: regression after 1 min: .*errors worse/)
    assert.match(result.stdout, /Reverted by the guard: 3 targets restored/)
    // Live progress: each signal per target while watching.
    assert.match(result.stderr, /guard 1\/10 min {2}user-profile-api: errors .* · throttles .* · duration p99 .*/)

    const after = await state(sandbox)
    for (const name of FUNCTIONS) {
      assert.deepEqual(visible(after.functions.find((fn) => fn.name === name)!), visible(before.functions.find((fn) => fn.name === name)!), name)
    }

    const history = JSON.parse((await lx(['history', '--json'])).stdout) as Array<{id: string; command: string; undoOf?: string; undoneBy: string[]}>
    assert.equal(history.length, 2)
    const [undo, change] = history
    assert.equal(undo.undoOf, change.id)
    assert.deepEqual(change.undoneBy, [undo.id])
    assert.match(undo.command, /automatic, by --guard: regression after 1 min: .*errors worse/)

    const impact = await lxNow(['impact', change.id, '--json'])
    assert.equal(impact.code, 0, impact.stderr)
    const report = JSON.parse(impact.stdout) as ImpactJson
    for (const name of FUNCTIONS) {
      assert.equal(verdictOf(report, name, 'errors')?.verdict, 'worse', `${name} errors`)
      assert.equal(verdictOf(report, name, 'durationP99')?.verdict, 'worse', `${name} p99`)
      assert.equal(verdictOf(report, name, 'postRuntime')?.verdict, 'worse', `${name} post-runtime`)
    }

    // Init duration: judged where the change's cold starts were enough to say (and then worse).
    const init = FUNCTIONS.map((name) => verdictOf(report, name, 'initP99'))
    assert.ok(
      init.some((signal) => signal?.verdict === 'worse'),
      JSON.stringify(init),
    )
    for (const signal of init) assert.ok(signal && signal.after! > signal.before! + 500, JSON.stringify(signal))
    assert.equal(report.total.find((s) => s.key === 'errors')?.verdict, 'worse')
  })

  it('keeps the good version (exit 0), and lx impact finds nothing worse in errors or init duration', async () => {
    const result = await lx(['layers', 'attach', GOOD, ...FUNCTIONS, '--yes', '--guard', '5m'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Guard: no regression in 5 min; the change is kept/)
    const after = await state(sandbox)
    for (const name of FUNCTIONS) assert.ok(after.functions.find((fn) => fn.name === name)!.layers.includes(GOOD), name)

    const history = JSON.parse((await lx(['history', '--json'])).stdout) as Array<{id: string}>
    assert.equal(history.length, 1)
    const impact = await lxNow(['impact', '--json'])
    assert.equal(impact.code, 0, impact.stderr)
    const report = JSON.parse(impact.stdout) as ImpactJson
    for (const name of FUNCTIONS) {
      assert.equal(verdictOf(report, name, 'errors')?.verdict, 'no change', `${name} errors`)
      assert.notEqual(verdictOf(report, name, 'initP99')?.verdict, 'worse', `${name} init`)
      assert.notEqual(verdictOf(report, name, 'durationP99')?.verdict, 'worse', `${name} p99`)
    }

    const text = await lxNow(['impact'])
    assert.match(text.stdout, /No signal is worse beyond noise\./)
    assert.match(text.stdout, /How signals are judged:/)
  })

  it('reverts a reservation far below demand on throttles', async () => {
    const result = await lx(['concurrency', 'set', 'user-profile-api', '--reserved', '1', '--yes', '--guard', '10m', '--json'])
    assert.equal(result.code, 1, result.stderr)
    const report = JSON.parse(result.stdout) as {guard: {status: string; summary: string; detectionPeriods: number; undo: {summary: {changed: number}}}}
    assert.equal(report.guard.status, 'regressed')
    assert.match(report.guard.summary, /throttles worse/)
    assert.equal(report.guard.undo.summary.changed, 1)
    assert.ok(report.guard.detectionPeriods <= 2.5, `detected in ${report.guard.detectionPeriods} periods`)
    assert.equal((await state(sandbox)).functions.find((fn) => fn.name === 'user-profile-api')!.reserved, null)
  })

  it('--guard-revert regressed reverts only the functions that regressed', async () => {
    // reports-nightly has next to no traffic: it cannot regress, so it keeps the change.
    const result = await lx(['layers', 'attach', BAD, 'user-profile-api', 'reports-nightly', '--yes', '--guard', '5m', '--guard-revert', 'regressed'])
    assert.equal(result.code, 1, result.stderr)
    const after = await state(sandbox)
    assert.ok(!after.functions.find((fn) => fn.name === 'user-profile-api')!.layers.includes(BAD))
    assert.ok(after.functions.find((fn) => fn.name === 'reports-nightly')!.layers.includes(BAD))
  })

  it('keeps a change on a function without traffic and says it cannot judge (exit 0)', async () => {
    const result = await lx(['concurrency', 'set', 'reports-nightly', '--reserved', '60', '--yes', '--guard', '3m'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /cannot judge: no traffic .* reports-nightly .*; the change is kept/)
    assert.equal((await state(sandbox)).functions.find((fn) => fn.name === 'reports-nightly')!.reserved, 60)
  })

  for (const [flags, message] of [
    [['--guard', '0'], /--guard "0" is out of range/],
    [['--guard', 'abc'], /--guard "abc" is not a duration/],
    [['--guard', '10m', '--guard-latency', '-5'], /--guard-latency "-5" is out of range/],
    [['--guard', '10m', '--guard-min-errors', '2.5'], /--guard-min-errors "2.5" must be a whole number/],
    [['--guard', '10m', '--guard-revert', 'some'], /Expected --guard-revert=some to be one of: all, regressed/],
    [['--guard', '10m', '--dry-run'], /--guard watches a change after it is applied; with --dry-run nothing is applied/],
    [['--guard-latency-ms', '80'], /--guard-latency-ms only means something with --guard/],
  ] as Array<[string[], RegExp]>) {
    it(`refuses ${flags.join(' ')} with exit 2 and no write`, async () => {
      const result = await lx(['layers', 'attach', BAD, 'user-profile-api', '--yes', ...flags])
      assert.equal(result.code, 2, result.stderr)
      assert.match(result.stderr, message)
      assert.equal(writes(sandbox), 0)
    })
  }

  it('Ctrl-C while guarding stops watching, keeps the change, says how to undo it, exit 130', async () => {
    // The wall clock here: the guard waits for the next minute, and the signal comes first.
    const result = await runCli(['concurrency', 'set', 'user-profile-api', '--reserved', '50', '--yes', '--guard', '10m'], {
      env: {...sandboxEnv(sandbox.url, home), ...simulatedClockEnv(sandbox)},
      onSpawn(child) {
        child.stderr!.on('data', (chunk: Buffer) => {
          if (String(chunk).includes('Guarding 1 function')) child.kill('SIGINT')
        })
      },
    })
    assert.equal(result.code, 130, result.stderr)
    assert.match(result.stdout, /Guard interrupted \(SIGINT\): .*The change is kept; undo it with `lx undo \d{8}-\d{6}-[0-9a-f]{4}`/)
    assert.equal((await state(sandbox)).functions.find((fn) => fn.name === 'user-profile-api')!.reserved, 50)
  })
})
