// lx concurrency set/unset, undo and history: the built CLI against the sandbox.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

async function lx(sandbox: Sandbox, home: string, args: string[]) {
  return runCli(args, {env: sandboxEnv(sandbox.url, home)})
}

function reservedOf(sandbox: Sandbox, name: string): number | null {
  const [fn] = sandbox.state(name).functions
  return fn.reserved
}

describe('lx concurrency set / unset / undo (built CLI against the sandbox)', function () {
  let sandbox: Sandbox
  let home: string

  beforeEach(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 200, provisionLagMs: 1500, log: () => {}})
    home = freshLxHome()
  })

  afterEach(async () => {
    await sandbox.stop()
  })

  it('raises the reservation of a throttling function; list shows it; the same command again changes nothing', async () => {
    const before = await lx(sandbox, home, ['concurrency', 'list', 'checkout-api', '--json'])
    assert.equal(JSON.parse(before.stdout)[0].reserved, 20)

    const set = await lx(sandbox, home, ['concurrency', 'set', 'checkout-api', '--reserved', '120'])
    assert.equal(set.code, 0, set.stderr)
    assert.match(set.stdout, /checkout-api\s+reserved 20 → reserved 120/)
    assert.match(set.stdout, /Account unreserved concurrency: 635 → 535/)
    assert.match(set.stdout, /Done: 1 changed/)

    const after = await lx(sandbox, home, ['concurrency', 'list', 'checkout-api', '--json'])
    assert.equal(JSON.parse(after.stdout)[0].reserved, 120)
    const account = await lx(sandbox, home, ['account', '--json'])
    assert.equal(JSON.parse(account.stdout).unreserved, 535)

    const again = await lx(sandbox, home, ['concurrency', 'set', 'checkout-api', '--reserved', '120'])
    assert.equal(again.code, 0)
    assert.match(again.stdout, /Nothing to change: 0 changed, 1 unchanged/)
  })

  it('sets provisioned concurrency and waits until READY; undo restores both "no config" and the old reservation', async () => {
    const pc = await lx(sandbox, home, ['concurrency', 'set', 'cart-service', '--provisioned', '10', '--qualifier', 'live', '--json'])
    assert.equal(pc.code, 0, pc.stderr)
    const report = JSON.parse(pc.stdout)
    assert.equal(report.results[0].status, 'changed')
    const list = JSON.parse((await lx(sandbox, home, ['concurrency', 'list', 'cart-service', '--json'])).stdout)
    assert.deepEqual(
      list[0].provisioned.map((p: any) => [p.qualifier, p.requested, p.allocated, p.status]),
      [['live', 10, 10, 'READY']],
    )

    const reserved = await lx(sandbox, home, ['concurrency', 'unset', 'cart-service', '--reserved'])
    assert.equal(reserved.code, 0, reserved.stderr)
    assert.equal(reservedOf(sandbox, 'cart-service'), null)

    // Newest first: undo the unset, then the provisioned config.
    const undo1 = await lx(sandbox, home, ['undo'])
    assert.equal(undo1.code, 0, undo1.stderr)
    assert.equal(reservedOf(sandbox, 'cart-service'), 30)
    const undo2 = await lx(sandbox, home, ['undo', report.journalId])
    assert.equal(undo2.code, 0, undo2.stderr)
    const restored = JSON.parse((await lx(sandbox, home, ['concurrency', 'list', 'cart-service', '--json'])).stdout)
    assert.deepEqual(restored[0].provisioned, [])

    const history = JSON.parse((await lx(sandbox, home, ['history', '--json'])).stdout)
    assert.equal(history.length, 4)
    assert.equal(history[0].undoOf, report.journalId)
    assert.deepEqual(history.find((h: any) => h.id === report.journalId).undoneBy, [history[0].id])
  })

  it('undo reports a target changed again since, and --force overwrites it', async () => {
    assert.equal((await lx(sandbox, home, ['concurrency', 'set', 'email-sender', '--reserved', '8'])).code, 0)
    assert.equal((await lx(sandbox, home, ['concurrency', 'set', 'email-sender', '--reserved', '9', '--min-unreserved', '100'])).code, 0)
    const history = JSON.parse((await lx(sandbox, home, ['history', '--json'])).stdout)
    const first = history[1].id
    const undo = await lx(sandbox, home, ['undo', first])
    // Nothing was undone: that is not success.
    assert.equal(undo.code, 1)
    assert.match(undo.stdout, /Changed since by somebody else[^]*email-sender\s+changed since lx set it \(now reserved 9\)/)
    assert.match(undo.stdout, /conflict\s+email-sender: changed since lx set it \(now reserved 9\); not overwritten — use --force/)
    assert.equal(reservedOf(sandbox, 'email-sender'), 9)
    const forced = await lx(sandbox, home, ['undo', first, '--force'])
    assert.equal(forced.code, 0)
    assert.equal(reservedOf(sandbox, 'email-sender'), 5)
  })

  it('a bulk run where one target fails reports it and exits 1; the other change stands', async () => {
    // With lx told the floor is 0, the plan passes; the sandbox keeps AWS's floor of 100 and
    // refuses whichever of the two writes comes second.
    const run = await lx(sandbox, home, ['concurrency', 'set', 'catalog-api', 'geo-lookup', '--reserved', '300', '--min-unreserved', '0', '--yes'])
    assert.equal(run.code, 1)
    assert.match(run.stdout, /Done: 1 changed, 0 unchanged, 0 skipped, 1 failed/)
    assert.match(run.stdout, /failed\s+(catalog-api|geo-lookup): AWS refused: the account must keep 100 concurrency unreserved/)
    const changed = ['catalog-api', 'geo-lookup'].filter((name) => reservedOf(sandbox, name) === 300)
    assert.equal(changed.length, 1)
  })

  it('refuses before any write: the floor, provisioned over reserved, $LATEST, an unknown alias, no --yes for many', async () => {
    sandbox.resetStats()
    const cases: Array<[string[], RegExp]> = [
      [['concurrency', 'set', 'catalog-api', 'geo-lookup', '--reserved', '300', '--yes'], /below the account's floor of 100; only 535 more/],
      [
        ['concurrency', 'set', 'checkout-api', '--provisioned', '25', '--qualifier', 'live'],
        /would exceed the reserved concurrency of checkout-api \(reserved 20\)/,
      ],
      [['concurrency', 'set', 'checkout-api', '--provisioned', '5', '--qualifier', '$LATEST'], /cannot be set on \$LATEST/],
      [['concurrency', 'set', 'catalog-api', '--provisioned', '5', '--qualifier', 'nope'], /catalog-api: has no alias or version "nope"/],
      [['concurrency', 'set', '--match', '^c', '--reserved', '1'], /Refusing to change \d+ functions without confirmation/],
      [['concurrency', 'set', 'no-such-function', '--reserved', '1'], /No function named no-such-function/],
    ]
    for (const [args, message] of cases) {
      const run = await lx(sandbox, home, args)
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, message)
    }

    const writes = Object.entries(sandbox.stats().operations).filter(([op]) => /Put|Delete|Update/.test(op))
    assert.deepEqual(writes, [], 'no write call reached the sandbox')
  })

  it('Ctrl-C during a bulk run finishes the calls in flight, journals them, and exits 130; re-running completes the rest', async () => {
    await sandbox.stop()
    // A slow control plane (4 writes/s) so the run is still going when interrupted.
    sandbox = await startSandbox({port: 0, rate: 'getfunction=100,control=4', updateLagMs: 0, log: () => {}})
    const env = {...sandboxEnv(sandbox.url, home), LX_RATE_CONTROL: '4'}
    const args = [
      'concurrency',
      'set',
      '--all',
      '--exclude',
      '^(auth-authorizer|fraud-scorer|graphql-gateway|orders-api|reports-nightly|legacy-billing)$',
      '--reserved',
      '2',
      '--yes',
    ]
    const interrupted = await runCli(args, {
      env,
      onSpawn(child) {
        const timer = setInterval(() => {
          if ((sandbox.stats().operations['lambda:PutFunctionConcurrency'] ?? 0) >= 3) {
            clearInterval(timer)
            child.kill('SIGINT')
          }
        }, 20)
        child.on('close', () => clearInterval(timer))
      },
    })
    assert.equal(interrupted.code, 130, interrupted.stderr)
    assert.match(interrupted.stderr, /Interrupted/)
    const history = JSON.parse((await lx(sandbox, home, ['history', '--json'])).stdout)
    assert.equal(history[0].status, 'interrupted')
    const done = history[0].changes
    assert.ok(done >= 3 && done < 34, `journaled ${done} changes`)
    assert.equal(done, sandbox.stats().operations['lambda:PutFunctionConcurrency'])

    const rest = await runCli(args, {env})
    assert.equal(rest.code, 0, rest.stderr)
    const match = /Done: (\d+) changed, (\d+) unchanged/.exec(rest.stdout)!
    assert.equal(Number(match[2]), done, 'the ones done before are unchanged now')
    assert.equal(Number(match[1]) + done, 34)
  })
})
