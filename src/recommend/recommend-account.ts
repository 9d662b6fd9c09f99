// The account-level check of a set of recommendations: does the sum still leave the account its
// unreserved floor, and how much headroom is left? Pure.
//
// What a function takes out of the shared pool is its reservation, or — without one — its
// provisioned concurrency (which leaves the pool too). Auto scaling may take provisioned concurrency
// up to its max, so the check counts the max.
import type {FunctionPlan} from './recommend-function.js'
import {roundUsd} from './pricing.js'

export interface AccountFacts {
  region: string
  limit: number
  unreserved: number
  unreservedFloor: number
}

export interface AccountPlan extends AccountFacts {
  /** Unreserved concurrency once every recommendation is applied. */
  unreservedAfter: number
  /** unreservedAfter − floor: what could still be reserved afterwards (negative: does not fit). */
  headroomAfter: number
  fits: boolean
  warning?: string
  /**
   * When the whole plan does not fit: the functions whose changes are held back (their commands
   * would be refused), each with what it would take from the pool. Empty when it fits.
   */
  heldBack: Array<{functionName: string; needs: number}>
  /** What to change before the held-back functions can be applied. Empty when it fits. */
  firstSteps: string[]
  functions: number
  /** Functions whose recommendation differs from what they have. */
  changes: number
  monthlyCost: {current: number; recommended: number; onDemandOnly: number; delta: number; currency: 'USD'}
}

function otherTotal(plan: FunctionPlan): number {
  return (plan.current.otherProvisioned ?? []).reduce((total, pc) => total + pc.requested, 0)
}

export function currentClaim(plan: FunctionPlan): number {
  return plan.current.reserved ?? otherTotal(plan) + (plan.current.provisioned ?? 0)
}

export function recommendedClaim(plan: FunctionPlan): number {
  const provisioned = plan.recommended.provisioned === null ? 0 : Math.max(plan.recommended.provisioned, plan.recommended.autoScaling?.max ?? 0)
  return plan.recommended.reserved ?? otherTotal(plan) + provisioned
}

export function summariseAccount(plans: readonly FunctionPlan[], facts: AccountFacts): AccountPlan {
  let delta = 0
  const cost = {current: 0, recommended: 0, onDemandOnly: 0}
  for (const plan of plans) {
    delta += recommendedClaim(plan) - currentClaim(plan)
    cost.current += plan.monthlyCost.current
    cost.recommended += plan.monthlyCost.recommended
    cost.onDemandOnly += plan.monthlyCost.onDemandOnly
  }

  const unreservedAfter = facts.unreserved - delta
  const headroomAfter = unreservedAfter - facts.unreservedFloor
  const fits = headroomAfter >= 0
  const heldBack = fits ? [] : holdBack(plans, facts)
  return {
    ...facts,
    unreservedAfter,
    headroomAfter,
    fits,
    ...(fits
      ? {}
      : {
          warning:
            `The recommendations need ${-headroomAfter} more concurrency than the account can set aside: ` +
            `unreserved would fall to ${unreservedAfter}, below its floor of ${facts.unreservedFloor}.`,
        }),
    heldBack,
    firstSteps: fits ? [] : firstSteps(plans, facts, -headroomAfter),
    functions: plans.length,
    changes: plans.filter((plan) => plan.changed).length,
    monthlyCost: {
      current: roundUsd(cost.current),
      recommended: roundUsd(cost.recommended),
      onDemandOnly: roundUsd(cost.onDemandOnly),
      delta: roundUsd(cost.recommended - cost.current),
      currency: 'USD',
    },
  }
}

/**
 * Which changes to hold back so that the rest can be applied in order without AWS refusing one:
 * every change that gives concurrency back goes first, then the increases that help most (the
 * most throttles avoided) while the pool above its floor still has room.
 */
function holdBack(plans: readonly FunctionPlan[], facts: AccountFacts): AccountPlan['heldBack'] {
  let room = facts.unreserved - facts.unreservedFloor
  const increases: Array<{plan: FunctionPlan; needs: number}> = []
  for (const plan of plans) {
    const needs = recommendedClaim(plan) - currentClaim(plan)
    if (needs > 0) increases.push({plan, needs})
    else room -= needs
  }

  const avoided = (plan: FunctionPlan) => (plan.whatIf ? plan.whatIf.current.throttles - plan.whatIf.recommended.throttles : 0)
  increases.sort((a, b) => avoided(b.plan) - avoided(a.plan) || a.needs - b.needs || a.plan.functionName.localeCompare(b.plan.functionName))
  const held: AccountPlan['heldBack'] = []
  for (const {plan, needs} of increases) {
    if (needs <= room) room -= needs
    else held.push({functionName: plan.functionName, needs})
  }

  return held
}

function firstSteps(plans: readonly FunctionPlan[], facts: AccountFacts, short: number): string[] {
  // Reservations the plan leaves as they are: the first places to look for room.
  const untouched = plans
    .filter((plan) => plan.current.reserved !== null && plan.current.reserved > 0 && plan.recommended.reserved === plan.current.reserved)
    .sort((a, b) => (b.current.reserved ?? 0) - (a.current.reserved ?? 0))
    .slice(0, 3)
    .map((plan) => `${plan.functionName} ${plan.current.reserved}`)
  const largest = untouched.length > 0 ? `largest unchanged here: ${untouched.join(', ')}; ` : ''
  return [
    `ask AWS for a higher concurrency limit: at least ${facts.limit + short} instead of ${facts.limit} ` +
      '(Service Quotas › AWS Lambda › Concurrent executions);',
    `or free ${short} by lowering other reservations (${largest}\`lx concurrency list\` shows them all);`,
    'or plan with a smaller --headroom.',
  ]
}
