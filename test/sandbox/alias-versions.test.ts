// The sandbox's published versions and aliases as the layer lifecycle needs them: versions that
// carry other layers than $LATEST, PublishVersion and UpdateAlias guarded by RevisionId, and
// provisioned concurrency allocated anew when its alias moves.
import assert from 'node:assert/strict'

import {
  GetAliasCommand,
  GetFunctionCommand,
  GetProvisionedConcurrencyConfigCommand,
  type LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import type {AccountDescription} from '../../src/sandbox/seed.js'
import {expectAwsError, lambdaClient, layerArn, quickSandbox} from './helpers.js'

const seed = {
  layers: [{name: 'log', versions: [{}, {}, {}]}],
  functions: [
    {
      name: 'api',
      runtime: 'nodejs20.x',
      layers: [layerArn('log', 3)],
      versions: 2,
      versionLayers: {1: [layerArn('log', 1)]},
      aliases: [{name: 'live', version: '1'}],
      provisioned: [{qualifier: 'live', requested: 4}],
    },
  ],
} as AccountDescription

describe('sandbox: versions, aliases and the layers they serve', () => {
  let sandbox: Sandbox
  let lambda: LambdaClient
  beforeEach(async () => {
    // Provisioning takes a simulated minute: what the test sees right after a move is IN_PROGRESS.
    sandbox = await quickSandbox({seed, provisionLagMs: 60_000})
    lambda = lambdaClient(sandbox)
  })
  afterEach(async () => {
    await sandbox.stop()
  })

  const layersOf = async (qualifier: string) =>
    ((await lambda.send(new GetFunctionCommand({FunctionName: 'api', Qualifier: qualifier}))).Configuration?.Layers ?? []).map((layer) => layer.Arn)

  it('a published version keeps the layers it was seeded or published with: drift between $LATEST and an alias', async () => {
    assert.deepEqual(await layersOf('live'), [layerArn('log', 1)])
    assert.deepEqual(await layersOf('2'), [layerArn('log', 3)])
    assert.deepEqual(await layersOf('$LATEST'), [layerArn('log', 3)])
  })

  it('PublishVersion refuses a stale RevisionId (412), publishes the current $LATEST, and returns the latest version when nothing changed', async () => {
    await expectAwsError(lambda.send(new PublishVersionCommand({FunctionName: 'api', RevisionId: 'stale'})), {name: 'PreconditionFailedException', status: 412})
    const latest = await lambda.send(new GetFunctionCommand({FunctionName: 'api'}))
    const unchanged = await lambda.send(new PublishVersionCommand({FunctionName: 'api', RevisionId: latest.Configuration!.RevisionId}))
    assert.equal(unchanged.Version, '2')
    const updated = await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'api', Layers: [layerArn('log', 2)]}))
    const published = await lambda.send(new PublishVersionCommand({FunctionName: 'api', RevisionId: updated.RevisionId}))
    assert.equal(published.Version, '3')
    assert.deepEqual(await layersOf('3'), [layerArn('log', 2)])
  })

  it('UpdateAlias refuses a stale RevisionId (412), and moving the alias allocates its provisioned concurrency anew', async () => {
    await expectAwsError(lambda.send(new UpdateAliasCommand({FunctionName: 'api', Name: 'live', FunctionVersion: '2', RevisionId: 'stale'})), {
      name: 'PreconditionFailedException',
      status: 412,
    })
    const before = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'api', Qualifier: 'live'}))
    assert.equal(before.Status, 'READY')
    const alias = await lambda.send(new GetAliasCommand({FunctionName: 'api', Name: 'live'}))
    const moved = await lambda.send(new UpdateAliasCommand({FunctionName: 'api', Name: 'live', FunctionVersion: '2', RevisionId: alias.RevisionId}))
    assert.equal(moved.FunctionVersion, '2')
    assert.notEqual(moved.RevisionId, alias.RevisionId)
    const after = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'api', Qualifier: 'live'}))
    assert.equal(after.Status, 'IN_PROGRESS')
    assert.equal(after.AllocatedProvisionedConcurrentExecutions, 0)
    assert.equal(after.RequestedProvisionedConcurrentExecutions, 4)
    assert.deepEqual(await layersOf('live'), [layerArn('log', 3)])
  })

  it('an UpdateAlias that only changes the description leaves provisioned concurrency READY', async () => {
    await lambda.send(new UpdateAliasCommand({FunctionName: 'api', Name: 'live', Description: 'same version'}))
    const after = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'api', Qualifier: 'live'}))
    assert.equal(after.Status, 'READY')
  })
})
