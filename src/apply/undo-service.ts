// `lx undo`: the journal entry, the live state of every target it changed, and the plan that
// reverses only what lx changed (plan-undo.ts). Reads run in parallel under the rate budget.
import type {AwsContext} from '../aws/aws-context.js'
import {mapPool} from '../lib/map-pool.js'
import {loadPlaceHandlers} from './change-kinds.js'
import type {JournalEntry} from './journal.js'
import type {Plan, StepContext} from './plan.js'
import {planUndo, targetKey, type UndoTarget} from './plan-undo.js'
import {classifyStepError} from './retry-policy.js'

const READS_IN_FLIGHT = 16
/** Each read already has the SDK's attempts; a bad minute of 5xx gets a few more before undo gives up on a target. */
const READ_ATTEMPTS = 3

/**
 * `places` holds one context per account-region the entry worked in (a fleet entry's name their
 * account and region; a one-place entry's is just its context); each target is read in its own place.
 */
export async function planUndoFromLive(
  places: ReadonlyArray<{account?: string; region?: string; aws: AwsContext}>,
  entry: JournalEntry,
  targets: UndoTarget[],
  options: {force?: boolean; reasonOf: (error: unknown) => string},
): Promise<Plan> {
  const handlers = await loadPlaceHandlers(
    places,
    targets.map((target) => target.kind),
  )
  const context: StepContext = {progress() {}, signal: new AbortController().signal}
  const states = new Map<string, {state: unknown} | {error: string}>()
  await mapPool(targets, READS_IN_FLIGHT, async (target) => {
    const key = targetKey(target.kind, target.target)
    for (let attempt = 1; ; attempt++) {
      try {
        // eslint-disable-next-line no-await-in-loop -- a retry waits for the attempt before it
        states.set(key, {state: await handlers(target.kind, target.target).read(target.target, context)})
        return
      } catch (error) {
        if (attempt >= READ_ATTEMPTS || classifyStepError(error) === 'fatal') {
          states.set(key, {error: options.reasonOf(error)})
          return
        }
      }
    }
  })
  return planUndo(entry, targets, (target) => states.get(targetKey(target.kind, target.target))!, handlers, options)
}
