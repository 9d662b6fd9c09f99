// Application Auto Scaling (awsJson 1.1, AnyScaleFrontendService) for Lambda provisioned
// concurrency: scalable targets, target-tracking (and stored step-scaling) policies, scheduled
// actions and the scaling activities the engine records. The engine that acts on them lives in
// simulation/auto-scaling.ts and runs at every simulated minute.
//
// Only ServiceNamespace `lambda` with ScalableDimension `lambda:function:ProvisionedConcurrency`
// is emulated; other namespaces describe as empty and are refused on writes.

import type {SandboxEnvironment} from './environment.js'
import {AwsError, registerJsonService, type JsonServiceHandler} from './protocol.js'
import {
  LAMBDA_DIMENSION,
  LAMBDA_NAMESPACE,
  UTILIZATION_METRIC,
  type ActionRecord,
  type ActivityRecord,
  type AutoScaling,
  type PolicyRecord,
  type SuspendedState,
  type TargetRecord,
  type TargetTrackingConfig,
} from './simulation/auto-scaling.js'
import {isTimeZone, parseSchedule, ScheduleError} from './simulation/schedule.js'
import {simulationOf} from './simulation/sync.js'

export const AUTOSCALING_TARGET = 'AnyScaleFrontendService'

const NAMESPACES = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
]
const UNSUPPORTED = 'Unsupported service namespace, resource type or scalable dimension'
const MAX_COOLDOWN = 31_536_000

function validation(message: string): AwsError {
  return new AwsError('ValidationException', 400, message)
}

function notFound(message: string): AwsError {
  return new AwsError('ObjectNotFoundException', 400, message)
}

const seconds = (epochMs: number) => epochMs / 1000

function requiredString(input: Record<string, unknown>, member: string, wire: string): string {
  const value = input[member]
  if (value === undefined || value === null)
    throw validation(`1 validation error detected: Value null at '${wire}' failed to satisfy constraint: Member must not be null`)
  if (typeof value !== 'string' || value.length === 0 || value.length > 1600)
    throw validation(`1 validation error detected: Value at '${wire}' failed to satisfy constraint: Member must have length between 1 and 1600`)
  return value
}

function optionalInteger(input: Record<string, unknown>, member: string, wire: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = input[member]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(
      `1 validation error detected: Value '${String(value)}' at '${wire}' failed to satisfy constraint: Member must be an integer between ${min} and ${max}`,
    )
  }
  return value
}

/** Checks ServiceNamespace; false for a valid namespace the sandbox does not emulate. */
function lambdaNamespace(input: Record<string, unknown>): boolean {
  const namespace = requiredString(input, 'ServiceNamespace', 'serviceNamespace')
  if (!NAMESPACES.includes(namespace)) {
    throw validation(
      `1 validation error detected: Value '${namespace}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: ` +
        `[${NAMESPACES.join(', ')}]`,
    )
  }
  return namespace === LAMBDA_NAMESPACE
}

interface Resource {
  resourceId: string
  functionName: string
  qualifier: string
}

/** Namespace, dimension and resource id of a write: `function:NAME:QUALIFIER` (an alias or version, never $LATEST). */
function lambdaResource(input: Record<string, unknown>): Resource {
  if (!lambdaNamespace(input)) throw validation(`${UNSUPPORTED} (the sandbox emulates Application Auto Scaling for Lambda only)`)
  const resourceId = requiredString(input, 'ResourceId', 'resourceId')
  const dimension = requiredString(input, 'ScalableDimension', 'scalableDimension')
  if (dimension !== LAMBDA_DIMENSION) throw validation(UNSUPPORTED)
  const match = /^function:([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{1,128})$/.exec(resourceId)
  if (!match) throw validation(UNSUPPORTED)
  return {resourceId, functionName: match[1], qualifier: match[2]}
}

function targetNotFound(resourceId: string): AwsError {
  return notFound(
    `No scalable target registered for service namespace: ${LAMBDA_NAMESPACE}, resource ID: ${resourceId}, scalable dimension: ${LAMBDA_DIMENSION}`,
  )
}

/** Names of policies and scheduled actions: no colon, slash, bar or control character, no outer blanks. */
function name(input: Record<string, unknown>, member: string, wire: string): string {
  const value = requiredString(input, member, wire)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what AWS refuses
  if (value.length > 256 || /[\u0000-\u001f\u007f-\u009f:/|]/.test(value) || value !== value.trim()) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${wire}' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
        `(?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+`,
    )
  }
  return value
}

function stringList(input: Record<string, unknown>, member: string, wire: string, max = 50): string[] | undefined {
  const value = input[member]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw validation(`The parameter ${wire} must be a list of strings.`)
  if (value.length > max)
    throw validation(`1 validation error detected: Value at '${wire}' failed to satisfy constraint: Member must have length less than or equal to ${max}`)
  return value as string[]
}

/** NextToken/MaxResults paging over an already filtered list. */
function page<T>(items: T[], input: Record<string, unknown>, defaultSize: number, maxSize: number): {items: T[]; NextToken?: string} {
  let size = defaultSize
  if (input.MaxResults !== undefined && input.MaxResults !== null) {
    const requested = input.MaxResults
    if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > maxSize) {
      throw validation(
        `1 validation error detected: Value '${String(requested)}' at 'maxResults' failed to satisfy constraint: Member must be between 1 and ${maxSize}`,
      )
    }
    size = requested
  }
  let offset = 0
  if (input.NextToken !== undefined && input.NextToken !== null && input.NextToken !== '') {
    const decoded = /^page:(\d+)$/.exec(Buffer.from(String(input.NextToken), 'base64url').toString('utf8'))
    offset = decoded ? Number(decoded[1]) : -1
    if (offset < 0 || offset > items.length) throw new AwsError('InvalidNextTokenException', 400, 'Invalid token')
  }
  const slice = items.slice(offset, offset + size)
  const next = offset + slice.length
  return {items: slice, ...(next < items.length ? {NextToken: Buffer.from(`page:${next}`).toString('base64url')} : {})}
}

function renderTarget(target: TargetRecord): Record<string, unknown> {
  return {
    ServiceNamespace: LAMBDA_NAMESPACE,
    ResourceId: target.resourceId,
    ScalableDimension: LAMBDA_DIMENSION,
    MinCapacity: target.min,
    MaxCapacity: target.max,
    RoleARN: target.roleArn,
    CreationTime: seconds(target.createdAt),
    SuspendedState: {...target.suspended},
    ScalableTargetARN: target.arn,
  }
}

function renderPolicy(policy: PolicyRecord): Record<string, unknown> {
  return {
    PolicyARN: policy.arn,
    PolicyName: policy.name,
    ServiceNamespace: LAMBDA_NAMESPACE,
    ResourceId: policy.resourceId,
    ScalableDimension: LAMBDA_DIMENSION,
    PolicyType: policy.type,
    ...(policy.targetTracking ? {TargetTrackingScalingPolicyConfiguration: policy.targetTracking} : {}),
    ...(policy.stepScaling ? {StepScalingPolicyConfiguration: policy.stepScaling} : {}),
    Alarms: policy.alarms,
    CreationTime: seconds(policy.createdAt),
  }
}

function renderAction(action: ActionRecord): Record<string, unknown> {
  return {
    ScheduledActionName: action.name,
    ScheduledActionARN: action.arn,
    ServiceNamespace: LAMBDA_NAMESPACE,
    Schedule: action.schedule,
    ...(action.timezone ? {Timezone: action.timezone} : {}),
    ResourceId: action.resourceId,
    ScalableDimension: LAMBDA_DIMENSION,
    ...(action.startTime === undefined ? {} : {StartTime: seconds(action.startTime)}),
    ...(action.endTime === undefined ? {} : {EndTime: seconds(action.endTime)}),
    ScalableTargetAction: {...(action.min === undefined ? {} : {MinCapacity: action.min}), ...(action.max === undefined ? {} : {MaxCapacity: action.max})},
    CreationTime: seconds(action.createdAt),
  }
}

function renderActivity(activity: ActivityRecord): Record<string, unknown> {
  return {...activity, StartTime: seconds(activity.StartTime), EndTime: seconds(activity.EndTime)}
}

/** Filters shared by the Describe operations: ResourceId(s) and ScalableDimension. */
function matchesDimension(input: Record<string, unknown>): boolean {
  const dimension = input.ScalableDimension
  return dimension === undefined || dimension === null || dimension === LAMBDA_DIMENSION
}

function timestamp(value: unknown, wire: string): number | undefined {
  if (value === undefined || value === null) return undefined
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(ms)) throw validation(`The parameter ${wire} is not a valid timestamp.`)
  return ms
}

export function autoScalingService(env: SandboxEnvironment): JsonServiceHandler {
  const {account, clock} = env
  const scaling: AutoScaling = simulationOf(env).autoScaling

  const requireTarget = (resourceId: string): TargetRecord => {
    const target = scaling.targets.get(resourceId)
    if (!target) throw targetNotFound(resourceId)
    return target
  }

  return {
    operations: {
      RegisterScalableTarget(input) {
        const resource = lambdaResource(input)
        const min = optionalInteger(input, 'MinCapacity', 'minCapacity')
        const max = optionalInteger(input, 'MaxCapacity', 'maxCapacity')
        const existing = scaling.targets.get(resource.resourceId)
        if (!existing && (min === undefined || max === undefined))
          throw validation('MinCapacity and MaxCapacity are required when registering a new scalable target.')
        const newMin = min ?? existing!.min
        const newMax = max ?? existing!.max
        if (newMin > newMax) throw validation(`Minimum capacity cannot be greater than maximum capacity (min ${newMin}, max ${newMax}).`)
        const fn = account.functions.get(resource.functionName)
        const resolved = fn && account.resolveQualifier(fn, resource.qualifier)
        if (!fn || !resolved) throw validation(`Function not found: ${account.functionArn(resource.functionName, resource.qualifier)}`)
        if (resolved.kind === 'alias' && resolved.alias.routing && Object.keys(resolved.alias.routing).length > 0) {
          throw validation(
            `Alias ${resource.qualifier} of ${resource.functionName} routes traffic to more than one version: Alias with weights can not be used with ` +
              `Provisioned Concurrency.`,
          )
        }
        const suspended = input.SuspendedState as Partial<SuspendedState> | undefined
        if (suspended !== undefined && (typeof suspended !== 'object' || suspended === null)) throw validation('SuspendedState must be an object.')
        const target = scaling.register(
          {
            ...resource,
            min: newMin,
            max: newMax,
            ...(suspended ? {suspended} : {}),
            ...(typeof input.RoleARN === 'string' ? {roleArn: input.RoleARN} : {}),
          },
          clock.now(),
        )
        return {ScalableTargetARN: target.arn}
      },

      DeregisterScalableTarget(input) {
        const {resourceId} = lambdaResource(input)
        if (!scaling.deregister(resourceId)) throw targetNotFound(resourceId)
        return {}
      },

      DescribeScalableTargets(input) {
        const lambda = lambdaNamespace(input)
        const ids = stringList(input, 'ResourceIds', 'resourceIds')
        const targets = lambda && matchesDimension(input) ? [...scaling.targets.values()].filter((target) => !ids || ids.includes(target.resourceId)) : []
        const {items, NextToken} = page(targets, input, 50, 50)
        return {ScalableTargets: items.map(renderTarget), ...(NextToken ? {NextToken} : {})}
      },

      PutScalingPolicy(input) {
        const policyName = name(input, 'PolicyName', 'policyName')
        const resource = lambdaResource(input)
        requireTarget(resource.resourceId)
        const existing = scaling.policy(resource.resourceId, policyName)
        const type = (input.PolicyType as string | undefined) ?? existing?.type
        if (type === undefined) throw validation('PolicyType is required when creating a scaling policy: TargetTrackingScaling or StepScaling.')
        if (type === 'PredictiveScaling') throw validation(`PredictiveScaling policies are not supported for ${LAMBDA_DIMENSION}.`)
        if (type !== 'TargetTrackingScaling' && type !== 'StepScaling') {
          throw validation(
            `1 validation error detected: Value '${type}' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: ` +
              `[StepScaling, TargetTrackingScaling, PredictiveScaling]`,
          )
        }
        if (type === 'StepScaling') {
          const config = input.StepScalingPolicyConfiguration
          if (!config || typeof config !== 'object') throw validation('StepScalingPolicyConfiguration is required for a StepScaling policy.')
          const stored = scaling.putPolicy(
            {name: policyName, resourceId: resource.resourceId, type, stepScaling: config as Record<string, unknown>},
            clock.now(),
          )
          return {PolicyARN: stored.arn, Alarms: stored.alarms}
        }
        const config = input.TargetTrackingScalingPolicyConfiguration as Record<string, unknown> | undefined
        if (!config || typeof config !== 'object') throw validation('TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.')
        const value = config.TargetValue
        if (typeof value !== 'number' || !Number.isFinite(value)) throw validation('TargetTrackingScalingPolicyConfiguration.TargetValue is required.')
        const predefined = config.PredefinedMetricSpecification as Record<string, unknown> | undefined
        const customized = config.CustomizedMetricSpecification as Record<string, unknown> | undefined
        if ((predefined === undefined) === (customized === undefined))
          throw validation('Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.')
        if (predefined) {
          if (predefined.PredefinedMetricType !== UTILIZATION_METRIC) {
            throw validation(
              `The predefined metric type ${String(predefined.PredefinedMetricType)} is not supported for ${LAMBDA_DIMENSION}: use ${UTILIZATION_METRIC}.`,
            )
          }
          // Utilisation is a fraction of the allocation: 0.7 means 70 %.
          if (!(value > 0 && value <= 1))
            throw validation(`TargetValue ${value} is out of range for ${UTILIZATION_METRIC}, a fraction between 0 and 1 (0.7 means 70 %).`)
        } else if (!(value > 0)) throw validation('TargetValue must be greater than 0.')
        const cooldownOut = optionalInteger(config, 'ScaleOutCooldown', 'targetTrackingScalingPolicyConfiguration.scaleOutCooldown', 0, MAX_COOLDOWN)
        const cooldownIn = optionalInteger(config, 'ScaleInCooldown', 'targetTrackingScalingPolicyConfiguration.scaleInCooldown', 0, MAX_COOLDOWN)
        if (config.DisableScaleIn !== undefined && typeof config.DisableScaleIn !== 'boolean') throw validation('DisableScaleIn must be a boolean.')
        const targetTracking: TargetTrackingConfig = {
          TargetValue: value,
          ...(predefined
            ? {
                PredefinedMetricSpecification: {
                  PredefinedMetricType: UTILIZATION_METRIC,
                  ...(typeof predefined.ResourceLabel === 'string' ? {ResourceLabel: predefined.ResourceLabel} : {}),
                },
              }
            : {}),
          ...(customized ? {CustomizedMetricSpecification: customized} : {}),
          ...(cooldownOut === undefined ? {} : {ScaleOutCooldown: cooldownOut}),
          ...(cooldownIn === undefined ? {} : {ScaleInCooldown: cooldownIn}),
          ...(config.DisableScaleIn === undefined ? {} : {DisableScaleIn: config.DisableScaleIn as boolean}),
        }
        const stored = scaling.putPolicy({name: policyName, resourceId: resource.resourceId, type, targetTracking}, clock.now())
        return {PolicyARN: stored.arn, Alarms: stored.alarms}
      },

      DescribeScalingPolicies(input) {
        const lambda = lambdaNamespace(input)
        const names = stringList(input, 'PolicyNames', 'policyNames')
        const resourceId = input.ResourceId as string | undefined
        const policies =
          lambda && matchesDimension(input)
            ? [...scaling.policies.values()].filter((policy) => (!resourceId || policy.resourceId === resourceId) && (!names || names.includes(policy.name)))
            : []
        // The model allows 1-10 results a page here (not 50 as for targets and scheduled actions).
        const {items, NextToken} = page(policies, input, 10, 10)
        return {ScalingPolicies: items.map(renderPolicy), ...(NextToken ? {NextToken} : {})}
      },

      DeleteScalingPolicy(input) {
        const policyName = name(input, 'PolicyName', 'policyName')
        const {resourceId} = lambdaResource(input)
        if (!scaling.deletePolicy(resourceId, policyName)) {
          throw notFound(
            `No scaling policy found for service namespace: ${LAMBDA_NAMESPACE}, resource ID: ${resourceId}, scalable dimension: ${LAMBDA_DIMENSION}, ` +
              `policy name: ${policyName}`,
          )
        }
        return {}
      },

      PutScheduledAction(input) {
        const actionName = name(input, 'ScheduledActionName', 'scheduledActionName')
        const resource = lambdaResource(input)
        requireTarget(resource.resourceId)
        const existing = scaling.action(resource.resourceId, actionName)
        const schedule = input.Schedule === undefined || input.Schedule === null ? existing?.schedule : requiredString(input, 'Schedule', 'schedule')
        if (schedule === undefined) throw validation('Schedule is required when creating a scheduled action.')
        let parsed
        try {
          parsed = parseSchedule(schedule)
        } catch (error) {
          if (error instanceof ScheduleError) throw validation(error.message)
          throw error
        }
        const timezone = input.Timezone === undefined || input.Timezone === null ? existing?.timezone : requiredString(input, 'Timezone', 'timezone')
        if (timezone !== undefined && !isTimeZone(timezone))
          throw validation(`Time zone ${timezone} is not valid: use an IANA name such as Europe/Paris or America/New_York.`)
        // An update that leaves out the start or end time clears it.
        const startTime = timestamp(input.StartTime, 'startTime')
        const endTime = timestamp(input.EndTime, 'endTime')
        if (startTime !== undefined && endTime !== undefined && startTime >= endTime) throw validation('The start time must be before the end time.')
        const action = (input.ScalableTargetAction ?? {}) as Record<string, unknown>
        if (typeof action !== 'object' || action === null) throw validation('ScalableTargetAction must be an object.')
        const min = optionalInteger(action, 'MinCapacity', 'scalableTargetAction.minCapacity') ?? existing?.min
        const max = optionalInteger(action, 'MaxCapacity', 'scalableTargetAction.maxCapacity') ?? existing?.max
        if (min !== undefined && max !== undefined && min > max)
          throw validation(`Minimum capacity cannot be greater than maximum capacity (min ${min}, max ${max}).`)
        scaling.putAction(
          {
            name: actionName,
            resourceId: resource.resourceId,
            schedule,
            parsed,
            ...(timezone === undefined ? {} : {timezone}),
            ...(startTime === undefined ? {} : {startTime}),
            ...(endTime === undefined ? {} : {endTime}),
            ...(min === undefined ? {} : {min}),
            ...(max === undefined ? {} : {max}),
          },
          clock.now(),
        )
        // PutScheduledAction answers an empty structure; the ARN shows in DescribeScheduledActions.
        return {}
      },

      DescribeScheduledActions(input) {
        const lambda = lambdaNamespace(input)
        const names = stringList(input, 'ScheduledActionNames', 'scheduledActionNames')
        const resourceId = input.ResourceId as string | undefined
        const actions =
          lambda && matchesDimension(input)
            ? [...scaling.actions.values()].filter((action) => (!resourceId || action.resourceId === resourceId) && (!names || names.includes(action.name)))
            : []
        const {items, NextToken} = page(actions, input, 50, 50)
        return {ScheduledActions: items.map(renderAction), ...(NextToken ? {NextToken} : {})}
      },

      DeleteScheduledAction(input) {
        const actionName = name(input, 'ScheduledActionName', 'scheduledActionName')
        const {resourceId} = lambdaResource(input)
        if (!scaling.deleteAction(resourceId, actionName)) {
          throw notFound(
            `No scheduled action found for service namespace: ${LAMBDA_NAMESPACE}, resource ID: ${resourceId}, scalable dimension: ` +
              `${LAMBDA_DIMENSION}, scheduled action name: ${actionName}`,
          )
        }
        return {}
      },

      DescribeScalingActivities(input) {
        const lambda = lambdaNamespace(input)
        const resourceId = input.ResourceId as string | undefined
        const activities =
          lambda && matchesDimension(input) ? [...scaling.activities].reverse().filter((activity) => !resourceId || activity.ResourceId === resourceId) : []
        const {items, NextToken} = page(activities, input, 50, 50)
        return {ScalingActivities: items.map(renderActivity), ...(NextToken ? {NextToken} : {})}
      },
    },
    // Not limited unless the sandbox is given an `autoscaling=N` rate.
    rateClass: () => 'autoscaling',
  }
}

registerJsonService({targetPrefix: AUTOSCALING_TARGET, signingName: 'application-autoscaling', version: '1.1', create: autoScalingService})
