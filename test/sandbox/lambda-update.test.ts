import assert from 'node:assert/strict'

import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListTagsCommand,
  PublishVersionCommand,
  CreateAliasCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {expectAwsError, fnArn, lambdaClient, layerArn, quickSandbox} from './helpers.js'

describe('sandbox Lambda API: UpdateFunctionConfiguration', () => {
  let sandbox: Sandbox
  let lambda: LambdaClient

  beforeEach(async () => {
    sandbox = await quickSandbox({updateLagMs: 60_000})
    lambda = lambdaClient(sandbox)
  })
  afterEach(async () => {
    lambda.destroy()
    await sandbox.stop()
  })

  /** Lets the pending update of every function finish, in simulated time. */
  const settle = () => sandbox.clock.advance(60_000)

  it('replaces the layer list and the environment map, and changes the RevisionId', async () => {
    const before = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'checkout-api'}))
    const layers = [layerArn('log-shipper-extension', 3), layerArn('secrets-cache-extension', 2)]
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({FunctionName: 'checkout-api', Layers: layers, Environment: {Variables: {ONLY: 'this'}}}),
    )
    assert.deepEqual(
      updated.Layers?.map((l) => l.Arn),
      layers,
    )
    assert.deepEqual(updated.Environment?.Variables, {ONLY: 'this'})
    assert.notEqual(updated.RevisionId, before.RevisionId)
    assert.equal(updated.LastUpdateStatus, 'InProgress')
    const state = sandbox.state('checkout-api').functions[0]
    assert.deepEqual(state.layers, layers)
    assert.deepEqual(state.environment, {ONLY: 'this'})
  })

  it('keeps LastUpdateStatus InProgress for the update lag, then Successful', async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api', MemorySize: 2048}))
    const during = await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))
    assert.equal(during.Configuration?.LastUpdateStatus, 'InProgress')
    sandbox.clock.advance(59_000)
    assert.equal((await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))).Configuration?.LastUpdateStatus, 'InProgress')
    sandbox.clock.advance(1_000)
    const after = await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))
    assert.equal(after.Configuration?.LastUpdateStatus, 'Successful')
    assert.equal(after.Configuration?.MemorySize, 2048)
  })

  it('lets the SDK waiter see the update finish in real time', async () => {
    const fast = await quickSandbox({updateLagMs: 300})
    const client = lambdaClient(fast)
    try {
      await client.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api', Timeout: 10}))
      const result = await waitUntilFunctionUpdatedV2({client, maxWaitTime: 10, minDelay: 1, maxDelay: 1}, {FunctionName: 'orders-api'})
      assert.equal(result.state, 'SUCCESS')
    } finally {
      client.destroy()
      await fast.stop()
    }
  })

  it('refuses a second update while one is in progress: 409 ResourceConflictException', async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api', Description: 'one'}))
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api', Description: 'two'})), {
      name: 'ResourceConflictException',
      status: 409,
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${fnArn('orders-api')}`,
    })
    settle()
    const result = await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api', Description: 'two'}))
    assert.equal(result.Description, 'two')
  })

  it('refuses a stale RevisionId: 412 PreconditionFailedException', async () => {
    const read = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'cart-service'}))
    await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'cart-service', RevisionId: read.RevisionId, Timeout: 20}))
    settle()
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'cart-service', RevisionId: read.RevisionId, Timeout: 25})), {
      name: 'PreconditionFailedException',
      status: 412,
      message: /Revision Id provided does not match the latest Revision Id/,
    })
    assert.equal(sandbox.account.functions.get('cart-service')!.config.timeout, 20)
  })

  it("refuses a sixth layer with AWS's wording", async () => {
    const current = sandbox.account.functions.get('catalog-api')!.config.layers
    assert.equal(current.length, 5)
    await expectAwsError(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'catalog-api',
          Layers: [...current.slice(1), layerArn('log-shipper-extension', 3), layerArn('sharp-arm64', 1)],
        }),
      ),
      {name: 'InvalidParameterValueException', status: 400, message: 'Cannot reference more than 5 layers.'},
    )
  })

  it('refuses layers on container-image functions', async () => {
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'ml-inference', Layers: [layerArn('log-shipper-extension', 3)]})), {
      name: 'InvalidParameterValueException',
      status: 400,
      message: "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.",
    })
    // Other settings of an image function can change.
    const ok = await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'ml-inference', Environment: {Variables: {MODEL: 'v2'}}}))
    assert.deepEqual(ok.Environment?.Variables, {MODEL: 'v2'})
  })

  it('refuses unknown layer versions, two versions of one layer, and malformed ARNs', async () => {
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'email-sender', Layers: [layerArn('log-shipper-extension', 7)]})), {
      name: 'InvalidParameterValueException',
      status: 400,
      message: `Layer version ${layerArn('log-shipper-extension', 7)} does not exist.`,
    })
    await expectAwsError(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'email-sender',
          Layers: [layerArn('log-shipper-extension', 2), layerArn('log-shipper-extension', 3)],
        }),
      ),
      {name: 'InvalidParameterValueException', status: 400, message: /Two different versions of the same layer are not allowed/},
    )
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'email-sender', Layers: ['log-shipper-extension']})), {
      name: 'ValidationException',
      status: 400,
    })
    assert.deepEqual(sandbox.account.functions.get('email-sender')!.config.layers, [], 'a refused update changes nothing')
  })

  it('refuses layers that would exceed 250 MB unzipped', async () => {
    // pricing-model (40 MB) already carries pandas-py312:2 (205 MB) and the log shipper (15.6 MB): any more does not fit.
    await expectAwsError(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'pricing-model',
          Layers: [layerArn('pandas-py312', 2), layerArn('log-shipper-extension', 3), layerArn('auth-helpers', 2)],
        }),
      ),
      {name: 'InvalidParameterValueException', status: 400, message: 'Layers consume more than the available size of 262144000 bytes'},
    )
  })

  it('refuses reserved environment keys and accepts AWS_LAMBDA_EXEC_WRAPPER', async () => {
    await expectAwsError(
      lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'geo-lookup', Environment: {Variables: {AWS_REGION: 'eu-west-1'}}})),
      {
        name: 'InvalidParameterValueException',
        status: 400,
        message: /reserved keys .* AWS_REGION/,
      },
    )
    const ok = await lambda.send(
      new UpdateFunctionConfigurationCommand({FunctionName: 'geo-lookup', Environment: {Variables: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler'}}}),
    )
    assert.equal(ok.Environment?.Variables?.AWS_LAMBDA_EXEC_WRAPPER, '/opt/otel-handler')
  })

  it('answers 404 for an unknown function and refuses a qualified name', async () => {
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'ghost', Timeout: 5})), {
      name: 'ResourceNotFoundException',
      status: 404,
    })
    await expectAwsError(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'orders-api:live', Timeout: 5})), {
      name: 'InvalidParameterValueException',
      status: 400,
    })
  })

  it('publishes versions and moves aliases', async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'geo-lookup', MemorySize: 512}))
    await expectAwsError(lambda.send(new PublishVersionCommand({FunctionName: 'geo-lookup'})), {name: 'ResourceConflictException', status: 409})
    settle()
    const v1 = await lambda.send(new PublishVersionCommand({FunctionName: 'geo-lookup'}))
    assert.equal(v1.Version, '1')
    assert.equal(v1.MemorySize, 512)
    const again = await lambda.send(new PublishVersionCommand({FunctionName: 'geo-lookup'}))
    assert.equal(again.Version, '1', 'an unchanged function publishes no new version')
    const alias = await lambda.send(new CreateAliasCommand({FunctionName: 'geo-lookup', Name: 'live', FunctionVersion: '1'}))
    assert.equal(alias.AliasArn, fnArn('geo-lookup', 'live'))
    await expectAwsError(lambda.send(new CreateAliasCommand({FunctionName: 'geo-lookup', Name: 'live', FunctionVersion: '1'})), {
      name: 'ResourceConflictException',
      status: 409,
    })
    await expectAwsError(lambda.send(new UpdateAliasCommand({FunctionName: 'geo-lookup', Name: 'live', RevisionId: 'stale'})), {
      name: 'PreconditionFailedException',
      status: 412,
    })
  })

  it('tags and untags', async () => {
    await lambda.send(new TagResourceCommand({Resource: fnArn('geo-lookup'), Tags: {cost: 'edge'}}))
    await lambda.send(new UntagResourceCommand({Resource: fnArn('geo-lookup'), TagKeys: ['env']}))
    const result = await lambda.send(new ListTagsCommand({Resource: fnArn('geo-lookup')}))
    assert.deepEqual(result.Tags, {team: 'platform', cost: 'edge'})
  })
})
