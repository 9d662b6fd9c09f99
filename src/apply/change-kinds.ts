// Every kind of change lx can make, and where its handler lives. `lx undo` reverses a journal
// entry through this table, so each kind is applied and reversed by the same code. Handlers are
// imported only when a command needs them.
import type {AwsContext} from '../aws/aws-context.js'
import {Failure} from '../errors.js'
import {type ChangeHandler, type HandlerFactory, type HandlerLookup, type HandlerOptions, targetPlaceKey} from './plan.js'

const KINDS: Record<string, () => Promise<{createHandler: HandlerFactory}>> = {
  reserved: () => import('../concurrency/reserved-handler.js'),
  provisioned: () => import('../concurrency/provisioned-handler.js'),
  // Layers and environment variables of a function ($LATEST), one state for both.
  'function-config': () => import('../layers/function-config-handler.js'),
  'alias-version': () => import('../layers/alias-version-handler.js'),
  memory: () => import('../memory/memory-handler.js'),
  // Asynchronous invocation config of a function or qualifier.
  'event-invoke-config': () => import('../destinations/event-invoke-config-handler.js'),
  // Application Auto Scaling of provisioned concurrency on a qualifier.
  'scalable-target': () => import('../scaling/scalable-target-handler.js'),
  'scaling-policy': () => import('../scaling/scaling-policy-handler.js'),
  'scheduled-action': () => import('../scaling/scheduled-action-handler.js'),
  // A CloudWatch metric alarm lx set (`lx alarms`), by name.
  'metric-alarm': () => import('../alarms/alarm-handler.js'),
}

export async function loadHandlers(aws: AwsContext, kinds: Iterable<string>, options: HandlerOptions = {}): Promise<(kind: string) => ChangeHandler<any>> {
  const handlers = new Map<string, ChangeHandler<any>>()
  for (const kind of new Set(kinds)) {
    const load = KINDS[kind]
    if (!load)
      throw new Failure(`lx does not know how to apply a change of kind "${kind}".`, {
        code: 'UnknownChangeKind',
        hint: 'The journal may come from a newer lx; upgrade lx.',
      })
    // eslint-disable-next-line no-await-in-loop -- a handful of kinds at most
    const module = await load()
    // eslint-disable-next-line no-await-in-loop -- a handful of kinds at most, each loaded once
    handlers.set(kind, await module.createHandler(aws, options))
  }

  return (kind) => {
    const handler = handlers.get(kind)
    if (!handler) throw new Failure(`No handler loaded for change kind "${kind}".`, {code: 'UnknownChangeKind'})
    return handler
  }
}

/**
 * Handlers for every account-region of a run, each built on that place's AWS context: a fleet's
 * places name their account and region; a one-place run passes just its context (its targets name
 * no place either). A target whose place has no context is refused, never sent through another
 * place's credentials.
 */
export async function loadPlaceHandlers(
  places: ReadonlyArray<{account?: string; region?: string; aws: AwsContext}>,
  kinds: Iterable<string>,
  options: HandlerOptions = {},
): Promise<HandlerLookup> {
  const wanted = [...new Set(kinds)]
  const byPlace = new Map(await Promise.all(places.map(async (place) => [targetPlaceKey(place), await loadHandlers(place.aws, wanted, options)] as const)))
  const [first] = byPlace.values()
  return (kind, target) => {
    // Describing a state is the same in every place; reading and writing are not.
    if (!target) return first(kind)
    const lookup = byPlace.get(targetPlaceKey(target))
    if (!lookup) {
      throw new Failure(`No credentials for ${target.account ?? 'this account'} in ${target.region ?? 'this region'}; not touched.`, {
        code: 'PlaceNotReached',
        hint: 'Run again with credentials that reach that account-region (--profile, or --accounts with --role-name).',
      })
    }

    return lookup(kind)
  }
}
