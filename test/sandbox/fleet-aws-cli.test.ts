import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import type {Sandbox} from '../../src/sandbox/index.js'
import {ACCOUNT, quickSandbox} from './helpers.js'

const run = promisify(execFile)
const MEMBER_1 = '111111111111'
const MEMBER_2 = '222222222222'

async function awsAvailable(): Promise<boolean> {
  try {
    await run('aws', ['--version'], {timeout: 20_000})
    return true
  } catch {
    return false
  }
}

describe('sandbox fleet driven by the AWS CLI', function () {
  let sandbox: Sandbox
  const base = {...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: ''}
  const aws = (args: string[], {region = 'us-east-1', keys = {}}: {region?: string; keys?: Record<string, string>} = {}) =>
    run('aws', [...args, '--endpoint-url', sandbox.url, '--region', region, '--output', 'json'], {env: {...base, ...keys}, timeout: 60_000})
  const json = async (call: Promise<{stdout: string}>) => JSON.parse((await call).stdout)
  const failure = async (call: Promise<unknown>): Promise<string> => {
    try {
      await call
    } catch (error) {
      return (error as {stderr: string}).stderr
    }
    assert.fail('the command succeeded')
  }

  before(async function () {
    if (!(await awsAvailable())) this.skip()
    sandbox = await quickSandbox({accounts: 3, regions: ['us-east-1', 'eu-west-1'], denyRoles: [MEMBER_2]})
  })
  after(async () => {
    await sandbox?.stop()
  })

  it('aws sts assume-role issues credentials the CLI then uses in the member account', async () => {
    const roleArn = `arn:aws:iam::${MEMBER_1}:role/OrganizationAccountAccessRole`
    const assumed = await json(aws(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'lx-cli', '--duration-seconds', '900']))
    assert.match(assumed.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/)
    assert.ok(Date.parse(assumed.Credentials.Expiration) > Date.now())
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${MEMBER_1}:assumed-role/OrganizationAccountAccessRole/lx-cli`)
    const keys = {
      AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
    }
    const identity = await json(aws(['sts', 'get-caller-identity'], {keys}))
    assert.deepEqual([identity.Account, identity.Arn], [MEMBER_1, assumed.AssumedRoleUser.Arn])
    const fn = await json(aws(['lambda', 'get-function', '--function-name', 'orders-api'], {keys, region: 'eu-west-1'}))
    assert.equal(fn.Configuration.FunctionArn, `arn:aws:lambda:eu-west-1:${MEMBER_1}:function:orders-api`)
  })

  it('aws sts assume-role into a denied account prints AccessDenied', async () => {
    const roleArn = `arn:aws:iam::${MEMBER_2}:role/OrganizationAccountAccessRole`
    const stderr = await failure(aws(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'lx-cli']))
    assert.match(stderr, /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user\/lx-sandbox is not authorized/)
  })

  it('aws organizations list-accounts pages through the organization; a member is denied', async () => {
    sandbox.resetStats()
    const listed = await json(aws(['organizations', 'list-accounts', '--page-size', '2']))
    assert.deepEqual(
      listed.Accounts.map((account: {Id: string; Status: string}) => `${account.Id} ${account.Status}`),
      [`${ACCOUNT} ACTIVE`, `${MEMBER_1} ACTIVE`, `${MEMBER_2} ACTIVE`, '999999999999 SUSPENDED'],
    )
    assert.equal(sandbox.stats().operations['organizations:ListAccounts'], 2)
    const stderr = await failure(aws(['organizations', 'list-accounts'], {keys: {AWS_ACCESS_KEY_ID: `AKIAFLEET${MEMBER_1}`}}))
    assert.match(stderr, /\(AccessDeniedException\) when calling the ListAccounts operation: You don't have permissions to access this resource\./)
  })

  it('aws account list-regions, filtered by opt-in status', async () => {
    const all = await json(aws(['account', 'list-regions']))
    assert.ok(all.Regions.length > 2)
    const enabled = await json(aws(['account', 'list-regions', '--region-opt-status-contains', 'ENABLED', 'ENABLED_BY_DEFAULT']))
    assert.deepEqual(
      enabled.Regions.map((region: {RegionName: string}) => region.RegionName),
      ['eu-west-1', 'us-east-1'],
    )
    const disabled = await json(aws(['account', 'list-regions', '--region-opt-status-contains', 'DISABLED'], {region: 'eu-west-1'}))
    assert.ok(disabled.Regions.some((region: {RegionName: string}) => region.RegionName === 'af-south-1'))
  })

  it('a region the fleet does not serve answers UnrecognizedClientException', async () => {
    const stderr = await failure(aws(['lambda', 'list-functions'], {region: 'sa-east-1'}))
    assert.match(stderr, /\(UnrecognizedClientException\) when calling the ListFunctions operation: The security token included in the request is invalid\./)
  })
})
