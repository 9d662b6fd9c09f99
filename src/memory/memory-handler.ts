// Reads and writes a function's memory size for the apply engine (the `memory` change kind).
//
// Per function: GetFunction (100/s budget; it carries LastUpdateStatus), waiting while an earlier
// update is InProgress; one UpdateFunctionConfiguration {MemorySize, RevisionId} (15/s control
// budget), so a concurrent edit fails with 412 and the engine re-reads and re-plans instead of
// overwriting it. Then (settle) GetFunction until the update is Successful.
import {type FunctionConfiguration, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'

import type {ChangeHandler, HandlerFactory} from '../apply/plan.js'
// The same GetFunction and wait-while-InProgress a layers change uses: one update, one way to wait for it.
import {readConfiguration, waitWhileInProgress} from '../layers/function-config-handler.js'
import {describeMemory, MEMORY_KIND, type MemoryState, sameMemory} from './plan-memory.js'

const stateOf = (configuration: FunctionConfiguration): MemoryState => ({
  memoryMb: configuration.MemorySize ?? 128,
  ...(configuration.RevisionId ? {revisionId: configuration.RevisionId} : {}),
})

export const createHandler: HandlerFactory = async (aws) => {
  const lambda = await aws.lambda()
  // The write's answer is the first look at the update; settle starts from it.
  const answers = new Map<string, FunctionConfiguration>()
  const handler: ChangeHandler<MemoryState> = {
    kind: MEMORY_KIND,
    describe: describeMemory,
    same: sameMemory,
    async read(target, context) {
      // A write during an earlier update fails with 409: wait it out, so the RevisionId is current.
      return stateOf(await waitWhileInProgress(lambda, target, context, await readConfiguration(lambda, target), 'waiting for an earlier update to finish'))
    },
    async write(target, from, to) {
      // 409, 412 and 429 propagate: the engine backs off, reads again, re-plans and retries.
      const written = await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: target.functionName,
          MemorySize: to.memoryMb,
          ...(from.revisionId ? {RevisionId: from.revisionId} : {}),
        }),
      )
      answers.set(target.functionName, written)
      // What AWS took, from its answer; the request where the answer leaves it out.
      return {memoryMb: written.MemorySize ?? to.memoryMb, ...(written.RevisionId ? {revisionId: written.RevisionId} : {})}
    },
    async settle(target, written, context) {
      context.progress('updating')
      const first = answers.get(target.functionName)?.LastUpdateStatus ?? 'InProgress'
      answers.delete(target.functionName)
      const settled = await waitWhileInProgress(lambda, target, context, {LastUpdateStatus: first}, 'waiting for the update to finish')
      if (settled.LastUpdateStatus === 'Failed') {
        const code = settled.LastUpdateStatusReasonCode ? ` (${settled.LastUpdateStatusReasonCode})` : ''
        throw new Error(`update Failed: ${settled.LastUpdateStatusReason ?? 'no reason given'}${code}`)
      }

      if (settled.MemorySize !== undefined && settled.MemorySize !== written.memoryMb) {
        throw new Error(`memory is ${settled.MemorySize} MB after the update, not ${written.memoryMb} MB`)
      }
    },
  }
  return handler
}
