// What lx knows about Application Auto Scaling of provisioned concurrency: the identifiers AWS uses
// for a Lambda alias or version, and the states the apply engine reads, writes and journals for
// scalable targets, scaling policies and scheduled actions (null = absent).
import type {Target} from '../apply/plan.js'

export const SERVICE_NAMESPACE = 'lambda'
export const SCALABLE_DIMENSION = 'lambda:function:ProvisionedConcurrency'
export const UTILIZATION_METRIC = 'LambdaProvisionedConcurrencyUtilization'
/** The target-tracking policy lx writes; a stable name so re-runs update it instead of adding one. */
export const LX_POLICY_NAME = 'lx-target-tracking'
export const DEFAULT_TARGET_VALUE = 0.7

export function resourceIdOf(functionName: string, qualifier: string): string {
  return `function:${functionName}:${qualifier}`
}

/** `function:NAME:QUALIFIER` → its parts; undefined for anything else. */
export function parseResourceId(resourceId: string): {functionName: string; qualifier: string} | undefined {
  const match = /^function:([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_$-]{1,128})$/.exec(resourceId)
  return match ? {functionName: match[1], qualifier: match[2]} : undefined
}

/**
 * A scaling change's target: the alias or version, plus the policy or scheduled action it is about
 * (several of each can exist per alias). The journal stores the whole object, so `lx undo` finds
 * the same policy or action again.
 */
export interface ScalingTarget extends Target {
  qualifier: string
  policyName?: string
  actionName?: string
}

export interface SuspendedState {
  dynamicIn: boolean
  dynamicOut: boolean
  scheduled: boolean
}

export interface ScalableTargetState {
  min: number
  max: number
  suspended: SuspendedState
}

export const NOT_SUSPENDED: SuspendedState = {dynamicIn: false, dynamicOut: false, scheduled: false}

/**
 * A scaling policy as AWS holds it. The configurations are kept as AWS returns them (plain JSON) so
 * that undo restores any policy exactly, not only the target-tracking ones lx writes.
 */
export interface ScalingPolicyState {
  /** For display only: the name lives in the change's target, and same() ignores it. */
  name?: string
  type: string
  targetTracking?: TargetTrackingConfig
  stepScaling?: Record<string, unknown>
}

export interface TargetTrackingConfig {
  TargetValue: number
  PredefinedMetricSpecification?: {PredefinedMetricType: string; ResourceLabel?: string}
  CustomizedMetricSpecification?: Record<string, unknown>
  ScaleInCooldown?: number
  ScaleOutCooldown?: number
  DisableScaleIn?: boolean
}

export interface ScheduledActionState {
  /** For display only: the name lives in the change's target, and same() ignores it. */
  name?: string
  schedule: string
  /** IANA name; null = UTC. */
  timezone: string | null
  min: number | null
  max: number | null
  /** ISO timestamps bounding a recurring schedule (set outside lx; kept so undo restores them). */
  start: string | null
  end: string | null
}

/** The view of a target-tracking policy that plans and lists show. */
export interface PolicySummary {
  name: string
  targetValue: number | null
  scaleInCooldown: number | null
  scaleOutCooldown: number | null
}

export function isUtilizationTracking(state: ScalingPolicyState | null): boolean {
  return state?.type === 'TargetTrackingScaling' && state.targetTracking?.PredefinedMetricSpecification?.PredefinedMetricType === UTILIZATION_METRIC
}

export function summarisePolicy(name: string, state: ScalingPolicyState): PolicySummary {
  const config = state.targetTracking
  return {name, targetValue: config?.TargetValue ?? null, scaleInCooldown: config?.ScaleInCooldown ?? null, scaleOutCooldown: config?.ScaleOutCooldown ?? null}
}
