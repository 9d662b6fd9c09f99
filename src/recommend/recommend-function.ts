// `lx concurrency plan`: recommended reserved and provisioned concurrency for one function, from
// its own traffic, with the cost and a replay of the window against the current and the
// recommended settings. Pure: (current state, series, context) → recommendation.
//
// Reserved concurrency  = ⌈peak demand × (1 + headroom)⌉, where the peak is the window's highest
//   estimated demand (traffic-demand.ts), throttled requests included. Raised when the current
//   reservation throttled at its cap or leaves less than the headroom; lowered only when it is more
//   than twice what is needed. A function without one keeps none unless it needs more than half of
//   the shared pool: then it is capped at half the pool when the pool ran out in the window (so it
//   cannot starve the others), and otherwise given its need (so the others cannot starve it).
// Provisioned concurrency = ⌈L⌉ with L the busy hour's mean concurrency (Little's law: requests/s
//   × mean duration in s, the busiest hour of the typical day, not the spike), when the replayed
//   utilisation of the plan clears the break-even (~60 %). Auto scaling: min = the quiet hour's
//   level, max = L / 0.7, target 0.7. With a daily shape (busy hour ≥ 3 × quiet hour) a schedule
//   raises the floor to ⌈L⌉ 15 minutes before the hours where that level would be ≥ break-even used,
//   and lowers it after. None where no caller waits for a cold start: runs so long that a cold start
//   hardly adds to them, or only asynchronous triggers and queue/stream pollers.
import {breakEvenUtilisation, costOf, type LambdaPrices, monthly, pricesFor, roundUsd} from './pricing.js'
import {constantLevel, replay, type ReplayResult, utilisation} from './replay.js'
import {
  busyHour,
  busySpan,
  dailyShapeRatio,
  type DemandSeries,
  estimateDemand,
  type HourSpan,
  hourOfDay,
  hourOfDayProfile,
  inSpan,
  type TrafficSeries,
  troughConcurrency,
} from './traffic-demand.js'

export const DEFAULT_HEADROOM = 0.2
/** Target tracking's utilisation target (AWS's usual 0.7: scale out above 70 %, in below 63 %). */
export const TARGET_UTILISATION = 0.7
/** Busy hour over quiet hour from which a schedule is worth its two scheduled actions. */
export const DAILY_SHAPE_RATIO = 3
/** A function without a reservation gets one when its need exceeds this share of the shared pool. */
export const PROTECT_POOL_SHARE = 0.5
/** A reservation is lowered only when it is more than this many times what is needed… */
export const SHRINK_FACTOR = 2
/** …and by at least this much (smaller changes are noise, not savings). */
export const SHRINK_MIN = 10
/** Lambda limits an on-demand environment's init phase to 10 s. */
export const MAX_INIT_SECONDS = 10
/** Provisioned concurrency is skipped when even a 10 s init would add less than this to an average run. */
export const COLD_START_SHARE = 0.1
/** Provisioned concurrency takes minutes to allocate: the busy schedule starts this early. */
export const SCHEDULE_LEAD_SECONDS = 15 * 60
export const BUSY_ACTION = 'lx-busy'
export const QUIET_ACTION = 'lx-quiet'

export interface ProvisionedConfig {
  qualifier: string
  requested: number
}

export interface ScalingRange {
  qualifier: string
  min: number
  max: number
}

export interface ScheduledAction {
  name: string
  /** cron(...) in UTC. */
  expression: string
  min: number
}

export interface ProvisionedObservation {
  qualifier: string
  /** Highest ProvisionedConcurrencyUtilization (0–1) in the window; null without datapoints. */
  utilizationMax: number | null
  spillover: number
}

export interface FunctionPlanInput {
  functionName: string
  memoryMb: number
  architecture: string
  reserved: number | null
  provisioned: ProvisionedConfig[]
  /** Existing scalable targets (auto scaling) of the function's aliases. */
  scaling: ScalingRange[]
  /** Existing scheduled actions of the planned qualifier. */
  schedules?: ScheduledAction[]
  /** Where provisioned concurrency goes: --qualifier, name:qualifier, the alias that has it, or the only alias. */
  qualifier: string | null
  traffic: TrafficSeries
  provisionedObserved: ProvisionedObservation[]
  /** Who invokes it; undefined when not read (then a caller is assumed to wait). */
  callers?: Callers
}

export interface Callers {
  /** Some trigger waits for the answer (API Gateway, ALB, a direct Invoke…), or none is known. */
  waits: boolean
  /** e.g. ["EventBridge (async)", "SQS (poller)"]. */
  sources: string[]
}

/** From the triggers: does any caller wait for the answer? No trigger at all: direct Invoke calls, which do. */
export function callersOf(policy: ReadonlyArray<{source: string; mode: 'sync' | 'async'}>, pollers: readonly string[]): Callers {
  const sources = [...new Set([...policy.map((trigger) => `${trigger.source} (${trigger.mode})`), ...pollers.map((source) => `${source} (poller)`)])]
  const waits = policy.some((trigger) => trigger.mode === 'sync') || (policy.length === 0 && pollers.length === 0)
  return {waits, sources}
}

export interface PlanContext {
  region: string
  headroom: number
  /** The account's unreserved concurrency: what a function without a reservation can reach at most. */
  unreservedPool: number
  /** The shared pool ran out at some point of the window (functions without a reservation were throttled). */
  poolExhausted: boolean
  /** The account's unreserved floor: a reservation may not take the pool below it. */
  unreservedFloor: number
  windowSeconds: number
}

export interface AutoScalingPlan {
  min: number
  max: number
  target: number
}

export interface SchedulePlan {
  timezone: 'UTC'
  /** e.g. "13:00–23:00" (UTC), the hours the busy floor covers. */
  busyHours: string
  actions: ScheduledAction[]
}

export interface ConcurrencySetting {
  reserved: number | null
  /** On the planned qualifier; null: none. */
  provisioned: number | null
}

export interface WhatIf {
  throttles: number
  coldStarts: number
}

export interface FunctionPlan {
  functionName: string
  /** The alias or version provisioned concurrency is planned for (null: none could be chosen). */
  qualifier: string | null
  current: ConcurrencySetting & {autoScaling?: {min: number; max: number}; schedule?: ScheduledAction[]; otherProvisioned?: ProvisionedConfig[]}
  recommended: ConcurrencySetting & {autoScaling?: AutoScalingPlan; schedule?: SchedulePlan}
  reason: string
  /** The recommendation differs from the current state (commands are printed only then). */
  changed: boolean
  monthlyCost: {current: number; recommended: number; onDemandOnly: number; currency: 'USD'}
  /** Replayed over the window (not per month): estimates, see replay.ts. */
  whatIf: {current: WhatIf; recommended: WhatIf}
  observed: {
    invocations: number
    throttles: number
    peakConcurrency: number
    peakDemand: number
    busyHourUtc: number | null
    busyHourConcurrency: number
    quietHourConcurrency: number
    dailyShape: number | null
    durationAvgMs: number | null
    /** The highest p99 of any period (CloudWatch cannot combine percentiles across periods). */
    durationP99Ms: number | null
    provisionedUtilizationMax: number | null
    spillover: number
  }
  notes: string[]
  architecture: string
  memoryMb: number
}

// ---------------------------------------------------------------------------------------------

/** 37.6 → "37.6"; 153.2 → "153"; 0.04 → "0.04"; 0.001 → "<0.01". */
export function formatConcurrency(value: number): string {
  if (value > 0 && value < 0.005) return '<0.01'
  if (value >= 100) return String(Math.round(value))
  if (value >= 1) return String(Math.round(value * 10) / 10)
  return String(Math.round(value * 100) / 100)
}

/** 11_746_722 → "11.7M"; 12_300 → "12.3k"; 950 → "950". */
export function formatCount(value: number): string {
  const rounded = Math.round(value)
  if (rounded >= 1e6) return `${Math.round(rounded / 1e5) / 10}M`
  if (rounded >= 1e4) return `${Math.round(rounded / 100) / 10}k`
  return String(rounded)
}

const percent = (value: number) => `${Math.round(value * 100)} %`
const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`

function sum(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}

function max(values: readonly number[]): number {
  let best = 0
  for (const value of values) if (value > best) best = value
  return best
}

/** The cron (UTC) of a moment of the day given in seconds from midnight. */
export function dailyCron(secondOfDay: number): string {
  const normalised = ((secondOfDay % 86_400) + 86_400) % 86_400
  return `cron(${Math.floor((normalised % 3600) / 60)} ${Math.floor(normalised / 3600)} * * ? *)`
}

// ---------------------------------------------------------------------------------------------
// Reserved concurrency

interface ReservedDecision {
  value: number | null
  reason: string
}

/** Throttles in periods where the function ran at its reserved cap: the cap turned them away. */
export function throttlesAtCap(traffic: TrafficSeries, cap: number): number {
  let total = 0
  traffic.throttles.forEach((throttles, i) => {
    if (throttles > 0 && (traffic.concurrencyMax[i] ?? 0) >= cap) total += throttles
  })
  return total
}

export function recommendReserved(input: FunctionPlanInput, demand: DemandSeries, context: PlanContext): ReservedDecision {
  const current = input.reserved
  const peak = max(demand.peak)
  const needed = Math.ceil(peak * (1 + context.headroom))
  const headroom = percent(context.headroom)
  const peakText = formatConcurrency(peak)
  if (current === 0) return {value: 0, reason: 'reserved 0 keeps the function switched off: kept'}
  if (sum(demand.attempted) === 0) {
    return {value: current, reason: current === null ? 'no invocations in the window' : `no invocations in the window: reserved ${current} kept`}
  }

  if (current !== null) {
    const atCap = throttlesAtCap(input.traffic, current)
    if (atCap > 0) {
      const value = Math.max(needed, current + 1)
      return {value, reason: `reserved ${current} throttled ${formatCount(atCap)} requests at its cap; peak demand ≈ ${peakText} → ${value} (+${headroom})`}
    }

    if (needed > current) return {value: needed, reason: `peak ${peakText} leaves less than ${headroom} headroom under reserved ${current} → ${needed}`}
    if (current > SHRINK_FACTOR * needed && current - needed >= SHRINK_MIN) {
      return {
        value: needed,
        reason: `reserved ${current} is more than ${SHRINK_FACTOR}× peak ${peakText} +${headroom}: ${needed} returns ${current - needed} to the shared pool`,
      }
    }

    return {value: current, reason: `reserved ${current} covers peak ${peakText} +${headroom}`}
  }

  const pool = context.unreservedPool
  const throttles = sum(input.traffic.throttles)
  const half = Math.floor(PROTECT_POOL_SHARE * pool)
  if (needed > half) {
    const share = percent(peak / Math.max(1, pool))
    if (context.poolExhausted) {
      return {
        value: Math.max(1, half),
        reason:
          `peak ${peakText} is ${share} of the unreserved pool (${pool}), which ran out in the window → cap it at ${Math.max(1, half)} (half the pool) ` +
          `so it cannot starve the others`,
      }
    }

    if (pool - needed >= context.unreservedFloor) {
      return {
        value: needed,
        reason: `peak ${peakText} is ${share} of the unreserved pool (${pool}) → reserve ${needed} (+${headroom}) so no other function can starve it`,
      }
    }

    return {value: null, reason: `peak ${peakText} is ${share} of the unreserved pool (${pool}), more than the account can set aside: raise the account limit`}
  }

  const cause = context.poolExhausted ? 'came when the shared pool ran out' : 'were not from a cap of its own'
  const throttled = throttles > 0 ? ` (its ${formatCount(throttles)} throttles ${cause})` : ''
  return {value: null, reason: `peak ${peakText} ≪ unreserved pool ${pool}: no reservation needed${throttled}`}
}

// ---------------------------------------------------------------------------------------------
// Provisioned concurrency

interface ProvisionedDecision {
  value: number | null
  autoScaling?: AutoScalingPlan
  schedule?: SchedulePlan
  /** Provisioned environments in period i under the recommendation (planned qualifier only). */
  level: (periodIndex: number) => number
  reason: string
}

export interface ProvisionedLevels {
  level: number
  quiet: number
  max: number
  span?: HourSpan
  /** Per period: the floor of the schedule, or target tracking settled on the hour's mean. */
  levelAt: (periodIndex: number) => number
}

/** The levels a busy-hour concurrency L gives, and the per-period provisioned concurrency they imply. */
export function provisionedLevels(
  demand: DemandSeries,
  profile: ReadonlyArray<number | null>,
  options: {busy: number; trough: number; breakEven: number; cap: number | null; schedule: boolean},
): ProvisionedLevels {
  const limit = options.cap ?? Number.POSITIVE_INFINITY
  const level = Math.min(Math.max(1, Math.ceil(options.busy)), limit)
  // Target tracking needs at least one environment to measure utilisation on; it scales out from there.
  const quiet = Math.min(Math.max(1, Math.floor(options.trough)), level)
  const top = Math.min(Math.max(level, Math.ceil(options.busy / TARGET_UTILISATION)), limit)
  const span = options.schedule ? busySpan(profile, options.breakEven * level) : undefined
  const levelAt = (i: number) => {
    const time = demand.start + i * demand.period
    const floor = span && inSpan(span, time, SCHEDULE_LEAD_SECONDS) ? level : quiet
    const tracked = Math.ceil((profile[hourOfDay(time)] ?? 0) / TARGET_UTILISATION)
    return Math.min(top, Math.max(floor, tracked))
  }

  return {level, quiet, max: top, span, levelAt}
}

function currentProvisionedText(input: FunctionPlanInput): string | undefined {
  const config = input.provisioned.find((pc) => pc.qualifier === input.qualifier)
  if (!config) return undefined
  const seen = input.provisionedObserved.find((pc) => pc.qualifier === config.qualifier)
  const used = seen?.utilizationMax === null || seen?.utilizationMax === undefined ? '' : `, at most ${percent(seen.utilizationMax)} used`
  return `provisioned ${config.requested} on ${config.qualifier}${used}`
}

export function recommendProvisioned(
  input: FunctionPlanInput,
  demand: DemandSeries,
  context: PlanContext,
  options: {reserved: number | null; prices: LambdaPrices},
): ProvisionedDecision {
  const none = (reason: string): ProvisionedDecision => ({value: null, level: constantLevel(0), reason})
  const existing = currentProvisionedText(input)
  const profile = hourOfDayProfile(demand)
  const busy = busyHour(profile)
  if (sum(demand.attempted) === 0 || !busy || busy.concurrency <= 0) {
    return none(existing ? `${existing}: no invocations, none needed` : '')
  }

  if (options.reserved === 0) return none('')
  const meanMs = demand.meanDurationMs ?? 0
  const longRunMs = (MAX_INIT_SECONDS / COLD_START_SHARE) * 1000
  if (meanMs >= longRunMs) {
    const share = (MAX_INIT_SECONDS * 1000) / meanMs
    return none(
      `${existing ? `${existing}; ` : ''}runs average ${Math.round(meanMs / 1000)} s, so a cold start (init ≤ ${MAX_INIT_SECONDS} s) adds ≤ ` +
        `${percent(share)}: no provisioned concurrency`,
    )
  }

  if (input.callers && !input.callers.waits) {
    return none(
      `${existing ? `${existing}; ` : ''}invoked only by ${input.callers.sources.join(', ')}: no caller waits on a cold start, so no provisioned concurrency`,
    )
  }

  const breakEven = breakEvenUtilisation(options.prices)
  const shape = dailyShapeRatio(profile)
  const trough = troughConcurrency(profile) ?? 0
  const levels = provisionedLevels(demand, profile, {busy: busy.concurrency, trough, breakEven, cap: options.reserved, schedule: shape >= DAILY_SHAPE_RATIO})
  const cap = options.reserved ?? context.unreservedPool
  const used = utilisation(replay(demand, {cap, provisioned: levels.levelAt}))
  const busyText = `busy hour ${hh(busy.hour)} UTC averages ${formatConcurrency(busy.concurrency)} concurrent`
  if (used < breakEven) {
    return none(`${existing ? `${existing}; ` : ''}${busyText}: provisioned would be ${percent(used)} used, under the ${percent(breakEven)} break-even`)
  }

  // Small moves around the current level are noise: keep it.
  const current = input.provisioned.find((pc) => pc.qualifier === input.qualifier)?.requested ?? null
  const value =
    current !== null && Math.abs(current - levels.level) <= Math.max(1, 0.1 * levels.level) && current <= (options.reserved ?? Number.POSITIVE_INFINITY)
      ? current
      : levels.level
  const autoScaling: AutoScalingPlan = {min: levels.quiet, max: Math.max(levels.max, value), target: TARGET_UTILISATION}
  const schedule: SchedulePlan | undefined = levels.span
    ? {
        timezone: 'UTC',
        busyHours: `${hh(levels.span.startHour)}–${hh(levels.span.endHour)}`,
        actions: [
          {name: BUSY_ACTION, expression: dailyCron(levels.span.startHour * 3600 - SCHEDULE_LEAD_SECONDS), min: value},
          {name: QUIET_ACTION, expression: dailyCron(levels.span.endHour * 3600), min: levels.quiet},
        ],
      }
    : undefined
  const scheduleText = schedule ? ` from ${schedule.busyHours} UTC (scheduled), ${levels.quiet} otherwise` : ''
  return {
    value,
    autoScaling,
    schedule,
    level: levels.levelAt,
    reason:
      `${busyText} → provisioned ${value}${scheduleText}, scaling ${autoScaling.min}–${autoScaling.max} at ${percent(TARGET_UTILISATION)} ` +
      `(${percent(used)} used ≥ ${percent(breakEven)} break-even)`,
  }
}

// ---------------------------------------------------------------------------------------------

function whatIf(result: ReplayResult): WhatIf {
  return {throttles: Math.round(result.throttles), coldStarts: Math.round(result.coldStarts)}
}

function sameScaling(a: {min: number; max: number} | undefined, b: {min: number; max: number} | undefined): boolean {
  if (!a || !b) return a === b
  return a.min === b.min && a.max === b.max
}

function sameSchedule(planned: SchedulePlan | undefined, existing: ScheduledAction[] | undefined): boolean {
  const ours = (existing ?? []).filter((action) => action.name === BUSY_ACTION || action.name === QUIET_ACTION)
  if (!planned) return ours.length === 0
  return planned.actions.every((action) => ours.some((have) => have.name === action.name && have.expression === action.expression && have.min === action.min))
}

export function recommendFunction(input: FunctionPlanInput, context: PlanContext): FunctionPlan {
  const {prices} = pricesFor(context.region, input.architecture)
  const demand = estimateDemand(input.traffic)
  const profile = hourOfDayProfile(demand)
  const busy = busyHour(profile)
  const notes: string[] = []

  const reserved = recommendReserved(input, demand, context)
  const provisioned = recommendProvisioned(input, demand, context, {reserved: reserved.value, prices})
  // AWS refuses provisioned concurrency above the reservation (summed over the aliases).
  const others = input.provisioned.filter((pc) => pc.qualifier !== input.qualifier)
  const othersTotal = sum(others.map((pc) => pc.requested))
  let reservedValue = reserved.value
  let reservedReason = reserved.reason
  const needsReserved = othersTotal + (provisioned.value ?? 0)
  if (reservedValue !== null && reservedValue < needsReserved) {
    reservedValue = needsReserved
    reservedReason = `${reservedReason}; ${needsReserved} to hold the provisioned concurrency`
  }

  if (others.length > 0) notes.push(`Provisioned concurrency on ${others.map((pc) => `${pc.qualifier} (${pc.requested})`).join(', ')} is kept as it is.`)

  const currentProvisioned = input.provisioned.find((pc) => pc.qualifier === input.qualifier)?.requested ?? null
  const currentScaling = input.scaling.find((range) => range.qualifier === input.qualifier)
  const currentTotal = sum(input.provisioned.map((pc) => pc.requested))
  const currentCap = input.reserved ?? context.unreservedPool
  const recommendedCap = reservedValue ?? context.unreservedPool
  const currentRun = replay(demand, {cap: currentCap, provisioned: constantLevel(currentTotal)})
  const recommendedRun = replay(demand, {cap: recommendedCap, provisioned: (i) => othersTotal + provisioned.level(i)})
  const onDemandRun = replay(demand, {cap: recommendedCap, provisioned: constantLevel(0)})
  const cost = (run: ReplayResult) => roundUsd(monthly(costOf(run, input.memoryMb, prices), context.windowSeconds))
  if (currentScaling && currentProvisioned !== null)
    notes.push(`Auto scaling moves provisioned concurrency on ${input.qualifier}; the current cost assumes ${currentProvisioned} throughout.`)
  if (provisioned.value !== null && input.qualifier === null)
    notes.push('Provisioned concurrency needs an alias or a published version: name one with --qualifier.')

  const served = currentRun.throttles - recommendedRun.throttles
  if (served >= 1 && cost(recommendedRun) > cost(currentRun)) {
    notes.push(`The recommended cost includes serving the ~${formatCount(served)} requests the current setting throttled in the window.`)
  }

  const changed =
    reservedValue !== input.reserved ||
    provisioned.value !== currentProvisioned ||
    !sameScaling(provisioned.autoScaling, currentScaling) ||
    (provisioned.value !== null && !sameSchedule(provisioned.schedule, input.schedules))

  const observedPc = input.provisionedObserved.filter((pc) => pc.qualifier === input.qualifier || input.qualifier === null)
  const utilizations = observedPc.map((pc) => pc.utilizationMax).filter((value): value is number => value !== null)
  const durations = input.traffic.durationP99Ms.filter((value): value is number => value !== null)
  const trough = troughConcurrency(profile) ?? 0
  const shape = dailyShapeRatio(profile)
  return {
    functionName: input.functionName,
    qualifier: input.qualifier,
    current: {
      reserved: input.reserved,
      provisioned: currentProvisioned,
      ...(currentScaling ? {autoScaling: {min: currentScaling.min, max: currentScaling.max}} : {}),
      ...(input.schedules && input.schedules.length > 0 ? {schedule: input.schedules} : {}),
      ...(others.length > 0 ? {otherProvisioned: others} : {}),
    },
    recommended: {
      reserved: reservedValue,
      provisioned: provisioned.value,
      ...(provisioned.autoScaling ? {autoScaling: provisioned.autoScaling} : {}),
      ...(provisioned.schedule ? {schedule: provisioned.schedule} : {}),
    },
    reason: [reservedReason, provisioned.reason].filter(Boolean).join('; '),
    changed,
    monthlyCost: {current: cost(currentRun), recommended: cost(recommendedRun), onDemandOnly: cost(onDemandRun), currency: 'USD'},
    whatIf: {current: whatIf(currentRun), recommended: whatIf(recommendedRun)},
    observed: {
      invocations: Math.round(sum(input.traffic.invocations)),
      throttles: Math.round(sum(input.traffic.throttles)),
      peakConcurrency: max(input.traffic.concurrencyMax),
      peakDemand: Math.round(max(demand.peak) * 10) / 10,
      busyHourUtc: busy && busy.concurrency > 0 ? busy.hour : null,
      busyHourConcurrency: Math.round((busy?.concurrency ?? 0) * 10) / 10,
      quietHourConcurrency: Math.round(trough * 10) / 10,
      dailyShape: Number.isFinite(shape) ? Math.round(shape * 10) / 10 : null,
      durationAvgMs: demand.meanDurationMs === null ? null : Math.round(demand.meanDurationMs),
      durationP99Ms: durations.length > 0 ? Math.round(max(durations)) : null,
      provisionedUtilizationMax: utilizations.length > 0 ? Math.max(...utilizations) : null,
      spillover: Math.round(sum(observedPc.map((pc) => pc.spillover))),
    },
    notes,
    architecture: input.architecture,
    memoryMb: input.memoryMb,
  }
}
