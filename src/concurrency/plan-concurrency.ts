// Pure planning of reserved and provisioned concurrency changes: (current state, request) → plan.
// Every check docs/contract.md lists before a write lives here, so it is tested without any AWS call.
import {emptyPlan, type Plan, type PlannedSkip} from '../apply/plan.js'
import {UserError} from '../errors.js'
import {listNames} from '../input/list-names.js'
import {checkQualifier} from '../input/qualifier.js'

/** The first few function names of `NAME: reason` refusals, for a command to paste. */
function namesOf(refused: string[]): string {
  return refused
    .slice(0, 3)
    .map((entry) => entry.split(':')[0])
    .join(' ')
}

export interface ReservedState {
  reserved: number | null
}

export interface ProvisionedConfigState {
  /** null: no provisioned concurrency config on this qualifier. */
  requested: number | null
}

/** What a qualifier is, as read before planning. */
export type QualifierInfo = {exists: true; kind: 'alias' | 'version'; routing: boolean} | {exists: false}

export interface FunctionState {
  functionName: string
  reserved: number | null
  provisioned: Array<{qualifier: string; requested: number; allocated: number; status: string}>
  /** Only read for provisioned changes. */
  qualifier?: QualifierInfo
}

export interface AccountState {
  limit: number
  unreserved: number
  floor: number
}

export type ConcurrencyRequest = {type: 'reserved'; value: number | null} | {type: 'provisioned'; qualifier: string; value: number | null}

export interface PlanContext {
  account: AccountState
  /** The user listed the functions by name (a bad target is then an error, not a skip). */
  named: boolean
}

function provisionedTotal(fn: FunctionState, exceptQualifier?: string): number {
  return fn.provisioned.filter((pc) => pc.qualifier !== exceptQualifier).reduce((sum, pc) => sum + pc.requested, 0)
}

/**
 * How much a function takes out of the unreserved pool: its reservation, or — with none — the
 * provisioned concurrency it runs, which AWS also takes from the unreserved pool.
 */
function poolUse(reserved: number | null, provisioned: number): number {
  return reserved ?? provisioned
}

export function validateQualifierFlag(qualifier: string | undefined): string {
  if (!qualifier) {
    throw new UserError('Provisioned concurrency needs --qualifier (an alias or a published version).', {
      code: 'MissingQualifier',
      hint: 'e.g. --qualifier live',
    })
  }

  if (qualifier === '$LATEST') {
    throw new UserError('Provisioned concurrency cannot be set on $LATEST (an unpublished version).', {
      code: 'LatestQualifier',
      hint: 'Publish a version or use an alias, e.g. --qualifier live.',
    })
  }

  return checkQualifier(qualifier)
}

export function planReserved(functions: FunctionState[], value: number | null, context: PlanContext): Plan<ReservedState> {
  const plan = emptyPlan<ReservedState>('reserved')
  const belowProvisioned: string[] = []
  let unreservedAfter = context.account.unreserved
  for (const fn of functions) {
    const target = {functionName: fn.functionName}
    if (fn.reserved === value) {
      plan.unchanged.push({target, state: {reserved: fn.reserved}})
      continue
    }

    const provisioned = provisionedTotal(fn)
    if (value !== null && value < provisioned) {
      belowProvisioned.push(`${fn.functionName} (${provisioned} provisioned)`)
      continue
    }

    unreservedAfter += poolUse(fn.reserved, provisioned) - poolUse(value, provisioned)
    plan.changes.push({kind: 'reserved', target, before: {reserved: fn.reserved}, after: {reserved: value}})
  }

  if (belowProvisioned.length > 0) {
    throw new UserError(`Reserved concurrency ${value} is below the provisioned concurrency of ${listNames(belowProvisioned)}.`, {
      code: 'BelowProvisioned',
      hint: 'Reserve at least as much as is provisioned, lower provisioned first (`lx concurrency set … --provisioned`), or --exclude those functions.',
    })
  }

  checkFloor(unreservedAfter, context.account, `Reserving ${value} for ${plan.changes.length} function${plan.changes.length === 1 ? '' : 's'}`)
  plan.notes.push(unreservedNote(context.account, unreservedAfter))
  return plan
}

export function planProvisioned(functions: FunctionState[], qualifier: string, value: number | null, context: PlanContext): Plan<ProvisionedConfigState> {
  const plan = emptyPlan<ProvisionedConfigState>('provisioned')
  const refused: string[] = []
  const overReserved: string[] = []
  let unreservedAfter = context.account.unreserved
  const skip = (skipped: PlannedSkip) => (context.named ? refused.push(`${skipped.target.functionName}: ${skipped.reason}`) : plan.skipped.push(skipped))
  for (const fn of functions) {
    const target = {functionName: fn.functionName, qualifier}
    const info = fn.qualifier
    const current = fn.provisioned.find((pc) => pc.qualifier === qualifier)?.requested ?? null
    if (value !== null && (!info || !info.exists)) {
      skip({target, reason: `has no alias or version "${qualifier}"`})
      continue
    }

    if (value !== null && info?.exists && info.routing) {
      skip({target, reason: `alias ${qualifier} has a routing config (weighted versions); provisioned concurrency needs an alias pointing at one version`})
      continue
    }

    if (current === value) {
      plan.unchanged.push({target, state: {requested: current}})
      continue
    }

    const others = provisionedTotal(fn, qualifier)
    if (value !== null && fn.reserved !== null && others + value > fn.reserved) {
      overReserved.push(`${fn.functionName} (reserved ${fn.reserved}${others > 0 ? `, ${others} provisioned elsewhere` : ''})`)
      continue
    }

    if (fn.reserved === null) unreservedAfter -= (value ?? 0) - (current ?? 0)
    plan.changes.push({kind: 'provisioned', target, before: {requested: current}, after: {requested: value}})
  }

  if (refused.length > 0) {
    throw new UserError(`Cannot set provisioned concurrency on ${listNames(refused)}.`, {
      code: 'BadQualifier',
      hint: `Use an alias that points at one published version, or a version number (\`lx concurrency list ${namesOf(refused)} --aliases\` shows them).`,
    })
  }

  if (overReserved.length > 0) {
    throw new UserError(`Provisioned concurrency ${value} on ${qualifier} would exceed the reserved concurrency of ${listNames(overReserved)}.`, {
      code: 'AboveReserved',
      hint: 'Raise reserved concurrency first (`lx concurrency set … --reserved N`) or ask for less.',
    })
  }

  checkFloor(unreservedAfter, context.account, `Provisioning ${value} on ${plan.changes.length} function${plan.changes.length === 1 ? '' : 's'}`)
  plan.notes.push(unreservedNote(context.account, unreservedAfter))
  return plan
}

function checkFloor(unreservedAfter: number, account: AccountState, what: string): void {
  if (unreservedAfter >= account.floor || unreservedAfter >= account.unreserved) return
  const room = Math.max(0, account.unreserved - account.floor)
  throw new UserError(`${what} would leave ${unreservedAfter} unreserved, below the account's floor of ${account.floor}; only ${room} more can be set aside.`, {
    code: 'BelowUnreservedFloor',
    hint: "Ask for less, select fewer functions, or raise the account limit (Service Quotas). If your account's floor is lower, pass --min-unreserved N.",
  })
}

function unreservedNote(account: AccountState, after: number): string {
  return `Account unreserved concurrency: ${account.unreserved} → ${after} (floor ${account.floor}, limit ${account.limit})`
}
