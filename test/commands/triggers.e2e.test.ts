// End to end: `lx triggers list --json` from the built CLI (`npm run build` first) on the sandbox's default account.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {ACCOUNT} from '../helpers/aws-ids.js'

describe('lx triggers list (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox

  before(async () => {
    sandbox = await startSandbox({rate: 'off', log: () => {}})
  })
  after(() => sandbox.stop())

  it('shows asynchronous and synchronous triggers, in exactly the documented shape', async () => {
    const result = await runCli(['triggers', 'list', '--json'], {env: {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome()}})
    assert.equal(result.code, 0, result.stderr)
    const rows = JSON.parse(result.stdout) as Array<{functionName: string; triggers: Array<{source: string; arn: string; mode: string}>}>
    assert.equal(rows.length, 40)
    for (const row of rows) {
      // One account-region: the record says where it was read, then today's members.
      assert.deepEqual(Object.keys(row), ['account', 'region', 'functionName', 'triggers'])
      for (const trigger of row.triggers) {
        assert.deepEqual(Object.keys(trigger), ['source', 'arn', 'mode'])
        assert.ok(trigger.mode === 'sync' || trigger.mode === 'async')
      }
    }

    const of = (name: string) => rows.find((row) => row.functionName === name)?.triggers
    assert.deepEqual(of('image-resizer'), [{source: 'S3', arn: 'arn:aws:s3:::acme-uploads', mode: 'async'}])
    assert.deepEqual(of('notifications-fanout'), [{source: 'SNS', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:order-events`, mode: 'async'}])
    assert.deepEqual(of('order-events-consumer'), [{source: 'EventBridge', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/order-created`, mode: 'async'}])
    // Granted on alias live only: found through the alias's own policy.
    assert.deepEqual(of('reports-nightly'), [{source: 'EventBridge', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/reports-nightly-schedule`, mode: 'async'}])
    assert.deepEqual(of('checkout-api'), [{source: 'API Gateway', arn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/*/*`, mode: 'sync'}])
    assert.equal(of('cognito-post-confirmation')?.[0].mode, 'sync')
    assert.deepEqual(of('email-sender'), [{source: 'SQS', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:notifications-queue`, mode: 'sync'}])
    assert.deepEqual(of('clickstream-ingest'), [{source: 'Kinesis', arn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clickstream`, mode: 'sync'}])
    assert.equal(of('search-indexer')?.[0].source, 'DynamoDB')
    assert.deepEqual(of('dev-playground'), [])

    // One account-wide mapping listing, not one per function; nothing written.
    const stats = sandbox.stats().operations
    assert.equal(stats['lambda:ListEventSourceMappings'], 1)
    assert.equal(stats['lambda:ListAliases'], 40)
    assert.ok(
      Object.keys(stats).every((op) => /:(List|Get)/.test(op)),
      JSON.stringify(stats),
    )
  })
})
