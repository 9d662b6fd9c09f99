import assert from 'node:assert/strict'

import {fnConfig, functionArn, lambda, lambdaError} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

function accountSettings(limit: number, unreserved: number, count: number) {
  return {AccountLimit: {ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved}, AccountUsage: {FunctionCount: count}}
}

describe('lx account', () => {
  it('prints the account table and derives provisioned outside reserved from the unreserved pool', async () => {
    // limit 1000, unreserved 830: 100 reserved by "a", 70 provisioned on "b" (no reserved, so it
    // leaves the unreserved pool), 20 provisioned inside a's reservation.
    const scope = lambda()
      .get('/2016-08-19/account-settings')
      .reply(200, accountSettings(1000, 830, 3))
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [fnConfig('a'), fnConfig('b'), fnConfig('c')]})
      .get('/2015-03-31/functions/a')
      .reply(200, {Configuration: fnConfig('a'), Concurrency: {ReservedConcurrentExecutions: 100}})
      .get('/2015-03-31/functions/b')
      .reply(200, {Configuration: fnConfig('b')})
      .get('/2015-03-31/functions/c')
      .reply(200, {Configuration: fnConfig('c')})
      .get('/2019-09-30/functions/a/provisioned-concurrency')
      .query({List: 'ALL', MaxItems: '50'})
      .reply(200, {
        ProvisionedConcurrencyConfigs: [
          {FunctionArn: functionArn('a', 'live'), RequestedProvisionedConcurrentExecutions: 20, AllocatedProvisionedConcurrentExecutions: 20, Status: 'READY'},
        ],
      })

    const {stdout, exitCode} = await runLx(['account'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /Concurrency limit\s+1000/)
    assert.match(stdout, /Unreserved\s+830 \(floor 100\)/)
    assert.match(stdout, /Reserved, total\s+100 across 1 function/)
    assert.match(stdout, /Provisioned, total\s+90/)
    assert.match(stdout, /Headroom\s+730/)
    assert.match(stdout, /Functions\s+3/)
    assert.ok(scope.isDone(), 'every expected call was made, and no PC listing for functions without reserved')
  })

  it('--json has the contract fields', async () => {
    lambda()
      .get('/2016-08-19/account-settings')
      .reply(200, accountSettings(1000, 1000, 0))
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    const {stdout, exitCode} = await runLx(['account', '--json', '--min-unreserved', '50'])
    assert.equal(exitCode, 0)
    const body = json(stdout)
    assert.deepEqual(
      {
        limit: body.limit,
        unreserved: body.unreserved,
        reservedTotal: body.reservedTotal,
        provisionedTotal: body.provisionedTotal,
        functionCount: body.functionCount,
        headroom: body.headroom,
        region: body.region,
      },
      {limit: 1000, unreserved: 1000, reservedTotal: 0, provisionedTotal: 0, functionCount: 0, headroom: 950, region: 'us-east-1'},
    )
  })

  it('names the IAM action when access is denied (exit 1)', async () => {
    lambda()
      .get('/2016-08-19/account-settings')
      .reply(...lambdaError(403, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: lambda:GetAccountSettings'))
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    const {stderr, exitCode} = await runLx(['account'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /Access denied: the credentials in use may not call lambda:GetAccountSettings/)
    assert.doesNotMatch(stderr, /at .*\.js:\d+/, 'no stack trace without --verbose')
  })

  it('retries throttling, then reports it in one line (exit 1)', async () => {
    const scope = lambda()
      .get('/2016-08-19/account-settings')
      .times(6)
      .reply(...lambdaError(429, 'TooManyRequestsException', 'Rate exceeded', {'Retry-After': '0'}))
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    const {stderr, exitCode} = await runLx(['account'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /AWS kept throttling GetAccountSettings after 6 attempts/)
    assert.ok(scope.isDone(), 'six attempts were made')
  })

  it('recovers when throttling stops before the retries run out', async () => {
    lambda()
      .get('/2016-08-19/account-settings')
      .times(2)
      .reply(...lambdaError(429, 'TooManyRequestsException', 'Rate exceeded', {'Retry-After': '0'}))
      .get('/2016-08-19/account-settings')
      .reply(200, accountSettings(500, 400, 0))
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    const {stdout, exitCode} = await runLx(['account', '--json'])
    assert.equal(exitCode, 0)
    assert.equal(json(stdout).limit, 500)
  })

  it('says when no region is set (exit 2, no request)', async () => {
    const saved = process.env.AWS_REGION
    delete process.env.AWS_REGION
    try {
      const {stderr, exitCode} = await runLx(['account', '--profile', 'lx-test-no-such-profile'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /No AWS region is set/)
      assert.match(stderr, /--region/)
    } finally {
      process.env.AWS_REGION = saved
    }
  })

  it('says when no credentials can be found (exit 2)', async () => {
    const saved = {
      id: process.env.AWS_ACCESS_KEY_ID,
      secret: process.env.AWS_SECRET_ACCESS_KEY,
      file: process.env.AWS_SHARED_CREDENTIALS_FILE,
      config: process.env.AWS_CONFIG_FILE,
    }
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials'
    process.env.AWS_CONFIG_FILE = '/nonexistent/config'
    try {
      const {stderr, exitCode} = await runLx(['account', '--json'])
      assert.equal(exitCode, 2)
      assert.match(stderr + '', /^$|.*/)
      assert.equal((JSON.parse((await runLx(['account', '--json'])).stdout) as any).error.code, 'MissingCredentials')
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret
      if (saved.file === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.file
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE
      else process.env.AWS_CONFIG_FILE = saved.config
    }
  })

  it('rejects a malformed --endpoint-url before any request (exit 2)', async () => {
    const {stderr, exitCode} = await runLx(['account', '--endpoint-url', 'localhost:4510'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /--endpoint-url "localhost:4510" must start with http/)
  })

  it('rejects an unknown flag (exit 2)', async () => {
    const {stderr, exitCode} = await runLx(['account', '--frobnicate'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /^Error: Unknown flag --frobnicate\.$/m)
  })
})
