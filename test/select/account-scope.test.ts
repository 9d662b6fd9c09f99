// An ARN of another account, partition or region never acts on the same-named function here: every
// command that takes function ARNs refuses it with exit 2 before any Lambda call (nock answers only
// STS, so a Lambda call would fail the run with another exit code).
import assert from 'node:assert/strict'

import nock from 'nock'

import {fnConfig, lambda} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'
import {ACCOUNT as HERE} from '../helpers/aws-ids.js'

const OTHER = '999999999999'
const FOREIGN = `arn:aws:lambda:us-east-1:${OTHER}:function:email-sender`
const LAYER = `arn:aws:lambda:us-east-1:${HERE}:layer:log-shipper:3`
const DLQ = `arn:aws:sqs:us-east-1:${HERE}:failed-events`

/** Each command family, with FN standing for the function reference. */
const COMMANDS: Array<[string, string[]]> = [
  ['concurrency set', ['concurrency', 'set', 'FN', '--reserved', '60', '--yes']],
  ['concurrency unset', ['concurrency', 'unset', 'FN', '--reserved', '--yes']],
  ['concurrency list', ['concurrency', 'list', 'FN']],
  ['concurrency plan', ['concurrency', 'plan', 'FN']],
  ['layers attach', ['layers', 'attach', LAYER, 'FN', '--yes']],
  ['layers detach', ['layers', 'detach', LAYER, 'FN', '--yes']],
  ['layers list', ['layers', 'list', 'FN']],
  ['extensions attach', ['extensions', 'attach', LAYER, 'FN', '--env', 'AWS_LAMBDA_EXEC_WRAPPER=/opt/wrap', '--yes']],
  ['extensions detach', ['extensions', 'detach', LAYER, 'FN', '--yes']],
  ['destinations set', ['destinations', 'set', 'FN', '--on-failure', DLQ, '--yes']],
  ['destinations remove', ['destinations', 'remove', 'FN', '--yes']],
  ['destinations list', ['destinations', 'list', 'FN']],
  ['triggers list', ['triggers', 'list', 'FN']],
  ['scaling set', ['scaling', 'set', 'FN', '--qualifier', 'live', '--min', '1', '--max', '5', '--yes']],
  ['scaling schedule', ['scaling', 'schedule', 'FN', '--qualifier', 'live', '--name', 'nightly', '--schedule', 'at(2099-11-28T08:00:00)', '--min', '1']],
  ['scaling remove', ['scaling', 'remove', 'FN', '--qualifier', 'live', '--yes']],
  ['scaling list', ['scaling', 'list', 'FN']],
  ['dashboard', ['dashboard', 'FN', '--once']],
]

function withRef(args: string[], ref: string): string[] {
  return args.map((arg) => (arg === 'FN' ? ref : arg))
}

describe('ARNs of another account, partition or region (nock)', () => {
  describe('another account: exit 2 naming both accounts, no Lambda call', () => {
    for (const [family, args] of COMMANDS) {
      it(`lx ${family}`, async () => {
        const sts = serveCallerIdentity(HERE)
        const {stderr, exitCode} = await runLx(withRef(args, FOREIGN))
        assert.equal(exitCode, 2, stderr)
        assert.match(stderr, new RegExp(`${FOREIGN} is in account ${OTHER}, but lx is working in account ${HERE}`))
        assert.ok(sts.isDone(), 'the account was looked up')
      })
    }

    it('a partial ARN (ACCOUNT:function:NAME) too, and --json carries the code', async () => {
      serveCallerIdentity(HERE)
      const {stdout, exitCode} = await runLx(['concurrency', 'set', `${OTHER}:function:email-sender`, '--reserved', '60', '--yes', '--json'])
      assert.equal(exitCode, 2)
      const error = json(stdout).error
      assert.equal(error.code, 'AccountMismatch')
      assert.match(error.message, new RegExp(`in account ${OTHER}, but lx is working in account ${HERE}`))
    })
  })

  it('an ARN of this account acts on the function, with one STS call for several ARNs', async () => {
    serveCallerIdentity(HERE, {times: 1})
    for (const name of ['orders', 'billing']) {
      lambda()
        .get(`/2015-03-31/functions/${name}`)
        .reply(200, {Configuration: fnConfig(name), Concurrency: {ReservedConcurrentExecutions: 5}})
        .get(`/2019-09-30/functions/${name}/provisioned-concurrency`)
        .query(true)
        .reply(200, {ProvisionedConcurrencyConfigs: []})
    }

    const arns = ['orders', 'billing'].map((name) => `arn:aws:lambda:us-east-1:${HERE}:function:${name}`)
    const {stdout, exitCode, stderr} = await runLx(['concurrency', 'list', ...arns, '--json'])
    assert.equal(exitCode, 0, stderr)
    assert.deepEqual(
      json<Array<{functionName: string; reserved: number}>>(stdout).map((row) => [row.functionName, row.reserved]),
      [
        ['orders', 5],
        ['billing', 5],
      ],
    )
    assert.deepEqual(nock.pendingMocks(), [])
  })

  it('names alone make no STS call', async () => {
    lambda()
      .get('/2015-03-31/functions/orders')
      .reply(200, {Configuration: fnConfig('orders')})
      .get('/2019-09-30/functions/orders/provisioned-concurrency')
      .query(true)
      .reply(200, {ProvisionedConcurrencyConfigs: []})
    // Any STS call would find no answer (nock refuses the network) and fail the run.
    const {exitCode, stderr} = await runLx(['concurrency', 'list', 'orders', '--json'])
    assert.equal(exitCode, 0, stderr)
  })

  describe('another partition: exit 2 before any call', () => {
    for (const [family, args] of COMMANDS) {
      it(`lx ${family}`, async () => {
        const arn = `arn:aws-cn:lambda:us-east-1:${HERE}:function:email-sender`
        const {stderr, exitCode} = await runLx(withRef(args, arn))
        assert.equal(exitCode, 2, stderr)
        assert.match(stderr, /is in the aws-cn partition, but lx is working in us-east-1 \(partition aws\)/)
        assert.match(stderr, /--region cn-north-1/)
      })
    }

    it('a layer ARN of another partition', async () => {
      const {stderr, exitCode} = await runLx(['layers', 'attach', `arn:aws-us-gov:lambda:us-gov-west-1:${HERE}:layer:log-shipper:3`, '--all', '--yes'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /is in the aws-us-gov partition, but lx is working in us-east-1/)
    })

    it('a destination ARN of another partition', async () => {
      const {stderr, exitCode} = await runLx(['destinations', 'set', '--all', '--on-failure', `arn:aws-cn:sqs:cn-north-1:${HERE}:failed-events`, '--yes'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /--on-failure arn:aws-cn:sqs:cn-north-1:123456789012:failed-events is in the aws-cn partition/)
    })
  })

  it('a full ARN of another region is refused naming both regions, before any call', async () => {
    const {stderr, exitCode} = await runLx(['concurrency', 'set', `arn:aws:lambda:eu-west-1:${HERE}:function:orders`, '--reserved', '5', '--yes'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /is in eu-west-1, but lx is working in us-east-1/)
    assert.match(stderr, /--region eu-west-1/)
  })
})
