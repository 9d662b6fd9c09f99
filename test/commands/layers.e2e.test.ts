// End to end: the built CLI, as a user runs it, against the sandbox account. Needs `npm run build`.
import assert from 'node:assert/strict'

import {type AccountState, defaultAccountDescription, type FunctionState, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {layerArn} from '../helpers/aws-ids.js'

const LOG = layerArn('log-shipper-extension')
const LOG3 = `${LOG}:3`
const SHARP2 = `${layerArn('sharp-arm64')}:2`
const POWERTOOLS = layerArn('powertools-node')
const layerOf = (arn: string) => arn.slice(0, arn.lastIndexOf(':'))

/** The default account, plus one function that already carries five layers (none of them the log shipper). */
function accountWithAFullFunction() {
  const description = defaultAccountDescription()
  description.functions.push({
    name: 'legacy-monolith',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    layers: [
      `${POWERTOOLS}:2`,
      `${layerArn('auth-helpers')}:1`,
      `${layerArn('secrets-cache-extension')}:1`,
      `${layerArn('acme-apm-extension', '111122223333')}:2`,
      `${layerArn('sharp-arm64')}:1`,
    ],
    environment: {LOG_LEVEL: 'info'},
  })
  return description
}

async function state(sandbox: Sandbox): Promise<AccountState> {
  const response = await fetch(`${sandbox.url}/_sandbox/state`)
  return (await response.json()) as AccountState
}

async function writes(sandbox: Sandbox): Promise<number> {
  const response = await fetch(`${sandbox.url}/_sandbox/stats`)
  const stats = (await response.json()) as {operations: Record<string, number>}
  return stats.operations['lambda:UpdateFunctionConfiguration'] ?? 0
}

/** What a user can see of a function, without the bookkeeping a write changes (revision, status). */
function visible(fn: FunctionState) {
  const {revisionId: _r, lastUpdateStatus: _s, ...rest} = fn
  return rest
}

function byName(snapshot: AccountState): Map<string, FunctionState> {
  return new Map(snapshot.functions.map((fn) => [fn.name, fn]))
}

describe('lx layers / extensions against the sandbox (built CLI)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home, LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}})

  before(async () => {
    // Every update stays InProgress for 300 ms, so lx must wait before and after its writes.
    sandbox = await startSandbox({seed: accountWithAFullFunction(), updateLagMs: 300, log: () => {}})
    home = freshLxHome()
  })
  after(async () => {
    await sandbox?.stop()
  })

  let initial: AccountState
  let attached: AccountState
  let report: any

  it('attaches the logging extension across the account: every eligible function has it, other layers in order, variables untouched', async () => {
    initial = await state(sandbox)
    const {code, stdout, stderr} = await lx(['layers', 'attach', LOG3, '--all', '--yes', '--json'])
    assert.equal(code, 0, stderr)
    report = JSON.parse(stdout)
    attached = await state(sandbox)
    const after = byName(attached)
    const skipped = new Map<string, string>(report.plan.skipped.map((s: any) => [s.target, s.reason]))
    let expectedChanges = 0
    for (const fn of initial.functions) {
      const now = after.get(fn.name)!
      assert.deepEqual(now.environment, fn.environment, `${fn.name}: variables untouched`)
      if (fn.packageType === 'Image') {
        assert.match(skipped.get(fn.name) ?? '', /container image/, `${fn.name} skipped as an image`)
        assert.deepEqual(now.layers, fn.layers)
        continue
      }

      const index = fn.layers.findIndex((arn) => layerOf(arn) === LOG)
      if (index < 0 && fn.layers.length >= 5) {
        assert.match(skipped.get(fn.name) ?? '', /already has 5 layers/, `${fn.name} skipped: a sixth layer`)
        assert.deepEqual(now.layers, fn.layers)
        continue
      }

      const expected = [...fn.layers]
      if (index >= 0) expected[index] = LOG3
      else expected.push(LOG3)
      assert.deepEqual(now.layers, expected, `${fn.name}: log shipper in place, other layers in order`)
      if (fn.layers[index] !== LOG3) expectedChanges++
    }

    assert.ok(skipped.has('fraud-scorer') && skipped.has('legacy-monolith'))
    assert.equal(report.summary.changed, expectedChanges)
    assert.equal(report.summary.failed, 0)
    assert.ok(report.summary.unchanged >= 3, 'functions that had log-shipper:3 already are unchanged')
    assert.equal(await writes(sandbox), expectedChanges, 'one write per changed function, nothing else')
    for (const fn of attached.functions) assert.equal(fn.lastUpdateStatus, 'Successful', `${fn.name} was waited for`)
  })

  it('running it again changes nothing', async () => {
    const {code, stdout, stderr} = await lx(['layers', 'attach', LOG3, '--all', '--yes', '--json'])
    assert.equal(code, 0, stderr)
    assert.equal(JSON.parse(stdout).summary.changed, 0)
    assert.deepEqual((await state(sandbox)).functions, attached.functions)
  })

  it('lx undo restores the exact previous layers and variables of every function', async () => {
    const {code, stderr} = await lx(['undo', '--yes'])
    assert.equal(code, 0, stderr)
    // Wait out the update lag of the last writes, then compare everything a user can see.
    await new Promise((resolve) => setTimeout(resolve, 400))
    const restored = await state(sandbox)
    assert.deepEqual(
      restored.functions.map((fn) => visible(fn)),
      initial.functions.map((fn) => visible(fn)),
    )
  })

  it('lists the layers per function in merge order', async () => {
    const {code, stdout, stderr} = await lx(['layers', 'list', '--json'])
    assert.equal(code, 0, stderr)
    const rows = JSON.parse(stdout).functions
    const checkout = rows.find((row: any) => row.functionName === 'checkout-api')
    assert.deepEqual(
      checkout.layers.map((l: any) => [l.layerArn, l.version]),
      [
        [LOG, 2],
        [POWERTOOLS, 3],
      ],
    )
    assert.equal(checkout.architecture, 'arm64')
    assert.ok(checkout.layers.every((l: any) => l.codeSize > 0))
    assert.equal(rows.find((row: any) => row.functionName === 'fraud-scorer').runtime, null)
  })

  it('an arm64-only layer: skipped on x86_64 and on runtimes it does not support (dry run, no write)', async () => {
    const before = await writes(sandbox)
    const {code, stdout, stderr} = await lx(['layers', 'attach', SHARP2, '--all', '--dry-run', '--json'])
    assert.equal(code, 0, stderr)
    const plan = JSON.parse(stdout).plan
    const skipped = new Map<string, string>(plan.skipped.map((s: any) => [s.target, s.reason]))
    assert.match(skipped.get('catalog-api')!, /architecture x86_64 is not among sharp-arm64:2's compatible architectures \(arm64\)/)
    assert.match(skipped.get('notifications-fanout')!, /runtime python3.13 is not among/)
    assert.match(skipped.get('fraud-scorer')!, /container image/)
    assert.ok(
      plan.unchanged.some((u: any) => u.target === 'image-resizer'),
      'already has sharp-arm64:2',
    )
    assert.ok(
      plan.changes.some((c: any) => c.target === 'checkout-api'),
      'arm64 + nodejs20.x is eligible',
    )
    assert.equal(await writes(sandbox), before, 'a dry run sends no write')
  })

  it('detaches a layer (any version), keeping the other layers in order', async () => {
    const {code, stdout, stderr} = await lx(['layers', 'detach', POWERTOOLS, 'checkout-api', 'orders-api', 'email-sender', '--yes', '--json'])
    assert.equal(code, 0, stderr)
    const summary = JSON.parse(stdout).summary
    assert.deepEqual([summary.changed, summary.unchanged], [2, 1])
    const now = byName(await state(sandbox))
    assert.deepEqual(now.get('checkout-api')!.layers, [`${LOG}:2`])
    assert.deepEqual(now.get('orders-api')!.layers, [`${LOG}:3`])
    assert.deepEqual(now.get('checkout-api')!.environment, byName(initial).get('checkout-api')!.environment)
  })

  it('extensions attach with AWS_LAMBDA_EXEC_WRAPPER keeps every other variable, never prints a value, and undoes exactly', async () => {
    const acme = `${layerArn('acme-apm-extension', '111122223333')}:2`
    // geo-lookup has no variables at all: undo must leave it with none again.
    const targets = ['checkout-api', 'payments-webhook', 'geo-lookup']
    const attachArgs = [
      'extensions',
      'attach',
      acme,
      ...targets,
      '--env',
      'AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper',
      '--env',
      'ACME_API_KEY=acme-secret-123',
      '--yes',
    ]
    const was = byName(await state(sandbox))
    const {code, stdout, stderr} = await lx(attachArgs)
    assert.equal(code, 0, stderr)
    assert.match(stdout, /attach acme-apm-extension:2 with AWS_LAMBDA_EXEC_WRAPPER=\*\*\*\*, ACME_API_KEY=\*\*\*\*/)
    assert.match(stdout, /checkout-api\s+layers log-shipper-extension:2; env LOG_LEVEL=\*\*\*\*, ORDERS_TABLE=\*\*\*\*, STRIPE_API_KEY=\*\*\*\* → /)
    assert.doesNotMatch(stdout + stderr, /\/opt\/wrapper|acme-secret-123|sk_test_sandbox|whsec_sandbox/)
    assert.doesNotMatch(stderr, /MaxListenersExceeded/)
    const now = byName(await state(sandbox))
    for (const name of targets) {
      assert.deepEqual(now.get(name)!.environment, {...was.get(name)!.environment, AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper', ACME_API_KEY: 'acme-secret-123'})
      assert.deepEqual(now.get(name)!.layers, [...was.get(name)!.layers, acme])
    }

    const undone = await lx(['undo', '--yes'])
    assert.equal(undone.code, 0, undone.stderr)
    const restored = byName(await state(sandbox))
    for (const name of targets) assert.deepEqual(visible(restored.get(name)!), visible(was.get(name)!), `${name} restored exactly`)
    assert.deepEqual(restored.get('geo-lookup')!.environment, {})

    // Attached again, then detached: the layer and the named variables go, everything else stays.
    assert.equal((await lx(attachArgs)).code, 0)
    const detached = await lx(['extensions', 'detach', layerOf(acme), ...targets, '--env', 'AWS_LAMBDA_EXEC_WRAPPER', '--env', 'ACME_API_KEY', '--yes'])
    assert.equal(detached.code, 0, detached.stderr)
    const after = byName(await state(sandbox))
    for (const name of targets) {
      assert.deepEqual(after.get(name)!.environment, was.get(name)!.environment)
      assert.deepEqual(after.get(name)!.layers, was.get(name)!.layers)
    }
  })

  it('bad input exits 2 with a one-line reason and sends no write', async () => {
    const before = await writes(sandbox)
    const cases: Array<[string[], RegExp]> = [
      [['layers', 'attach', 'log-shipper-extension:3', '--all', '--yes'], /is not a layer version ARN/],
      [['layers', 'attach', `${LOG}:99`, '--all', '--yes'], /log-shipper-extension:99 does not exist/],
      [['layers', 'attach', LOG3.replace('us-east-1', 'eu-west-1'), '--all', '--yes'], /is in eu-west-1, but lx is working in us-east-1/],
      [['extensions', 'attach', LOG3, '--all', '--yes', '--env', 'AWS_LAMBDA_FUNCTION_NAME=x'], /reserved/],
      [['layers', 'attach', LOG3, '--yes'], /Say which functions to change/],
    ]
    for (const [args, message] of cases) {
      const {code, stderr} = await lx(args)
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`)
      assert.match(stderr, message)
    }

    assert.equal(await writes(sandbox), before)
  })
})
