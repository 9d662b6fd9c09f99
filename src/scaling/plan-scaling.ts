// Pure planning of `lx scaling set | schedule | remove`: (current state, request) → plan. Every
// check made before a write lives here, so it is tested without any AWS call.
//
// Order matters and the engine keeps it per function: a policy or a schedule needs its scalable
// target, so `set` plans [target, policy]; `remove` plans [schedules…, policies…, target] (AWS would
// delete them with the target, but each is removed on its own so the journal can restore it).
import {emptyPlan, type Plan, type PlannedChange, type PlannedSkip} from '../apply/plan.js'
import type {AccountState, QualifierInfo} from '../concurrency/plan-concurrency.js'
import {UserError} from '../errors.js'
import {listNames} from '../input/list-names.js'
import {
  DEFAULT_TARGET_VALUE,
  isUtilizationTracking,
  LX_POLICY_NAME,
  NOT_SUSPENDED,
  type ScalableTargetState,
  type ScalingPolicyState,
  type ScalingTarget,
  type ScheduledActionState,
} from './scaling-model.js'
import type {RemoveRequest, ScheduleRequest, SetRequest} from './scaling-input.js'
import {describeAction, describePolicy, describeTarget, percent, sameAction, samePolicy, sameTarget, utilizationTracking} from './scaling-states.js'

/** What planning needs to know about one alias or version. */
export interface ScalingState {
  functionName: string
  qualifier: string
  qualifierInfo: QualifierInfo
  reserved: number | null
  /** Provisioned concurrency configs of the function, all qualifiers. */
  provisioned: Array<{qualifier: string; requested: number}>
  target: ScalableTargetState | null
  policies: Array<{name: string; state: ScalingPolicyState}>
  actions: Array<{name: string; state: ScheduledActionState}>
}

export interface ScalingPlanContext {
  account: AccountState
  /** Functions were named: a bad one is an error, not a skip. */
  named: boolean
  /** Refuse, instead of warning, when a capacity is more than the function can get. */
  strict: boolean
}

function label(state: ScalingState): string {
  return `${state.functionName}:${state.qualifier}`
}

/** Why provisioned concurrency cannot scale on this qualifier, if it cannot. */
function unusable(state: ScalingState): string | undefined {
  if (!state.qualifierInfo.exists) return `has no alias or version "${state.qualifier}"`
  if (state.qualifierInfo.routing)
    return `alias ${state.qualifier} has a routing config (weighted versions); provisioned concurrency needs an alias pointing at one version`
  return undefined
}

/** Collects skips, or — when the user named the functions — the errors to refuse with. */
class Refusals {
  readonly refused: string[] = []
  constructor(
    private readonly plan: Plan,
    private readonly named: boolean,
  ) {}

  skip(skipped: PlannedSkip): void {
    if (this.named) this.refused.push(`${skipped.target.functionName}: ${skipped.reason}`)
    else this.plan.skipped.push(skipped)
  }
}

export interface Capacity {
  limit: number
  why: string
}

/**
 * The most provisioned concurrency this qualifier can get: what the function's reservation leaves
 * after its other qualifiers, or — without a reservation — the account's unreserved pool above its
 * floor, plus what this qualifier already holds.
 */
export function capacityOf(state: ScalingState, account: AccountState): Capacity {
  const here = state.provisioned.find((pc) => pc.qualifier === state.qualifier)?.requested ?? 0
  if (state.reserved !== null) {
    const others = state.provisioned.filter((pc) => pc.qualifier !== state.qualifier).reduce((sum, pc) => sum + pc.requested, 0)
    return {
      limit: Math.max(0, state.reserved - others),
      why: `reserved concurrency ${state.reserved}${others > 0 ? `, ${others} provisioned on other qualifiers` : ''}`,
    }
  }

  return {
    limit: Math.max(0, account.unreserved - account.floor + here),
    why: `account unreserved ${account.unreserved} − floor ${account.floor}${here > 0 ? ` + ${here} already provisioned here` : ''}`,
  }
}

class CapacityCheck {
  private readonly over: Array<{line: string; consequence: string}> = []
  constructor(private readonly context: ScalingPlanContext) {}

  /** The minimum matters most (AWS cannot provision it at all); else the maximum. */
  check(state: ScalingState, min: number | null, max: number | null): void {
    const capacity = capacityOf(state, this.context.account)
    const over = (what: string, value: number | null) =>
      value !== null && value > capacity.limit && `${label(state)}: ${what} ${value} is above the ${capacity.limit} it can get (${capacity.why})`
    const line = over('min', min) || over('max', max)
    if (line) this.over.push({line, consequence: over('min', min) ? 'provisioning the minimum will fail' : 'scaling will stop short of it'})
  }

  finish(plan: Plan): void {
    if (this.over.length === 0) return
    if (this.context.strict) {
      throw new UserError(`Capacity above what the function can get — ${listNames(this.over.map((item) => item.line))}.`, {
        code: 'AboveCapacity',
        hint: 'Lower --max, raise reserved concurrency (`lx concurrency set … --reserved N`), or drop --strict to only warn.',
      })
    }

    for (const item of this.over) plan.warnings.push(`${item.line}; ${item.consequence} (--strict refuses this).`)
  }
}

function refuseIfAny(refusals: Refusals, message: string, hint: string, code = 'BadQualifier'): void {
  if (refusals.refused.length > 0) throw new UserError(`${message} ${listNames(refusals.refused)}.`, {code, hint})
}

const QUALIFIER_HINT = 'Use an alias that points at one published version, or a version number (`lx concurrency list FUNCTION --aliases` shows them).'

/** The lx policy wanted: what was asked, and for what was not asked, what the policy has now. */
export function desiredPolicy(current: ScalingPolicyState | null, request: SetRequest): ScalingPolicyState {
  const existing = isUtilizationTracking(current) ? current!.targetTracking! : undefined
  return utilizationTracking(
    request.targetValue ?? existing?.TargetValue ?? DEFAULT_TARGET_VALUE,
    {scaleIn: request.scaleInCooldown ?? existing?.ScaleInCooldown, scaleOut: request.scaleOutCooldown ?? existing?.ScaleOutCooldown},
    existing?.DisableScaleIn,
  )
}

function desiredTarget(current: ScalableTargetState | null, request: SetRequest): ScalableTargetState {
  return {min: request.min, max: request.max, suspended: current?.suspended ?? NOT_SUSPENDED}
}

export function planScalingSet(states: ScalingState[], request: SetRequest, context: ScalingPlanContext): Plan {
  const plan = emptyPlan<any>('scalable-target')
  const refusals = new Refusals(plan, context.named)
  const capacity = new CapacityCheck(context)
  for (const state of states) {
    const target: ScalingTarget = {functionName: state.functionName, qualifier: state.qualifier}
    const why = unusable(state)
    if (why) {
      refusals.skip({target, reason: why})
      continue
    }

    const wantedTarget = desiredTarget(state.target, request)
    if (sameTarget(state.target, wantedTarget)) {
      plan.unchanged.push({target, state: state.target, reason: `already ${describeTarget(state.target)}`})
    } else {
      plan.changes.push({
        kind: 'scalable-target',
        target,
        before: state.target,
        after: wantedTarget,
        replan: (fresh: ScalableTargetState | null) => ({after: desiredTarget(fresh, request)}),
      } satisfies PlannedChange<ScalableTargetState | null>)
    }

    const policyTarget: ScalingTarget = {...target, policyName: LX_POLICY_NAME, resource: `policy ${LX_POLICY_NAME}`}
    const current = state.policies.find((policy) => policy.name === LX_POLICY_NAME)?.state ?? null
    const wantedPolicy = desiredPolicy(current, request)
    if (samePolicy(current, wantedPolicy)) {
      plan.unchanged.push({target: policyTarget, state: current, reason: `already ${describePolicy(current)}`})
    } else {
      plan.changes.push({
        kind: 'scaling-policy',
        target: policyTarget,
        before: current,
        after: wantedPolicy,
        replan: (fresh: ScalingPolicyState | null) => ({after: desiredPolicy(fresh, request)}),
      } satisfies PlannedChange<ScalingPolicyState | null>)
    }

    const others = state.policies.filter((policy) => policy.name !== LX_POLICY_NAME)
    if (others.length > 0) {
      plan.warnings.push(
        `${label(state)} also has ${others.length === 1 ? 'policy' : 'policies'} ${others.map((policy) => policy.name).join(', ')}; several policies ` +
          `on one target scale to whichever asks for the most.`,
      )
    }

    const suspended = state.target?.suspended
    if (suspended && (suspended.dynamicIn || suspended.dynamicOut)) {
      plan.warnings.push(`${label(state)} has dynamic scaling suspended; the policy will not act until it is resumed.`)
    }

    capacity.check(state, request.min, request.max)
    const provisioned = state.provisioned.find((pc) => pc.qualifier === state.qualifier)?.requested
    if (state.target === null && provisioned !== undefined && (provisioned < request.min || provisioned > request.max)) {
      plan.notes.push(`${label(state)} has ${provisioned} provisioned now; auto scaling moves it into ${request.min}–${request.max}.`)
    }
  }

  refuseIfAny(refusals, 'Cannot scale provisioned concurrency on', QUALIFIER_HINT)
  capacity.finish(plan)
  if (plan.changes.some((change) => change.kind === 'scalable-target' && change.before === null)) {
    plan.notes.push('Application Auto Scaling brings provisioned concurrency within min–max shortly after registering; `lx scaling list` shows it.')
  }

  return plan
}

function desiredAction(current: ScheduledActionState | null, request: ScheduleRequest): ScheduledActionState {
  // Start and end times are not lx's to set; a schedule that has them keeps them.
  return {
    name: request.name,
    schedule: request.expression,
    timezone: request.timezone,
    min: request.min,
    max: request.max,
    start: current?.start ?? null,
    end: current?.end ?? null,
  }
}

export function planScalingSchedule(states: ScalingState[], request: ScheduleRequest, context: ScalingPlanContext): Plan {
  const plan = emptyPlan<any>('scheduled-action')
  const refusals = new Refusals(plan, context.named)
  const noTarget: ScalingState[] = []
  const capacity = new CapacityCheck(context)
  for (const state of states) {
    const target: ScalingTarget = {functionName: state.functionName, qualifier: state.qualifier, actionName: request.name, resource: `schedule ${request.name}`}
    const why = unusable(state)
    if (why) {
      refusals.skip({target, reason: why})
      continue
    }

    if (state.target === null) {
      if (context.named) noTarget.push(state)
      else plan.skipped.push({target, reason: 'no scalable target (run `lx scaling set` first)'})
      continue
    }

    const current = state.actions.find((action) => action.name === request.name)?.state ?? null
    const wanted = desiredAction(current, request)
    if (sameAction(current, wanted)) {
      plan.unchanged.push({target, state: current, reason: `already ${describeAction(current)}`})
    } else {
      plan.changes.push({
        kind: 'scheduled-action',
        target,
        before: current,
        after: wanted,
        replan: (fresh: ScheduledActionState | null) => ({after: desiredAction(fresh, request)}),
      } satisfies PlannedChange<ScheduledActionState | null>)
    }

    if (request.min !== null && request.max === null && request.min > state.target.max) {
      plan.warnings.push(`${label(state)}: the schedule's min ${request.min} is above the target's max ${state.target.max}; give --max too.`)
    }

    if (request.max !== null && request.min === null && request.max < state.target.min) {
      plan.warnings.push(`${label(state)}: the schedule's max ${request.max} is below the target's min ${state.target.min}; give --min too.`)
    }

    capacity.check(state, request.min, request.max)
  }

  refuseIfAny(refusals, 'Cannot schedule provisioned concurrency on', QUALIFIER_HINT)
  if (noTarget.length > 0) {
    const [first] = noTarget
    throw new UserError(`No scalable target for ${listNames(noTarget.map((state) => label(state)))}; a schedule needs one.`, {
      code: 'NoScalableTarget',
      hint: `Run \`lx scaling set ${first.functionName} --qualifier ${first.qualifier} --min N --max N\` first.`,
    })
  }

  capacity.finish(plan)
  return plan
}

export function planScalingRemove(states: ScalingState[], request: RemoveRequest): Plan {
  const plan = emptyPlan<any>(request.schedule === undefined ? 'scalable-target' : 'scheduled-action')
  let deregisters = 0
  for (const state of states) {
    const base: ScalingTarget = {functionName: state.functionName, qualifier: state.qualifier}
    if (request.schedule !== undefined) {
      const target: ScalingTarget = {...base, actionName: request.schedule, resource: `schedule ${request.schedule}`}
      const current = state.actions.find((action) => action.name === request.schedule)?.state ?? null
      if (current === null) {
        const names = state.actions.map((action) => action.name)
        plan.unchanged.push({target, state: null, reason: `no schedule "${request.schedule}"${names.length > 0 ? ` (it has: ${listNames(names)})` : ''}`})
      } else {
        plan.changes.push({kind: 'scheduled-action', target, before: current, after: null})
      }

      continue
    }

    if (state.target === null && state.policies.length === 0 && state.actions.length === 0) {
      plan.unchanged.push({target: base, state: null, reason: 'no auto scaling registered'})
      continue
    }

    for (const action of [...state.actions].sort((a, b) => a.name.localeCompare(b.name))) {
      const target: ScalingTarget = {...base, actionName: action.name, resource: `schedule ${action.name}`}
      plan.changes.push({kind: 'scheduled-action', target, before: action.state, after: null})
    }

    for (const policy of [...state.policies].sort((a, b) => a.name.localeCompare(b.name))) {
      const target: ScalingTarget = {...base, policyName: policy.name, resource: `policy ${policy.name}`}
      plan.changes.push({kind: 'scaling-policy', target, before: policy.state, after: null})
      if (policy.state.type === 'StepScaling') {
        plan.warnings.push(
          `${label(state)}: step scaling policy ${policy.name} is triggered by CloudWatch alarms of your own; \`lx undo\` recreates the policy but not ` +
            `the alarms' link to it.`,
        )
      }
    }

    if (state.target !== null) {
      plan.changes.push({kind: 'scalable-target', target: base, before: state.target, after: null})
      deregisters++
    }
  }

  if (deregisters > 0) {
    plan.notes.push(
      'Provisioned concurrency stays at its current level once auto scaling is removed; `lx concurrency unset --provisioned --qualifier Q` removes it.',
    )
  }

  return plan
}

/** One line for the plan heading. */
export function setTitle(qualifier: string, request: SetRequest): string {
  const target = request.targetValue === undefined ? '' : `, target ${percent(request.targetValue)}`
  return `auto scaling of provisioned concurrency on ${qualifier}: min ${request.min}, max ${request.max}${target}`
}
