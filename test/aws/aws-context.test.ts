import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import nock from 'nock'

import {iamAction, translateAwsError} from '../../src/aws/translate-error.js'
import {Failure, UserError} from '../../src/errors.js'
import {json, runLx} from '../helpers/run-command.js'
import {scratchDir} from '../helpers/scratch-dir.js'

const SETTINGS = {AccountLimit: {ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000}, AccountUsage: {FunctionCount: 0}}

function withEnv(vars: Record<string, string | undefined>, run: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]))
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }

  return run().finally(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
}

describe('AWS context', () => {
  it('--profile takes the region and the keys of that profile, and the user agent names lx', async () => {
    const dir = scratchDir('lx-aws-')
    writeFileSync(join(dir, 'config'), '[profile ops]\nregion = eu-west-1\n')
    writeFileSync(join(dir, 'credentials'), '[ops]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = secret\n')
    let authorization = ''
    let agent = ''
    nock('https://lambda.eu-west-1.amazonaws.com')
      .get('/2016-08-19/account-settings')
      .reply(function () {
        authorization = String(this.req.headers.authorization)
        agent = String(this.req.headers['x-amz-user-agent'] ?? this.req.headers['user-agent'])
        return [200, SETTINGS]
      })
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    await withEnv(
      {
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_REGION: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      },
      async () => {
        const {stdout, exitCode, stderr} = await runLx(['account', '--profile', 'ops', '--json'])
        assert.equal(exitCode, 0, stderr)
        assert.equal(json(stdout).region, 'eu-west-1')
      },
    )
    assert.match(authorization, /Credential=AKIDFROMPROFILE\/\d{8}\/eu-west-1\/lambda/)
    assert.match(agent, /lx\/\d+\.\d+\.\d+/)
  })

  it('honours AWS_DEFAULT_REGION, which the SDK alone would not', async () => {
    nock('https://lambda.ap-southeast-2.amazonaws.com')
      .get('/2016-08-19/account-settings')
      .reply(200, SETTINGS)
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    await withEnv({AWS_REGION: undefined, AWS_DEFAULT_REGION: 'ap-southeast-2'}, async () => {
      const {stdout, exitCode} = await runLx(['account', '--json'])
      assert.equal(exitCode, 0)
      assert.equal(json(stdout).region, 'ap-southeast-2')
    })
  })

  it('sends every call to --endpoint-url / AWS_ENDPOINT_URL', async () => {
    nock('http://lambda-proxy.internal:8080')
      .get('/2016-08-19/account-settings')
      .reply(200, SETTINGS)
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {Functions: []})
    await withEnv({AWS_ENDPOINT_URL: 'http://lambda-proxy.internal:8080'}, async () => {
      const {exitCode} = await runLx(['account'])
      assert.equal(exitCode, 0)
    })
  })

  it('an endpoint that does not answer is one line naming it (exit 1), no stack trace', async () => {
    const {stderr, exitCode} = await runLx(['account', '--endpoint-url', 'http://127.0.0.1:9'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /^Error: Could not reach http:\/\/127\.0\.0\.1:9: connection refused/)
    assert.match(stderr, /is running/)
    assert.equal(stderr.trim().split('\n').length, 2)
  })

  it('--verbose adds the stack trace', async () => {
    const {stderr, exitCode} = await runLx(['account', '--endpoint-url', 'http://127.0.0.1:9', '--verbose'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /\n\s+at /)
  })

  it('errors under --json are JSON on stdout with the exit code', async () => {
    const {stdout, exitCode} = await runLx(['account', '--endpoint-url', 'http://127.0.0.1:9', '--json'])
    assert.equal(exitCode, 1)
    assert.deepEqual(Object.keys(json(stdout).error).sort(), ['code', 'exitCode', 'hint', 'message'])
    assert.equal(json(stdout).error.code, 'EndpointUnreachable')
  })
})

describe('AWS error translation', () => {
  it('names the IAM action from the message, or from the operation', () => {
    assert.equal(iamAction(undefined, 'User: x is not authorized to perform: lambda:PutFunctionConcurrency on resource: y'), 'lambda:PutFunctionConcurrency')
    assert.equal(iamAction({service: 'autoscaling', operation: 'RegisterScalableTarget'}), 'application-autoscaling:RegisterScalableTarget')
    assert.equal(iamAction({service: 'lambda', operation: 'ListFunctions20150331'}), 'lambda:ListFunctions')
  })

  it('keeps lx errors, and turns unknown AWS errors into a failure with the operation', () => {
    const user = new UserError('bad')
    assert.equal(translateAwsError(user), user)
    const error = Object.assign(new Error('Something odd.'), {
      name: 'ServiceException',
      $metadata: {httpStatusCode: 500},
      $lx: {service: 'lambda', operation: 'GetFunction'},
    })
    const translated = translateAwsError(error)
    assert.ok(translated instanceof Failure)
    assert.equal(translated.message, 'Something odd (GetFunction).')
  })
})
