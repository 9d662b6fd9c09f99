import assert from 'node:assert/strict'

import {
  DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  ListProvisionedConcurrencyConfigsCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {expectAwsError, fnArn, lambdaClient, quickSandbox} from './helpers.js'

const unreserved = async (lambda: LambdaClient) => (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions!

describe('sandbox Lambda API: concurrency', () => {
  let sandbox: Sandbox
  let lambda: LambdaClient

  beforeEach(async () => {
    sandbox = await quickSandbox({provisionLagMs: 120_000})
    lambda = lambdaClient(sandbox)
  })
  afterEach(async () => {
    lambda.destroy()
    await sandbox.stop()
  })

  describe('reserved concurrency', () => {
    it('puts, reads (both API dates) and deletes a reservation, moving the unreserved pool', async () => {
      assert.equal(await unreserved(lambda), 635)
      const put = await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: 35}))
      assert.equal(put.ReservedConcurrentExecutions, 35)
      assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'geo-lookup'}))).ReservedConcurrentExecutions, 35)
      assert.equal((await lambda.send(new GetFunctionCommand({FunctionName: 'geo-lookup'}))).Concurrency?.ReservedConcurrentExecutions, 35)
      assert.equal(await unreserved(lambda), 600)

      const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: 'geo-lookup'}))
      assert.equal(deleted.$metadata.httpStatusCode, 204)
      const after = await lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'geo-lookup'}))
      assert.equal(after.ReservedConcurrentExecutions, undefined)
      assert.equal(await unreserved(lambda), 635)
      assert.equal(sandbox.stats().operations['lambda:GetFunctionConcurrency'], 2)
    })

    it('gives the function a new RevisionId, without an update in progress', async () => {
      const before = await lambda.send(new GetFunctionCommand({FunctionName: 'geo-lookup'}))
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: 5}))
      const after = await lambda.send(new GetFunctionCommand({FunctionName: 'geo-lookup'}))
      assert.notEqual(after.Configuration?.RevisionId, before.Configuration?.RevisionId)
      assert.equal(after.Configuration?.LastUpdateStatus, 'Successful')
    })

    it('accepts 0 (the function is switched off)', async () => {
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'dev-playground', ReservedConcurrentExecutions: 0}))
      assert.equal(sandbox.state('dev-playground').functions[0].reserved, 0)
    })

    it("keeps the unreserved floor, with AWS's message", async () => {
      // 635 unreserved, floor 100: 535 more can be reserved, not 536.
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: 536})), {
        name: 'InvalidParameterValueException',
        status: 400,
        message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
      })
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: 535}))
      assert.equal(await unreserved(lambda), 100)
      // Raising an existing reservation counts only the difference.
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'graphql-gateway', ReservedConcurrentExecutions: 90}))
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'graphql-gateway', ReservedConcurrentExecutions: 100}))
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'graphql-gateway', ReservedConcurrentExecutions: 101})), {
        name: 'InvalidParameterValueException',
        status: 400,
      })
    })

    it("uses the account's own floor, as on a small new account", async () => {
      const small = await quickSandbox({seed: {concurrencyLimit: 50, minUnreserved: 10, functions: [{name: 'a'}, {name: 'b', reserved: 20}]}})
      const client = lambdaClient(small)
      try {
        assert.equal(await unreserved(client), 30)
        await expectAwsError(client.send(new PutFunctionConcurrencyCommand({FunctionName: 'a', ReservedConcurrentExecutions: 21})), {
          name: 'InvalidParameterValueException',
          status: 400,
          message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
        })
        await client.send(new PutFunctionConcurrencyCommand({FunctionName: 'a', ReservedConcurrentExecutions: 20}))
        assert.equal(await unreserved(client), 10)
      } finally {
        client.destroy()
        await small.stop()
      }
    })

    it("refuses a reservation below the function's provisioned concurrency", async () => {
      // auth-authorizer: reserved 40, 15 provisioned on prod.
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'auth-authorizer', ReservedConcurrentExecutions: 10})), {
        name: 'InvalidParameterValueException',
        status: 400,
        message: /provisioned concurrency/,
      })
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'auth-authorizer', ReservedConcurrentExecutions: 15}))
    })

    it('refuses a negative value and a missing one (ValidationException) and unknown functions (404)', async () => {
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: -1})), {
        name: 'ValidationException',
        status: 400,
      })
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup'} as never)), {name: 'ValidationException', status: 400})
      await expectAwsError(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'ghost', ReservedConcurrentExecutions: 1})), {
        name: 'ResourceNotFoundException',
        status: 404,
      })
      await expectAwsError(lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'ghost'})), {name: 'ResourceNotFoundException', status: 404})
    })
  })

  describe('provisioned concurrency', () => {
    it('goes IN_PROGRESS (202) then READY after the provisioning lag, with Allocated = Requested', async () => {
      const put = await lambda.send(
        new PutProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live', ProvisionedConcurrentExecutions: 7}),
      )
      assert.equal(put.$metadata.httpStatusCode, 202)
      assert.equal(put.Status, 'IN_PROGRESS')
      assert.equal(put.RequestedProvisionedConcurrentExecutions, 7)
      assert.equal(put.AllocatedProvisionedConcurrentExecutions, 0)

      sandbox.clock.advance(119_000)
      assert.equal((await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live'}))).Status, 'IN_PROGRESS')
      sandbox.clock.advance(1_000)
      const ready = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live'}))
      assert.equal(ready.Status, 'READY')
      assert.equal(ready.AllocatedProvisionedConcurrentExecutions, 7)
      assert.equal(ready.AvailableProvisionedConcurrentExecutions, 7)
    })

    it('becomes READY sooner in real time when the simulation runs faster', async () => {
      const fast = await quickSandbox({provisionLagMs: 60_000, speed: 600})
      const client = lambdaClient(fast)
      try {
        await client.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live', ProvisionedConcurrentExecutions: 2}))
        // 60 simulated seconds at x600 is 100 ms of real time.
        await new Promise((resolve) => setTimeout(resolve, 250))
        assert.equal((await client.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live'}))).Status, 'READY')
      } finally {
        client.destroy()
        await fast.stop()
      }
    })

    it('keeps the old allocation while a change is in progress', async () => {
      const put = await lambda.send(
        new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 40}),
      )
      assert.equal(put.Status, 'IN_PROGRESS')
      assert.equal(put.AllocatedProvisionedConcurrentExecutions, 25)
    })

    it("refuses $LATEST with AWS's message", async () => {
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: '$LATEST', ProvisionedConcurrentExecutions: 1})),
        {
          name: 'InvalidParameterValueException',
          status: 400,
          message: 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
        },
      )
    })

    it('answers 404 for an unknown qualifier or function', async () => {
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'staging', ProvisionedConcurrentExecutions: 1})),
        {
          name: 'ResourceNotFoundException',
          status: 404,
          message: `Function not found: ${fnArn('orders-api', 'staging')}`,
        },
      )
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: '99', ProvisionedConcurrentExecutions: 1})),
        {
          name: 'ResourceNotFoundException',
          status: 404,
        },
      )
      await expectAwsError(lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'ghost', Qualifier: 'live'})), {
        name: 'ResourceNotFoundException',
        status: 404,
      })
    })

    it('refuses an alias with a routing config', async () => {
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'user-profile-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 2})),
        {
          name: 'InvalidParameterValueException',
          status: 400,
          message: 'Alias with weights can not be used with Provisioned Concurrency',
        },
      )
    })

    it("refuses more than the function's reservation, summed over qualifiers", async () => {
      // auth-authorizer: reserved 40, 15 on prod; live → version 5 as well, so use a version-less budget check on prod itself.
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'auth-authorizer', Qualifier: 'prod', ProvisionedConcurrentExecutions: 40}))
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'auth-authorizer', Qualifier: 'prod', ProvisionedConcurrentExecutions: 41})),
        {
          name: 'InvalidParameterValueException',
          status: 400,
          message: 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function',
        },
      )
      // checkout-api: reserved 20; 12 on version 4's alias leaves 8 for version 3.
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'checkout-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 12}))
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'checkout-api', Qualifier: '3', ProvisionedConcurrentExecutions: 8}))
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'checkout-api', Qualifier: '2', ProvisionedConcurrentExecutions: 1})),
        {
          name: 'InvalidParameterValueException',
          status: 400,
        },
      )
    })

    it('takes provisioned concurrency of unreserved functions out of the pool, keeping the floor', async () => {
      assert.equal(await unreserved(lambda), 635)
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'kyc-verifier', Qualifier: 'live', ProvisionedConcurrentExecutions: 35}))
      assert.equal(await unreserved(lambda), 600)
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'feature-flags-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 501})),
        {
          name: 'InvalidParameterValueException',
          status: 400,
          message: "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
        },
      )
      await lambda.send(
        new PutProvisionedConcurrencyConfigCommand({FunctionName: 'feature-flags-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 500}),
      )
      assert.equal(await unreserved(lambda), 100)
    })

    it('allows one configuration per version, directly or through one alias', async () => {
      // orders-api: live → version 3 has 25 provisioned.
      await expectAwsError(
        lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: '3', ProvisionedConcurrentExecutions: 1})),
        {
          name: 'ResourceConflictException',
          status: 409,
        },
      )
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'prod', ProvisionedConcurrentExecutions: 1}))
    })

    it('answers 404 ProvisionedConcurrencyConfigNotFoundException when none is configured, and deletes', async () => {
      await expectAwsError(lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'prod'})), {
        name: 'ProvisionedConcurrencyConfigNotFoundException',
        status: 404,
      })
      const before = await unreserved(lambda)
      const deleted = await lambda.send(new DeleteProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'live'}))
      assert.equal(deleted.$metadata.httpStatusCode, 204)
      assert.equal(await unreserved(lambda), before + 25)
      await expectAwsError(lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: 'orders-api', Qualifier: 'live'})), {
        name: 'ProvisionedConcurrencyConfigNotFoundException',
        status: 404,
      })
    })

    it('lists configurations with qualified ARNs and pages them (MaxItems ≤ 50)', async () => {
      const listed = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'orders-api'}))
      assert.deepEqual(
        listed.ProvisionedConcurrencyConfigs?.map((c) => [c.FunctionArn, c.Status, c.RequestedProvisionedConcurrentExecutions]),
        [[fnArn('orders-api', 'live'), 'READY', 25]],
      )

      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'auth-authorizer', Qualifier: '1', ProvisionedConcurrentExecutions: 1}))
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'auth-authorizer', Qualifier: '2', ProvisionedConcurrentExecutions: 1}))
      const first = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'auth-authorizer', MaxItems: 2}))
      assert.equal(first.ProvisionedConcurrencyConfigs?.length, 2)
      assert.ok(first.NextMarker)
      const second = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'auth-authorizer', MaxItems: 2, Marker: first.NextMarker}))
      assert.deepEqual(
        second.ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn),
        [fnArn('auth-authorizer', 'prod')],
      )
      assert.equal(second.NextMarker, undefined)
      await expectAwsError(lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'auth-authorizer', MaxItems: 51})), {
        name: 'ValidationException',
        status: 400,
      })
    })
  })
})
