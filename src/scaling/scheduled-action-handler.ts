// Puts and deletes one scheduled action (named in the change's target) for the apply engine.
// AWS updates an action field by field and cannot clear a field, so a change that drops the
// minimum, the maximum or the time zone deletes the action and puts it afresh.
import {DeleteScheduledActionCommand, PutScheduledActionCommand} from '@aws-sdk/client-application-auto-scaling'

import {ChangedButFailed, type ChangeHandler, type HandlerFactory} from '../apply/plan.js'
import {Failure} from '../errors.js'
import {describeActions, toActionState} from './read-scaling.js'
import {isNotFound} from './scalable-target-handler.js'
import {noTargetFailure} from './scaling-policy-handler.js'
import {resourceIdOf, SCALABLE_DIMENSION, type ScalingTarget, type ScheduledActionState, SERVICE_NAMESPACE} from './scaling-model.js'
import {describeAction, sameAction} from './scaling-states.js'

function actionName(target: ScalingTarget): string {
  if (!target.actionName) throw new Failure(`The change for ${target.functionName}:${target.qualifier} names no scheduled action.`, {code: 'BadJournal'})
  return target.actionName
}

/** Would an in-place update leave behind something the new state does not have? */
export function needsRecreate(from: ScheduledActionState | null, to: ScheduledActionState): boolean {
  if (from === null) return false
  return (from.min !== null && to.min === null) || (from.max !== null && to.max === null) || (from.timezone !== null && to.timezone === null)
}

export const createHandler: HandlerFactory = async (aws) => {
  const aas = await aws.autoscaling()
  const read = async (target: ScalingTarget): Promise<ScheduledActionState | null> => {
    const name = actionName(target)
    const actions = await describeActions(aas, resourceIdOf(target.functionName, target.qualifier), [name])
    const found = actions.find((action) => action.ScheduledActionName === name)
    return found ? toActionState(found) : null
  }

  const handler: ChangeHandler<ScheduledActionState | null> = {
    kind: 'scheduled-action',
    describe: (state) => describeAction(state),
    same: (a, b) => sameAction(a, b),
    read: (target) => read(target as ScalingTarget),
    async write(target, from, to, context) {
      const scaling = target as ScalingTarget
      const key = {
        ScheduledActionName: actionName(scaling),
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceIdOf(scaling.functionName, scaling.qualifier),
        ScalableDimension: SCALABLE_DIMENSION,
      } as const
      const recreate = to !== null && needsRecreate(from, to)
      if (to === null || recreate) {
        context.progress(`deleting schedule ${key.ScheduledActionName}`)
        try {
          await aas.send(new DeleteScheduledActionCommand(key))
        } catch (error) {
          if (!isNotFound(error)) throw error
        }

        if (to === null) return null
      }

      context.progress(`putting schedule ${key.ScheduledActionName}`)
      try {
        await aas.send(
          new PutScheduledActionCommand({
            ...key,
            Schedule: to.schedule,
            Timezone: to.timezone ?? undefined,
            // AWS clears start and end times that an update leaves out, which is what null means here.
            StartTime: to.start ? new Date(to.start) : undefined,
            EndTime: to.end ? new Date(to.end) : undefined,
            ScalableTargetAction: {MinCapacity: to.min ?? undefined, MaxCapacity: to.max ?? undefined},
          }),
        )
      } catch (error) {
        const failure = isNotFound(error) ? noTargetFailure(scaling, error) : error
        // The old action is gone already: journal that, so undo can put it back.
        if (recreate) throw new ChangedButFailed(`schedule deleted to be recreated, but putting it back failed: ${(failure as Error).message}`, null)
        throw failure
      }

      return to
    },
    async settle(target, written) {
      const now = await read(target as ScalingTarget)
      if (!sameAction(now, written)) throw new Error(`AWS holds ${describeAction(now)}, not ${describeAction(written)}`)
    },
  }
  return handler
}
