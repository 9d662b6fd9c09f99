// The arithmetic of one function over one step of simulated time (a second, or longer when the
// simulation catches up in coarser steps, or a whole minute for history). Pure: numbers in,
// numbers out, so the rules can be tested on their own.
//
// - Concurrency follows Little's law: requests per second × duration in seconds.
// - Provisioned concurrency (per alias or version) serves its share of the traffic first; what it
//   cannot hold spills over to on-demand environments.
// - On-demand concurrency is capped by the reservation (minus provisioned concurrency, which lives
//   inside it) or, without one, by the function's share of the account's unreserved pool. What
//   exceeds the cap is throttled: those requests never run.
// - Cold starts happen when more on-demand environments are needed than are warm, plus a trickle
//   from environments Lambda recycles and from requests arriving after a long idle gap.

/** Environments idle this long are reclaimed (AWS does not document it; ~5-10 minutes is observed). */
export const IDLE_EXPIRY_SECONDS = 420
/** Lambda replaces busy environments every few hours too; each replacement is a cold start. */
export const RECYCLE_SECONDS = 7200

export interface ProvisionedSlot {
  /** Environments allocated and ready on this alias or version. */
  allocated: number
  /** Fraction of the function's traffic invoking this alias or version. */
  share: number
}

export interface StepInput {
  /** Mean arrivals per second over the step. */
  rps: number
  /** Highest arrival rate within the step (≥ rps). */
  peakRps: number
  durationMs: number
  errorRate: number
  seconds: number
  /** Reserved concurrency, or null when the function draws from the unreserved pool. */
  reserved: number | null
  /** Without a reservation: the fraction (0..1) of the on-demand demand the unreserved pool can serve. */
  poolFactor: number
  provisioned: readonly ProvisionedSlot[]
  /** On-demand environments already warm. */
  warm: number
  idleExpirySeconds?: number
  recycleSeconds?: number
}

export interface ProvisionedResult {
  /** Concurrency served by provisioned environments, average and at the peak. */
  used: number
  usedPeak: number
  /** Requests served by provisioned environments. */
  invocations: number
  /** Requests of this alias that overflowed to on-demand and ran there. */
  spillover: number
  /** Peak use / allocation (0 when nothing is allocated). */
  utilization: number
}

export interface StepResult {
  /** Concurrency the traffic asks for (Little's law), average over the step and at its peak. */
  demand: number
  peakDemand: number
  /** Concurrency actually running (provisioned + on-demand), average and peak. */
  concurrency: number
  peakConcurrency: number
  /** The on-demand part: asked for, and running. */
  onDemandDemand: number
  onDemand: number
  onDemandPeak: number
  invocations: number
  throttles: number
  errors: number
  provisioned: ProvisionedResult[]
  /** On-demand environments needed at the step's peak. */
  environments: number
  /** Environments started in this step (cold starts): growth above the warm pool plus background. */
  coldStarts: number
  /** The part of coldStarts that happens even without growth (recycling, idle gaps). */
  backgroundColdStarts: number
}

export function emptyStepResult(): StepResult {
  return {
    demand: 0,
    peakDemand: 0,
    concurrency: 0,
    peakConcurrency: 0,
    onDemandDemand: 0,
    onDemand: 0,
    onDemandPeak: 0,
    invocations: 0,
    throttles: 0,
    errors: 0,
    provisioned: [],
    environments: 0,
    coldStarts: 0,
    backgroundColdStarts: 0,
  }
}

/** Whole environments for a fractional concurrency (0.2 of an environment is still one environment). */
export function environmentsFor(concurrency: number): number {
  return concurrency > 1e-9 ? Math.ceil(concurrency - 1e-9) : 0
}

/**
 * The on-demand concurrency a function asks of its cap in a step: the traffic provisioned
 * concurrency does not hold. The account uses this to share its unreserved pool.
 */
export function onDemandDemand(rps: number, durationMs: number, provisioned: readonly ProvisionedSlot[]): number {
  const demand = (rps * durationMs) / 1000
  if (provisioned.length === 0) return demand
  let spill = demand
  for (const slot of provisioned) spill -= Math.min(demand * slot.share, slot.allocated)
  return Math.max(0, spill)
}

export function step(input: StepInput, out: StepResult = emptyStepResult()): StepResult {
  const durationS = input.durationMs / 1000
  const demand = input.rps * durationS
  const peakDemand = Math.max(demand, input.peakRps * durationS)
  // Requests per unit of concurrency over the step: concurrency × seconds / duration.
  const perConcurrency = durationS > 0 ? input.seconds / durationS : 0

  const slots = input.provisioned
  while (out.provisioned.length < slots.length) out.provisioned.push({used: 0, usedPeak: 0, invocations: 0, spillover: 0, utilization: 0})
  out.provisioned.length = slots.length

  let provisionedUsed = 0
  let provisionedPeak = 0
  let allocatedTotal = 0
  let odDemand = demand
  let odPeakDemand = peakDemand
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]
    const share = demand * slot.share
    const sharePeak = peakDemand * slot.share
    const used = Math.min(share, slot.allocated)
    const usedPeak = Math.min(sharePeak, slot.allocated)
    const result = out.provisioned[i]
    result.used = used
    result.usedPeak = usedPeak
    result.invocations = used * perConcurrency
    result.spillover = share - used // demand for now; scaled by what on-demand serves below
    result.utilization = slot.allocated > 0 ? usedPeak / slot.allocated : 0
    provisionedUsed += used
    provisionedPeak += usedPeak
    allocatedTotal += slot.allocated
    odDemand -= used
    odPeakDemand -= usedPeak
  }
  odDemand = Math.max(0, odDemand)
  odPeakDemand = Math.max(odDemand, odPeakDemand)

  let onDemand: number
  let onDemandPeak: number
  if (input.reserved !== null) {
    // Provisioned concurrency sits inside the reservation.
    const cap = Math.max(0, input.reserved - allocatedTotal)
    onDemand = Math.min(odDemand, cap)
    onDemandPeak = Math.min(odPeakDemand, cap)
  } else {
    const factor = Math.min(1, Math.max(0, input.poolFactor))
    onDemand = odDemand * factor
    onDemandPeak = odPeakDemand * factor
  }
  const served = odDemand > 0 ? onDemand / odDemand : 1
  for (const result of out.provisioned) result.spillover *= served * perConcurrency

  out.demand = demand
  out.peakDemand = peakDemand
  out.onDemandDemand = odDemand
  out.onDemand = onDemand
  out.onDemandPeak = onDemandPeak
  out.concurrency = provisionedUsed + onDemand
  out.peakConcurrency = provisionedPeak + onDemandPeak
  out.invocations = out.concurrency * perConcurrency
  out.throttles = (odDemand - onDemand) * perConcurrency
  out.errors = out.invocations * input.errorRate

  const environments = environmentsFor(onDemandPeak)
  const odRps = onDemand * (durationS > 0 ? 1 / durationS : 0)
  const recycle = (environments * input.seconds) / (input.recycleSeconds ?? RECYCLE_SECONDS)
  // A request finds no warm environment when the previous one came longer than the idle expiry ago.
  const sparse = odRps * input.seconds * Math.exp(-odRps * (input.idleExpirySeconds ?? IDLE_EXPIRY_SECONDS))
  out.environments = environments
  out.backgroundColdStarts = recycle + sparse
  out.coldStarts = Math.max(0, environments - input.warm) + out.backgroundColdStarts
  return out
}
