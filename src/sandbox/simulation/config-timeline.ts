// What the simulation needs to know about a function's concurrency settings, and when each
// setting was in force. History minutes are computed from the settings of their time, so raising a
// reservation today does not rewrite yesterday's throttles.

import type {LambdaFunction, LayerEffects, TrafficProfile} from '../account.js'
import type {ProvisionedSlot} from './arithmetic.js'

export interface ProvisionedSnapshot {
  qualifier: string
  requested: number
  previousAllocated: number
  /** Simulated epoch ms when the allocation completes. */
  readyAt: number
}

export interface FunctionSnapshot {
  reserved: number | null
  /** Sorted by qualifier. */
  provisioned: ProvisionedSnapshot[]
  /** The traffic the simulation runs: the function's own profile with its layers' effects added. */
  traffic: TrafficProfile
  /** The function's own profile, to notice when it changes. */
  ownTraffic: TrafficProfile
  /** The layer version ARNs the effects were added up from, joined. */
  layersKey: string
  /** Max Memory Used the layers add (MB). */
  memoryAddedMb: number
  memorySize: number
  timeoutMs: number
}

/** Finds what a layer version does (the account's layer registry). */
export type LayerEffectsOf = (layerVersionArn: string) => LayerEffects | undefined

/** A profile with the layers' declared effects added: the way a real extension shows in the metrics. */
export function withEffects(traffic: TrafficProfile, effects: readonly LayerEffects[]): {traffic: TrafficProfile; memoryAddedMb: number} {
  const result = {...traffic}
  let memoryAddedMb = 0
  for (const effect of effects) {
    result.initDurationMs += effect.initMs ?? 0
    result.avgDurationMs += effect.durationMs ?? 0
    result.errorRate = Math.min(1, result.errorRate + (effect.errorRate ?? 0))
    result.postRuntimeMs = (result.postRuntimeMs ?? 0) + (effect.postRuntimeMs ?? 0)
    memoryAddedMb += effect.memoryMb ?? 0
  }
  return {traffic: result, memoryAddedMb}
}

export function snapshotOf(fn: LambdaFunction, effectsOf: LayerEffectsOf = () => undefined): FunctionSnapshot {
  const provisioned = [...fn.provisioned.values()]
    .map((cfg) => ({qualifier: cfg.qualifier, requested: cfg.requested, previousAllocated: cfg.previousAllocated, readyAt: cfg.readyAt}))
    .sort((a, b) => (a.qualifier < b.qualifier ? -1 : a.qualifier > b.qualifier ? 1 : 0))
  const effects = fn.config.layers.map((arn) => effectsOf(arn)).filter((effect): effect is LayerEffects => effect !== undefined)
  const {traffic, memoryAddedMb} = withEffects(fn.traffic, effects)
  return {
    reserved: fn.reserved,
    provisioned,
    traffic,
    ownTraffic: {...fn.traffic},
    layersKey: fn.config.layers.join(','),
    memoryAddedMb,
    memorySize: fn.config.memorySize,
    timeoutMs: fn.config.timeout * 1000,
  }
}

const TRAFFIC_KEYS: Array<keyof TrafficProfile> = [
  'baselineRps',
  'peakRps',
  'peakHourUtc',
  'burstRps',
  'avgDurationMs',
  'errorRate',
  'initDurationMs',
  'postRuntimeMs',
  'latestShare',
  'maxMemoryUsedMb',
]

/** The layer list as the snapshot keeps it, compared without joining (this runs per request). */
function sameLayers(key: string, layers: readonly string[]): boolean {
  if (layers.length === 0) return key === ''
  let at = 0
  for (const [index, arn] of layers.entries()) {
    if (index > 0) {
      if (key[at] !== ',') return false
      at++
    }
    if (!key.startsWith(arn, at)) return false
    at += arn.length
  }
  return at === key.length
}

/** Compares a snapshot with the live function without building a new snapshot (this runs per request). */
export function unchanged(snap: FunctionSnapshot, fn: LambdaFunction): boolean {
  if (snap.reserved !== fn.reserved || snap.memorySize !== fn.config.memorySize || snap.timeoutMs !== fn.config.timeout * 1000) return false
  if (!sameLayers(snap.layersKey, fn.config.layers)) return false
  if (snap.provisioned.length !== fn.provisioned.size) return false
  for (const pc of snap.provisioned) {
    const cfg = fn.provisioned.get(pc.qualifier)
    if (!cfg || cfg.requested !== pc.requested || cfg.readyAt !== pc.readyAt || cfg.previousAllocated !== pc.previousAllocated) return false
  }
  for (const key of TRAFFIC_KEYS) if (snap.ownTraffic[key] !== fn.traffic[key]) return false
  return true
}

/** Environments allocated at a moment: the previous allocation until the new one is ready. */
export function allocatedAt(pc: ProvisionedSnapshot, atMs: number): number {
  return atMs < pc.readyAt ? Math.min(pc.previousAllocated, pc.requested) : pc.requested
}

/**
 * The provisioned slots at a moment: every configured alias or version gets an equal share of the
 * function's traffic (callers invoke the aliases that carry provisioned concurrency), less what the
 * profile's latestShare sends to $LATEST.
 */
export function slotsAt(snap: FunctionSnapshot, atMs: number, out: ProvisionedSlot[] = []): ProvisionedSlot[] {
  const count = snap.provisioned.length
  out.length = count
  for (let i = 0; i < count; i++) {
    const slot = out[i] ?? {allocated: 0, share: 0}
    slot.allocated = allocatedAt(snap.provisioned[i], atMs)
    // What callers send to $LATEST never reaches provisioned concurrency.
    slot.share = (1 - Math.min(1, Math.max(0, snap.traffic.latestShare ?? 0))) / count
    out[i] = slot
  }
  return out
}

/** What the function takes out of the account's unreserved pool. */
export function claimOf(snap: FunctionSnapshot): number {
  if (snap.reserved !== null) return snap.reserved
  let total = 0
  for (const pc of snap.provisioned) total += pc.requested
  return total
}

/** Settings over time; the first entry holds since forever (the seeded account). */
export class Timeline<T> {
  private readonly from: number[] = []
  private readonly values: T[] = []

  constructor(initial: T) {
    this.from.push(Number.NEGATIVE_INFINITY)
    this.values.push(initial)
  }

  get current(): T {
    return this.values[this.values.length - 1]
  }

  get length(): number {
    return this.values.length
  }

  /** Records a value from `atMs` on. Times never go backwards: an earlier stamp is moved up. */
  push(atMs: number, value: T): void {
    const last = this.from[this.from.length - 1]
    const at = Math.max(atMs, last)
    if (at === last && this.from.length > 1) {
      this.values[this.values.length - 1] = value
      return
    }
    this.from.push(at)
    this.values.push(value)
  }

  at(atMs: number): T {
    const {from, values} = this
    if (from.length === 1 || atMs >= from[from.length - 1]) return values[values.length - 1]
    let lo = 0
    let hi = from.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (from[mid] <= atMs) lo = mid
      else hi = mid - 1
    }
    return values[lo]
  }
}
