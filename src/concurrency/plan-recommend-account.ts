// The account-level check of a set of recommendations: does the sum still leave the account its
// unreserved floor, and how much headroom is left? Pure.
//
// What a function takes out of the shared pool is its reservation, or — without one — its
// provisioned concurrency (which leaves the pool too). Auto scaling may take provisioned concurrency
// up to its max, so the check counts the max.
import type {FunctionPlan} from './plan-recommend.js'
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
  return {
    ...facts,
    unreservedAfter,
    headroomAfter,
    fits,
    ...(fits
      ? {}
      : {
          warning: `The recommendations need ${-headroomAfter} more concurrency than the account can set aside: unreserved would fall to ${unreservedAfter}, below its floor of ${facts.unreservedFloor}. Ask AWS to raise the limit (${facts.limit}) or apply them in part.`,
        }),
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
