// A bulk change killed mid-run — by SIGTERM (CI timeouts, `docker stop`), SIGHUP (a dropped SSH
// session) or SIGKILL — leaves a journal from which `lx undo` restores every function exactly, and
// the journal counts exactly the writes AWS took. Real signals, the built CLI, the sandbox.
import assert from 'node:assert/strict'
import type {ChildProcess} from 'node:child_process'
import {rmSync} from 'node:fs'

import {type AccountState, type FunctionState, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

const LOG3 = 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3'

async function state(sandbox: Sandbox): Promise<AccountState> {
  return (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as AccountState
}

/** What a user can see of a function, without the bookkeeping a write changes (revision, status). */
function visible(fn: FunctionState) {
  const {revisionId: _r, lastUpdateStatus: _s, ...rest} = fn
  return rest
}

function updates(sandbox: Sandbox): number {
  return sandbox.stats().operations['lambda:UpdateFunctionConfiguration'] ?? 0
}

/** runCli's onSpawn: send `signal` to lx once the sandbox has answered `count` calls of `operation`. */
function signalAfter(sandbox: Sandbox, operation: string, count: number, signal: NodeJS.Signals) {
  return (child: ChildProcess) => {
    const timer = setInterval(() => {
      if ((sandbox.stats().operations[`lambda:${operation}`] ?? 0) >= count) {
        clearInterval(timer)
        child.kill(signal)
      }
    }, 5)
    child.on('close', () => clearInterval(timer))
  }
}

describe('interrupting a bulk change (real signals, built CLI, sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  beforeEach(async () => {
    // A slow control plane (4 writes/s) and updates that stay InProgress, so the run is mid-flight.
    sandbox = await startSandbox({port: 0, rate: 'getfunction=100,control=4', updateLagMs: 200, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  /** Runs the attach, sends `signal` once the sandbox has taken `after` updates, and returns the result. */
  async function attachAndKill(signal: NodeJS.Signals, after: number) {
    const env = {...sandboxEnv(sandbox.url, home), LX_RATE_CONTROL: '4'}
    return runCli(['extensions', 'attach', LOG3, '--all', '--env', 'LOG_SHIPPER_URL=https://logs.example', '--yes'], {
      env,
      onSpawn: signalAfter(sandbox, 'UpdateFunctionConfiguration', after, signal),
    })
  }

  async function history() {
    const run = await runCli(['history', '--json'], {env: sandboxEnv(sandbox.url, home)})
    return JSON.parse(run.stdout)
  }

  async function undoRestoresEverything(initial: AccountState) {
    const undo = await runCli(['undo', '--yes'], {env: sandboxEnv(sandbox.url, home)})
    assert.equal(undo.code, 0, `${undo.stdout}\n${undo.stderr}`)
    const now = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    for (const fn of initial.functions) assert.deepEqual(visible(now.get(fn.name)!), visible(fn), `${fn.name} restored exactly`)
  }

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: stops sending, journals the writes in flight, exits ${code}; the journal counts what AWS took; undo restores every function`, async () => {
      const initial = await state(sandbox)
      const run = await attachAndKill(signal, 3)
      assert.equal(run.code, code, run.stderr)
      assert.match(run.stderr, new RegExp(`Interrupted \\(${signal}\\)`))
      const [entry] = await history()
      assert.equal(entry.status, 'interrupted')
      assert.equal(entry.changes, updates(sandbox), 'every write the sandbox took is in the journal, and nothing else')
      assert.equal(entry.unconfirmed, 0)
      assert.match(entry.command, /LOG_SHIPPER_URL=\*\*\*\*/)
      await undoRestoresEverything(initial)
    })
  }

  it('SIGKILL: the write-ahead journal still lets undo restore every function exactly', async () => {
    const initial = await state(sandbox)
    const run = await attachAndKill('SIGKILL', 5)
    assert.equal(run.code, null)
    const taken = updates(sandbox)
    const [entry] = await history()
    assert.equal(entry.status, 'interrupted')
    // Every write AWS took has at least an intent; a write still waiting for its answer may add one.
    assert.ok(entry.changes >= taken && entry.changes <= taken + 4, `journal ${entry.changes}, sandbox ${taken}`)
    await undoRestoresEverything(initial)
  })

  it('a signal while reading (before any write) changes nothing, journals nothing, and exits 143', async () => {
    await sandbox.stop()
    sandbox = await startSandbox({port: 0, functions: 400, rate: 'getfunction=20,control=4', log: () => {}})
    const env = {...sandboxEnv(sandbox.url, home), LX_RATE_CONTROL: '4', LX_RATE_GET_FUNCTION: '20'}
    const run = await runCli(['layers', 'attach', LOG3, '--all', '--yes'], {
      env,
      onSpawn: signalAfter(sandbox, 'ListFunctions', 1, 'SIGTERM'),
    })
    assert.equal(run.code, 143, run.stderr)
    assert.match(run.stderr, /Interrupted \(SIGTERM\): nothing was changed/)
    assert.doesNotMatch(run.stderr, /bug/)
    assert.equal(updates(sandbox), 0)
    assert.deepEqual(await history(), [])
  })
})

describe('interrupting while waiting, and read commands (real signals, built CLI, sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let home: string
  beforeEach(async () => {
    // Provisioned concurrency stays IN_PROGRESS for a long while, so lx is still waiting for READY.
    sandbox = await startSandbox({port: 0, provisionLagMs: 600_000, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('SIGTERM while waiting for provisioned concurrency to be READY: the change stands, is reported and journaled, exit 143; undo removes it', async () => {
    const env = sandboxEnv(sandbox.url, home)
    const run = await runCli(['concurrency', 'set', 'checkout-api', '--provisioned', '5', '--qualifier', 'live'], {
      env,
      onSpawn: signalAfter(sandbox, 'GetProvisionedConcurrencyConfig', 2, 'SIGTERM'),
    })
    assert.equal(run.code, 143, run.stderr)
    assert.match(run.stdout, /changed\s+checkout-api:live: changed, not verified: interrupted while waiting/)
    const history = JSON.parse((await runCli(['history', '--json'], {env})).stdout)
    assert.equal(history[0].changes, 1)
    const undo = await runCli(['undo', '--yes'], {env})
    assert.equal(undo.code, 0, undo.stderr)
    const list = JSON.parse((await runCli(['concurrency', 'list', 'checkout-api', '--json'], {env})).stdout)
    assert.deepEqual(list[0].provisioned, [])
  })

  it('SIGTERM during a read command (dashboard --once) exits 143 saying nothing was changed', async () => {
    const env = sandboxEnv(sandbox.url, home)
    const run = await runCli(['dashboard', '--once', '--all'], {
      env,
      onSpawn: signalAfter(sandbox, 'ListFunctions', 1, 'SIGTERM'),
    })
    assert.equal(run.code, 143, run.stderr)
    assert.match(run.stderr, /Interrupted \(SIGTERM\): nothing was changed/)
    assert.doesNotMatch(run.stderr, /bug/)
  })
})

describe('a bad night: half the follow-up reads fail (built CLI, sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  beforeEach(async () => {
    sandbox = await startSandbox({port: 0, updateLagMs: 200, faults: ['GetFunction=0.5:500'], log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('50 % 500s on GetFunction: the report counts exactly what changed in AWS, and undo restores every function', async () => {
    const initial = await state(sandbox)
    const env = sandboxEnv(sandbox.url, home)
    const attach = await runCli(['layers', 'attach', LOG3, '--all', '--yes', '--json'], {env})
    const report = JSON.parse(attach.stdout)
    const after = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    const changedInAws = initial.functions.filter((fn) => JSON.stringify(visible(after.get(fn.name)!)) !== JSON.stringify(visible(fn))).length
    assert.ok(changedInAws > 0)
    assert.equal(report.summary.changed, changedInAws, 'changed (verified or not) is exactly what AWS took')
    // A change lx could not verify is reported as such, and makes the run exit 1.
    assert.equal(attach.code, report.summary.unverified > 0 || report.summary.failed > 0 ? 1 : 0)
    const undo = await runCli(['undo', '--yes'], {env})
    assert.notEqual(undo.code, 2, undo.stderr)
    const now = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    for (const fn of initial.functions) assert.deepEqual(visible(now.get(fn.name)!), visible(fn), `${fn.name} restored exactly`)
  })
})
