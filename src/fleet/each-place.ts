// The one way a command runs across a fleet: the same read, or the same planner, in every
// account-region at once (each place paces itself on its own rate budget), then one answer.
// A place that fails is reported, never silently dropped; a mistake that fails everywhere alike is
// bad input and is thrown as it is (exit 2).
import {emptyPlan, type Plan, type Target} from '../apply/plan.js'
import {translateAwsError} from '../aws/translate-error.js'
import {UserError} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import {createProgress, withInnerProgressMuted} from '../lib/progress.js'
import {sayOnce} from '../lib/say-once.js'
import {type Fleet, type Place, placeLabel, type Unreachable} from './place.js'

/** Account-regions read or planned at once; each waits on its own budget, so this only bounds memory. */
const PLACES_IN_FLIGHT = 16

export interface PlaceValue<T> {
  place: Place
  value: T
}

export interface EachPlace<T> {
  values: Array<PlaceValue<T>>
  /** Places known unreachable before the run, then those whose read failed. */
  unreachable: Unreachable[]
  /** Places where the selection found nothing (no function matches, a named function is not there): not a failure. */
  empty: Array<{place: Place; reason: string}>
}

/**
 * A selection that finds nothing in one place is that place's answer, not a failure to reach it;
 * so is a function ARN that names another account-region (it is acted on in its own place only).
 */
const NOTHING_HERE = new Set(['EmptySelection', 'FunctionNotFound', 'RegionMismatch', 'AccountMismatch'])
/** What a place answers when lx cannot reach it at all: a region not enabled, no such endpoint, keys refused. */
const NOT_REACHED = new Set(['EndpointUnreachable', 'BadCredentials'])

/**
 * `work` in every place of the fleet. A UserError thrown in every place (the same input mistake
 * everywhere) is rethrown; so is any error of a one-place run, exactly as before fleets.
 */
export async function eachPlace<T>(fleet: Fleet, work: (place: Place) => Promise<T>, options: {label?: string} = {}): Promise<EachPlace<T>> {
  if (!fleet.isFleet) {
    const [place] = fleet.places
    return {values: [{place, value: await work(place)}], unreachable: [], empty: []}
  }

  type Outcome = {place: Place; ok: true; value: T} | {place: Place; ok: false; error: unknown}
  // One bar for the fleet; the bars each place's read would draw stay silent.
  const progress = createProgress({label: `${options.label ?? 'Reading'} ${fleet.places.length} account-regions`})
  let done = 0
  const outcomes = await withInnerProgressMuted(() =>
    mapPool(fleet.places, PLACES_IN_FLIGHT, async (place): Promise<Outcome> => {
      try {
        return {place, ok: true, value: await work(place)}
      } catch (error) {
        return {place, ok: false, error}
      } finally {
        progress.update(++done, fleet.places.length)
      }
    }),
  ).finally(() => progress.stop())
  const failed = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome]))
  // The same mistake everywhere (by its code: messages may name the region) is bad input.
  if (failed.length > 0 && failed.length === outcomes.length && fleet.unreachable.length === 0) {
    const first = failed[0].error
    if (first instanceof UserError && failed.every(({error}) => error instanceof UserError && error.code === first.code)) throw first
  }

  const values = outcomes.flatMap((outcome) => (outcome.ok ? [{place: outcome.place, value: outcome.value}] : []))
  const empty: EachPlace<T>['empty'] = []
  const unreached: Array<Unreachable & {notReached: boolean}> = []
  for (const {place, error} of failed) {
    if (error instanceof UserError && NOTHING_HERE.has(error.code)) {
      empty.push({place, reason: error.message})
      continue
    }

    const translated = translateAwsError(error)
    unreached.push({account: place.account, region: place.region, reason: translated.message, notReached: NOT_REACHED.has(translated.code)})
  }

  checkNamedRegionsReached(fleet, values, empty, unreached)
  return {values, unreachable: [...fleet.unreachable, ...unreached.map(({notReached: _, ...item}) => item)], empty}
}

/**
 * A region the user named that no account could reach is a typo or a region nobody enabled: bad
 * input, refused before anything is written (the reason shows what AWS said).
 */
function checkNamedRegionsReached(
  fleet: Fleet,
  values: Array<PlaceValue<unknown>>,
  empty: Array<{place: Place}>,
  unreached: Array<Unreachable & {notReached: boolean}>,
): void {
  for (const region of fleet.namedRegions) {
    if (values.some(({place}) => place.region === region) || empty.some(({place}) => place.region === region)) continue
    const inRegion = unreached.filter((item) => item.region === region)
    // Only when every account failed to reach it at all: AccessDenied in one account is partial reach.
    const why = inRegion.length > 0 && inRegion.every((item) => item.notReached) ? inRegion[0] : undefined
    if (!why) continue
    throw new UserError(`--region ${region} could not be reached in any selected account: ${why.reason}`, {
      code: 'BadRegion',
      hint: 'Check the region name; `lx account --all-regions` lists the regions enabled for your accounts.',
    })
  }
}

/** A target in its account-region (only in a fleet: one-place runs keep their targets as before). */
export function inPlace(target: Target, place: Place): Target {
  return {...target, account: place.account, region: place.region}
}

export interface PlacePlan<S> {
  place: Place
  plan: Plan<S>
}

/**
 * One plan across the fleet: every change, skip and note of every place, each target carrying its
 * account and region, grouped by account-region in place order. Places that could not be planned
 * are listed in the plan's warnings (and, by the caller, in the report).
 */
export function mergePlans<S>(kind: string, planned: Array<PlacePlan<S>>, unreachable: Unreachable[]): Plan<S> {
  const plan = emptyPlan<S>(kind)
  for (const {place, plan: one} of planned) {
    plan.changes.push(...one.changes.map((change) => ({...change, target: inPlace(change.target, place)})))
    plan.unchanged.push(...one.unchanged.map((item) => ({...item, target: inPlace(item.target, place)})))
    plan.skipped.push(...one.skipped.map((item) => ({...item, target: inPlace(item.target, place)})))
    plan.conflicts.push(...one.conflicts.map((item) => ({...item, target: inPlace(item.target, place)})))
  }

  // A note every place has alike (the layer's runtimes, a rule) is said once, for all.
  const labelled = (lines: (one: Plan<S>) => string[]) => planned.map(({place, plan: one}) => ({label: placeLabel(place), lines: lines(one)}))
  plan.notes = sayOnce(
    labelled((one) => one.notes),
    'every account-region: ',
  )
  plan.warnings = sayOnce(
    labelled((one) => one.warnings),
    'every account-region: ',
  )

  for (const item of unreachable) plan.warnings.push(`${placeLabel(item)}${item.profile ? ` (profile ${item.profile})` : ''} not planned: ${item.reason}`)
  return plan
}
