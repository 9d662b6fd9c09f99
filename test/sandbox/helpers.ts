// Shared set-up for the sandbox tests: a sandbox per suite, SDK clients pointed at it, and an
// assertion for AWS errors as the SDK surfaces them.

import assert from 'node:assert/strict'

import {LambdaClient} from '@aws-sdk/client-lambda'

import {startSandbox, type Sandbox, type SandboxOptions} from '../../src/sandbox/index.js'

import {REGION} from '../helpers/aws-ids.js'

export {ACCOUNT, functionArn as fnArn, layerVersionArn as layerArn, REGION} from '../helpers/aws-ids.js'

/** Rate limits off unless a test asks for them: suites fire many calls quickly. */
export function quickSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}, ...options})
}

export function lambdaClient(sandbox: Sandbox, maxAttempts = 1): LambdaClient {
  return new LambdaClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
    maxAttempts,
  })
}

export interface ExpectedError {
  name: string
  status: number
  message?: string | RegExp
}

/** Awaits a call that must fail, and checks the error the way a caller sees it. */
export async function expectAwsError(call: Promise<unknown>, expected: ExpectedError): Promise<Error & Record<string, unknown>> {
  let caught: unknown
  try {
    await call
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof Error, `expected ${expected.name}, but the call succeeded`)
  const error = caught as Error & {$metadata?: {httpStatusCode?: number}} & Record<string, unknown>
  assert.equal(error.name, expected.name, `error name (message: ${error.message})`)
  assert.equal(error.$metadata?.httpStatusCode, expected.status, 'HTTP status')
  if (typeof expected.message === 'string') assert.equal(error.message, expected.message)
  else if (expected.message) assert.match(error.message, expected.message)
  return error
}

export async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url)
  assert.equal(response.status, 200, `GET ${url}`)
  return response.json()
}
