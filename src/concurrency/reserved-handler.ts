// Reads and writes reserved concurrency for the apply engine.
import {DeleteFunctionConcurrencyCommand, GetFunctionCommand, PutFunctionConcurrencyCommand} from '@aws-sdk/client-lambda'

import type {ChangeHandler, HandlerFactory} from '../apply/plan.js'
import {Failure} from '../errors.js'
import type {ReservedState} from './plan-concurrency.js'

/** AWS's own floor, when it refuses a value lx thought was fine (e.g. a floor below 100). */
export function floorFromMessage(message: string): number | undefined {
  const match = /minimum value of \[(\d+)\]/.exec(message)
  return match ? Number(match[1]) : undefined
}

export function floorFailure(error: unknown): Failure | undefined {
  const floor = floorFromMessage(String((error as Error)?.message ?? ''))
  if (floor === undefined) return undefined
  return new Failure(`AWS refused: the account must keep ${floor} concurrency unreserved.`, {
    code: 'BelowUnreservedFloor',
    hint: `Ask for less, or re-run with --min-unreserved ${floor} so lx plans with the right floor.`,
    cause: error,
  })
}

export const createHandler: HandlerFactory = async (aws) => {
  const lambda = await aws.lambda()
  const handler: ChangeHandler<ReservedState> = {
    kind: 'reserved',
    describe: (state) => (state.reserved === null ? 'no reserved concurrency' : `reserved ${state.reserved}`),
    same: (a, b) => a.reserved === b.reserved,
    async read(target) {
      // GetFunction has a budget of its own (100/s), so reads do not slow the writes.
      const details = await lambda.send(new GetFunctionCommand({FunctionName: target.functionName}))
      return {reserved: details.Concurrency?.ReservedConcurrentExecutions ?? null}
    },
    async write(target, _from, to) {
      try {
        if (to.reserved === null) {
          await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: target.functionName}))
          return {reserved: null}
        }

        const result = await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: target.functionName, ReservedConcurrentExecutions: to.reserved}))
        return {reserved: result.ReservedConcurrentExecutions ?? to.reserved}
      } catch (error) {
        throw floorFailure(error) ?? error
      }
    },
  }
  return handler
}
