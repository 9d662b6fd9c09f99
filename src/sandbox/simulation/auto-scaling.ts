// Application Auto Scaling of provisioned concurrency, as the sandbox runs it: the registered
// scalable targets, their policies and scheduled actions, and the engine that acts on them at every
// simulated minute. Changes go through the same account model the Lambda API reads, so
// GetProvisionedConcurrencyConfig shows what auto scaling did, and the simulation serves traffic
// with it from that moment on.
//
// Target tracking (LambdaProvisionedConcurrencyUtilization) behaves like the alarms AWS creates:
// scale out when the minute-average utilisation was above the target for 3 consecutive minutes,
// to ceil(capacity × utilisation / target); scale in when it stayed below 90 % of the target for 15
// minutes. Cooldowns (default 0 for Lambda) and suspended states are honoured, and nothing happens
// while an allocation is still in progress. Scheduled actions fire at their time (at, rate, cron, in
// their time zone) and set the target's min/max, moving the current capacity into the new range.

import {randomUUID} from 'node:crypto'

import type {Account, LambdaFunction} from '../account.js'
import {lambdaTimestamp} from '../clock.js'
import {allocatedAt} from './config-timeline.js'
import {PC} from './records.js'
import {nextRun, type Schedule} from './schedule.js'
import type {MinuteHook, Simulation} from './simulation.js'

export const LAMBDA_NAMESPACE = 'lambda'
export const LAMBDA_DIMENSION = 'lambda:function:ProvisionedConcurrency'
export const UTILIZATION_METRIC = 'LambdaProvisionedConcurrencyUtilization'
/** Consecutive minutes above target before a scale-out, and below 90 % of it before a scale-in. */
export const SCALE_OUT_MINUTES = 3
export const SCALE_IN_MINUTES = 15
export const SCALE_IN_RATIO = 0.9
const MAX_ACTIVITIES = 1000

export interface SuspendedState {
  DynamicScalingInSuspended: boolean
  DynamicScalingOutSuspended: boolean
  ScheduledScalingSuspended: boolean
}

export interface TargetRecord {
  resourceId: string
  functionName: string
  qualifier: string
  min: number
  max: number
  suspended: SuspendedState
  roleArn: string
  arn: string
  createdAt: number
  lastScaleOutAt: number
  lastScaleInAt: number
}

export interface TargetTrackingConfig {
  TargetValue: number
  PredefinedMetricSpecification?: {PredefinedMetricType: string; ResourceLabel?: string}
  CustomizedMetricSpecification?: Record<string, unknown>
  ScaleOutCooldown?: number
  ScaleInCooldown?: number
  DisableScaleIn?: boolean
}

export interface PolicyRecord {
  name: string
  resourceId: string
  arn: string
  type: string
  targetTracking?: TargetTrackingConfig
  stepScaling?: Record<string, unknown>
  alarms: Array<{AlarmName: string; AlarmARN: string}>
  createdAt: number
}

export interface ActionRecord {
  name: string
  resourceId: string
  arn: string
  schedule: string
  parsed: Schedule
  timezone?: string
  startTime?: number
  endTime?: number
  min?: number
  max?: number
  createdAt: number
  /** Next run (epoch ms), undefined when it will not run again. */
  next?: number
}

export interface ActivityRecord {
  ActivityId: string
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  Description: string
  Cause: string
  StartTime: number
  EndTime: number
  StatusCode: 'Successful' | 'Failed'
  StatusMessage?: string
}

const key = (resourceId: string, name: string) => `${resourceId}\n${name}`

export class AutoScaling implements MinuteHook {
  readonly targets = new Map<string, TargetRecord>()
  /** Keyed by resource id + name, in creation order. */
  readonly policies = new Map<string, PolicyRecord>()
  readonly actions = new Map<string, ActionRecord>()
  /** Newest last. */
  readonly activities: ActivityRecord[] = []
  private readonly utilization = new Float64Array(PC.utilizationAvg + 1)

  constructor(
    private readonly account: Account,
    private readonly simulation: Simulation,
  ) {
    simulation.addMinuteHook(this)
  }

  active(): boolean {
    return this.targets.size > 0 && (this.policies.size > 0 || this.actions.size > 0)
  }

  // -------------------------------------------------------------------------------------------
  // Registry

  /** Registers or updates a target; a new one needs min and max. Returns the record. */
  register(
    input: {resourceId: string; functionName: string; qualifier: string; min?: number; max?: number; suspended?: Partial<SuspendedState>; roleArn?: string},
    nowMs: number,
  ): TargetRecord {
    const existing = this.targets.get(input.resourceId)
    const target: TargetRecord = existing ?? {
      resourceId: input.resourceId,
      functionName: input.functionName,
      qualifier: input.qualifier,
      min: input.min!,
      max: input.max!,
      suspended: {DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false},
      roleArn:
        input.roleArn ??
        `arn:aws:iam::${this.account.id}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/` +
          'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
      arn: `arn:aws:application-autoscaling:${this.account.region}:${this.account.id}:scalable-target/${randomUUID().replace(/-/g, '').slice(0, 28)}`,
      createdAt: nowMs,
      lastScaleOutAt: Number.NEGATIVE_INFINITY,
      lastScaleInAt: Number.NEGATIVE_INFINITY,
    }
    if (input.min !== undefined) target.min = input.min
    if (input.max !== undefined) target.max = input.max
    if (input.roleArn !== undefined) target.roleArn = input.roleArn
    if (input.suspended) {
      for (const name of ['DynamicScalingInSuspended', 'DynamicScalingOutSuspended', 'ScheduledScalingSuspended'] as const) {
        if (input.suspended[name] !== undefined) target.suspended[name] = input.suspended[name]!
      }
    }
    this.targets.set(target.resourceId, target)
    // AWS moves the current capacity into the (new) range right away.
    this.clamp(target, nowMs, existing ? 'the scalable target was updated' : 'the scalable target was registered')
    return target
  }

  /** Removes a target with its policies and scheduled actions; false when there was none. */
  deregister(resourceId: string): boolean {
    if (!this.targets.delete(resourceId)) return false
    for (const [k, policy] of this.policies) if (policy.resourceId === resourceId) this.policies.delete(k)
    for (const [k, action] of this.actions) if (action.resourceId === resourceId) this.actions.delete(k)
    return true
  }

  policy(resourceId: string, name: string): PolicyRecord | undefined {
    return this.policies.get(key(resourceId, name))
  }

  putPolicy(record: Omit<PolicyRecord, 'arn' | 'alarms' | 'createdAt'>, nowMs: number): PolicyRecord {
    const existing = this.policies.get(key(record.resourceId, record.name))
    const id = randomUUID()
    const tracking = record.type === 'TargetTrackingScaling'
    const stored: PolicyRecord = {
      ...record,
      arn:
        existing?.arn ??
        `arn:aws:autoscaling:${this.account.region}:${this.account.id}:scalingPolicy:${id}:resource/lambda/${record.resourceId}:policyName/${record.name}`,
      // Target tracking creates its two alarms once and keeps them across updates.
      alarms: tracking ? (existing?.alarms.length ? existing.alarms : this.alarmsFor(record.resourceId, id)) : [],
      createdAt: existing?.createdAt ?? nowMs,
    }
    this.policies.set(key(record.resourceId, record.name), stored)
    return stored
  }

  deletePolicy(resourceId: string, name: string): boolean {
    return this.policies.delete(key(resourceId, name))
  }

  action(resourceId: string, name: string): ActionRecord | undefined {
    return this.actions.get(key(resourceId, name))
  }

  putAction(record: Omit<ActionRecord, 'arn' | 'createdAt' | 'next'>, nowMs: number): ActionRecord {
    const existing = this.actions.get(key(record.resourceId, record.name))
    const stored: ActionRecord = {
      ...record,
      arn:
        existing?.arn ??
        `arn:aws:autoscaling:${this.account.region}:${this.account.id}:scheduledAction:${randomUUID()}:` +
          `resource/lambda/${record.resourceId}:scheduledActionName/${record.name}`,
      createdAt: existing?.createdAt ?? nowMs,
    }
    stored.next = nextRun(
      {schedule: stored.parsed, timezone: stored.timezone, startTime: stored.startTime, endTime: stored.endTime, createdAt: stored.createdAt},
      nowMs,
    )
    this.actions.set(key(record.resourceId, record.name), stored)
    return stored
  }

  deleteAction(resourceId: string, name: string): boolean {
    return this.actions.delete(key(resourceId, name))
  }

  /** The provisioned concurrency auto scaling manages on a target (0 when none is configured). */
  capacity(target: TargetRecord): number {
    return this.account.functions.get(target.functionName)?.provisioned.get(target.qualifier)?.requested ?? 0
  }

  private alarmsFor(resourceId: string, id: string): Array<{AlarmName: string; AlarmARN: string}> {
    return ['AlarmHigh', 'AlarmLow'].map((suffix) => {
      const name = `TargetTracking-${resourceId}-${suffix}-${id}`
      return {AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${this.account.region}:${this.account.id}:alarm:${name}`}
    })
  }

  // -------------------------------------------------------------------------------------------
  // The engine

  onMinute(minute: number, endMs: number): void {
    for (const action of this.actions.values()) {
      if (action.next === undefined || action.next > endMs) continue
      const target = this.targets.get(action.resourceId)
      // Runs missed while the engine was not looking collapse into one (the newest wins).
      while (action.next !== undefined && action.next <= endMs) {
        action.next = nextRun(
          {schedule: action.parsed, timezone: action.timezone, startTime: action.startTime, endTime: action.endTime, createdAt: action.createdAt},
          action.next,
        )
      }
      if (!target || target.suspended.ScheduledScalingSuspended) continue
      if (action.min !== undefined) target.min = action.min
      if (action.max !== undefined) target.max = action.max
      if (target.min > target.max) target.max = target.min
      this.clamp(target, endMs, `scheduled action name ${action.name} was triggered`)
    }
    for (const target of this.targets.values()) this.track(target, minute, endMs)
  }

  /** Moves the capacity into [min, max]; a target with no configuration and min 0 is left alone. */
  private clamp(target: TargetRecord, atMs: number, cause: string): void {
    const current = this.capacity(target)
    const desired = Math.min(target.max, Math.max(target.min, current))
    if (desired === current) return
    this.setCapacity(target, desired, atMs, cause)
  }

  private track(target: TargetRecord, minute: number, endMs: number): void {
    const policies: TargetTrackingConfig[] = []
    for (const policy of this.policies.values()) {
      if (policy.resourceId !== target.resourceId || policy.type !== 'TargetTrackingScaling' || !policy.targetTracking) continue
      if (policy.targetTracking.PredefinedMetricSpecification?.PredefinedMetricType !== UTILIZATION_METRIC) continue
      policies.push(policy.targetTracking)
    }
    if (policies.length === 0) return
    const fn = this.account.functions.get(target.functionName)
    const cfg = fn?.provisioned.get(target.qualifier)
    // No provisioned concurrency: no utilisation metric, the alarms have no data.
    if (!fn || !cfg || cfg.requested === 0) return
    // A scaling activity still in progress: AWS waits for it.
    if (endMs < cfg.readyAt) return
    const current = cfg.requested

    const utilization: Array<number | undefined> = []
    for (let k = 0; k < SCALE_IN_MINUTES; k++) {
      const record = this.simulation.qualifierRecord(target.functionName, target.qualifier, minute - k, this.utilization)
      utilization.push(record ? record[PC.utilizationAvg] : undefined)
    }
    const latest = utilization[0]
    if (latest === undefined) return

    let outDesired = 0
    let inDesired = 0
    let allWantIn = true
    let outCooldown = 0
    let inCooldown = 0
    for (const config of policies) {
      const value = config.TargetValue
      const above = utilization.slice(0, SCALE_OUT_MINUTES).every((u) => u !== undefined && u > value)
      if (above) {
        outDesired = Math.max(outDesired, Math.ceil((current * latest) / value))
        outCooldown = Math.max(outCooldown, config.ScaleOutCooldown ?? 0)
      }
      const below = !config.DisableScaleIn && utilization.every((u) => u !== undefined && u < value * SCALE_IN_RATIO)
      if (below) {
        const average = utilization.reduce<number>((sum, u) => sum + (u ?? 0), 0) / utilization.length
        inDesired = Math.max(inDesired, Math.ceil((current * average) / value))
        inCooldown = Math.max(inCooldown, config.ScaleInCooldown ?? 0)
      } else allWantIn = false
    }

    if (outDesired > 0 && !target.suspended.DynamicScalingOutSuspended && endMs - target.lastScaleOutAt >= outCooldown * 1000) {
      const desired = Math.min(target.max, Math.max(target.min, Math.max(outDesired, current + 1)))
      if (
        desired > current &&
        this.setCapacity(target, desired, endMs, `monitor alarm ${this.alarmName(target, 'AlarmHigh')} in state ALARM triggered policy`)
      ) {
        target.lastScaleOutAt = endMs
      }
      return
    }
    if (allWantIn && !target.suspended.DynamicScalingInSuspended && endMs - target.lastScaleInAt >= inCooldown * 1000) {
      const desired = Math.min(target.max, Math.max(target.min, inDesired))
      if (
        desired < current &&
        this.setCapacity(target, desired, endMs, `monitor alarm ${this.alarmName(target, 'AlarmLow')} in state ALARM triggered policy`)
      ) {
        target.lastScaleInAt = endMs
      }
    }
  }

  private alarmName(target: TargetRecord, suffix: string): string {
    for (const policy of this.policies.values()) {
      if (policy.resourceId !== target.resourceId) continue
      const alarm = policy.alarms.find((a) => a.AlarmName.includes(`-${suffix}-`))
      if (alarm) return alarm.AlarmName
    }
    return `TargetTracking-${target.resourceId}-${suffix}`
  }

  /**
   * Sets the provisioned concurrency of a target's alias or version, with Lambda's own rules
   * (aliases with routing, one configuration per version, the reservation, the unreserved floor).
   * Records a scaling activity either way; true when the change was made.
   */
  setCapacity(target: TargetRecord, desired: number, atMs: number, cause: string): boolean {
    const fn = this.account.functions.get(target.functionName)
    const refusal = fn ? this.refusal(fn, target.qualifier, desired) : `Function ${target.functionName} does not exist`
    this.record(target, desired, atMs, cause, refusal)
    if (refusal || !fn) return false
    const existing = fn.provisioned.get(target.qualifier)
    if (desired === 0) {
      fn.provisioned.delete(target.qualifier)
    } else {
      fn.provisioned.set(target.qualifier, {
        qualifier: target.qualifier,
        requested: desired,
        previousAllocated: existing ? allocatedAt(existing, atMs) : 0,
        readyAt: atMs + this.account.settings.provisionLagMs,
        lastModified: lambdaTimestamp(atMs),
      })
    }
    this.simulation.noteChange(fn.name, atMs)
    return true
  }

  private refusal(fn: LambdaFunction, qualifier: string, desired: number): string | undefined {
    const resolved = this.account.resolveQualifier(fn, qualifier)
    if (!resolved || resolved.kind === 'latest') return `The alias or version ${qualifier} of ${fn.name} does not exist`
    if (resolved.kind === 'alias' && resolved.alias.routing && Object.keys(resolved.alias.routing).length > 0)
      return 'Alias with weights can not be used with Provisioned Concurrency'
    for (const other of fn.provisioned.keys()) {
      if (other === qualifier) continue
      const otherVersion = /^\d+$/.test(other) ? other : fn.aliases.get(other)?.functionVersion
      if (otherVersion === resolved.version) return `Version ${resolved.version} already has a Provisioned Concurrency configuration (via ${other})`
    }
    const current = fn.provisioned.get(qualifier)?.requested ?? 0
    if (fn.reserved !== null) {
      if (this.account.functionProvisioned(fn, qualifier) + desired > fn.reserved)
        return 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function'
      return undefined
    }
    if (desired > current && this.account.unreserved() + current - desired < this.account.settings.minUnreserved) {
      return (
        `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of ` +
        `[${this.account.settings.minUnreserved}].`
      )
    }
    return undefined
  }

  private record(target: TargetRecord, desired: number, atMs: number, cause: string, failure?: string): void {
    this.activities.push({
      ActivityId: randomUUID(),
      ServiceNamespace: LAMBDA_NAMESPACE,
      ResourceId: target.resourceId,
      ScalableDimension: LAMBDA_DIMENSION,
      Description: `Setting desired concurrency to ${desired}.`,
      Cause: `${cause}, changing the desired concurrency from ${this.capacity(target)} to ${desired}`,
      StartTime: atMs,
      EndTime: atMs + (failure ? 0 : this.account.settings.provisionLagMs),
      StatusCode: failure ? 'Failed' : 'Successful',
      ...(failure ? {StatusMessage: `Failed to set desired concurrency to ${desired}. Reason: ${failure}`} : {}),
    })
    if (this.activities.length > MAX_ACTIVITIES) this.activities.shift()
  }
}
