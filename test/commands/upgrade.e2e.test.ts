// End to end: the layer lifecycle with the built CLI against the sandbox. Functions sit on versions
// 1, 2 and 3 of a layer and version 4 exists: list shows the drift, upgrade moves the eligible
// functions to 4, undo restores them exactly; --publish --alias moves each alias and undo moves
// it back. Needs `npm run build`.
import assert from 'node:assert/strict'

import type {AccountDescription} from '../../src/sandbox/seed.js'
import {type AccountState, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {ACCOUNT, layerVersionArn as layer} from '../helpers/aws-ids.js'

const VENDOR = '111122223333'
const LOG = `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:log-shipper`
const BOTH = ['x86_64', 'arm64'] as const

function seed(): AccountDescription {
  return {
    layers: [
      {
        name: 'log-shipper',
        versions: [
          {compatibleArchitectures: [...BOTH]},
          {compatibleArchitectures: [...BOTH]},
          {compatibleArchitectures: [...BOTH]},
          // Version 4 drops arm64 and is for Node.js and Python only.
          {compatibleArchitectures: ['x86_64'], compatibleRuntimes: ['nodejs20.x', 'python3.12']},
        ],
      },
      {name: 'utils', versions: [{}, {}]},
      {name: 'apm', accountId: VENDOR, versions: [{}, {}, {}]},
    ],
    functions: [
      {
        name: 'on-v1',
        runtime: 'nodejs20.x',
        layers: [layer('utils', 1), layer('log-shipper', 1), layer('apm', 1, VENDOR)],
        versions: 2,
        aliases: [{name: 'live', version: '2'}],
        provisioned: [{qualifier: 'live', requested: 5}],
      },
      {
        name: 'on-v2',
        runtime: 'nodejs20.x',
        layers: [layer('log-shipper', 2)],
        versions: 1,
        versionLayers: {1: [layer('log-shipper', 1)]},
        aliases: [{name: 'live', version: '1'}],
        environment: {LOG_LEVEL: 'info'},
      },
      {name: 'on-v3', runtime: 'python3.12', layers: [layer('log-shipper', 3)], versions: 1, aliases: [{name: 'live', version: '1'}]},
      {name: 'on-v4', runtime: 'nodejs20.x', layers: [layer('log-shipper', 4)]},
      {name: 'arm-v2', runtime: 'nodejs20.x', architectures: ['arm64'], layers: [layer('log-shipper', 2)]},
      {name: 'java-v1', runtime: 'java21', layers: [layer('log-shipper', 1)]},
      {name: 'plain', runtime: 'nodejs20.x'},
    ],
  } as AccountDescription
}

async function state(sandbox: Sandbox): Promise<AccountState> {
  return (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as AccountState
}

async function writeCalls(sandbox: Sandbox): Promise<number> {
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {operations: Record<string, number>}
  const ops = stats.operations
  return ['UpdateFunctionConfiguration', 'PublishVersion', 'UpdateAlias'].reduce((sum, op) => sum + (ops[`lambda:${op}`] ?? 0), 0)
}

/** Layers, environment and aliases per function: what undo must restore exactly. */
function shape(snapshot: AccountState) {
  return snapshot.functions.map((fn) => ({name: fn.name, layers: fn.layers, environment: fn.environment, aliases: fn.aliases}))
}

describe('lx layers upgrade: the layer lifecycle (built CLI, sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home, LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}})

  beforeEach(async () => {
    sandbox = await startSandbox({seed: seed(), updateLagMs: 200, provisionLagMs: 600, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox.stop()
  })

  it('layers list shows the drift per layer, the functions behind and the aliases behind', async () => {
    const {code, stdout, stderr} = await lx(['layers', 'list', '--json'])
    assert.equal(code, 0, stderr)
    const listing = JSON.parse(stdout)
    const log = listing.layers.find((item: any) => item.layerArn === LOG)
    assert.deepEqual(log.inUse, [
      {version: 4, functions: 1},
      {version: 3, functions: 1},
      {version: 2, functions: 2},
      {version: 1, functions: 2},
    ])
    assert.equal(log.newest, 4)
    assert.equal(log.newestSource, 'listed')
    assert.equal(log.functionsBehind, 5)
    const apm = listing.layers.find((item: any) => item.layerName === 'apm')
    assert.equal(apm.owner, VENDOR)
    assert.equal(apm.newest, 3, "another account's layer: found by probing upward")
    assert.equal(apm.newestSource, 'probed')
    const onV2 = listing.functions.find((fn: any) => fn.functionName === 'on-v2')
    assert.deepEqual(onV2.aliasesBehind, [{alias: 'live', functionVersion: '1', runs: layer('log-shipper', 1), latest: layer('log-shipper', 2)}])

    const text = await lx(['layers', 'list', '--outdated'])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /log-shipper: v4 ×1, v3 ×1, v2 ×2, v1 ×2 {2}\(newest: v4; 5 behind\)/)
    assert.match(text.stdout, /on-v2: live → version 1 still runs log-shipper:1 \(\$LATEST: log-shipper:2\)/)
    assert.doesNotMatch(text.stdout, /^on-v4\s/m, '--outdated leaves out functions on the newest version')
    assert.doesNotMatch(text.stdout, /^plain\s/m)
  })

  it('upgrade moves every eligible function to 4 in place, skips incompatible ones with reasons, leaves 4 unchanged; undo restores exactly', async () => {
    const initial = await state(sandbox)
    const {code, stdout, stderr} = await lx(['layers', 'upgrade', 'log-shipper', '--all', '--yes', '--json'])
    assert.equal(code, 0, stderr)
    const report = JSON.parse(stdout)
    const status = new Map(report.results.map((result: any) => [result.label, result.status]))
    assert.deepEqual(Object.fromEntries(status), {
      'on-v1': 'changed',
      'on-v2': 'changed',
      'on-v3': 'changed',
      'on-v4': 'unchanged',
      'arm-v2': 'skipped',
      'java-v1': 'skipped',
    })
    const reasons = new Map(report.plan.skipped.map((item: any) => [item.target, item.reason]))
    assert.match(reasons.get('arm-v2') as string, /architecture arm64 is not among log-shipper:4's compatible architectures/)
    assert.match(reasons.get('java-v1') as string, /runtime java21 is not among/)
    assert.ok(report.plan.notes.some((note: string) => /aliases and published versions of 3 functions keep serving the old log-shipper/.test(note)))

    const after = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    assert.deepEqual(after.get('on-v1')!.layers, [layer('utils', 1), layer('log-shipper', 4), layer('apm', 1, VENDOR)], 'in place, others kept in order')
    assert.deepEqual(after.get('on-v2')!.environment, {LOG_LEVEL: 'info'})
    assert.deepEqual(after.get('on-v1')!.aliases, [{name: 'live', functionVersion: '2'}], 'aliases untouched without --publish')

    const again = await lx(['layers', 'upgrade', 'log-shipper', '--all', '--yes', '--json'])
    assert.equal(JSON.parse(again.stdout).summary.changed, 0, 'a second run changes nothing')

    const undo = await lx(['undo', report.journalId, '--yes'])
    assert.equal(undo.code, 0, undo.stderr)
    assert.deepEqual(shape(await state(sandbox)), shape(initial))
  })

  it('--publish --alias live moves each alias to a new version carrying 4 (PC allocated anew, READY), and undo moves the aliases back', async () => {
    const initial = await state(sandbox)
    sandbox.resetStats()
    const {code, stdout, stderr} = await lx(['layers', 'upgrade', LOG, '--to', '4', '--all', '--publish', '--alias', 'live', '--yes'])
    assert.equal(code, 0, stderr)
    const calls = sandbox.stats()
    assert.match(
      stdout,
      /on-v1:live\s+version 2 \(utils:1, log-shipper:1, apm:1\) → a new version \(utils:1, log-shipper:4, apm:1\); provisioned 5 allocated anew/,
    )
    assert.match(stdout, /AWS allocates it anew .* lx waits for READY on on-v1:live \(5\)/)
    assert.match(stdout, /skipped\s+on-v4:live: has no alias live/)

    const moved = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    assert.deepEqual(moved.get('on-v1')!.aliases, [{name: 'live', functionVersion: '3'}])
    assert.deepEqual(moved.get('on-v2')!.aliases, [{name: 'live', functionVersion: '2'}])
    assert.deepEqual(
      moved.get('on-v1')!.provisioned.map((pc) => pc.status),
      ['READY'],
      'lx waited for READY on the new version',
    )
    const listed = JSON.parse((await lx(['layers', 'list', '--json'])).stdout)
    assert.ok(
      listed.functions.every((fn: any) => fn.aliasesBehind.length === 0),
      'no alias serves an older layer any more',
    )

    // Each alias that moved was read once (for the plan; its step started from that read), and
    // an alias that already serves the target costs no GetAlias nor a provisioned-concurrency read.
    assert.equal(calls.operations['lambda:GetAlias'], 3, 'on-v1, on-v2, on-v3: read once each')
    sandbox.resetStats()
    const again = await lx(['layers', 'upgrade', LOG, '--all', '--publish', '--alias', 'live', '--yes', '--json'])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(JSON.parse(again.stdout).summary.changed, 0)
    const second = sandbox.stats().operations
    assert.equal(second['lambda:GetAlias'] ?? 0, 0)
    assert.equal(second['lambda:GetProvisionedConcurrencyConfig'] ?? 0, 0)
    assert.equal(await writeCalls(sandbox), 0)

    // A run that changes nothing journals nothing: undo takes back the first run.
    const undo = await lx(['undo', '--yes'])
    assert.equal(undo.code, 0, undo.stderr)
    assert.match(
      undo.stdout,
      /on-v1:live\s+version 3 \(utils:1, log-shipper:4, apm:1\) → version 2 \(utils:1, log-shipper:1, apm:1\); version 3 stays published/,
    )
    const restored = await state(sandbox)
    assert.deepEqual(shape(restored), shape(initial))
    assert.deepEqual(restored.functions.find((fn) => fn.name === 'on-v1')!.versions, ['1', '2', '3'], 'the published version stays')
  })

  it('an alias that already serves the target is left as is, canary or not: lx refuses only a weighted alias it would move', async () => {
    // on-v4 (already on log-shipper:4) gets two published versions, both carrying 4, and a `live`
    // alias on the second with 10 % on the first.
    const {CreateAliasCommand, LambdaClient, PublishVersionCommand, UpdateFunctionConfigurationCommand} = await import('@aws-sdk/client-lambda')
    const client = new LambdaClient({endpoint: sandbox.url, region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'x'}})
    await client.send(new PublishVersionCommand({FunctionName: 'on-v4'}))
    await client.send(new UpdateFunctionConfigurationCommand({FunctionName: 'on-v4', Environment: {Variables: {STAGE: 'two'}}}))
    sandbox.clock.advance(1000)
    await client.send(new PublishVersionCommand({FunctionName: 'on-v4'}))
    await client.send(new CreateAliasCommand({FunctionName: 'on-v4', Name: 'live', FunctionVersion: '2', RoutingConfig: {AdditionalVersionWeights: {1: 0.1}}}))
    sandbox.resetStats()
    const {code, stdout, stderr} = await lx(['layers', 'upgrade', 'log-shipper', 'on-v4', '--publish', '--alias', 'live', '--yes', '--json'])
    assert.equal(code, 0, stderr)
    const report = JSON.parse(stdout)
    assert.deepEqual(
      report.results.map((result: any) => [result.label, result.status, result.reason]),
      [
        ['on-v4', 'unchanged', 'already on log-shipper:4'],
        ['on-v4:live', 'unchanged', 'live → version 2 already runs log-shipper:4'],
      ],
    )
    assert.equal(sandbox.stats().operations['lambda:GetAlias'] ?? 0, 0, 'the version it serves was enough to know it stays')
  })

  it('extensions upgrade sets the variables on the functions that move', async () => {
    const {code, stderr} = await lx(['extensions', 'upgrade', 'log-shipper', 'on-v2', 'on-v3', '--env', 'SHIPPER_FORMAT=json', '--yes'])
    assert.equal(code, 0, stderr)
    const after = new Map((await state(sandbox)).functions.map((fn) => [fn.name, fn]))
    assert.deepEqual(after.get('on-v2')!.environment, {LOG_LEVEL: 'info', SHIPPER_FORMAT: 'json'})
    assert.deepEqual(after.get('on-v2')!.layers, [layer('log-shipper', 4)])
  })

  describe('bad input: exit 2, a clear message, no write sent', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['a layer that does not exist', ['layers', 'upgrade', 'no-such-layer', '--all', '--yes'], /No layer named no-such-layer/],
      [
        '--to a version that does not exist',
        ['layers', 'upgrade', 'log-shipper', '--to', '9', '--all', '--yes'],
        /log-shipper has no version 9 \(the newest is 4\)/,
      ],
      ['a version ARN that does not exist', ['layers', 'upgrade', `${LOG}:9`, '--all', '--yes'], /log-shipper has no version 9/],
      ["another account's version that does not exist", ['layers', 'upgrade', layer('apm', 7, VENDOR), '--all', '--yes'], /apm has no version 7/],
      ['--alias without --publish', ['layers', 'upgrade', 'log-shipper', '--all', '--alias', 'live', '--yes'], /--alias needs --publish/],
      ['--publish without --alias', ['layers', 'upgrade', 'log-shipper', '--all', '--publish', '--yes'], /--publish needs --alias NAME/],
      ['--to 0', ['layers', 'upgrade', 'log-shipper', '--to', '0', '--all', '--yes'], /greater than or equal to 1|--to/],
      ['--to and a different ARN version', ['layers', 'upgrade', `${LOG}:3`, '--to', '4', '--all', '--yes'], /names version 3, but --to says 4/],
      ['a qualifier', ['layers', 'upgrade', 'log-shipper', 'on-v1:live', '--yes'], /upgraded on a function's \$LATEST/],
      ['no selection', ['layers', 'upgrade', 'log-shipper', '--yes'], /./],
      ['a reserved variable', ['extensions', 'upgrade', 'log-shipper', '--all', '--env', 'AWS_REGION=x', '--yes'], /reserved by the Lambda runtime/],
      ['a variable without a value', ['extensions', 'upgrade', 'log-shipper', '--all', '--env', 'NOPE', '--yes'], /is not KEY=VALUE/],
    ]
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const {code, stderr} = await lx(args)
        assert.equal(code, 2, stderr)
        assert.match(stderr, message)
        assert.equal(await writeCalls(sandbox), 0)
      })
    }

    it('an alias with weighted routing', async () => {
      // Make on-v3's live a canary first (through the sandbox API, as a colleague would).
      const {LambdaClient, PublishVersionCommand, UpdateAliasCommand} = await import('@aws-sdk/client-lambda')
      const client = new LambdaClient({endpoint: sandbox.url, region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'x'}})
      await client.send(new PublishVersionCommand({FunctionName: 'on-v3', Description: 'canary'}))
      await client.send(
        new UpdateAliasCommand({FunctionName: 'on-v3', Name: 'live', RoutingConfig: {AdditionalVersionWeights: {1: 0.1}}, FunctionVersion: '1'}),
      )
      const writesBefore = await writeCalls(sandbox)
      const {code, stderr} = await lx(['layers', 'upgrade', 'log-shipper', '--all', '--publish', '--alias', 'live', '--yes'])
      assert.equal(code, 2, stderr)
      assert.match(stderr, /Alias live has weighted routing on 1 function: on-v3:live \(10% on v1\)/)
      assert.equal(await writeCalls(sandbox), writesBefore)
    })
  })
})

describe('lx layers upgrade --publish --alias across two regions (built CLI, sandbox)', function () {
  this.timeout(180_000)
  const REGIONS = ['us-east-1', 'eu-west-1']
  let sandbox: Sandbox
  let home: string

  beforeEach(async () => {
    sandbox = await startSandbox({seed: seed(), regions: REGIONS, updateLagMs: 200, provisionLagMs: 600, log: () => {}})
    home = freshLxHome()
  })
  afterEach(async () => {
    await sandbox.stop()
  })

  it('moves the aliases in each account-region, reading each alias once (the plan read is carried into its step in each place)', async () => {
    const {code, stderr} = await runCli(
      [
        'layers',
        'upgrade',
        'log-shipper',
        '--all',
        '--region',
        REGIONS.join(','),
        '--publish',
        '--alias',
        'live',
        '--yes',
        '--json',
        '--endpoint-url',
        sandbox.url,
      ],
      {env: {LX_HOME: home, LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}},
    )
    assert.equal(code, 0, stderr)
    const {byAccountRegion} = sandbox.stats()
    for (const region of REGIONS) {
      const live = new Map(
        sandbox.state(undefined, {region}).functions.map((fn) => [fn.name, fn.aliases.find((alias) => alias.name === 'live')?.functionVersion]),
      )
      assert.deepEqual([live.get('on-v1'), live.get('on-v2'), live.get('on-v3')], ['3', '2', '2'], region)
      assert.equal(byAccountRegion[`${ACCOUNT}/${region}`].operations['lambda:GetAlias'], 3, `${region}: on-v1, on-v2, on-v3 read once each`)
    }
  })
})
