import assert from 'node:assert/strict'

import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {expectAwsError, fnArn, lambdaClient, quickSandbox} from './helpers.js'

const DLQ = 'arn:aws:sqs:us-east-1:123456789012:failed-events-dlq'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-notifications'
const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/orders-bus'

describe('sandbox Lambda API: asynchronous invocation configuration', () => {
  let sandbox: Sandbox
  let lambda: LambdaClient

  beforeEach(async () => {
    sandbox = await quickSandbox()
    lambda = lambdaClient(sandbox)
  })
  afterEach(async () => {
    lambda.destroy()
    await sandbox.stop()
  })

  it('reads a seeded configuration with destinations and epoch-seconds LastModified', async () => {
    const cfg = await lambda.send(new GetFunctionEventInvokeConfigCommand({FunctionName: 'notifications-fanout'}))
    assert.equal(cfg.FunctionArn, fnArn('notifications-fanout', '$LATEST'))
    assert.equal(cfg.MaximumRetryAttempts, 1)
    assert.equal(cfg.DestinationConfig?.OnSuccess?.Destination, TOPIC)
    assert.equal(cfg.DestinationConfig?.OnFailure?.Destination, DLQ)
    assert.ok(cfg.LastModified instanceof Date)
    assert.ok(Math.abs(cfg.LastModified.getTime() - Date.now()) < 200 * 86_400_000, 'a plausible date, not 1970')
  })

  it('PUT overwrites: members left out are removed', async () => {
    const put = await lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'notifications-fanout', MaximumEventAgeInSeconds: 600}))
    assert.equal(put.MaximumEventAgeInSeconds, 600)
    assert.equal(put.MaximumRetryAttempts, undefined)
    assert.equal(put.DestinationConfig?.OnSuccess, undefined)
    assert.equal(put.DestinationConfig?.OnFailure, undefined)
    assert.deepEqual(sandbox.state('notifications-fanout').functions[0].eventInvokeConfigs, [{qualifier: '$LATEST', maximumEventAgeInSeconds: 600}])
  })

  it('POST changes only the members given', async () => {
    const updated = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({FunctionName: 'notifications-fanout', MaximumRetryAttempts: 0}))
    assert.equal(updated.MaximumRetryAttempts, 0)
    assert.equal(updated.MaximumEventAgeInSeconds, 3600)
    assert.equal(updated.DestinationConfig?.OnFailure?.Destination, DLQ)
    const withBus = await lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({
        FunctionName: 'notifications-fanout',
        DestinationConfig: {OnSuccess: {Destination: BUS}, OnFailure: {Destination: DLQ}},
      }),
    )
    assert.equal(withBus.DestinationConfig?.OnSuccess?.Destination, BUS)
    assert.equal(withBus.MaximumRetryAttempts, 0)
  })

  it('POST on a function without a configuration answers 404', async () => {
    await expectAwsError(lambda.send(new UpdateFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', MaximumRetryAttempts: 1})), {
      name: 'ResourceNotFoundException',
      status: 404,
      message: `The function ${fnArn('geo-lookup', '$LATEST')} doesn't have an EventInvokeConfig`,
    })
  })

  it('validates retry attempts, event age and destination ARNs', async () => {
    await expectAwsError(lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', MaximumRetryAttempts: 3})), {
      name: 'ValidationException',
      status: 400,
      message: /maximumRetryAttempts.*less than or equal to 2/,
    })
    await expectAwsError(lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', MaximumEventAgeInSeconds: 59})), {
      name: 'ValidationException',
      status: 400,
    })
    await expectAwsError(lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', MaximumEventAgeInSeconds: 21_601})), {
      name: 'ValidationException',
      status: 400,
    })
    await expectAwsError(
      lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', DestinationConfig: {OnFailure: {Destination: 'my-queue'}}})),
      {
        name: 'ValidationException',
        status: 400,
        message: /destinationConfig\.onFailure\.destination/,
      },
    )
    await expectAwsError(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:s3:::acme-failed-events'}}}),
      ),
      {name: 'InvalidParameterValueException', status: 400},
    )
    await expectAwsError(
      lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', DestinationConfig: {OnFailure: {Destination: fnArn('geo-lookup')}}})),
      {name: 'InvalidParameterValueException', status: 400, message: /destination for itself/},
    )
    const ok = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({FunctionName: 'geo-lookup', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21_600}),
    )
    assert.equal(ok.MaximumRetryAttempts, 2)
  })

  it('configures a qualifier separately, lists and deletes', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'kyc-verifier', Qualifier: '1', MaximumRetryAttempts: 1}))
    const listed = await lambda.send(new ListFunctionEventInvokeConfigsCommand({FunctionName: 'kyc-verifier'}))
    assert.deepEqual(
      listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn),
      [fnArn('kyc-verifier', '1'), fnArn('kyc-verifier', 'live')],
    )
    const deleted = await lambda.send(new DeleteFunctionEventInvokeConfigCommand({FunctionName: 'kyc-verifier', Qualifier: '1'}))
    assert.equal(deleted.$metadata.httpStatusCode, 204)
    await expectAwsError(lambda.send(new GetFunctionEventInvokeConfigCommand({FunctionName: 'kyc-verifier', Qualifier: '1'})), {
      name: 'ResourceNotFoundException',
      status: 404,
    })
    await expectAwsError(lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'nope', MaximumRetryAttempts: 1})), {
      name: 'ResourceNotFoundException',
      status: 404,
    })
  })
})
