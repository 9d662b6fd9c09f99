import assert from 'node:assert/strict'
import {createServer} from 'node:net'

import type {LambdaClient} from '@aws-sdk/client-lambda'
import nock from 'nock'

import {AwsContext, MAX_ATTEMPTS} from '../../src/aws/aws-context.js'
import type {RetryErrorInfo} from '@smithy/types'

import {retryDelayMs, type RetryPolicy} from '../../src/aws/retry-strategy.js'
import {translateAwsError} from '../../src/aws/translate-error.js'

const POLICY: RetryPolicy = {maxAttempts: 6, baseMs: 100, capMs: 5000, maxRetryAfterMs: 30_000, random: () => 1, now: () => 1_000_000}
const failed = (error: Error): RetryErrorInfo => ({errorType: 'TRANSIENT', error: error as RetryErrorInfo['error']})
const serverError = failed(Object.assign(new Error('boom'), {name: 'ServiceException', $metadata: {httpStatusCode: 500}}))

let endpoints = 0
/** A context of its own (rate budgets are shared per endpoint), with no pacing in the way. */
async function lambdaAt(endpointUrl = `http://lambda-retry-${++endpoints}.test`): Promise<{lambda: LambdaClient; endpointUrl: string}> {
  const env = {...process.env, LX_RATE_GET_FUNCTION: '100000', LX_RATE_CONTROL: '100000'}
  const context = new AwsContext({version: '0.0.0', endpointUrl, region: 'us-east-1', env})
  return {lambda: await context.lambda(), endpointUrl}
}

async function getFunction(lambda: LambdaClient, name: string) {
  const {GetFunctionCommand} = await import('@aws-sdk/client-lambda')
  return lambda.send(new GetFunctionCommand({FunctionName: name}))
}

describe('retry strategy', () => {
  describe('retryDelayMs', () => {
    it('backs off exponentially with full jitter, up to the cap, and stops after the last attempt', () => {
      assert.deepEqual(
        [0, 1, 2, 3, 4].map((retries) => retryDelayMs(POLICY, retries, serverError)),
        [200, 400, 800, 1600, 3200],
      )
      assert.equal(retryDelayMs({...POLICY, maxAttempts: 20}, 10, serverError), 5000)
      assert.equal(retryDelayMs(POLICY, 5, serverError), undefined, 'six attempts in all')
      assert.equal(retryDelayMs({...POLICY, random: () => 0}, 2, serverError), 0, 'full jitter reaches down to 0')
    })

    it('waits at least as long as Retry-After says, within reason', () => {
      const throttled = {errorType: 'THROTTLING' as const, retryAfterHint: new Date(1_000_000 + 2000)}
      assert.equal(retryDelayMs({...POLICY, random: () => 0}, 0, throttled), 2000)
      assert.equal(retryDelayMs({...POLICY, random: () => 0}, 0, {...throttled, retryAfterHint: new Date(1_000_000 + 3_600_000)}), 30_000)
    })

    it('never retries client errors; a refused connection gets one quick retry', () => {
      assert.equal(retryDelayMs(POLICY, 0, {errorType: 'CLIENT_ERROR'}), undefined)
      const refused = failed(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}))
      assert.equal(retryDelayMs(POLICY, 0, refused), 100)
      assert.equal(retryDelayMs(POLICY, 1, refused), undefined)
      const nested = failed(Object.assign(new Error('x'), {cause: new AggregateError([Object.assign(new Error('y'), {code: 'ECONNREFUSED'})])}))
      assert.equal(retryDelayMs(POLICY, 1, nested), undefined)
    })
  })

  it('keeps every request its own attempts to the end of a long run: 5 errors in a row still succeed after 200 retried calls', async () => {
    const {lambda, endpointUrl} = await lambdaAt()
    const names = Array.from({length: 200}, (_, i) => `fn-${i}`)
    const scope = nock(endpointUrl)
    for (const name of names) {
      scope.get(`/2015-03-31/functions/${name}`).reply(500, {Type: 'Service', message: 'flaky'}, {'x-amzn-errortype': 'ServiceException'})
      scope.get(`/2015-03-31/functions/${name}`).reply(200, {Configuration: {FunctionName: name}})
    }

    const early = await Promise.all(names.map((name) => getFunction(lambda, name)))
    assert.ok(early.every((output) => output.$metadata.attempts === 2))
    scope.get('/2015-03-31/functions/late').times(5).reply(500, {Type: 'Service', message: 'flaky'}, {'x-amzn-errortype': 'ServiceException'})
    scope.get('/2015-03-31/functions/late').reply(200, {Configuration: {FunctionName: 'late'}})
    const late = await getFunction(lambda, 'late')
    assert.equal(late.Configuration?.FunctionName, 'late')
    assert.equal(late.$metadata.attempts, MAX_ATTEMPTS)
    assert.ok(scope.isDone())
  })

  it('gives up after MAX_ATTEMPTS and says how many it made', async () => {
    const {lambda, endpointUrl} = await lambdaAt()
    nock(endpointUrl).get('/2015-03-31/functions/down').times(MAX_ATTEMPTS).reply(503, {message: 'down'}, {'x-amzn-errortype': 'ServiceException'})
    const error: any = await getFunction(lambda, 'down').then(
      () => assert.fail('expected a failure'),
      (error_: unknown) => error_,
    )
    assert.equal(error.$metadata.attempts, MAX_ATTEMPTS)
  })

  it('a refused connection fails after one quick retry and names the endpoint', async () => {
    const port = await closedPort()
    const {lambda, endpointUrl} = await lambdaAt(`http://127.0.0.1:${port}`)
    const error: any = await getFunction(lambda, 'any').then(
      () => assert.fail('expected a failure'),
      (error_: unknown) => error_,
    )
    assert.equal(error.$metadata.attempts, 2)
    const translated = translateAwsError(error)
    assert.equal(translated.exitCode, 1)
    assert.match(translated.message, new RegExp(`^Could not reach ${endpointUrl.replaceAll('.', '\\.')}: connection refused`))
  })
})

/** A loopback port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}
