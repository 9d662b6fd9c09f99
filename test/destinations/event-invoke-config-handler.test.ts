// The handler's writes at the HTTP level: undo's restores and the races between read and write.
import assert from 'node:assert/strict'

import type {ChangeHandler, StepContext} from '../../src/apply/plan.js'
import {AwsContext} from '../../src/aws/aws-context.js'
import {createHandler} from '../../src/destinations/event-invoke-config-handler.js'
import type {EventInvokeSettings, EventInvokeState} from '../../src/destinations/event-invoke-state.js'
import {ACCOUNT, functionArn, lambda, lambdaError} from '../helpers/aws-nock.js'

const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:done`
const path = '/2019-09-25/functions/f/event-invoke-config'
const config = (settings: Partial<EventInvokeSettings>): EventInvokeState => ({
  config: {onSuccess: null, onFailure: null, maximumRetryAttempts: null, maximumEventAgeInSeconds: null, ...settings},
})
const context: StepContext = {progress() {}, signal: new AbortController().signal}
const target = {functionName: 'f'}

describe('event-invoke-config handler (nock)', () => {
  let aws: AwsContext
  let handler: ChangeHandler<EventInvokeState>
  beforeEach(async () => {
    aws = new AwsContext({version: 'test'})
    handler = (await createHandler(aws, {})) as ChangeHandler<EventInvokeState>
  })
  afterEach(() => aws.destroy())

  it('reads a missing config as null, and a config with every member', async () => {
    lambda()
      .get(path)
      .reply(...lambdaError(404, 'ResourceNotFoundException', `The function ${functionArn('f', '$LATEST')} doesn't have an EventInvokeConfig`))
      .get(path)
      .reply(200, {
        FunctionArn: functionArn('f', '$LATEST'),
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: {OnSuccess: {Destination: TOPIC}, OnFailure: {}},
      })
    assert.deepEqual(await handler.read(target, context), {config: null})
    assert.deepEqual(await handler.read(target, context), config({onSuccess: TOPIC, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60}))
  })

  it('a missing function is an error, not "no config"', async () => {
    lambda()
      .get(path)
      .reply(...lambdaError(404, 'ResourceNotFoundException', `Function not found: ${functionArn('f')}`))
    await assert.rejects(handler.read(target, context), {name: 'ResourceNotFoundException'})
  })

  it('undo back to a config without a retry limit PUTs exactly that config', async () => {
    let body: unknown
    lambda()
      .put(path, (sent) => {
        body = sent
        return true
      })
      .reply(200, {FunctionArn: functionArn('f', '$LATEST'), DestinationConfig: {OnFailure: {Destination: DLQ}}})
    const reached = await handler.write(target, config({onFailure: DLQ, maximumRetryAttempts: 0}), config({onFailure: DLQ}), context)
    assert.deepEqual(body, {DestinationConfig: {OnFailure: {Destination: DLQ}}})
    assert.deepEqual(reached, config({onFailure: DLQ}))
  })

  it('a config deleted between read and POST is created with a PUT of the desired state', async () => {
    let body: unknown
    lambda()
      .post(path)
      .reply(...lambdaError(404, 'ResourceNotFoundException', `The function ${functionArn('f', '$LATEST')} doesn't have an EventInvokeConfig`))
      .put(path, (sent) => {
        body = sent
        return true
      })
      .reply(200, {FunctionArn: functionArn('f', '$LATEST'), MaximumRetryAttempts: 1, DestinationConfig: {OnFailure: {Destination: DLQ}}})
    const reached = await handler.write(target, config({onFailure: DLQ}), config({onFailure: DLQ, maximumRetryAttempts: 1}), context)
    assert.deepEqual(body, {MaximumRetryAttempts: 1, DestinationConfig: {OnFailure: {Destination: DLQ}}})
    assert.deepEqual(reached, config({onFailure: DLQ, maximumRetryAttempts: 1}))
  })

  it('a member someone else changed meanwhile is kept, and what was sent is checked', async () => {
    lambda()
      .post(path, {MaximumRetryAttempts: 0})
      .reply(200, {
        FunctionArn: functionArn('f', '$LATEST'),
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 120,
        DestinationConfig: {OnFailure: {Destination: DLQ}},
      })
    const reached = await handler.write(target, config({onFailure: DLQ}), config({onFailure: DLQ, maximumRetryAttempts: 0}), context)
    assert.deepEqual(reached, config({onFailure: DLQ, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 120}))
  })

  it('deleting a config that is already gone reaches the goal', async () => {
    lambda()
      .delete(path)
      .reply(...lambdaError(404, 'ResourceNotFoundException', `The function ${functionArn('f', '$LATEST')} doesn't have an EventInvokeConfig`))
    assert.deepEqual(await handler.write(target, config({onFailure: DLQ}), {config: null}, context), {config: null})
  })
})
