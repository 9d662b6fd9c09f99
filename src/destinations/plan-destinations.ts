// Pure planning of `lx destinations set` / `remove`: the flags checked before any call, then
// (current configs, request) → plan. Every refusal here is a UserError: exit 2, nothing sent.
import {emptyPlan, type Plan} from '../apply/plan.js'
import {UserError} from '../errors.js'
import {listNames} from '../input/list-names.js'
import {parseWholeNumber} from '../input/numbers.js'
import {checkQualifier} from '../input/qualifier.js'
import {accountOfFunctionArn, type DestinationRef, type DestinationSide, isSelf, kindOf, parseDestinationArn} from './destination-arn.js'
import {applyRequest, type DestinationsRequest, type EventInvokeSettings, type EventInvokeState, type Member, sameState} from './event-invoke-state.js'

export const RETRIES_RANGE = {min: 0, max: 2}
export const EVENT_AGE_RANGE = {min: 60, max: 21_600}

export interface SetFlagValues {
  'on-success'?: string
  'on-failure'?: string
  'max-retries'?: string
  'max-event-age'?: string
}

export interface RemoveFlagValues {
  'on-success'?: boolean
  'on-failure'?: boolean
}

export interface ValidatedRequest {
  request: DestinationsRequest
  /** The destinations named, for the checks that need the functions (self, region). */
  destinations: Array<DestinationRef & {side: DestinationSide}>
}

/** `--qualifier`: an alias or version; `$LATEST` is the unqualified config, as AWS treats it. */
export function validateQualifier(qualifier: string | undefined): string | undefined {
  if (qualifier === undefined || qualifier === '$LATEST') return undefined
  return checkQualifier(qualifier)
}

export function validateSetRequest(flags: SetFlagValues): ValidatedRequest {
  const settings: Partial<EventInvokeSettings> = {}
  const destinations: ValidatedRequest['destinations'] = []
  for (const [flag, side] of [
    ['on-success', 'onSuccess'],
    ['on-failure', 'onFailure'],
  ] as const) {
    const raw = flags[flag]
    if (raw === undefined) continue
    const ref = parseDestinationArn(raw, side)
    settings[side] = ref.arn
    destinations.push({...ref, side})
  }

  if (flags['max-retries'] !== undefined) settings.maximumRetryAttempts = parseWholeNumber('max-retries', flags['max-retries'], {...RETRIES_RANGE, example: 1})
  if (flags['max-event-age'] !== undefined)
    settings.maximumEventAgeInSeconds = parseWholeNumber('max-event-age', flags['max-event-age'], {...EVENT_AGE_RANGE, example: 3600})
  if (Object.keys(settings).length === 0) {
    throw new UserError('Nothing to set.', {
      code: 'NothingToSet',
      hint: 'Give at least one of --on-success ARN, --on-failure ARN, --max-retries 0-2, --max-event-age 60-21600.',
    })
  }

  return {request: {type: 'set', settings}, destinations}
}

export function validateRemoveRequest(flags: RemoveFlagValues): DestinationsRequest {
  const sides: Array<'onSuccess' | 'onFailure'> = []
  if (flags['on-success']) sides.push('onSuccess')
  if (flags['on-failure']) sides.push('onFailure')
  return {type: 'remove', sides}
}

/** One target as read before planning. */
export interface DestinationTarget {
  functionName: string
  /** Unqualified function ARN, to recognise the function as its own destination. */
  functionArn: string
  qualifier?: string
  /** undefined: the qualifier does not exist on this function. */
  current?: EventInvokeState
}

export interface PlanContext {
  /** The region lx works in. */
  region: string
  /** The user listed the functions by name: a missing qualifier is an error, not a skip. */
  named: boolean
  destinations: ValidatedRequest['destinations']
}

export function planDestinations(targets: DestinationTarget[], request: DestinationsRequest, context: PlanContext): Plan<EventInvokeState> {
  const plan = emptyPlan<EventInvokeState>('event-invoke-config')
  const loops = targets.filter((target) => context.destinations.some((ref) => isSelf(ref, target.functionArn)))
  if (loops.length > 0) {
    throw new UserError(`A function cannot be its own destination (an endless loop): ${listNames([...new Set(loops.map((target) => target.functionName))])}.`, {
      code: 'SelfDestination',
      hint: 'Send its results to another function, a queue, a topic or a bus, or leave that function out (--exclude).',
    })
  }

  const missing: string[] = []
  for (const target of targets) {
    const planTarget = {functionName: target.functionName, ...(target.qualifier ? {qualifier: target.qualifier} : {})}
    if (target.current === undefined) {
      if (context.named) missing.push(target.functionName)
      else plan.skipped.push({target: planTarget, reason: `has no alias or version "${target.qualifier}"`})
      continue
    }

    const after = applyRequest(target.current, request)
    if (sameState(target.current, after)) {
      plan.unchanged.push({target: planTarget, state: target.current})
      continue
    }

    plan.changes.push({
      kind: 'event-invoke-config',
      target: planTarget,
      before: target.current,
      after,
      // Merge into the config as it is at write time: a change made meanwhile to a member this
      // request does not name is kept.
      replan: (fresh) => ({after: applyRequest(fresh, request)}),
    })
  }

  if (missing.length > 0) {
    const qualifier = targets.find((target) => target.current === undefined)?.qualifier
    throw new UserError(`${listNames(missing)} ${missing.length === 1 ? 'has' : 'have'} no alias or version "${qualifier}".`, {
      code: 'BadQualifier',
      hint: `Check --qualifier (\`lx concurrency list ${missing.slice(0, 3).join(' ')} --aliases\` lists the aliases).`,
    })
  }

  const accounts = new Set(targets.map((target) => accountOfFunctionArn(target.functionArn)).filter((account) => account !== undefined))
  for (const ref of context.destinations) {
    if (ref.region && ref.region !== context.region) {
      plan.warnings.push(
        `The ${kindOf(ref)} ${ref.arn} is in ${ref.region}, not ${context.region} where the functions are; check that delivery across regions is what ` +
          `you want.`,
      )
    }

    // Staging and production often share names: a destination of another account is allowed (its
    // resource policy decides) but must not pass unnoticed.
    if (ref.accountId && accounts.size > 0 && !accounts.has(ref.accountId)) {
      const here = [...accounts].join(', ')
      plan.warnings.push(`The ${kindOf(ref)} ${ref.arn} is in account ${ref.accountId}, not ${here} where the functions are: is that the account you mean?`)
    }
  }

  if (request.type === 'remove' && request.sides.length === 0 && plan.changes.length > 0) {
    plan.notes.push('Removing the whole config: no destinations, and AWS defaults apply again (2 retries, events kept up to 6h).')
  }

  return plan
}

/** What a plan's changes mean for the title line, e.g. "set on-failure and max retries". */
export function describeRequest(request: DestinationsRequest, qualifier?: string): string {
  const where = qualifier ? ` on ${qualifier}` : ''
  if (request.type === 'remove') {
    if (request.sides.length === 0) return `remove the async invocation config${where}`
    return (
      `remove the ${request.sides.map((side) => (side === 'onSuccess' ? 'on-success' : 'on-failure')).join(' and ')} ` +
      `destination${request.sides.length > 1 ? 's' : ''}${where}`
    )
  }

  const names: Record<Member, string> = {
    onSuccess: 'on-success',
    onFailure: 'on-failure',
    maximumRetryAttempts: 'max retries',
    maximumEventAgeInSeconds: 'max event age',
  }
  const members = Object.keys(request.settings) as Member[]
  return `set ${members.map((member) => names[member]).join(', ')}${where}`
}
