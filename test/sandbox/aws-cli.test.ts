import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import type {Sandbox} from '../../src/sandbox/index.js'
import {quickSandbox} from './helpers.js'

const run = promisify(execFile)

async function awsAvailable(): Promise<boolean> {
  try {
    await run('aws', ['--version'], {timeout: 20_000})
    return true
  } catch {
    return false
  }
}

describe('sandbox driven by the AWS CLI', function () {
  let sandbox: Sandbox
  const env = {...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: ''}
  const aws = (...args: string[]) => run('aws', [...args, '--endpoint-url', sandbox.url, '--region', 'us-east-1', '--output', 'json'], {env, timeout: 60_000})

  before(async function () {
    if (!(await awsAvailable())) this.skip()
    sandbox = await quickSandbox()
  })
  after(async () => {
    await sandbox?.stop()
  })

  it('aws lambda get-account-settings', async () => {
    const {stdout} = await aws('lambda', 'get-account-settings')
    const settings = JSON.parse(stdout)
    assert.equal(settings.AccountLimit.ConcurrentExecutions, 1000)
    assert.equal(settings.AccountLimit.UnreservedConcurrentExecutions, 635)
    assert.equal(settings.AccountUsage.FunctionCount, 40)
  })

  it('aws lambda list-functions pages through every function', async () => {
    // --page-size 15 makes the CLI follow NextMarker across three calls.
    const {stdout} = await aws('lambda', 'list-functions', '--page-size', '15')
    const listed = JSON.parse(stdout)
    assert.equal(listed.Functions.length, 40)
    assert.equal(sandbox.stats().operations['lambda:ListFunctions'], 3)
  })

  it('reports AWS errors the way the CLI prints them', async () => {
    await assert.rejects(aws('lambda', 'get-function', '--function-name', 'ghost'), (error: Error & {stderr: string}) => {
      assert.match(error.stderr, /ResourceNotFoundException.*GetFunction operation: Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost/)
      return true
    })
  })

  it('sets and reads reserved and provisioned concurrency', async () => {
    await aws('lambda', 'put-function-concurrency', '--function-name', 'geo-lookup', '--reserved-concurrent-executions', '12')
    const {stdout} = await aws('lambda', 'get-function-concurrency', '--function-name', 'geo-lookup')
    assert.equal(JSON.parse(stdout).ReservedConcurrentExecutions, 12)
    const pc = await aws(
      'lambda',
      'put-provisioned-concurrency-config',
      '--function-name',
      'kyc-verifier',
      '--qualifier',
      'live',
      '--provisioned-concurrent-executions',
      '3',
    )
    assert.equal(JSON.parse(pc.stdout).RequestedProvisionedConcurrentExecutions, 3)
  })

  it('aws sts get-caller-identity names the sandbox account', async () => {
    const {stdout} = await aws('sts', 'get-caller-identity')
    assert.equal(JSON.parse(stdout).Account, '123456789012')
  })

  it('aws cloudwatch get-metric-data, in whichever protocol the installed CLI speaks', async () => {
    const query = [{Id: 'inv', MetricStat: {Metric: {Namespace: 'AWS/Lambda', MetricName: 'Invocations'}, Period: 60, Stat: 'Sum'}}]
    const now = Date.now()
    const window = ['--start-time', new Date(now - 3_600_000).toISOString(), '--end-time', new Date(now).toISOString()]
    const {stdout} = await aws('cloudwatch', 'get-metric-data', '--metric-data-queries', JSON.stringify(query), ...window)
    const [result] = JSON.parse(stdout).MetricDataResults
    assert.equal(result.Id, 'inv')
    assert.equal(result.StatusCode, 'Complete')
  })
})
