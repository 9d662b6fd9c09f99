import assert from 'node:assert/strict'

import {
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetPolicyCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {ACCOUNT, expectAwsError, fnArn, lambdaClient, layerArn, quickSandbox} from './helpers.js'

describe('sandbox Lambda API: reading the account', () => {
  let sandbox: Sandbox
  let lambda: LambdaClient

  before(async () => {
    sandbox = await quickSandbox()
    lambda = lambdaClient(sandbox)
  })
  after(async () => {
    lambda.destroy()
    await sandbox.stop()
  })

  describe('GetAccountSettings', () => {
    it('reports the limit, the unreserved pool and the function count of the default account', async () => {
      const settings = await lambda.send(new GetAccountSettingsCommand({}))
      assert.equal(settings.AccountLimit?.ConcurrentExecutions, 1000)
      // 280 reserved + 85 provisioned on functions without a reservation.
      assert.equal(settings.AccountLimit?.UnreservedConcurrentExecutions, 635)
      assert.equal(settings.AccountUsage?.FunctionCount, 40)
    })
  })

  describe('the default account', () => {
    it('has the variety the lx commands need', () => {
      const functions = [...sandbox.account.functions.values()]
      const runtimes = new Set(functions.map((fn) => fn.config.runtime).filter(Boolean))
      for (const runtime of ['nodejs20.x', 'nodejs22.x', 'python3.12', 'python3.13', 'java21', 'provided.al2023', 'ruby3.3', 'dotnet8']) {
        assert.ok(runtimes.has(runtime), `a ${runtime} function`)
      }
      assert.equal(functions.filter((fn) => fn.config.packageType === 'Image').length, 4)
      assert.ok(functions.some((fn) => fn.config.architectures.includes('arm64')))
      assert.ok(functions.some((fn) => fn.config.architectures.includes('x86_64')))
      assert.ok(
        functions.some((fn) => fn.config.layers.length === 5),
        'a function with exactly five layers',
      )
      assert.ok(
        functions.some((fn) => [...fn.aliases.values()].some((a) => a.routing)),
        'an alias with a routing config',
      )
      const withVersions = functions.filter((fn) => fn.versions.length > 0).length
      assert.ok(withVersions >= 10 && withVersions <= 16, `about a third have versions (${withVersions})`)
      const reports = sandbox.account.functions.get('reports-nightly')!
      assert.equal(reports.provisioned.get('live')?.requested, 50)
      assert.ok(reports.traffic.peakRps < 0.1, 'reports-nightly is idle')
      const checkout = sandbox.account.functions.get('checkout-api')!
      assert.equal(checkout.reserved, 20)
      assert.ok((checkout.traffic.peakRps * checkout.traffic.avgDurationMs) / 1000 > 20, 'checkout-api demand exceeds its reservation')
    })

    it('is deterministic: two sandboxes describe the same account', async () => {
      const other = await quickSandbox()
      try {
        const strip = (state: ReturnType<Sandbox['state']>) => state.functions.map(({revisionId: _, ...fn}) => fn)
        assert.deepEqual(strip(other.state()), strip(sandbox.state()))
        assert.equal(other.account.functions.get('orders-api')!.revisionId, sandbox.account.functions.get('orders-api')!.revisionId)
      } finally {
        await other.stop()
      }
    })
  })

  describe('ListFunctions', () => {
    it('pages by Marker, at most 50 per page whatever MaxItems says', async () => {
      const first = await lambda.send(new ListFunctionsCommand({MaxItems: 1000}))
      assert.equal(first.Functions?.length, 40)
      assert.equal(first.NextMarker, undefined)

      const names: string[] = []
      let marker: string | undefined
      let pages = 0
      do {
        const page = await lambda.send(new ListFunctionsCommand({MaxItems: 15, Marker: marker}))
        names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName!))
        marker = page.NextMarker
        pages++
      } while (marker)
      assert.equal(pages, 3)
      assert.equal(names.length, 40)
      assert.equal(new Set(names).size, 40)
    })

    it('omits the members ListFunctions does not return (State, LastUpdateStatus)', async () => {
      const page = await lambda.send(new ListFunctionsCommand({}))
      const fn = page.Functions!.find((f) => f.FunctionName === 'checkout-api')!
      assert.equal(fn.State, undefined)
      assert.equal(fn.LastUpdateStatus, undefined)
      assert.equal(fn.Runtime, 'nodejs20.x')
      assert.deepEqual(
        fn.Layers?.map((l) => l.Arn),
        [layerArn('log-shipper-extension', 2), layerArn('powertools-node', 3)],
      )
    })

    it('lists published versions too with FunctionVersion=ALL', async () => {
      const all: string[] = []
      for await (const page of paginateListFunctions({client: lambda}, {FunctionVersion: 'ALL'})) {
        all.push(...(page.Functions ?? []).map((fn) => fn.FunctionArn!))
      }
      assert.ok(all.includes(fnArn('checkout-api')))
      assert.ok(all.includes(fnArn('checkout-api', '4')))
      assert.ok(all.length > 40)
    })

    it('refuses a MaxItems outside the model range and a forged marker', async () => {
      await expectAwsError(lambda.send(new ListFunctionsCommand({MaxItems: 0})), {name: 'ValidationException', status: 400, message: /maxItems/})
      await expectAwsError(lambda.send(new ListFunctionsCommand({Marker: 'garbage'})), {name: 'InvalidParameterValueException', status: 400})
    })

    it('serves a paginated listing of 1,000 functions', async () => {
      const big = await quickSandbox({functions: 1000})
      const client = lambdaClient(big)
      try {
        let count = 0
        for await (const page of paginateListFunctions({client}, {})) count += page.Functions?.length ?? 0
        assert.equal(count, 1000)
        assert.equal(big.stats().operations['lambda:ListFunctions'], 20)
      } finally {
        client.destroy()
        await big.stop()
      }
    })
  })

  describe('GetFunction and GetFunctionConfiguration', () => {
    it('returns configuration, code, tags and reserved concurrency', async () => {
      const result = await lambda.send(new GetFunctionCommand({FunctionName: 'checkout-api'}))
      assert.equal(result.Configuration?.FunctionArn, fnArn('checkout-api'))
      assert.equal(result.Configuration?.Version, '$LATEST')
      assert.equal(result.Configuration?.State, 'Active')
      assert.equal(result.Configuration?.LastUpdateStatus, 'Successful')
      assert.equal(result.Code?.RepositoryType, 'S3')
      assert.deepEqual(result.Tags, {team: 'payments', env: 'prod'})
      assert.equal(result.Concurrency?.ReservedConcurrentExecutions, 20)
      assert.equal(result.Configuration?.Environment?.Variables?.LOG_LEVEL, 'info')
    })

    it('leaves Concurrency out when nothing is reserved, and shows image functions without runtime', async () => {
      const result = await lambda.send(new GetFunctionCommand({FunctionName: 'fraud-scorer'}))
      assert.equal(result.Concurrency, undefined)
      assert.equal(result.Configuration?.PackageType, 'Image')
      assert.equal(result.Configuration?.Runtime, undefined)
      assert.equal(result.Code?.RepositoryType, 'ECR')
      assert.match(result.Code?.ImageUri ?? '', /dkr\.ecr\.us-east-1\.amazonaws\.com\/fraud-scorer:latest$/)
    })

    it('accepts a name, a partial ARN, a full ARN, and a qualifier in the name or the Qualifier member', async () => {
      for (const name of ['orders-api', `${ACCOUNT}:function:orders-api`, fnArn('orders-api')]) {
        const result = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: name}))
        assert.equal(result.FunctionName, 'orders-api')
      }
      const viaName = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'orders-api:prod'}))
      assert.equal(viaName.FunctionArn, fnArn('orders-api', 'prod'))
      assert.equal(viaName.Version, '2')
      const viaMember = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: fnArn('orders-api'), Qualifier: '3'}))
      assert.equal(viaMember.FunctionArn, fnArn('orders-api', '3'))
      assert.equal(viaMember.Version, '3')
    })

    it('answers 404 ResourceNotFoundException for unknown functions and qualifiers', async () => {
      await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'no-such-function'})), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${fnArn('no-such-function')}`,
      })
      await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'orders-api', Qualifier: 'staging'})), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${fnArn('orders-api', 'staging')}`,
      })
      await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:orders-api'})), {
        name: 'ResourceNotFoundException',
        status: 404,
      })
    })

    it('refuses conflicting qualifiers and malformed names', async () => {
      await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'orders-api:live', Qualifier: 'prod'})), {
        name: 'InvalidParameterValueException',
        status: 400,
        message: 'The derived qualifier from the function name does not match the specified qualifier.',
      })
      await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'bad name!'})), {name: 'ValidationException', status: 400})
    })
  })

  describe('versions and aliases', () => {
    it('lists versions including $LATEST', async () => {
      const result = await lambda.send(new ListVersionsByFunctionCommand({FunctionName: 'auth-authorizer'}))
      assert.deepEqual(
        result.Versions?.map((v) => v.Version),
        ['$LATEST', '1', '2', '3', '4', '5'],
      )
    })

    it('lists and reads aliases, routing config included', async () => {
      const result = await lambda.send(new ListAliasesCommand({FunctionName: 'user-profile-api'}))
      assert.deepEqual(
        result.Aliases?.map((a) => a.Name),
        ['live', 'prod'],
      )
      const live = await lambda.send(new GetAliasCommand({FunctionName: 'user-profile-api', Name: 'live'}))
      assert.equal(live.AliasArn, fnArn('user-profile-api', 'live'))
      assert.equal(live.FunctionVersion, '3')
      assert.deepEqual(live.RoutingConfig?.AdditionalVersionWeights, {'2': 0.1})
      const filtered = await lambda.send(new ListAliasesCommand({FunctionName: 'orders-api', FunctionVersion: '2'}))
      assert.deepEqual(
        filtered.Aliases?.map((a) => a.Name),
        ['prod'],
      )
      await expectAwsError(lambda.send(new GetAliasCommand({FunctionName: 'orders-api', Name: 'nope'})), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Alias not found: ${fnArn('orders-api', 'nope')}`,
      })
    })
  })

  describe('layers', () => {
    it('reads a layer version by ARN with its compatibility', async () => {
      const extension = await lambda.send(new GetLayerVersionByArnCommand({Arn: layerArn('log-shipper-extension', 3)}))
      assert.equal(extension.Version, 3)
      assert.equal(extension.CompatibleRuntimes, undefined, 'an extension declares no runtimes')
      assert.deepEqual(extension.CompatibleArchitectures, ['x86_64', 'arm64'])
      const arm = await lambda.send(new GetLayerVersionByArnCommand({Arn: layerArn('sharp-arm64', 1)}))
      assert.deepEqual(arm.CompatibleArchitectures, ['arm64'])
      const python = await lambda.send(new GetLayerVersionCommand({LayerName: 'pandas-py312', VersionNumber: 1}))
      assert.deepEqual(python.CompatibleRuntimes, ['python3.12', 'python3.13'])
      const vendor = await lambda.send(new GetLayerVersionByArnCommand({Arn: layerArn('acme-apm-extension', 2, '111122223333')}))
      assert.equal(vendor.LayerArn, 'arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension')
    })

    it('answers 404 for a missing layer version and 400 for a malformed ARN', async () => {
      await expectAwsError(lambda.send(new GetLayerVersionByArnCommand({Arn: layerArn('log-shipper-extension', 9)})), {
        name: 'ResourceNotFoundException',
        status: 404,
      })
      await expectAwsError(lambda.send(new GetLayerVersionByArnCommand({Arn: 'not-an-arn'})), {name: 'ValidationException', status: 400})
    })

    it('lists layers and layer versions, newest first, with filters', async () => {
      const layers = await lambda.send(new ListLayersCommand({}))
      const names = layers.Layers?.map((l) => l.LayerName)
      assert.ok(names?.includes('log-shipper-extension'))
      assert.ok(!names?.includes('acme-apm-extension'), "another account's layer is not listed")
      const shipper = layers.Layers?.find((l) => l.LayerName === 'log-shipper-extension')
      assert.equal(shipper?.LatestMatchingVersion?.Version, 3)
      const versions = await lambda.send(new ListLayerVersionsCommand({LayerName: 'powertools-node'}))
      assert.deepEqual(
        versions.LayerVersions?.map((v) => v.Version),
        [4, 3, 2, 1],
      )
      const forPython = await lambda.send(new ListLayersCommand({CompatibleRuntime: 'python3.12'}))
      assert.deepEqual(forPython.Layers?.map((l) => l.LayerName).sort(), ['auth-helpers', 'pandas-py312'])
    })

    it("denies listing another account's layer, and reading a version of it that does not exist, as AWS does for public layers", async () => {
      const vendorLayer = layerArn('acme-apm-extension', 1, '111122223333').replace(/:1$/, '')
      const denied = await expectAwsError(lambda.send(new ListLayerVersionsCommand({LayerName: vendorLayer})), {name: 'AccessDeniedException', status: 403})
      assert.match(
        denied.message,
        /not authorized to perform: lambda:ListLayerVersions on resource: arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension$/,
      )
      await expectAwsError(lambda.send(new GetLayerVersionByArnCommand({Arn: `${vendorLayer}:3`})), {name: 'AccessDeniedException', status: 403})
      const unknown = await lambda.send(new ListLayerVersionsCommand({LayerName: 'no-such-layer'}))
      assert.deepEqual(unknown.LayerVersions, [], 'a layer of this account that does not exist lists as empty')
    })
  })

  describe('triggers, policies and tags', () => {
    it('returns the resource policy as a JSON string', async () => {
      const result = await lambda.send(new GetPolicyCommand({FunctionName: 'image-resizer'}))
      assert.equal(typeof result.Policy, 'string')
      const policy = JSON.parse(result.Policy!)
      assert.equal(policy.Statement[0].Principal.Service, 's3.amazonaws.com')
      assert.equal(policy.Statement[0].Condition.ArnLike['AWS:SourceArn'], 'arn:aws:s3:::acme-uploads')
      assert.ok(result.RevisionId)
    })

    it('answers 404 when a function has no policy', async () => {
      await expectAwsError(lambda.send(new GetPolicyCommand({FunctionName: 'email-sender'})), {name: 'ResourceNotFoundException', status: 404})
    })

    it('lists event source mappings, filtered by function, and pages them', async () => {
      const forEmail = await lambda.send(new ListEventSourceMappingsCommand({FunctionName: 'email-sender'}))
      assert.equal(forEmail.EventSourceMappings?.length, 1)
      assert.equal(forEmail.EventSourceMappings?.[0].EventSourceArn, 'arn:aws:sqs:us-east-1:123456789012:notifications-queue')
      assert.equal(forEmail.EventSourceMappings?.[0].FunctionArn, fnArn('email-sender'))
      const all = await lambda.send(new ListEventSourceMappingsCommand({}))
      const sources = new Set(all.EventSourceMappings?.map((m) => m.EventSourceArn!.split(':')[2]))
      assert.deepEqual([...sources].sort(), ['dynamodb', 'kinesis', 'sqs'])
      const firstPage = await lambda.send(new ListEventSourceMappingsCommand({MaxItems: 3}))
      assert.equal(firstPage.EventSourceMappings?.length, 3)
      const rest = await lambda.send(new ListEventSourceMappingsCommand({Marker: firstPage.NextMarker}))
      assert.equal(3 + (rest.EventSourceMappings?.length ?? 0), all.EventSourceMappings?.length)
    })

    it('lists tags by ARN', async () => {
      const result = await lambda.send(new ListTagsCommand({Resource: fnArn('orders-api')}))
      assert.deepEqual(result.Tags, {team: 'orders', env: 'prod'})
      await expectAwsError(lambda.send(new ListTagsCommand({Resource: fnArn('ghost')})), {name: 'ResourceNotFoundException', status: 404})
    })
  })
})
