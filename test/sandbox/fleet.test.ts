import assert from 'node:assert/strict'

import {AccountClient, ListRegionsCommand, paginateListRegions} from '@aws-sdk/client-account'
import {ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand} from '@aws-sdk/client-application-auto-scaling'
import {CloudWatchClient, GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetLayerVersionByArnCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListLayersCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda'
import {ListAccountsCommand, OrganizationsClient, paginateListAccounts} from '@aws-sdk/client-organizations'
import {AssumeRoleCommand, GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'

import {startSandbox, type Sandbox, type SandboxOptions} from '../../src/sandbox/index.js'
import {ACCOUNT, expectAwsError, getJson, quickSandbox, REGION} from './helpers.js'

const MEMBER_1 = '111111111111'
const MEMBER_2 = '222222222222'
const MEMBER_3 = '333333333333'
const SUSPENDED = '999999999999'
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2']

interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

const fake: Keys = {accessKeyId: 'AKIAEXAMPLEKEY00000X', secretAccessKey: 'x'}
/** A static key that belongs to a fleet account: its last 12 characters are the account id. */
const keyOf = (account: string): Keys => ({accessKeyId: `AKIAFLEET${account}`, secretAccessKey: 'x'})

describe('sandbox fleet: accounts, regions, STS, Organizations, Account Management', () => {
  let sandbox: Sandbox
  let wall: number
  const clients: Array<{destroy(): void}> = []
  const track = <T extends {destroy(): void}>(client: T): T => {
    clients.push(client)
    return client
  }
  const lambda = (region: string, credentials: Keys = fake) => track(new LambdaClient({endpoint: sandbox.url, region, credentials, maxAttempts: 1}))
  const sts = (credentials: Keys = fake, region = REGION) => track(new STSClient({endpoint: sandbox.url, region, credentials, maxAttempts: 1}))
  const organizations = (credentials: Keys = fake) => track(new OrganizationsClient({endpoint: sandbox.url, region: REGION, credentials, maxAttempts: 1}))
  const accountApi = (credentials: Keys = fake) => track(new AccountClient({endpoint: sandbox.url, region: REGION, credentials, maxAttempts: 1}))
  const fleet = (options: SandboxOptions = {}) =>
    quickSandbox({accounts: 4, regions: REGIONS, denyRoles: [MEMBER_3, `${MEMBER_2}:Blocked`], wallNow: () => wall, ...options})

  async function assume(roleArn: string, credentials: Keys = fake, extra: {DurationSeconds?: number} = {}): Promise<Keys & {expiration: Date}> {
    const {Credentials} = await sts(credentials).send(new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: 'lx-test', ...extra}))
    return {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
      expiration: Credentials!.Expiration!,
    }
  }

  beforeEach(() => {
    wall = Date.parse('2026-12-06T12:00:00Z')
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await sandbox?.stop()
  })

  describe('options and test hooks', () => {
    it('defaults to one account in one region, the management account being the description’s', async () => {
      sandbox = await quickSandbox()
      assert.deepEqual(sandbox.accountIds, [ACCOUNT])
      assert.deepEqual(sandbox.suspendedAccountIds, [])
      assert.deepEqual(sandbox.regions, [REGION])
      assert.equal(sandbox.account, sandbox.accountOf(ACCOUNT, REGION))
      assert.equal(sandbox.simulation, sandbox.simulationOf(ACCOUNT).simulation)
    })

    it('numbers member accounts 111111111111, 222222222222, … and adds one suspended account', async () => {
      sandbox = await fleet()
      assert.deepEqual(sandbox.accountIds, [ACCOUNT, MEMBER_1, MEMBER_2, MEMBER_3])
      assert.deepEqual(sandbox.suspendedAccountIds, [SUSPENDED])
      assert.deepEqual(sandbox.regions, REGIONS)
      assert.match(sandbox.organizationId, /^o-[a-z0-9]{10}$/)
      assert.equal(sandbox.account.id, ACCOUNT)
      assert.equal(sandbox.account.region, 'us-east-1')
      const member = sandbox.accountOf(MEMBER_2, 'ap-southeast-2')
      assert.equal(member.id, MEMBER_2)
      assert.equal(member.region, 'ap-southeast-2')
      assert.equal(member.functions.size, sandbox.account.functions.size, 'every account-region has the description’s functions')
      assert.throws(() => sandbox.accountOf(SUSPENDED, 'us-east-1'), /no active account 999999999999/)
      assert.throws(() => sandbox.accountOf(MEMBER_1, 'sa-east-1'), /region sa-east-1 is not served/)
      assert.deepEqual(await getJson(`${sandbox.url}/_sandbox/fleet`), {
        organizationId: sandbox.organizationId,
        managementAccountId: ACCOUNT,
        accounts: [ACCOUNT, MEMBER_1, MEMBER_2, MEMBER_3],
        suspendedAccounts: [SUSPENDED],
        deniedRoles: [MEMBER_3, `${MEMBER_2}:Blocked`],
        regions: REGIONS,
      })
    })

    it('refuses settings it cannot honour before listening', async () => {
      await assert.rejects(startSandbox({accounts: 0, log: () => {}}), {name: 'SandboxOptionError', message: /accounts must be a whole number/})
      await assert.rejects(startSandbox({regions: ['us-east-1', 'Europe'], log: () => {}}), {
        name: 'SandboxOptionError',
        message: /"Europe" is not a region name/,
      })
      await assert.rejects(startSandbox({accounts: 2, denyRoles: ['1111'], log: () => {}}), {
        name: 'SandboxOptionError',
        message: /expected ACCOUNT or ACCOUNT:ROLE_NAME/,
      })
      await assert.rejects(startSandbox({accounts: 2, denyRoles: ['444444444444'], log: () => {}}), {
        name: 'SandboxOptionError',
        message: /444444444444: it is not an account of the fleet/,
      })
      await assert.rejects(startSandbox({omitLayers: ['eu-west-1'], log: () => {}}), {
        name: 'SandboxOptionError',
        message: /with a served region \(us-east-1\)/,
      })
      await assert.rejects(startSandbox({omitLayers: ['us-east-1:no-such-layer'], log: () => {}}), {
        name: 'SandboxOptionError',
        message: /cannot omit layer "no-such-layer"/,
      })
    })
  })

  describe('which account and region answer', () => {
    it('picks the account by access key: unknown keys are the management account, suffixed keys their account', async () => {
      sandbox = await fleet()
      const asManagement = await sts().send(new GetCallerIdentityCommand({}))
      assert.deepEqual({Account: asManagement.Account, Arn: asManagement.Arn}, {Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/lx-sandbox`})
      const asMember = await sts(keyOf(MEMBER_2)).send(new GetCallerIdentityCommand({}))
      assert.equal(asMember.Account, MEMBER_2)
      assert.equal(asMember.Arn, `arn:aws:iam::${MEMBER_2}:user/lx-sandbox`)

      const {Functions} = await lambda('us-east-1', keyOf(MEMBER_1)).send(new ListFunctionsCommand({MaxItems: 3}))
      assert.ok(Functions!.length > 0)
      for (const fn of Functions!) assert.match(fn.FunctionArn!, new RegExp(`^arn:aws:lambda:us-east-1:${MEMBER_1}:function:`))
    })

    it('picks the region by the signing region: each region’s ARNs name it, layers included', async () => {
      sandbox = await fleet()
      for (const region of REGIONS) {
        const fn = await lambda(region, keyOf(MEMBER_1)).send(new GetFunctionCommand({FunctionName: 'orders-api'}))
        assert.equal(fn.Configuration!.FunctionArn, `arn:aws:lambda:${region}:${MEMBER_1}:function:orders-api`)
        assert.equal(fn.Configuration!.Role, `arn:aws:iam::${MEMBER_1}:role/orders-api-role`)
        for (const layer of fn.Configuration!.Layers!) assert.match(layer.Arn!, new RegExp(`^arn:aws:lambda:${region}:${MEMBER_1}:layer:`))
        assert.ok(
          fn.Configuration!.Layers!.every((layer) => layer.CodeSize! > 0),
          'the layers exist in that region',
        )
      }
      const stats = sandbox.stats()
      assert.deepEqual(Object.keys(stats.byAccountRegion).sort(), REGIONS.map((region) => `${MEMBER_1}/${region}`).sort())
      assert.equal(stats.operations['lambda:GetFunction'], 3)
    })

    it('refuses a region it does not serve with 403 UnrecognizedClientException, except for the global services', async () => {
      sandbox = await fleet()
      await expectAwsError(lambda('sa-east-1').send(new GetAccountSettingsCommand({})), {
        name: 'UnrecognizedClientException',
        status: 403,
        message: 'The security token included in the request is invalid.',
      })
      const identity = await sts(fake, 'sa-east-1').send(new GetCallerIdentityCommand({}))
      assert.equal(identity.Account, ACCOUNT)
      const stats = sandbox.stats()
      assert.equal(stats.errors['lambda:GetAccountSettings'], 1)
      assert.equal(stats.operations['sts:GetCallerIdentity'], 1)
    })

    it('keeps each account-region’s state apart', async () => {
      sandbox = await fleet()
      await lambda('eu-west-1', keyOf(MEMBER_1)).send(new PutFunctionConcurrencyCommand({FunctionName: 'geo-lookup', ReservedConcurrentExecutions: 7}))
      assert.equal(sandbox.state('geo-lookup', {account: MEMBER_1, region: 'eu-west-1'}).functions[0].reserved, 7)
      for (const [account, region] of [
        [ACCOUNT, 'eu-west-1'],
        [MEMBER_1, 'us-east-1'],
        [MEMBER_2, 'eu-west-1'],
      ]) {
        assert.equal(sandbox.state('geo-lookup', {account, region}).functions[0].reserved, null, `${account}/${region}`)
        const read = await lambda(region, keyOf(account)).send(new GetFunctionCommand({FunctionName: 'geo-lookup'}))
        assert.equal(read.Concurrency?.ReservedConcurrentExecutions, undefined, `${account}/${region} over the API`)
      }
      assert.equal(sandbox.state('geo-lookup').functions[0].reserved, null, 'the default is the management account in the first region')
      const remote = (await getJson(`${sandbox.url}/_sandbox/state?account=${MEMBER_1}&region=eu-west-1&function=geo-lookup`)) as {
        accountId: string
        region: string
        functions: Array<{reserved: number | null}>
      }
      assert.deepEqual([remote.accountId, remote.region, remote.functions[0].reserved], [MEMBER_1, 'eu-west-1', 7])
      const missing = await fetch(`${sandbox.url}/_sandbox/state?account=${SUSPENDED}`)
      assert.equal(missing.status, 404)
      await missing.body?.cancel()
    })

    it('meters rate limits per account-region', async () => {
      sandbox = await fleet({rate: {control: 2}})
      const settings = new GetAccountSettingsCommand({})
      const home = lambda('us-east-1')
      await home.send(settings)
      await home.send(settings)
      await expectAwsError(home.send(settings), {name: 'TooManyRequestsException', status: 429})
      // The same moment, other account-regions: buckets of their own.
      await lambda('eu-west-1').send(settings)
      await lambda('us-east-1', keyOf(MEMBER_1)).send(settings)
      await lambda('us-east-1', keyOf(MEMBER_1)).send(settings)
      const stats = sandbox.stats()
      assert.equal(stats.throttled['lambda:GetAccountSettings'], 1)
      assert.deepEqual(stats.byAccountRegion[`${ACCOUNT}/us-east-1`], {
        total: 3,
        operations: {'lambda:GetAccountSettings': 3},
        throttled: {'lambda:GetAccountSettings': 1},
      })
      assert.deepEqual(stats.byAccountRegion[`${ACCOUNT}/eu-west-1`].throttled, {})
      assert.deepEqual(stats.byAccountRegion[`${MEMBER_1}/us-east-1`], {total: 2, operations: {'lambda:GetAccountSettings': 2}, throttled: {}})
    })

    it('answers metrics and auto scaling from each account-region’s own simulation', async () => {
      sandbox = await fleet()
      const config = (region: string, account: string) => ({endpoint: sandbox.url, region, credentials: keyOf(account), maxAttempts: 1})
      const target = {
        ServiceNamespace: 'lambda' as const,
        ResourceId: 'function:checkout-api:live',
        ScalableDimension: 'lambda:function:ProvisionedConcurrency' as const,
      }
      await track(new ApplicationAutoScalingClient(config('eu-west-1', MEMBER_1))).send(
        new RegisterScalableTargetCommand({...target, MinCapacity: 1, MaxCapacity: 5}),
      )
      const described = async (region: string, account: string) =>
        (await track(new ApplicationAutoScalingClient(config(region, account))).send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda'})))
          .ScalableTargets!.length
      assert.equal(await described('eu-west-1', MEMBER_1), 1)
      assert.equal(await described('us-east-1', MEMBER_1), 0)
      assert.equal(await described('eu-west-1', ACCOUNT), 0)
      assert.equal(sandbox.simulationOf(MEMBER_1, 'eu-west-1').autoScaling, sandbox.simulationOf(MEMBER_1, 'eu-west-1').autoScaling)
      assert.notEqual(sandbox.simulationOf(MEMBER_1, 'eu-west-1').autoScaling, sandbox.autoScaling)

      const now = Math.floor(sandbox.clock.now() / 60_000) * 60
      const invocations = await track(new CloudWatchClient(config('ap-southeast-2', MEMBER_2))).send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'inv',
              MetricStat: {
                Metric: {Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{Name: 'FunctionName', Value: 'checkout-api'}]},
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
          StartTime: new Date((now - 1800) * 1000),
          EndTime: new Date(now * 1000),
        }),
      )
      assert.ok(invocations.MetricDataResults![0].Values!.length > 0, 'the member account’s functions have traffic')
      assert.equal(sandbox.stats().byAccountRegion[`${MEMBER_2}/ap-southeast-2`].operations['monitoring:GetMetricData'], 1)
    })

    it('leaves layers unpublished in a region with omitLayers', async () => {
      sandbox = await fleet({omitLayers: ['eu-west-1:log-shipper-extension', 'ap-southeast-2']})
      const names = async (region: string, credentials = fake) =>
        ((await lambda(region, credentials).send(new ListLayersCommand({}))).Layers ?? []).map((layer) => layer.LayerName).sort()
      const everywhere = await names('us-east-1')
      assert.ok(everywhere.includes('log-shipper-extension'))
      assert.deepEqual(
        await names('eu-west-1', keyOf(MEMBER_1)),
        everywhere.filter((name) => name !== 'log-shipper-extension'),
      )
      assert.deepEqual(await names('ap-southeast-2'), [])
      await expectAwsError(
        lambda('eu-west-1').send(new GetLayerVersionByArnCommand({Arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:log-shipper-extension:3`})),
        {name: 'ResourceNotFoundException', status: 404},
      )
      // Functions there still name the layer, as a function whose layer was deleted does.
      const fn = await lambda('eu-west-1').send(new GetFunctionCommand({FunctionName: 'orders-api'}))
      assert.ok(fn.Configuration!.Layers!.some((layer) => layer.Arn === `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:log-shipper-extension:3`))
    })
  })

  describe('STS AssumeRole', () => {
    it('issues temporary credentials that act in the role’s account', async () => {
      sandbox = await fleet()
      const roleArn = `arn:aws:iam::${MEMBER_2}:role/OrganizationAccountAccessRole`
      const {Credentials, AssumedRoleUser} = await sts().send(
        new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: 'lx-fleet', ExternalId: 'lx-external', DurationSeconds: 1800}),
      )
      assert.match(Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/)
      assert.ok(Credentials!.SecretAccessKey && Credentials!.SessionToken)
      assert.equal(Credentials!.Expiration!.getTime(), wall + 1_800_000)
      assert.match(AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:lx-fleet$/)
      assert.equal(AssumedRoleUser!.Arn, `arn:aws:sts::${MEMBER_2}:assumed-role/OrganizationAccountAccessRole/lx-fleet`)

      const keys = {accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken!}
      const identity = await sts(keys).send(new GetCallerIdentityCommand({}))
      assert.deepEqual(
        {Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId},
        {Account: MEMBER_2, Arn: AssumedRoleUser!.Arn, UserId: AssumedRoleUser!.AssumedRoleId},
      )
      const fn = await lambda('ap-southeast-2', keys).send(new GetFunctionCommand({FunctionName: 'checkout-api'}))
      assert.equal(fn.Configuration!.FunctionArn, `arn:aws:lambda:ap-southeast-2:${MEMBER_2}:function:checkout-api`)
      // A path in the role ARN is allowed; the assumed-role ARN names the role alone.
      const withPath = await sts().send(new AssumeRoleCommand({RoleArn: `arn:aws:iam::${MEMBER_1}:role/ops/Reader`, RoleSessionName: 's1'}))
      assert.equal(withPath.AssumedRoleUser!.Arn, `arn:aws:sts::${MEMBER_1}:assumed-role/Reader/s1`)
      assert.equal(withPath.Credentials!.Expiration!.getTime(), wall + 3_600_000, 'one hour by default')
    })

    it('denies denied roles, suspended and unknown accounts with 403 AccessDenied', async () => {
      sandbox = await fleet()
      const caller = `arn:aws:iam::${ACCOUNT}:user/lx-sandbox`
      for (const roleArn of [
        `arn:aws:iam::${MEMBER_3}:role/OrganizationAccountAccessRole`,
        `arn:aws:iam::${MEMBER_2}:role/Blocked`,
        `arn:aws:iam::${SUSPENDED}:role/OrganizationAccountAccessRole`,
        'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole',
      ]) {
        await expectAwsError(sts().send(new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: 'lx'})), {
          name: 'AccessDenied',
          status: 403,
          message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        })
      }
      // Another role of the partly denied account is fine.
      await sts().send(new AssumeRoleCommand({RoleArn: `arn:aws:iam::${MEMBER_2}:role/Allowed`, RoleSessionName: 'lx'}))
      // The caller in the message is whoever signed.
      const chained = await assume(`arn:aws:iam::${MEMBER_1}:role/Hop`)
      await expectAwsError(sts(chained).send(new AssumeRoleCommand({RoleArn: `arn:aws:iam::${MEMBER_2}:role/Blocked`, RoleSessionName: 'lx'})), {
        name: 'AccessDenied',
        status: 403,
        message: new RegExp(`^User: arn:aws:sts::${MEMBER_1}:assumed-role/Hop/lx-test is not authorized`),
      })
    })

    it('validates its input with 400 ValidationError', async () => {
      sandbox = await fleet()
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:user/someone`, RoleSessionName: 'lx'}, /^Request ARN is invalid$/],
        [{RoleArn: 'arn:aws:iam::1111:role/x-too-short', RoleSessionName: 'lx'}, /^Request ARN is invalid$/],
        [{RoleArn: 'role/x', RoleSessionName: 'lx'}, /at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20/],
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:role/x`, RoleSessionName: 'l'}, /at 'roleSessionName' .*greater than or equal to 2/],
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:role/x`, RoleSessionName: 'has space'}, /at 'roleSessionName' .*regular expression pattern/],
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:role/x`, RoleSessionName: 'lx', DurationSeconds: 600}, /at 'durationSeconds' .*greater than or equal to 900/],
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:role/x`, RoleSessionName: 'lx', DurationSeconds: 50_000}, /less than or equal to 43200/],
        [{RoleArn: `arn:aws:iam::${MEMBER_1}:role/x`}, /Value null at 'roleSessionName'/],
      ]
      for (const [input, message] of cases) {
        await expectAwsError(sts().send(new AssumeRoleCommand(input as never)), {name: 'ValidationError', status: 400, message})
      }
      // Role chaining is capped at one hour.
      const hop = await assume(`arn:aws:iam::${MEMBER_1}:role/Hop`)
      await expectAwsError(
        sts(hop).send(new AssumeRoleCommand({RoleArn: `arn:aws:iam::${MEMBER_2}:role/Next`, RoleSessionName: 'lx', DurationSeconds: 7200})),
        {
          name: 'ValidationError',
          status: 400,
          message: /1 hour session limit for roles assumed by role chaining/,
        },
      )
      assert.equal(sandbox.stats().errors['sts:AssumeRole'], cases.length + 1)
    })

    it('refuses expired temporary credentials with 403 ExpiredTokenException, by the wall clock', async () => {
      sandbox = await fleet()
      const keys = await assume(`arn:aws:iam::${MEMBER_1}:role/Short`, fake, {DurationSeconds: 900})
      assert.equal(keys.expiration.getTime(), wall + 900_000)
      const client = lambda('eu-west-1', keys)
      await client.send(new GetAccountSettingsCommand({}))
      wall += 899_000
      await client.send(new GetAccountSettingsCommand({}))
      wall += 1000
      await expectAwsError(client.send(new GetAccountSettingsCommand({})), {
        name: 'ExpiredTokenException',
        status: 403,
        message: 'The security token included in the request is expired',
      })
      // STS speaks the query protocol: the same refusal under its code there.
      await expectAwsError(sts(keys).send(new GetCallerIdentityCommand({})), {name: 'ExpiredToken', status: 403})
      // Simulated time does not matter, and new credentials work.
      const fresh = await assume(`arn:aws:iam::${MEMBER_1}:role/Short`)
      await lambda('eu-west-1', fresh).send(new GetAccountSettingsCommand({}))
      assert.equal(sandbox.expireCredentials(fresh.accessKeyId), 1)
      await expectAwsError(lambda('eu-west-1', fresh).send(new GetAccountSettingsCommand({})), {name: 'ExpiredTokenException', status: 403})
    })

    it('refuses static keys of the suspended account', async () => {
      sandbox = await fleet()
      await expectAwsError(lambda('us-east-1', keyOf(SUSPENDED)).send(new ListFunctionsCommand({})), {name: 'UnrecognizedClientException', status: 403})
      await expectAwsError(sts(keyOf(SUSPENDED)).send(new GetCallerIdentityCommand({})), {name: 'InvalidClientTokenId', status: 403})
    })
  })

  describe('Organizations ListAccounts', () => {
    it('pages through every account of the organization, the suspended one included', async () => {
      sandbox = await fleet()
      const client = organizations()
      const first = await client.send(new ListAccountsCommand({MaxResults: 2}))
      assert.deepEqual(
        first.Accounts!.map((account) => account.Id),
        [ACCOUNT, MEMBER_1],
      )
      assert.ok(first.NextToken)
      const accounts = []
      for await (const page of paginateListAccounts({client, pageSize: 2}, {})) accounts.push(...page.Accounts!)
      assert.deepEqual(
        accounts.map((account) => [account.Id, account.Status, account.State]),
        [
          [ACCOUNT, 'ACTIVE', 'ACTIVE'],
          [MEMBER_1, 'ACTIVE', 'ACTIVE'],
          [MEMBER_2, 'ACTIVE', 'ACTIVE'],
          [MEMBER_3, 'ACTIVE', 'ACTIVE'],
          [SUSPENDED, 'SUSPENDED', 'SUSPENDED'],
        ],
      )
      for (const account of accounts) {
        assert.equal(account.Arn, `arn:aws:organizations::${ACCOUNT}:account/${sandbox.organizationId}/${account.Id}`)
        assert.match(account.Email!, /^[^\s@]+@[^\s@]+\.[^\s@]+$/)
        assert.ok(account.Name)
        assert.ok(account.JoinedTimestamp instanceof Date && account.JoinedTimestamp.getTime() < Date.now())
        assert.ok(['INVITED', 'CREATED'].includes(account.JoinedMethod!))
      }
      assert.equal(sandbox.stats().operations['organizations:ListAccounts'], 4)
      await expectAwsError(client.send(new ListAccountsCommand({MaxResults: 21})), {name: 'InvalidInputException', status: 400})
      await expectAwsError(client.send(new ListAccountsCommand({NextToken: 'garbage'})), {name: 'InvalidInputException', status: 400})
    })

    it('answers member accounts, static or assumed, with AccessDeniedException', async () => {
      sandbox = await fleet()
      const expected = {name: 'AccessDeniedException', status: 400, message: "You don't have permissions to access this resource."}
      await expectAwsError(organizations(keyOf(MEMBER_1)).send(new ListAccountsCommand({})), expected)
      const assumed = await assume(`arn:aws:iam::${MEMBER_2}:role/OrganizationAccountAccessRole`)
      await expectAwsError(organizations(assumed).send(new ListAccountsCommand({})), expected)
      // A role assumed in the management account may list them.
      const admin = await assume(`arn:aws:iam::${ACCOUNT}:role/OrgReader`)
      assert.equal((await organizations(admin).send(new ListAccountsCommand({}))).Accounts!.length, 5)
    })

    it('is an organization of one with a single account', async () => {
      sandbox = await quickSandbox()
      const {Accounts, NextToken} = await organizations().send(new ListAccountsCommand({}))
      assert.deepEqual(
        Accounts!.map((account) => [account.Id, account.Status]),
        [[ACCOUNT, 'ACTIVE']],
      )
      assert.equal(NextToken, undefined)
    })
  })

  describe('Account Management ListRegions', () => {
    it('lists served regions as enabled and unserved opt-in regions as disabled', async () => {
      sandbox = await fleet({regions: ['us-east-1', 'eu-west-1', 'af-south-1']})
      const {Regions, NextToken} = await accountApi().send(new ListRegionsCommand({}))
      assert.equal(NextToken, undefined)
      const status = Object.fromEntries(Regions!.map((region) => [region.RegionName, region.RegionOptStatus]))
      assert.equal(status['us-east-1'], 'ENABLED_BY_DEFAULT')
      assert.equal(status['eu-west-1'], 'ENABLED_BY_DEFAULT')
      assert.equal(status['af-south-1'], 'ENABLED')
      assert.equal(status['me-south-1'], 'DISABLED')
      assert.equal(status['ap-east-1'], 'DISABLED')
      assert.equal(status['ap-southeast-2'], undefined, 'default regions the sandbox does not serve are left out')

      const enabled = await accountApi(keyOf(MEMBER_2)).send(new ListRegionsCommand({RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT']}))
      assert.deepEqual(enabled.Regions!.map((region) => region.RegionName).sort(), ['af-south-1', 'eu-west-1', 'us-east-1'])
      const disabled = await accountApi().send(new ListRegionsCommand({RegionOptStatusContains: ['DISABLED']}))
      assert.ok(disabled.Regions!.length >= 5)
      assert.ok(disabled.Regions!.every((region) => region.RegionOptStatus === 'DISABLED'))

      const client = accountApi()
      const paged = []
      for await (const page of paginateListRegions({client, pageSize: 4}, {})) paged.push(...page.Regions!)
      assert.deepEqual(paged, Regions)
      await expectAwsError(accountApi().send(new ListRegionsCommand({MaxResults: 51})), {name: 'ValidationException', status: 400})
      await expectAwsError(accountApi().send(new ListRegionsCommand({RegionOptStatusContains: ['ON' as never]})), {name: 'ValidationException', status: 400})
    })

    it('lets only the management account ask about a member with AccountId', async () => {
      sandbox = await fleet()
      const {Regions} = await accountApi().send(new ListRegionsCommand({AccountId: MEMBER_1, RegionOptStatusContains: ['ENABLED_BY_DEFAULT']}))
      assert.deepEqual(Regions!.map((region) => region.RegionName).sort(), [...REGIONS].sort())
      await expectAwsError(accountApi(keyOf(MEMBER_1)).send(new ListRegionsCommand({AccountId: MEMBER_2})), {name: 'AccessDeniedException', status: 403})
      await expectAwsError(accountApi().send(new ListRegionsCommand({AccountId: SUSPENDED})), {name: 'AccessDeniedException', status: 403})
      await expectAwsError(accountApi().send(new ListRegionsCommand({AccountId: ACCOUNT})), {name: 'ValidationException', status: 400})
    })
  })
})
