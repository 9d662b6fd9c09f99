// The lx commands that would apply a recommendation, in an order AWS accepts: a reservation is
// raised before provisioned concurrency grows into it, and lowered only after provisioned
// concurrency has shrunk; auto scaling is removed before the provisioned config it manages. Pure.
import {BUSY_ACTION, type FunctionPlan, QUIET_ACTION} from './recommend-function.js'
import {currentClaim, recommendedClaim} from './recommend-account.js'

/** Quote for a POSIX shell when needed (cron expressions hold spaces, `*` and `?`). */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", String.raw`'\''`)}'`
}

/**
 * The flags that send a command to one account-region of a fleet: its region, and the profile or
 * the role lx reached the account with.
 */
export function placeArguments(place: {account?: string; region: string; access: {profile?: string; roleArn?: string; externalId?: string}}): string[] {
  const {access} = place
  const reach: string[] = []
  if (access.roleArn && place.account) {
    const roleName = access.roleArn.slice(access.roleArn.indexOf(':role/') + ':role/'.length)
    reach.push('--accounts', place.account, '--role-name', shellQuote(roleName))
    if (access.externalId) reach.push('--external-id', shellQuote(access.externalId))
  } else if (access.profile) reach.push('--profile', shellQuote(access.profile))
  return ['--region', shellQuote(place.region), ...reach]
}

export function applyCommands(plan: FunctionPlan, extra: readonly string[] = []): string[] {
  const commands = commandsOf(plan)
  return extra.length === 0 ? commands : commands.map((command) => `${command} ${extra.join(' ')}`)
}

function commandsOf(plan: FunctionPlan): string[] {
  if (!plan.changed) return []
  const fn = shellQuote(plan.functionName)
  const {current, recommended} = plan
  const reserved: string[] = []
  if (recommended.reserved !== current.reserved) {
    reserved.push(recommended.reserved === null ? `lx concurrency unset ${fn} --reserved` : `lx concurrency set ${fn} --reserved ${recommended.reserved}`)
  }

  const provisioned: string[] = []
  const qualifier = plan.qualifier === null ? undefined : shellQuote(plan.qualifier)
  if (qualifier !== undefined) {
    if (recommended.provisioned === null) {
      if (current.autoScaling) provisioned.push(`lx scaling remove ${fn} --qualifier ${qualifier}`)
      if (current.provisioned !== null) provisioned.push(`lx concurrency unset ${fn} --provisioned --qualifier ${qualifier}`)
    } else {
      if (recommended.provisioned !== current.provisioned)
        provisioned.push(`lx concurrency set ${fn} --provisioned ${recommended.provisioned} --qualifier ${qualifier}`)
      const scaling = recommended.autoScaling
      if (scaling) provisioned.push(`lx scaling set ${fn} --qualifier ${qualifier} --min ${scaling.min} --max ${scaling.max} --target ${scaling.target}`)
      for (const action of recommended.schedule?.actions ?? []) {
        provisioned.push(
          `lx scaling schedule ${fn} --qualifier ${qualifier} --name ${action.name} --schedule ${shellQuote(action.expression)} --min ${action.min}`,
        )
      }

      if (!recommended.schedule) {
        for (const name of [BUSY_ACTION, QUIET_ACTION]) {
          if (current.schedule?.some((action) => action.name === name)) provisioned.push(`lx scaling remove ${fn} --qualifier ${qualifier} --schedule ${name}`)
        }
      }
    }
  }

  // The reservation goes first unless it would end below the provisioned concurrency still in place.
  const provisionedNow = (current.provisioned ?? 0) + (current.otherProvisioned ?? []).reduce((total, pc) => total + pc.requested, 0)
  const reservedFirst = recommended.reserved === null || recommended.reserved >= provisionedNow
  return reservedFirst ? [...reserved, ...provisioned] : [...provisioned, ...reserved]
}

/**
 * The functions whose commands can be run now, in the order to run them: those that give
 * concurrency back to the pool first (so the increases after them find room), none that the
 * account check held back — so running the list top to bottom, nothing is refused.
 */
export function applicableInOrder<Plan extends FunctionPlan>(plans: readonly Plan[], heldBack: ReadonlyArray<{functionName: string}>): Plan[] {
  const held = new Set(heldBack.map((item) => item.functionName))
  const ready = plans.filter((plan) => plan.changed && !held.has(plan.functionName))
  const gives = (plan: FunctionPlan) => recommendedClaim(plan) - currentClaim(plan) <= 0
  return [...ready.filter((plan) => gives(plan)), ...ready.filter((plan) => !gives(plan))]
}
