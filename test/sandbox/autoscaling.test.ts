import assert from 'node:assert/strict'

import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  type PutScalingPolicyCommandInput,
  PutScheduledActionCommand,
  type PutScheduledActionCommandInput,
  RegisterScalableTargetCommand,
  type RegisterScalableTargetCommandInput,
} from '@aws-sdk/client-application-auto-scaling'
import {GetProvisionedConcurrencyConfigCommand, LambdaClient, PutFunctionConcurrencyCommand} from '@aws-sdk/client-lambda'

import type {AccountDescription, Sandbox} from '../../src/sandbox/index.js'
import {expectAwsError, lambdaClient, quickSandbox, REGION} from './helpers.js'

const PEAK = Date.UTC(2024, 4, 1, 18, 0, 0)
const DIMENSION = 'lambda:function:ProvisionedConcurrency'
const key = (functionName: string, qualifier: string) => ({
  ServiceNamespace: 'lambda' as const,
  ResourceId: `function:${functionName}:${qualifier}`,
  ScalableDimension: DIMENSION as 'lambda:function:ProvisionedConcurrency',
})
const tracking = (value: number, extra: Record<string, unknown> = {}) => ({
  PolicyType: 'TargetTrackingScaling' as const,
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue: value,
    PredefinedMetricSpecification: {PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' as const},
    ...extra,
  },
})

describe('sandbox Application Auto Scaling API', () => {
  let sandbox: Sandbox
  let aas: ApplicationAutoScalingClient
  let lambda: LambdaClient

  const register = (functionName: string, qualifier: string, min?: number, max?: number, extra: Partial<RegisterScalableTargetCommandInput> = {}) =>
    aas.send(
      new RegisterScalableTargetCommand({
        ...key(functionName, qualifier),
        ...(min === undefined ? {} : {MinCapacity: min}),
        ...(max === undefined ? {} : {MaxCapacity: max}),
        ...extra,
      }),
    )
  const provisioned = async (functionName: string, qualifier: string) =>
    (await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: functionName, Qualifier: qualifier}))).RequestedProvisionedConcurrentExecutions
  const target = async (functionName: string, qualifier: string) =>
    (await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', ResourceIds: [`function:${functionName}:${qualifier}`]})))
      .ScalableTargets![0]
  const minutes = (n: number) => {
    for (let i = 0; i < n; i++) sandbox.clock.advance(60_000)
  }

  async function start(options: {seed?: AccountDescription} = {}): Promise<void> {
    sandbox = await quickSandbox({startTime: PEAK, ...options})
    aas = new ApplicationAutoScalingClient({endpoint: sandbox.url, region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})
    lambda = lambdaClient(sandbox)
  }

  afterEach(async () => {
    aas.destroy()
    lambda.destroy()
    await sandbox.stop()
  })

  describe('scalable targets', () => {
    beforeEach(() => start())

    it('registers, describes, updates and deregisters, moving the capacity into range', async () => {
      const registered = await register('kyc-verifier', 'live', 3, 20)
      assert.match(registered.ScalableTargetARN!, /^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\//)
      assert.equal(await provisioned('kyc-verifier', 'live'), 3, 'no provisioned concurrency yet: brought up to the minimum')
      const described = await target('kyc-verifier', 'live')
      assert.deepEqual(
        {min: described.MinCapacity, max: described.MaxCapacity, suspended: described.SuspendedState},
        {min: 3, max: 20, suspended: {DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false}},
      )
      assert.ok(Math.abs(described.CreationTime!.getTime() - PEAK) < 10_000, 'created at the simulated time')
      assert.match(described.RoleARN!, /AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency/)

      // orders-api:live has 25: a max of 10 brings it down; an update may give one bound only.
      await register('orders-api', 'live', 1, 10)
      assert.equal(await provisioned('orders-api', 'live'), 10)
      await register('orders-api', 'live', undefined, 40, {SuspendedState: {ScheduledScalingSuspended: true}})
      const updated = await target('orders-api', 'live')
      assert.deepEqual([updated.MinCapacity, updated.MaxCapacity, updated.SuspendedState?.ScheduledScalingSuspended], [1, 40, true])

      await aas.send(new DeregisterScalableTargetCommand(key('orders-api', 'live')))
      assert.equal(await target('orders-api', 'live'), undefined)
      assert.equal(await provisioned('orders-api', 'live'), 10, 'deregistering leaves the capacity as it is')
      await expectAwsError(aas.send(new DeregisterScalableTargetCommand(key('orders-api', 'live'))), {
        name: 'ObjectNotFoundException',
        status: 400,
        message:
          'No scalable target registered for service namespace: lambda, resource ID: function:orders-api:live, scalable dimension: ' +
          'lambda:function:ProvisionedConcurrency',
      })
    })

    it('pages targets with MaxResults and NextToken, and filters them', async () => {
      for (const name of ['orders-api', 'kyc-verifier', 'pricing-model', 'fraud-scorer', 'feature-flags-api']) await register(name, 'live', 0, 5)
      const first = await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', MaxResults: 2}))
      assert.equal(first.ScalableTargets!.length, 2)
      const second = await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', MaxResults: 2, NextToken: first.NextToken}))
      const third = await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', MaxResults: 2, NextToken: second.NextToken}))
      assert.equal(third.NextToken, undefined)
      assert.equal(new Set([...first.ScalableTargets!, ...second.ScalableTargets!, ...third.ScalableTargets!].map((t) => t.ResourceId)).size, 5)
      const some = await aas.send(
        new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', ResourceIds: ['function:fraud-scorer:live', 'function:nope:live']}),
      )
      assert.deepEqual(
        some.ScalableTargets!.map((t) => t.ResourceId),
        ['function:fraud-scorer:live'],
      )
      assert.deepEqual((await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs'}))).ScalableTargets, [])
      await expectAwsError(aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', MaxResults: 51})), {
        name: 'ValidationException',
        status: 400,
      })
      await expectAwsError(aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda', NextToken: 'garbage'})), {
        name: 'InvalidNextTokenException',
        status: 400,
      })
    })

    it('refuses targets AWS refuses, with ValidationException', async () => {
      const cases: Array<[RegisterScalableTargetCommandInput, RegExp]> = [
        [
          {...key('orders-api', 'live'), ServiceNamespace: 'lamda' as 'lambda', MinCapacity: 1, MaxCapacity: 2},
          /Value 'lamda' at 'serviceNamespace' failed to satisfy constraint/,
        ],
        [
          {...key('orders-api', 'live'), ServiceNamespace: 'ecs', MinCapacity: 1, MaxCapacity: 2},
          /Unsupported service namespace, resource type or scalable dimension/,
        ],
        [{...key('orders-api', 'live'), ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 2}, /Unsupported service namespace/],
        [{...key('orders-api', 'live'), ResourceId: 'orders-api:live', MinCapacity: 1, MaxCapacity: 2}, /Unsupported service namespace/],
        [{...key('orders-api', '$LATEST'), MinCapacity: 1, MaxCapacity: 2}, /Unsupported service namespace/],
        [{...key('ghost', 'live'), MinCapacity: 1, MaxCapacity: 2}, /Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost:live/],
        [{...key('orders-api', 'beta'), MinCapacity: 1, MaxCapacity: 2}, /Function not found/],
        [{...key('user-profile-api', 'live'), MinCapacity: 1, MaxCapacity: 2}, /Alias with weights can not be used with Provisioned Concurrency/],
        [{...key('orders-api', 'live'), MinCapacity: 5, MaxCapacity: 2}, /Minimum capacity cannot be greater than maximum capacity/],
        [{...key('orders-api', 'live'), MinCapacity: 5}, /MinCapacity and MaxCapacity are required/],
        [{...key('orders-api', 'live'), MinCapacity: -1, MaxCapacity: 2}, /minCapacity/],
      ]
      for (const [input, message] of cases) {
        await expectAwsError(aas.send(new RegisterScalableTargetCommand(input)), {name: 'ValidationException', status: 400, message})
      }
      assert.deepEqual((await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'lambda'}))).ScalableTargets, [])
    })

    it('registers a published version as well as an alias', async () => {
      await register('kyc-verifier', '1', 2, 4)
      assert.equal(await provisioned('kyc-verifier', '1'), 2)
    })
  })

  describe('scaling policies', () => {
    beforeEach(() => start())

    it('needs a registered target, then puts, updates, describes and deletes target tracking', async () => {
      await expectAwsError(aas.send(new PutScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live'), ...tracking(0.7)})), {
        name: 'ObjectNotFoundException',
        status: 400,
        message: /No scalable target registered for service namespace: lambda, resource ID: function:orders-api:live/,
      })
      await register('orders-api', 'live', 5, 50)
      const put = await aas.send(new PutScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live'), ...tracking(0.7)}))
      assert.match(
        put.PolicyARN!,
        /^arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:[0-9a-f-]+:resource\/lambda\/function:orders-api:live:policyName\/tt$/,
      )
      assert.deepEqual(
        put.Alarms!.map((a) => a.AlarmName!.replace(/-[0-9a-f-]{36}$/, '')),
        ['TargetTracking-function:orders-api:live-AlarmHigh', 'TargetTracking-function:orders-api:live-AlarmLow'],
      )
      const again = await aas.send(
        new PutScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live'), ...tracking(0.5, {ScaleInCooldown: 120, DisableScaleIn: true})}),
      )
      assert.equal(again.PolicyARN, put.PolicyARN, 'an update keeps the policy')
      const [policy] = (
        await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', ResourceId: 'function:orders-api:live', ScalableDimension: DIMENSION}))
      ).ScalingPolicies!
      assert.deepEqual(policy.TargetTrackingScalingPolicyConfiguration, {
        TargetValue: 0.5,
        PredefinedMetricSpecification: {PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization'},
        ScaleInCooldown: 120,
        DisableScaleIn: true,
      })
      assert.equal(policy.PolicyType, 'TargetTrackingScaling')
      await aas.send(new DeleteScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live')}))
      await expectAwsError(aas.send(new DeleteScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live')})), {
        name: 'ObjectNotFoundException',
        status: 400,
        message: /No scaling policy found for .* policy name: tt/,
      })
    })

    it('refuses policies Lambda cannot use', async () => {
      await register('orders-api', 'live', 1, 50)
      const cases: Array<[Partial<PutScalingPolicyCommandInput>, RegExp]> = [
        [tracking(70), /fraction between 0 and 1/],
        [
          {
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: 0.7,
              PredefinedMetricSpecification: {PredefinedMetricType: 'ECSServiceAverageCPUUtilization'},
            },
          },
          /not supported for lambda:function:ProvisionedConcurrency/,
        ],
        [
          {PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: {TargetValue: 0.7}},
          /Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification/,
        ],
        [{PolicyType: 'TargetTrackingScaling'}, /TargetTrackingScalingPolicyConfiguration is required/],
        [{PolicyType: 'PredictiveScaling'}, /not supported/],
        [{}, /PolicyType is required/],
        [{...tracking(0.7), PolicyName: 'a:b'}, /policyName/],
      ]
      for (const [input, message] of cases) {
        await expectAwsError(aas.send(new PutScalingPolicyCommand({PolicyName: 'p', ...key('orders-api', 'live'), ...input} as PutScalingPolicyCommandInput)), {
          name: 'ValidationException',
          status: 400,
          message,
        })
      }
    })

    it('pages policies ten at a time, as AWS documents, and refuses a MaxResults above 10', async () => {
      await register('orders-api', 'live', 1, 50)
      for (let i = 0; i < 12; i++) await aas.send(new PutScalingPolicyCommand({PolicyName: `p${i}`, ...key('orders-api', 'live'), ...tracking(0.7)}))
      for (const bad of [11, 50, 0]) {
        await expectAwsError(aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', MaxResults: bad})), {
          name: 'ValidationException',
          status: 400,
          message: `1 validation error detected: Value '${bad}' at 'maxResults' failed to satisfy constraint: Member must be between 1 and 10`,
        })
      }
      const three = await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', MaxResults: 3}))
      assert.equal(three.ScalingPolicies!.length, 3)
      const first = await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', MaxResults: 10}))
      assert.equal(first.ScalingPolicies!.length, 10)
      const second = await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', NextToken: first.NextToken}))
      assert.equal(second.ScalingPolicies!.length, 2)
      const named = await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda', PolicyNames: ['p3', 'p11']}))
      assert.deepEqual(
        named.ScalingPolicies!.map((p) => p.PolicyName),
        ['p3', 'p11'],
      )
    })

    it('removes a target’s policies and scheduled actions with the target', async () => {
      await register('orders-api', 'live', 1, 50)
      await aas.send(new PutScalingPolicyCommand({PolicyName: 'tt', ...key('orders-api', 'live'), ...tracking(0.7)}))
      await aas.send(
        new PutScheduledActionCommand({
          ScheduledActionName: 'night',
          ...key('orders-api', 'live'),
          Schedule: 'cron(0 22 * * ? *)',
          ScalableTargetAction: {MinCapacity: 1},
        }),
      )
      await aas.send(new DeregisterScalableTargetCommand(key('orders-api', 'live')))
      assert.deepEqual((await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'lambda'}))).ScalingPolicies, [])
      assert.deepEqual((await aas.send(new DescribeScheduledActionsCommand({ServiceNamespace: 'lambda'}))).ScheduledActions, [])
    })
  })

  describe('scheduled actions', () => {
    beforeEach(() => start())

    it('puts, updates field by field, describes and deletes', async () => {
      await register('orders-api', 'live', 1, 50)
      const input = {ScheduledActionName: 'peak', ...key('orders-api', 'live')}
      await aas.send(
        new PutScheduledActionCommand({
          ...input,
          Schedule: 'cron(0 8 ? * MON-FRI *)',
          Timezone: 'Europe/Paris',
          StartTime: new Date(PEAK),
          EndTime: new Date(PEAK + 86_400_000 * 30),
          ScalableTargetAction: {MinCapacity: 10},
        }),
      )
      const [created] = (await aas.send(new DescribeScheduledActionsCommand({ServiceNamespace: 'lambda'}))).ScheduledActions!
      assert.match(created.ScheduledActionARN!, /:scheduledAction:[0-9a-f-]+:resource\/lambda\/function:orders-api:live:scheduledActionName\/peak$/)
      assert.deepEqual([created.StartTime?.getTime(), created.Timezone], [PEAK, 'Europe/Paris'])
      // Leaving out the time zone and min keeps them; leaving out the start and end clears them.
      await aas.send(new PutScheduledActionCommand({...input, Schedule: 'cron(30 7 ? * MON-FRI *)', ScalableTargetAction: {MaxCapacity: 30}}))
      const [action] = (
        await aas.send(new DescribeScheduledActionsCommand({ServiceNamespace: 'lambda', ResourceId: 'function:orders-api:live', ScalableDimension: DIMENSION}))
      ).ScheduledActions!
      assert.deepEqual(
        {schedule: action.Schedule, zone: action.Timezone, target: action.ScalableTargetAction, start: action.StartTime, end: action.EndTime},
        {schedule: 'cron(30 7 ? * MON-FRI *)', zone: 'Europe/Paris', target: {MinCapacity: 10, MaxCapacity: 30}, start: undefined, end: undefined},
      )
      assert.deepEqual(
        (await aas.send(new DescribeScheduledActionsCommand({ServiceNamespace: 'lambda', ScheduledActionNames: ['other']}))).ScheduledActions,
        [],
      )
      await aas.send(new DeleteScheduledActionCommand(input))
      await expectAwsError(aas.send(new DeleteScheduledActionCommand(input)), {
        name: 'ObjectNotFoundException',
        status: 400,
        message: /No scheduled action found for .* scheduled action name: peak/,
      })
    })

    it('refuses schedules AWS refuses', async () => {
      await expectAwsError(aas.send(new PutScheduledActionCommand({ScheduledActionName: 'x', ...key('orders-api', 'live'), Schedule: 'rate(1 hour)'})), {
        name: 'ObjectNotFoundException',
        status: 400,
      })
      await register('orders-api', 'live', 1, 50)
      const cases: Array<[Partial<PutScheduledActionCommandInput>, RegExp]> = [
        [{Schedule: 'cron(0 8 * * *)'}, /six fields/],
        [{Schedule: 'cron(0 8 * * MON *)'}, /Exactly one of day-of-month and day-of-week must be \?/],
        [{Schedule: 'cron(61 8 * * ? *)'}, /minutes values run from 0 to 59/],
        [{Schedule: 'rate(2 hour)'}, /plural/],
        [{Schedule: 'rate(0 minutes)'}, /positive integer/],
        [{Schedule: 'at(2024-02-30T10:00:00)'}, /real date/],
        [{Schedule: 'every day'}, /Expected at\(\.\.\.\), rate\(\.\.\.\) or cron\(\.\.\.\)/],
        [{Schedule: 'cron(0 8 * * ? *)', Timezone: 'Mars/Base'}, /Time zone Mars\/Base is not valid/],
        [{Schedule: 'rate(5 minutes)', StartTime: new Date(PEAK + 1000), EndTime: new Date(PEAK)}, /start time must be before the end time/],
        [{Schedule: 'rate(5 minutes)', ScalableTargetAction: {MinCapacity: 9, MaxCapacity: 3}}, /Minimum capacity cannot be greater/],
        [{}, /Schedule is required/],
      ]
      for (const [input, message] of cases) {
        await expectAwsError(aas.send(new PutScheduledActionCommand({ScheduledActionName: 'x', ...key('orders-api', 'live'), ...input})), {
          name: 'ValidationException',
          status: 400,
          message,
        })
      }
    })
  })

  describe('effects in the simulation', () => {
    it('raises provisioned concurrency with target tracking as load rises, and lowers it when load falls', async () => {
      await start({
        seed: {
          functions: [
            {
              name: 'api',
              versions: 1,
              aliases: [{name: 'live', version: '1'}],
              traffic: {baselineRps: 20, peakRps: 20, peakHourUtc: 12, burstRps: 0, avgDurationMs: 500, errorRate: 0, initDurationMs: 300},
            },
          ],
        },
      })
      await register('api', 'live', 2, 200)
      await aas.send(new PutScalingPolicyCommand({PolicyName: 'tt', ...key('api', 'live'), ...tracking(0.7)}))
      minutes(10)
      const calm = (await provisioned('api', 'live'))!
      assert.ok(calm >= 13 && calm <= 17, `~10 concurrent at 70 %: ${calm}`)

      sandbox.simulation.setTraffic('api', {baselineRps: 160, peakRps: 160})
      minutes(15)
      const busy = (await provisioned('api', 'live'))!
      assert.ok(busy >= 100 && busy <= 130, `~80 concurrent at 70 % wants ~115: ${busy}`)
      const activities = (await aas.send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'lambda', ResourceId: 'function:api:live'})))
        .ScalingActivities!
      assert.ok(activities.length >= 2 && activities.every((a) => a.StatusCode === 'Successful'))
      assert.match(activities[0].Cause!, /AlarmHigh.* in state ALARM triggered policy/)

      sandbox.simulation.setTraffic('api', {baselineRps: 20, peakRps: 20})
      minutes(10)
      assert.equal(await provisioned('api', 'live'), busy, 'scale-in waits for 15 minutes below 90 % of the target')
      minutes(10)
      const after = (await provisioned('api', 'live'))!
      assert.ok(after < busy / 2, `scaled in once load stayed low: ${after}`)
    })

    it('honours suspended dynamic scaling and records refused scale-outs as failed activities', async () => {
      await start()
      await register('fraud-scorer', 'live', 1, 60, {SuspendedState: {DynamicScalingOutSuspended: true}})
      await aas.send(new PutScalingPolicyCommand({PolicyName: 'tt', ...key('fraud-scorer', 'live'), ...tracking(0.2)}))
      minutes(6)
      assert.equal(await provisioned('fraud-scorer', 'live'), 10, 'scale-out suspended')

      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'fraud-scorer', ReservedConcurrentExecutions: 12}))
      await register('fraud-scorer', 'live', undefined, undefined, {SuspendedState: {DynamicScalingOutSuspended: false}})
      minutes(4)
      assert.equal(await provisioned('fraud-scorer', 'live'), 10, 'the reservation leaves no room')
      const [latest] = (
        await aas.send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'lambda', ResourceId: 'function:fraud-scorer:live', MaxResults: 1}))
      ).ScalingActivities!
      assert.equal(latest.StatusCode, 'Failed')
      assert.match(latest.StatusMessage!, /should not be greater than the reservedConcurrentExecution/)
    })

    it('fires an at() action at its time, setting the range and moving the capacity into it', async () => {
      await start()
      await register('kyc-verifier', 'live', 1, 20)
      const at = new Date(PEAK + 2 * 60_000).toISOString().slice(0, 19)
      await aas.send(
        new PutScheduledActionCommand({
          ScheduledActionName: 'soon',
          ...key('kyc-verifier', 'live'),
          Schedule: `at(${at})`,
          ScalableTargetAction: {MinCapacity: 8, MaxCapacity: 30},
        }),
      )
      minutes(1)
      assert.equal((await target('kyc-verifier', 'live')).MinCapacity, 1, 'not yet')
      minutes(2)
      const after = await target('kyc-verifier', 'live')
      assert.deepEqual([after.MinCapacity, after.MaxCapacity], [8, 30])
      assert.equal(await provisioned('kyc-verifier', 'live'), 8)
      const [activity] = (await aas.send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'lambda', ResourceId: 'function:kyc-verifier:live'})))
        .ScalingActivities!
      assert.match(activity.Cause!, /scheduled action name soon was triggered/)
    })

    it('fires cron actions at wall-clock time in their time zone, and not while scheduled scaling is suspended', async () => {
      await start()
      await register('kyc-verifier', 'live', 1, 20)
      // 21:00 in Paris is 19:00 UTC in May.
      await aas.send(
        new PutScheduledActionCommand({
          ScheduledActionName: 'evening',
          ...key('kyc-verifier', 'live'),
          Schedule: 'cron(0 21 * * ? *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: {MinCapacity: 6},
        }),
      )
      minutes(59)
      assert.equal((await target('kyc-verifier', 'live')).MinCapacity, 1)
      minutes(2)
      assert.equal((await target('kyc-verifier', 'live')).MinCapacity, 6)
      assert.equal(await provisioned('kyc-verifier', 'live'), 6)

      await register('kyc-verifier', 'live', 1, 20, {SuspendedState: {ScheduledScalingSuspended: true}})
      sandbox.clock.advance(86_400_000)
      assert.equal((await target('kyc-verifier', 'live')).MinCapacity, 1, 'a day later, suspended: the action did not run')
    })

    it('runs rate() actions from their start time', async () => {
      await start()
      await register('pricing-model', 'live', 0, 20)
      await aas.send(
        new PutScheduledActionCommand({
          ScheduledActionName: 'tick',
          ...key('pricing-model', 'live'),
          Schedule: 'rate(10 minutes)',
          StartTime: new Date(PEAK + 5 * 60_000),
          ScalableTargetAction: {MinCapacity: 4},
        }),
      )
      minutes(4)
      assert.equal((await target('pricing-model', 'live')).MinCapacity, 0)
      minutes(2)
      assert.equal((await target('pricing-model', 'live')).MinCapacity, 4)
      assert.equal(await provisioned('pricing-model', 'live'), 4)
    })
  })
})
