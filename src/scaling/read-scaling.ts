// Reads of Application Auto Scaling for Lambda, and the conversion of what AWS returns into the
// states lx plans, applies and journals. All Describe* calls are paginated (NextToken, 50 a page).
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling'

import {SCALABLE_DIMENSION, type ScalableTargetState, type ScalingPolicyState, type ScheduledActionState, SERVICE_NAMESPACE} from './scaling-model.js'

const PAGE = 50
/** The model allows at most 10 scaling policies per page (targets and scheduled actions: 50). */
const POLICY_PAGE = 10

/** Plain JSON (no undefined, no class instances): what the journal can hold and undo can send back. */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

export function toTargetState(target: ScalableTarget): ScalableTargetState {
  return {
    min: target.MinCapacity ?? 0,
    max: target.MaxCapacity ?? 0,
    suspended: {
      dynamicIn: Boolean(target.SuspendedState?.DynamicScalingInSuspended),
      dynamicOut: Boolean(target.SuspendedState?.DynamicScalingOutSuspended),
      scheduled: Boolean(target.SuspendedState?.ScheduledScalingSuspended),
    },
  }
}

export function toPolicyState(policy: ScalingPolicy): ScalingPolicyState {
  return {
    name: policy.PolicyName,
    type: policy.PolicyType ?? 'TargetTrackingScaling',
    ...(policy.TargetTrackingScalingPolicyConfiguration
      ? {targetTracking: plain(policy.TargetTrackingScalingPolicyConfiguration) as ScalingPolicyState['targetTracking']}
      : {}),
    ...(policy.StepScalingPolicyConfiguration ? {stepScaling: plain(policy.StepScalingPolicyConfiguration) as Record<string, unknown>} : {}),
  }
}

function iso(date: Date | undefined): string | null {
  return date ? new Date(date).toISOString() : null
}

export function toActionState(action: ScheduledAction): ScheduledActionState {
  return {
    name: action.ScheduledActionName,
    schedule: action.Schedule ?? '',
    timezone: action.Timezone && action.Timezone !== 'UTC' ? action.Timezone : null,
    min: action.ScalableTargetAction?.MinCapacity ?? null,
    max: action.ScalableTargetAction?.MaxCapacity ?? null,
    start: iso(action.StartTime),
    end: iso(action.EndTime),
  }
}

/** Scalable targets of Lambda: the given resource ids (50 per call), or all of them. */
export async function describeTargets(aas: ApplicationAutoScalingClient, resourceIds?: string[]): Promise<ScalableTarget[]> {
  const chunks = resourceIds === undefined ? [undefined] : chunk(resourceIds, PAGE)
  const all: ScalableTarget[] = []
  for (const ids of chunks) {
    let token: string | undefined
    do {
      // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
      const page = await aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: SERVICE_NAMESPACE,
          ScalableDimension: SCALABLE_DIMENSION,
          ResourceIds: ids,
          MaxResults: PAGE,
          NextToken: token,
        }),
      )
      all.push(...(page.ScalableTargets ?? []))
      token = page.NextToken
    } while (token)
  }

  return all
}

/** Scaling policies of one target (or of every Lambda target when resourceId is undefined). */
export async function describePolicies(aas: ApplicationAutoScalingClient, resourceId?: string, policyNames?: string[]): Promise<ScalingPolicy[]> {
  const all: ScalingPolicy[] = []
  let token: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- NextToken pages are sequential by nature
    const page = await aas.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceId,
        ScalableDimension: resourceId ? SCALABLE_DIMENSION : undefined,
        PolicyNames: policyNames,
        MaxResults: POLICY_PAGE,
        NextToken: token,
      }),
    )
    all.push(...(page.ScalingPolicies ?? []))
    token = page.NextToken
  } while (token)
  return all
}

/** Scheduled actions of one target (or of every Lambda target when resourceId is undefined). */
export async function describeActions(aas: ApplicationAutoScalingClient, resourceId?: string, actionNames?: string[]): Promise<ScheduledAction[]> {
  const all: ScheduledAction[] = []
  let token: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- NextToken pages are sequential by nature
    const page = await aas.send(
      new DescribeScheduledActionsCommand({
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceId,
        ScalableDimension: resourceId ? SCALABLE_DIMENSION : undefined,
        ScheduledActionNames: actionNames,
        MaxResults: PAGE,
        NextToken: token,
      }),
    )
    all.push(...(page.ScheduledActions ?? []))
    token = page.NextToken
  } while (token)
  return all
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size))
  return chunks
}
