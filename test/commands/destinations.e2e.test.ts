// End to end: the built CLI (`npm run build` first) against the sandbox, as a user runs it.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {ACCOUNT} from '../helpers/aws-ids.js'

const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:failed-events-dlq`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ops-notifications`
const WRITES = ['PutFunctionEventInvokeConfig', 'UpdateFunctionEventInvokeConfig', 'DeleteFunctionEventInvokeConfig'].map((op) => `lambda:${op}`)

describe('lx destinations (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let env: Record<string, string>

  beforeEach(async () => {
    sandbox = await startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}})
    env = {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome(), LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}
  })
  afterEach(() => sandbox.stop())

  const lx = async (...args: string[]) => runCli(args, {env})
  const configs = (name: string) => sandbox.state(name).functions[0].eventInvokeConfigs
  const writes = () => Object.fromEntries(Object.entries(sandbox.stats().operations).filter(([op]) => WRITES.includes(op)))

  it('set, list, merge, remove one side, undo, and a re-run that changes nothing', async () => {
    // slack-alerts: an SNS trigger and no async config.
    assert.deepEqual(configs('slack-alerts'), [])
    const before = JSON.parse((await lx('destinations', 'list', 'slack-alerts', '--json')).stdout)
    assert.match(before[0].warning, /1 async trigger \(SNS\) but no on-failure destination/)

    const set = await lx('destinations', 'set', 'slack-alerts', '--on-failure', DLQ)
    assert.equal(set.code, 0, set.stderr)
    assert.deepEqual(configs('slack-alerts'), [{qualifier: '$LATEST', onFailure: DLQ}])
    assert.deepEqual(writes(), {'lambda:PutFunctionEventInvokeConfig': 1}, 'no config yet: one PUT')

    const listed = await lx('destinations', 'list', 'slack-alerts', '--json')
    assert.deepEqual(JSON.parse(listed.stdout), [
      {
        account: ACCOUNT,
        region: 'us-east-1',
        functionName: 'slack-alerts',
        configs: [{qualifier: '$LATEST', onSuccess: null, onFailure: DLQ, maximumRetryAttempts: null, maximumEventAgeInSeconds: null}],
        asyncTriggers: 1,
      },
    ])

    const merged = await lx('destinations', 'set', 'slack-alerts', '--on-success', TOPIC, '--max-retries', '1')
    assert.equal(merged.code, 0, merged.stderr)
    assert.deepEqual(configs('slack-alerts'), [{qualifier: '$LATEST', maximumRetryAttempts: 1, onSuccess: TOPIC, onFailure: DLQ}], 'on-failure kept')
    assert.equal(writes()['lambda:UpdateFunctionEventInvokeConfig'], 1, 'an existing config is updated (POST), not overwritten')

    const removed = await lx('destinations', 'remove', 'slack-alerts', '--on-failure')
    assert.equal(removed.code, 0, removed.stderr)
    assert.deepEqual(configs('slack-alerts'), [{qualifier: '$LATEST', maximumRetryAttempts: 1, onSuccess: TOPIC}])

    const undo = await lx('undo', '--yes')
    assert.equal(undo.code, 0, undo.stderr)
    assert.match(
      undo.stdout,
      /on-success sns:ops-notifications, on-failure none, retries 1 → on-success sns:ops-notifications, on-failure sqs:failed-events-dlq, retries 1/,
    )
    assert.deepEqual(configs('slack-alerts'), [{qualifier: '$LATEST', maximumRetryAttempts: 1, onSuccess: TOPIC, onFailure: DLQ}])

    const writesBefore = writes()
    const again = await lx('destinations', 'set', 'slack-alerts', '--on-success', TOPIC, '--max-retries', '1', '--json')
    assert.equal(again.code, 0, again.stderr)
    assert.deepEqual(JSON.parse(again.stdout).summary, {changed: 0, unverified: 0, unchanged: 1, skipped: 0, conflict: 0, failed: 0, notRun: 0})
    assert.deepEqual(writes(), writesBefore, 're-run sent no write')
  })

  it('undo of the first set restores the absence of a config', async () => {
    const set = await lx('destinations', 'set', 'customer-export', '--on-failure', DLQ, '--max-event-age', '3600')
    assert.equal(set.code, 0, set.stderr)
    assert.deepEqual(configs('customer-export'), [{qualifier: '$LATEST', maximumEventAgeInSeconds: 3600, onFailure: DLQ}])
    const undo = await lx('undo', '--yes')
    assert.equal(undo.code, 0, undo.stderr)
    assert.deepEqual(configs('customer-export'), [])
    assert.equal(writes()['lambda:DeleteFunctionEventInvokeConfig'], 1)
  })

  it('a qualifier and a selection: bulk set on alias live, skipping functions without it', async () => {
    const result = await lx(
      'destinations',
      'set',
      '--match',
      '^(reports-nightly|kyc-verifier|inventory-sync)$',
      '--qualifier',
      'live',
      '--on-success',
      TOPIC,
      '--yes',
      '--json',
    )
    assert.equal(result.code, 0, result.stderr)
    const report = JSON.parse(result.stdout)
    assert.deepEqual(report.summary, {changed: 2, unverified: 0, unchanged: 0, skipped: 1, conflict: 0, failed: 0, notRun: 0})
    assert.deepEqual(report.plan.skipped, [{target: 'inventory-sync:live', reason: 'has no alias or version "live"'}])
    assert.deepEqual(configs('reports-nightly'), [
      {qualifier: 'live', maximumRetryAttempts: 0, onSuccess: TOPIC, onFailure: `arn:aws:sns:us-east-1:${ACCOUNT}:ops-notifications`},
    ])
  })

  const refused: Array<[what: string, args: string[], message: RegExp]> = [
    ['a bad ARN', ['--on-failure', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders'], /dynamodb ARN/],
    ['a FIFO queue', ['--on-failure', `arn:aws:sqs:us-east-1:${ACCOUNT}:invoice-events.fifo`], /FIFO queue/],
    ['the function itself', ['--on-failure', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:slack-alerts:live`], /own destination/],
    ['retries out of range', ['--max-retries', '3'], /--max-retries must be a whole number from 0 to 2/],
  ]
  for (const [what, args, message] of refused) {
    it(`refuses ${what}: exit 2 and no write reached the sandbox`, async () => {
      const result = await lx('destinations', 'set', 'slack-alerts', ...args)
      assert.equal(result.code, 2, result.stderr)
      assert.match(result.stderr, message)
      assert.deepEqual(writes(), {})
      assert.deepEqual(configs('slack-alerts'), [])
    })
  }
})
