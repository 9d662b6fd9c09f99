// The write sequence of `lx layers` / `lx extensions` at the HTTP level: what is read, what is sent,
// in which order, and how conflicts, stale revisions and throttling are handled.
import assert from 'node:assert/strict'

import nock from 'nock'

import {readJournal} from '../../src/apply/journal.js'
import {ACCOUNT, fnConfig, lambda, lambdaError, REGION} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {scratchDir} from '../helpers/scratch-dir.js'
import {layerVersionArn as layer} from '../helpers/aws-ids.js'

const LOG3 = layer('log-shipper-extension', 3)
const FN_PATH = (name: string) => `/2015-03-31/functions/${name}`
const CONFIG_PATH = (name: string) => `/2015-03-31/functions/${name}/configuration`

function withLayers(name: string, layers: string[], extra: Record<string, unknown> = {}) {
  return fnConfig(name, {Layers: layers.map((arn) => ({Arn: arn, CodeSize: 1000})), ...extra})
}

/** GetLayerVersionByArn for LOG3: declares no runtimes (an extension), both architectures. */
function layerVersion(arn = LOG3, extra: Record<string, unknown> = {}) {
  return lambda()
    .get('/2018-10-31/layers')
    .query({find: 'LayerVersion', Arn: arn})
    .reply(200, {LayerVersionArn: arn, Version: Number(arn.split(':').pop()), CompatibleArchitectures: ['x86_64', 'arm64'], ...extra})
}

/** A PUT that must never be sent; `isDone()` tells whether it was. */
function forbiddenWrite(name = 'checkout-api') {
  return lambda().put(CONFIG_PATH(name)).reply(500, {})
}

describe('lx layers / extensions: the write sequence', () => {
  let home: string
  const saved: Record<string, string | undefined> = {}
  beforeEach(() => {
    home = scratchDir('lx-layers-')
    for (const key of ['LX_HOME', 'LX_POLL_MS', 'LX_STEP_BACKOFF_MS']) saved[key] = process.env[key]
    process.env.LX_HOME = home
    process.env.LX_POLL_MS = '5'
    process.env.LX_STEP_BACKOFF_MS = '5'
  })
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  /** What the journal says each run changed (write-ahead records folded per write). */
  function journalChanges(): Array<{before: any; after: any}> {
    return readJournal(home).flatMap((entry) => entry.changes) as Array<{before: any; after: any}>
  }

  it('waits while an earlier update is InProgress, writes the merged layers with the fresh RevisionId, then polls until Successful', async () => {
    const before = [layer('powertools-node', 3), layer('log-shipper-extension', 2), layer('auth-helpers', 1)]
    const after = [layer('powertools-node', 3), LOG3, layer('auth-helpers', 1)]
    layerVersion()
    const scope = lambda()
      // Selection (a named function): one GetFunction.
      .get(FN_PATH('checkout-api'))
      .reply(200, {Configuration: withLayers('checkout-api', before, {Environment: {Variables: {LOG_LEVEL: 'info'}}})})
      // The engine's fresh read: an earlier update still running…
      .get(FN_PATH('checkout-api'))
      .reply(200, {
        Configuration: withLayers('checkout-api', before, {LastUpdateStatus: 'InProgress', RevisionId: 'rev-1', Environment: {Variables: {LOG_LEVEL: 'info'}}}),
      })
      // …until it is done (it changed the revision).
      .get(FN_PATH('checkout-api'))
      .reply(200, {
        Configuration: withLayers('checkout-api', before, {LastUpdateStatus: 'Successful', RevisionId: 'rev-2', Environment: {Variables: {LOG_LEVEL: 'info'}}}),
      })
      .put(CONFIG_PATH('checkout-api'), (body) => {
        // Layers in place, no Environment member (layers-only change), the revision just read.
        assert.deepEqual(body, {Layers: after, RevisionId: 'rev-2'})
        return true
      })
      .reply(200, withLayers('checkout-api', after, {LastUpdateStatus: 'InProgress', RevisionId: 'rev-3'}))
      .get(FN_PATH('checkout-api'))
      .reply(200, {
        Configuration: withLayers('checkout-api', after, {LastUpdateStatus: 'InProgress', RevisionId: 'rev-3', Environment: {Variables: {LOG_LEVEL: 'info'}}}),
      })
      .get(FN_PATH('checkout-api'))
      .reply(200, {
        Configuration: withLayers('checkout-api', after, {LastUpdateStatus: 'Successful', RevisionId: 'rev-3', Environment: {Variables: {LOG_LEVEL: 'info'}}}),
      })

    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'checkout-api', '--json'])
    assert.equal(exitCode, 0)
    const report = json(stdout)
    assert.deepEqual(report.summary, {changed: 1, unverified: 0, unchanged: 0, skipped: 0, conflict: 0, failed: 0, notRun: 0})
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
    const [change] = journalChanges()
    assert.deepEqual(change.before, {layers: before, environment: {LOG_LEVEL: 'info'}, revisionId: 'rev-2'})
    assert.deepEqual(change.after, {layers: after, environment: {LOG_LEVEL: 'info'}, revisionId: 'rev-3'})
  })

  it('extensions attach sends the merged Environment (every other variable kept) and masks values in the plan and --json', async () => {
    const env = {LOG_LEVEL: 'info', STRIPE_API_KEY: 'sk_live_secret'}
    const merged = {...env, AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper', SHIPPER_TOKEN: 'tok_secret'}
    for (const mode of ['human', 'json'] as const) {
      layerVersion()
      const scope = lambda()
        .get(FN_PATH('checkout-api'))
        .times(2)
        .reply(200, {Configuration: withLayers('checkout-api', [], {Environment: {Variables: env}, RevisionId: 'rev-1'})})
        .put(CONFIG_PATH('checkout-api'), (body) => {
          assert.deepEqual(body, {Layers: [LOG3], RevisionId: 'rev-1', Environment: {Variables: merged}})
          return true
        })
        .reply(200, withLayers('checkout-api', [LOG3], {Environment: {Variables: merged}, LastUpdateStatus: 'InProgress', RevisionId: 'rev-2'}))
        .get(FN_PATH('checkout-api'))
        .reply(200, {
          Configuration: withLayers('checkout-api', [LOG3], {Environment: {Variables: merged}, LastUpdateStatus: 'Successful', RevisionId: 'rev-2'}),
        })

      const {stdout, stderr, exitCode} = await runLx([
        'extensions',
        'attach',
        LOG3,
        'checkout-api',
        '--env',
        'AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper',
        '-e',
        'SHIPPER_TOKEN=tok_secret',
        ...(mode === 'json' ? ['--json'] : []),
      ])
      assert.equal(exitCode, 0, stderr)
      assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
      assert.doesNotMatch(stdout + stderr, /sk_live_secret|tok_secret|\/opt\/wrapper/, 'no value is ever printed')
      if (mode === 'human') {
        assert.match(stdout, /attach log-shipper-extension:3 with AWS_LAMBDA_EXEC_WRAPPER=\*\*\*\*, SHIPPER_TOKEN=\*\*\*\*/)
        assert.match(
          stdout,
          /checkout-api\s+no layers; env LOG_LEVEL=\*\*\*\*, STRIPE_API_KEY=\*\*\*\* → layers log-shipper-extension:3; env LOG_LEVEL=\*\*\*\*, STRIPE_API_KEY=\*\*\*\*, AWS_LAMBDA_EXEC_WRAPPER=\*\*\*\*, SHIPPER_TOKEN=\*\*\*\*/,
        )
      } else {
        const report = json(stdout)
        assert.deepEqual(report.plan.changes[0].after.environment, {
          LOG_LEVEL: '****',
          STRIPE_API_KEY: '****',
          AWS_LAMBDA_EXEC_WRAPPER: '****',
          SHIPPER_TOKEN: '****',
        })
      }
    }

    // The journal keeps the exact values: `lx undo` must restore them.
    assert.deepEqual(journalChanges()[0].before.environment, env)
  })

  it("a colleague's edit that lands between lx's update and its verification is not journaled as lx's, and survives undo", async () => {
    const hotfix = layer('hotfix', 1)
    layerVersion()
    const scope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('orders-api', [layer('a', 1)], {RevisionId: 'rev-1', Environment: {Variables: {K: 'v'}}})})
      .put(CONFIG_PATH('orders-api'), (body) => body.RevisionId === 'rev-1')
      .reply(200, withLayers('orders-api', [layer('a', 1), LOG3], {LastUpdateStatus: 'InProgress', RevisionId: 'rev-2', Environment: {Variables: {K: 'v'}}}))
      // By the time lx looks again, somebody added a layer and a variable.
      .get(FN_PATH('orders-api'))
      .reply(200, {
        Configuration: withLayers('orders-api', [layer('a', 1), LOG3, hotfix], {
          LastUpdateStatus: 'Successful',
          RevisionId: 'rev-3',
          Environment: {Variables: {K: 'v', HOTFIX: 'on'}},
        }),
      })
    const attach = await runLx(['layers', 'attach', LOG3, 'orders-api', '--json'])
    assert.equal(attach.exitCode, 0, attach.stderr)
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
    assert.deepEqual(journalChanges()[0].after, {layers: [layer('a', 1), LOG3], environment: {K: 'v'}, revisionId: 'rev-2'})

    // Undo reads the live state and takes away only what lx added, with the live revision.
    const live = withLayers('orders-api', [layer('a', 1), LOG3, hotfix], {
      LastUpdateStatus: 'Successful',
      RevisionId: 'rev-3',
      Environment: {Variables: {K: 'v', HOTFIX: 'on'}},
    })
    const undoScope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: live})
      .put(CONFIG_PATH('orders-api'), (body) => {
        assert.deepEqual(body, {Layers: [layer('a', 1), hotfix], RevisionId: 'rev-3'})
        return true
      })
      .reply(
        200,
        withLayers('orders-api', [layer('a', 1), hotfix], {
          LastUpdateStatus: 'Successful',
          RevisionId: 'rev-4',
          Environment: {Variables: {K: 'v', HOTFIX: 'on'}},
        }),
      )
    const undo = await runLx(['undo', '--yes', '--json'])
    assert.equal(undo.exitCode, 0, undo.stderr)
    assert.ok(undoScope.isDone(), `pending: ${undoScope.pendingMocks().join(', ')}`)
    assert.deepEqual(
      json(undo.stdout).plan.changes[0].before.layers,
      [layer('a', 1), LOG3, hotfix],
      "the undo plan shows the live state, colleague's layer included",
    )
  })

  it('extensions detach removes the layer and only the named variables', async () => {
    const env = {LOG_LEVEL: 'info', AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}
    const scope = lambda()
      .get(FN_PATH('checkout-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('checkout-api', [layer('a', 1), LOG3, layer('b', 2)], {Environment: {Variables: env}})})
      .put(CONFIG_PATH('checkout-api'), (body) => {
        assert.deepEqual(body, {Layers: [layer('a', 1), layer('b', 2)], RevisionId: 'rev-checkout-api-1', Environment: {Variables: {LOG_LEVEL: 'info'}}})
        return true
      })
      .reply(200, withLayers('checkout-api', [layer('a', 1), layer('b', 2)], {Environment: {Variables: {LOG_LEVEL: 'info'}}, LastUpdateStatus: 'Successful'}))

    const {exitCode, stderr} = await runLx([
      'extensions',
      'detach',
      'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension',
      'checkout-api',
      '--env',
      'AWS_LAMBDA_EXEC_WRAPPER',
    ])
    assert.equal(exitCode, 0, stderr)
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
  })

  it('409 ResourceConflictException: backs off, reads again, writes again', async () => {
    layerVersion()
    const scope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('orders-api', [])})
      .put(CONFIG_PATH('orders-api'))
      .reply(
        ...lambdaError(409, 'ResourceConflictException', 'The operation cannot be performed at this time. An update is in progress for resource: orders-api'),
      )
      .get(FN_PATH('orders-api'))
      .reply(200, {Configuration: withLayers('orders-api', [], {RevisionId: 'rev-9'})})
      .put(CONFIG_PATH('orders-api'), (body) => body.RevisionId === 'rev-9' && body.Layers.length === 1)
      .reply(200, withLayers('orders-api', [LOG3], {LastUpdateStatus: 'Successful', RevisionId: 'rev-10'}))

    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'orders-api', '--json'])
    assert.equal(exitCode, 0)
    assert.equal(json(stdout).summary.changed, 1)
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
  })

  it('412 PreconditionFailed: re-reads and re-plans, keeping the layer the other party added meanwhile', async () => {
    const theirs = layer('their-new-layer', 1)
    layerVersion()
    const scope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('orders-api', [layer('a', 1)], {RevisionId: 'rev-1', Environment: {Variables: {K: 'v'}}})})
      .put(CONFIG_PATH('orders-api'), (body) => body.RevisionId === 'rev-1')
      .reply(...lambdaError(412, 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id.'))
      // Somebody added a layer and a variable between our read and our write.
      .get(FN_PATH('orders-api'))
      .reply(200, {Configuration: withLayers('orders-api', [layer('a', 1), theirs], {RevisionId: 'rev-2', Environment: {Variables: {K: 'v', THEIRS: 'x'}}})})
      .put(CONFIG_PATH('orders-api'), (body) => {
        assert.deepEqual(body, {Layers: [layer('a', 1), theirs, LOG3], RevisionId: 'rev-2'})
        return true
      })
      .reply(200, withLayers('orders-api', [layer('a', 1), theirs, LOG3], {LastUpdateStatus: 'InProgress', RevisionId: 'rev-3'}))
      .get(FN_PATH('orders-api'))
      .reply(200, {
        Configuration: withLayers('orders-api', [layer('a', 1), theirs, LOG3], {
          LastUpdateStatus: 'Successful',
          RevisionId: 'rev-3',
          Environment: {Variables: {K: 'v', THEIRS: 'x'}},
        }),
      })

    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'orders-api', '--json'])
    assert.equal(exitCode, 0)
    const report = json(stdout)
    assert.equal(report.summary.changed, 1)
    assert.deepEqual(report.results[0].after.layers, [layer('a', 1), theirs, LOG3])
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
    // The journal's before is the state the write replaced, not the stale plan.
    assert.deepEqual(journalChanges()[0].before.layers, [layer('a', 1), theirs])
  })

  it('429 on the write beyond the SDK retries: the step is retried from a fresh read', async () => {
    layerVersion()
    const scope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('orders-api', [])})
      .put(CONFIG_PATH('orders-api'))
      .times(6)
      .reply(...lambdaError(429, 'TooManyRequestsException', 'Rate exceeded', {'Retry-After': '0'}))
      .get(FN_PATH('orders-api'))
      .reply(200, {Configuration: withLayers('orders-api', [])})
      .put(CONFIG_PATH('orders-api'))
      .reply(200, withLayers('orders-api', [LOG3], {LastUpdateStatus: 'Successful'}))

    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'orders-api', '--json'])
    assert.equal(exitCode, 0)
    assert.equal(json(stdout).summary.changed, 1)
    assert.ok(scope.isDone(), `pending: ${scope.pendingMocks().join(', ')}`)
  })

  it('an update that ends Failed is reported as changed, not verified (exit 1), and journaled with the state lx wrote', async () => {
    layerVersion()
    const scope = lambda()
      .get(FN_PATH('orders-api'))
      .times(2)
      .reply(200, {Configuration: withLayers('orders-api', [])})
      .put(CONFIG_PATH('orders-api'))
      .reply(200, withLayers('orders-api', [LOG3], {LastUpdateStatus: 'InProgress', RevisionId: 'rev-2'}))
      .get(FN_PATH('orders-api'))
      .reply(200, {
        Configuration: withLayers('orders-api', [LOG3], {
          LastUpdateStatus: 'Failed',
          LastUpdateStatusReason: 'Layers consume more than the available size',
          LastUpdateStatusReasonCode: 'InvalidConfiguration',
          RevisionId: 'rev-2',
        }),
      })

    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'orders-api'])
    assert.equal(exitCode, 1)
    assert.match(stdout, /changed\s+orders-api: changed, not verified: update Failed: Layers consume more than the available size \(InvalidConfiguration\)/)
    assert.match(stdout, /Done: 1 changed \(1 not verified\)/)
    assert.ok(scope.isDone())
    assert.deepEqual(journalChanges()[0].after, {layers: [LOG3], environment: null, revisionId: 'rev-2'})
  })

  it('skips image, five-layer and incompatible functions; writes only the eligible; --yes needed for several', async () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((name) => layer(name, 1))
    const functions = [
      withLayers('arm-node', [], {Architectures: ['arm64']}),
      withLayers('x86-node', []),
      withLayers('arm-python', [], {Architectures: ['arm64'], Runtime: 'python3.12'}),
      fnConfig('container', {PackageType: 'Image', Runtime: undefined}),
      withLayers('full', five, {Architectures: ['arm64']}),
      withLayers('has-it', [layer('sharp-arm64', 2)], {Architectures: ['arm64']}),
      withLayers('old-version', [layer('x', 1), layer('sharp-arm64', 1)], {Architectures: ['arm64']}),
    ]
    const sharp = layer('sharp-arm64', 2)
    const listing = () => lambda().get('/2015-03-31/functions').query({MaxItems: '50'}).reply(200, {Functions: functions})

    // Without --yes and without a TTY: refused before any write.
    layerVersion(sharp, {CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'], CompatibleArchitectures: ['arm64']})
    listing()
    const refusedWrite = forbiddenWrite('arm-node')
    const refused = await runLx(['layers', 'attach', sharp, '--all'])
    assert.equal(refused.exitCode, 2)
    assert.match(refused.stderr, /Refusing to change 2 functions without confirmation/)
    assert.equal(refusedWrite.isDone(), false, 'no write was sent')
    nock.cleanAll()

    layerVersion(sharp, {CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'], CompatibleArchitectures: ['arm64']})
    listing()
    const writes = lambda()
    for (const [name, expected] of [
      ['arm-node', [sharp]],
      ['old-version', [layer('x', 1), sharp]],
    ] as const) {
      writes
        .get(FN_PATH(name))
        .reply(200, {Configuration: functions.find((f) => f.FunctionName === name)})
        .put(CONFIG_PATH(name), (body) => {
          assert.deepEqual(body.Layers, expected)
          return true
        })
        .reply(200, withLayers(name, [...expected], {LastUpdateStatus: 'Successful'}))
    }

    const {stdout, exitCode} = await runLx(['layers', 'attach', sharp, '--all', '--yes', '--json'])
    assert.equal(exitCode, 0)
    const report = json(stdout)
    assert.ok(writes.isDone(), `pending: ${writes.pendingMocks().join(', ')}`)
    const skipped = Object.fromEntries(report.plan.skipped.map((s: any) => [s.target, s.reason]))
    assert.match(skipped['x86-node'], /architecture x86_64 is not among sharp-arm64:2's compatible architectures \(arm64\)/)
    assert.match(skipped['arm-python'], /runtime python3.12 is not among/)
    assert.match(skipped.container, /container image/)
    assert.match(skipped.full, /already has 5 layers/)
    assert.deepEqual(
      report.plan.unchanged.map((u: any) => u.target),
      ['has-it'],
    )
    assert.deepEqual(report.summary, {changed: 2, unverified: 0, unchanged: 1, skipped: 4, conflict: 0, failed: 0, notRun: 0})
  })

  it('--dry-run prints the plan and sends no write', async () => {
    layerVersion()
    lambda()
      .get(FN_PATH('orders-api'))
      .reply(200, {Configuration: withLayers('orders-api', [layer('a', 1)])})
    const write = forbiddenWrite('orders-api')
    const {stdout, exitCode} = await runLx(['layers', 'attach', LOG3, 'orders-api', '--dry-run'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /Plan \(dry run, nothing will change\): attach log-shipper-extension:3 — 1 change/)
    assert.match(stdout, /orders-api\s+layers a:1 → layers a:1, log-shipper-extension:3$/m)
    assert.equal(write.isDone(), false)
  })

  describe('bad input: exit 2, one clear message, no write', () => {
    const cases: Array<{name: string; args: string[]; message: RegExp; setup?: () => void}> = [
      {
        name: 'a malformed layer version ARN',
        args: ['layers', 'attach', 'log-shipper:3', 'checkout-api'],
        message: /"log-shipper:3" is not a layer version ARN[\s\S]*arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION/,
      },
      {
        name: 'a layer ARN without the version on attach',
        args: ['layers', 'attach', 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension', 'checkout-api'],
        message: /is not a layer version ARN[\s\S]*the version is required/,
      },
      {name: 'a malformed layer ARN on detach', args: ['layers', 'detach', 'nope', 'checkout-api'], message: /"nope" is not a layer ARN/},
      {
        name: 'a layer in another region',
        args: ['layers', 'attach', 'arn:aws:lambda:eu-west-1:123456789012:layer:log-shipper-extension:3', 'checkout-api'],
        message: /is in eu-west-1, but lx is working in us-east-1/,
      },
      {name: 'no selection', args: ['layers', 'attach', LOG3], message: /Say which functions to change/},
      {name: 'names and --all together', args: ['layers', 'attach', LOG3, 'checkout-api', '--all'], message: /not both/},
      {name: 'a qualifier', args: ['layers', 'attach', LOG3, 'checkout-api:live'], message: /changed on a function's \$LATEST/},
      {name: 'a reserved variable', args: ['extensions', 'attach', LOG3, 'checkout-api', '--env', 'AWS_REGION=eu-west-1'], message: /AWS_REGION is reserved/},
      {
        name: 'a bad variable name',
        args: ['extensions', 'attach', LOG3, 'checkout-api', '--env', 'MY-VAR=1'],
        message: /not a valid environment variable name/,
      },
      {name: 'a variable without a value', args: ['extensions', 'attach', LOG3, 'checkout-api', '--env', 'FOO'], message: /is not KEY=VALUE/},
      {name: 'a value on detach', args: ['extensions', 'detach', LOG3, 'checkout-api', '--env', 'FOO=bar'], message: /names only/},
      {name: 'the missing ARN', args: ['layers', 'attach'], message: /Missing 1 required arg/},
      {
        name: 'a layer version that does not exist',
        args: ['layers', 'attach', layer('log-shipper-extension', 99), 'checkout-api'],
        message: /Layer version arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:99 does not exist; nothing was changed/,
        setup() {
          lambda()
            .get('/2018-10-31/layers')
            .query(true)
            .reply(404, {Type: 'User', Message: 'The resource you requested does not exist.'}, {'x-amzn-ErrorType': 'ResourceNotFoundException'})
          lambda()
            .get(FN_PATH('checkout-api'))
            .optionally()
            .reply(200, {Configuration: withLayers('checkout-api', [])})
        },
      },
    ]

    for (const testCase of cases) {
      it(testCase.name, async () => {
        testCase.setup?.()
        const write = forbiddenWrite()
        const {stderr, exitCode} = await runLx(testCase.args)
        assert.equal(exitCode, 2, stderr)
        assert.match(stderr, testCase.message)
        assert.ok(stderr.trim().split('\n').length <= 2, `one or two lines: ${stderr}`)
        assert.doesNotMatch(stderr, /eu-west-1=|bar\b|at .*\.js:\d+/)
        assert.equal(write.isDone(), false, 'no write was sent')
      })
    }
  })
})

describe('lx layers list', () => {
  /** ListLayerVersions, newest first, one item (what lx asks for this account's layers). */
  function newest(name: string, version: number) {
    return lambda()
      .get(`/2018-10-31/layers/${encodeURIComponent(layer(name, version).replace(/:\d+$/, ''))}/versions`)
      .query({MaxItems: '1'})
      .reply(200, {LayerVersions: [{LayerVersionArn: layer(name, version), Version: version}]})
  }

  it('lists each function with its layers in merge order, and per layer the drift (JSON contract)', async () => {
    lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {
        Functions: [
          withLayers('b-fn', [layer('powertools-node', 4), layer('log-shipper-extension', 3)], {Architectures: ['arm64']}),
          fnConfig('a-image', {PackageType: 'Image', Runtime: undefined}),
        ],
      })
    newest('powertools-node', 4)
    newest('log-shipper-extension', 5)
    const {stdout, exitCode} = await runLx(['layers', 'list', '--json', '--no-aliases'])
    assert.equal(exitCode, 0)
    const listing = json(stdout)
    // One account-region: each function says where it was read (the account from its ARN).
    assert.deepEqual(listing.functions, [
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'a-image',
        runtime: null,
        architecture: 'x86_64',
        packageType: 'Image',
        layers: [],
        behind: [],
        aliasesBehind: [],
      },
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'b-fn',
        runtime: 'nodejs20.x',
        architecture: 'arm64',
        packageType: 'Zip',
        layers: [
          {arn: layer('powertools-node', 4), layerArn: layer('powertools-node', 4).replace(/:4$/, ''), version: 4, codeSize: 1000},
          {arn: layer('log-shipper-extension', 3), layerArn: layer('log-shipper-extension', 3).replace(/:3$/, ''), version: 3, codeSize: 1000},
        ],
        behind: [layer('log-shipper-extension', 3)],
        aliasesBehind: [],
      },
    ])
    assert.deepEqual(
      listing.layers.map((item: any) => [item.layerName, item.inUse, item.newest, item.newestSource, item.functionsBehind]),
      [
        ['log-shipper-extension', [{version: 3, functions: 1}], 5, 'listed', 1],
        ['powertools-node', [{version: 4, functions: 1}], 4, 'listed', 0],
      ],
    )
    assert.deepEqual(listing.calls, {newestVersions: 2, aliases: 0})
    assert.equal(listing.aliasesRead, false)
  })

  it('prints a table and which versions of each layer are in use, the newest, and the aliases behind', async () => {
    lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {
        Functions: [
          withLayers('one', [layer('log-shipper-extension', 3)]),
          withLayers('two', [layer('powertools-node', 4), layer('log-shipper-extension', 2)]),
          fnConfig('three'),
        ],
      })
    newest('powertools-node', 4)
    newest('log-shipper-extension', 3)
    lambda()
      .get(`${FN_PATH('one')}/aliases`)
      .query(true)
      .reply(200, {Aliases: [{Name: 'live', FunctionVersion: '7'}]})
    lambda()
      .get(`${FN_PATH('two')}/aliases`)
      .query(true)
      .reply(200, {Aliases: []})
    lambda()
      .get(FN_PATH('one'))
      .query({Qualifier: '7'})
      .reply(200, {Configuration: withLayers('one', [layer('log-shipper-extension', 1)], {Version: '7'})})
    const {stdout, exitCode} = await runLx(['layers', 'list'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /FUNCTION\s+RUNTIME\s+ARCH\s+LAYERS \(merge order\)/)
    assert.match(stdout, /two\s+nodejs20.x\s+x86_64\s+powertools-node:4, log-shipper-extension:2\*/)
    assert.match(stdout, /three\s+nodejs20.x\s+x86_64\s+-/)
    assert.match(stdout, /3 functions, 2 with layers\./)
    assert.match(stdout, /log-shipper-extension: v3 ×1, v2 ×1 {2}\(newest: v3; 1 behind\)/)
    assert.match(stdout, /one: live → version 7 still runs log-shipper-extension:1 \(\$LATEST: log-shipper-extension:3\)/)
  })

  it("another account's layer: probes upward from the highest version in use, and says the newest may be incomplete", async () => {
    const vendor = (version: number) => layer('acme-apm', version, '111122223333')
    lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [withLayers('one', [vendor(2)]), withLayers('two', [vendor(1)])]})
    const probe = (version: number, found: boolean) =>
      lambda()
        .get('/2018-10-31/layers')
        .query({find: 'LayerVersion', Arn: vendor(version)})
        .reply(
          found ? 200 : 403,
          found ? {LayerVersionArn: vendor(version), Version: version} : {Type: 'User', message: 'denied'},
          found ? {} : {'x-amzn-ErrorType': 'AccessDeniedException'},
        )
    probe(3, true)
    probe(4, false)
    probe(5, false)
    probe(6, false)
    const {stdout, exitCode} = await runLx(['layers', 'list', '--json', '--no-aliases', '--outdated'])
    assert.equal(exitCode, 0)
    const listing = json(stdout)
    assert.deepEqual(
      listing.functions.map((fn: any) => fn.functionName),
      ['one', 'two'],
    )
    assert.equal(listing.layers[0].newest, 3)
    assert.equal(listing.layers[0].newestSource, 'probed')
    assert.equal(listing.layers[0].functionsBehind, 2)
    assert.equal(listing.calls.newestVersions, 4, 'one newer version found, then 3 missing in a row')
  })

  it('says when the newest version could not be known', async () => {
    const vendor = (version: number) => layer('acme-apm', version, '111122223333')
    lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [withLayers('one', [vendor(2)])]})
    lambda()
      .get('/2018-10-31/layers')
      .query({find: 'LayerVersion', Arn: vendor(3)})
      .reply(400, {Type: 'User', message: 'bad'}, {'x-amzn-ErrorType': 'InvalidParameterValueException'})
    const {stdout, exitCode} = await runLx(['layers', 'list', '--no-aliases'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /acme-apm: v2 ×1 {2}\(newest: unknown\)/)
    assert.match(stdout, /could not be known: account 111122223333 owns it.*reading v3 failed/)
  })
})

describe('lx layers upgrade --publish --alias: the write sequence', () => {
  let home: string
  const saved: Record<string, string | undefined> = {}
  beforeEach(() => {
    home = scratchDir('lx-layers-')
    for (const key of ['LX_HOME', 'LX_POLL_MS', 'LX_STEP_BACKOFF_MS']) saved[key] = process.env[key]
    Object.assign(process.env, {LX_HOME: home, LX_POLL_MS: '5', LX_STEP_BACKOFF_MS: '5'})
  })
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  const LOG4 = layer('log-shipper-extension', 4)
  const getAlias = (revision: string) =>
    lambda()
      .get(`${FN_PATH('orders-api')}/aliases/live`)
      .reply(200, {Name: 'live', FunctionVersion: '3', RevisionId: revision})
  // The version the alias serves: GetFunction with the alias as qualifier (the 100/s budget).
  const aliasVersion = () =>
    lambda()
      .get(FN_PATH('orders-api'))
      .query({Qualifier: 'live'})
      .reply(200, {Configuration: withLayers('orders-api', [LOG3], {Version: '3'})})
  const noProvisioned = () =>
    lambda()
      .get('/2019-09-30/functions/orders-api/provisioned-concurrency')
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function'))

  it('publishes with the $LATEST RevisionId just read, moves the alias with its RevisionId, and on 412 re-reads the alias and retries', async () => {
    layerVersion(LOG4)
    // $LATEST already carries v4; its alias still serves version 3 with v3.
    lambda()
      .get(FN_PATH('orders-api'))
      .times(3)
      .reply(200, {Configuration: withLayers('orders-api', [LOG4], {RevisionId: 'rev-9'})})
    getAlias('alias-1')
    aliasVersion()
    noProvisioned()
    const publish = lambda()
      .post(`${FN_PATH('orders-api')}/versions`, (body) => body.RevisionId === 'rev-9')
      .times(2)
      .reply(201, withLayers('orders-api', [LOG4], {Version: '4'}))
    const stale = lambda()
      .put(`${FN_PATH('orders-api')}/aliases/live`, (body) => body.RevisionId === 'alias-1' && body.FunctionVersion === '4')
      .reply(...lambdaError(412, 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id.'))
    // The retry reads the alias afresh.
    getAlias('alias-2')
    aliasVersion()
    noProvisioned()
    const moved = lambda()
      .put(`${FN_PATH('orders-api')}/aliases/live`, (body) => body.RevisionId === 'alias-2' && body.FunctionVersion === '4')
      .reply(200, {Name: 'live', FunctionVersion: '4', RevisionId: 'alias-3'})

    const {stdout, exitCode} = await runLx(['layers', 'upgrade', LOG4, 'orders-api', '--publish', '--alias', 'live', '--json'])
    assert.equal(exitCode, 0, stdout)
    const report = json(stdout)
    assert.deepEqual(
      report.results.map((result: any) => [result.label, result.status]),
      [
        ['orders-api:live', 'changed'],
        ['orders-api', 'unchanged'],
      ],
    )
    assert.ok(publish.isDone() && stale.isDone() && moved.isDone())
    const [change] = readJournal(home).flatMap((entry) => entry.changes) as Array<{kind: string; before: any; after: any}>
    assert.equal(change.kind, 'alias-version')
    assert.equal(change.before.functionVersion, '3')
    assert.deepEqual([change.after.functionVersion, change.after.revisionId, change.after.layers], ['4', 'alias-3', [LOG4]])
  })
})
