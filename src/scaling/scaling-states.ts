// Comparing and describing scaling states. "Same" compares what a user would call a difference
// (capacities, target value, cooldowns, schedule and zone), never timestamps or ARNs, so a re-run
// finds nothing to do and undo recognises the state it left.
import {
  isUtilizationTracking,
  LX_POLICY_NAME,
  type ScalableTargetState,
  type ScalingPolicyState,
  type ScheduledActionState,
  type SuspendedState,
  UTILIZATION_METRIC,
} from './scaling-model.js'

function sameSuspended(a: SuspendedState, b: SuspendedState): boolean {
  return a.dynamicIn === b.dynamicIn && a.dynamicOut === b.dynamicOut && a.scheduled === b.scheduled
}

export function sameTarget(a: ScalableTargetState | null, b: ScalableTargetState | null): boolean {
  if (a === null || b === null) return a === b
  return a.min === b.min && a.max === b.max && sameSuspended(a.suspended, b.suspended)
}

/** Plain JSON with keys sorted and undefined dropped, for comparing AWS configurations. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner) => {
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      return Object.fromEntries(
        Object.entries(inner)
          .filter(([, v]) => v !== undefined && v !== null)
          .sort(([a], [b]) => a.localeCompare(b)),
      )
    }

    return inner
  })
}

export function samePolicy(a: ScalingPolicyState | null, b: ScalingPolicyState | null): boolean {
  if (a === null || b === null) return a === b
  if (a.type !== b.type) return false
  const tracking = (state: ScalingPolicyState) =>
    state.targetTracking ? {...state.targetTracking, DisableScaleIn: state.targetTracking.DisableScaleIn ?? false} : undefined
  return canonical(tracking(a)) === canonical(tracking(b)) && canonical(a.stepScaling) === canonical(b.stepScaling)
}

export function sameAction(a: ScheduledActionState | null, b: ScheduledActionState | null): boolean {
  if (a === null || b === null) return a === b
  const instant = (iso: string | null) => (iso === null ? null : Date.parse(iso))
  return (
    a.schedule === b.schedule &&
    (a.timezone ?? 'UTC') === (b.timezone ?? 'UTC') &&
    a.min === b.min &&
    a.max === b.max &&
    instant(a.start) === instant(b.start) &&
    instant(a.end) === instant(b.end)
  )
}

export function describeTarget(state: ScalableTargetState | null): string {
  if (state === null) return 'no scalable target'
  const suspended = [state.suspended.dynamicIn && 'scale-in', state.suspended.dynamicOut && 'scale-out', state.suspended.scheduled && 'scheduled'].filter(
    Boolean,
  )
  return `min ${state.min}, max ${state.max}${suspended.length > 0 ? ` (suspended: ${suspended.join(', ')})` : ''}`
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`
}

export function describePolicy(state: ScalingPolicyState | null): string {
  if (state === null) return 'no policy'
  const label = `policy${state.name ? ` ${state.name}` : ''}`
  const config = state.targetTracking
  if (state.type !== 'TargetTrackingScaling' || !config) return `${label}: ${state.type}`
  const metric = isUtilizationTracking(state) ? 'utilization' : (config.PredefinedMetricSpecification?.PredefinedMetricType ?? 'custom metric')
  const cooldowns = [
    config.ScaleInCooldown === undefined ? '' : `in ${config.ScaleInCooldown}s`,
    config.ScaleOutCooldown === undefined ? '' : `out ${config.ScaleOutCooldown}s`,
  ].filter(Boolean)
  const value = metric === 'utilization' ? percent(config.TargetValue) : String(config.TargetValue)
  return `${label}: target ${metric} ${value}${cooldowns.length > 0 ? `, cooldown ${cooldowns.join('/')}` : ''}${config.DisableScaleIn ? ', no scale-in' : ''}`
}

export function describeAction(state: ScheduledActionState | null): string {
  if (state === null) return 'no schedule'
  const capacity = [state.min === null ? '' : `min ${state.min}`, state.max === null ? '' : `max ${state.max}`].filter(Boolean).join(', ')
  return `schedule${state.name ? ` ${state.name}` : ''}: ${state.schedule}${state.timezone ? ` ${state.timezone}` : ''}, ${capacity}`
}

/** The target-tracking configuration lx writes. */
export function utilizationTracking(targetValue: number, cooldowns: {scaleIn?: number; scaleOut?: number}, disableScaleIn?: boolean): ScalingPolicyState {
  return {
    name: LX_POLICY_NAME,
    type: 'TargetTrackingScaling',
    targetTracking: {
      TargetValue: targetValue,
      PredefinedMetricSpecification: {PredefinedMetricType: UTILIZATION_METRIC},
      ...(cooldowns.scaleIn === undefined ? {} : {ScaleInCooldown: cooldowns.scaleIn}),
      ...(cooldowns.scaleOut === undefined ? {} : {ScaleOutCooldown: cooldowns.scaleOut}),
      ...(disableScaleIn ? {DisableScaleIn: true} : {}),
    },
  }
}
