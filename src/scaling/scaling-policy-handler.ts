// Puts and deletes one scaling policy (named in the change's target) for the apply engine. A put
// replaces the policy's whole configuration, so the state holds all of it.
import {DeleteScalingPolicyCommand, PutScalingPolicyCommand} from '@aws-sdk/client-application-auto-scaling'

import type {ChangeHandler, HandlerFactory} from '../apply/plan.js'
import {Failure} from '../errors.js'
import {describePolicies, toPolicyState} from './read-scaling.js'
import {isNotFound} from './scalable-target-handler.js'
import {resourceIdOf, SCALABLE_DIMENSION, type ScalingPolicyState, type ScalingTarget, SERVICE_NAMESPACE} from './scaling-model.js'
import {describePolicy, samePolicy} from './scaling-states.js'

export function policyName(target: ScalingTarget): string {
  if (!target.policyName) throw new Failure(`The change for ${target.functionName}:${target.qualifier} names no scaling policy.`, {code: 'BadJournal'})
  return target.policyName
}

/** AWS answers ObjectNotFoundException to a put when the alias has no scalable target. */
export function noTargetFailure(target: ScalingTarget, error: unknown): Failure {
  return new Failure(`${target.functionName}:${target.qualifier} has no scalable target (it was deregistered meanwhile?).`, {
    code: 'NoScalableTarget',
    hint: `Run \`lx scaling set ${target.functionName} --qualifier ${target.qualifier} --min N --max N\` first.`,
    cause: error,
  })
}

export const createHandler: HandlerFactory = async (aws) => {
  const aas = await aws.autoscaling()
  const read = async (target: ScalingTarget): Promise<ScalingPolicyState | null> => {
    const name = policyName(target)
    const policies = await describePolicies(aas, resourceIdOf(target.functionName, target.qualifier), [name])
    const found = policies.find((policy) => policy.PolicyName === name)
    return found ? toPolicyState(found) : null
  }

  const handler: ChangeHandler<ScalingPolicyState | null> = {
    kind: 'scaling-policy',
    describe: (state) => describePolicy(state),
    same: (a, b) => samePolicy(a, b),
    read: (target) => read(target as ScalingTarget),
    async write(target, _from, to, context) {
      const scaling = target as ScalingTarget
      const key = {
        PolicyName: policyName(scaling),
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceIdOf(scaling.functionName, scaling.qualifier),
        ScalableDimension: SCALABLE_DIMENSION,
      } as const
      if (to === null) {
        context.progress(`deleting policy ${key.PolicyName}`)
        try {
          await aas.send(new DeleteScalingPolicyCommand(key))
        } catch (error) {
          if (!isNotFound(error)) throw error
        }

        return null
      }

      context.progress(`putting policy ${key.PolicyName}`)
      try {
        await aas.send(
          new PutScalingPolicyCommand({
            ...key,
            PolicyType: to.type as 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: to.targetTracking as never,
            StepScalingPolicyConfiguration: to.stepScaling as never,
          }),
        )
      } catch (error) {
        if (isNotFound(error)) throw noTargetFailure(scaling, error)
        throw error
      }

      return to
    },
    async settle(target, written) {
      const now = await read(target as ScalingTarget)
      if (!samePolicy(now, written)) throw new Error(`AWS holds ${describePolicy(now)}, not ${describePolicy(written)}`)
    },
  }
  return handler
}
