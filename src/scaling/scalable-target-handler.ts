// Registers, updates and deregisters the scalable target of an alias or version for the apply
// engine. AAS applies these synchronously and answers with nothing to journal, so the journal
// holds the request; settle reads the target back to check AWS kept it.
import {DeregisterScalableTargetCommand, RegisterScalableTargetCommand} from '@aws-sdk/client-application-auto-scaling'

import type {ChangeHandler, HandlerFactory} from '../apply/plan.js'
import {describeTargets, toTargetState} from './read-scaling.js'
import {resourceIdOf, SCALABLE_DIMENSION, type ScalableTargetState, type ScalingTarget, SERVICE_NAMESPACE} from './scaling-model.js'
import {describeTarget, sameTarget} from './scaling-states.js'

export function isNotFound(error: unknown): boolean {
  return (error as Error)?.name === 'ObjectNotFoundException'
}

export const createHandler: HandlerFactory = async (aws) => {
  const aas = await aws.autoscaling()
  const read = async (target: ScalingTarget): Promise<ScalableTargetState | null> => {
    const [found] = await describeTargets(aas, [resourceIdOf(target.functionName, target.qualifier)])
    return found ? toTargetState(found) : null
  }

  const handler: ChangeHandler<ScalableTargetState | null> = {
    kind: 'scalable-target',
    describe: (state) => describeTarget(state),
    same: (a, b) => sameTarget(a, b),
    read: (target) => read(target as ScalingTarget),
    async write(target, _from, to, context) {
      const scaling = target as ScalingTarget
      const key = {
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceIdOf(scaling.functionName, scaling.qualifier),
        ScalableDimension: SCALABLE_DIMENSION,
      } as const
      if (to === null) {
        context.progress('deregistering the scalable target')
        try {
          await aas.send(new DeregisterScalableTargetCommand(key))
        } catch (error) {
          if (!isNotFound(error)) throw error
        }

        return null
      }

      context.progress(`registering min ${to.min}, max ${to.max}`)
      await aas.send(
        new RegisterScalableTargetCommand({
          ...key,
          MinCapacity: to.min,
          MaxCapacity: to.max,
          SuspendedState: {
            DynamicScalingInSuspended: to.suspended.dynamicIn,
            DynamicScalingOutSuspended: to.suspended.dynamicOut,
            ScheduledScalingSuspended: to.suspended.scheduled,
          },
        }),
      )
      return to
    },
    async settle(target, written) {
      const now = await read(target as ScalingTarget)
      if (!sameTarget(now, written)) throw new Error(`AWS holds ${describeTarget(now)}, not ${describeTarget(written)}`)
    },
  }
  return handler
}
