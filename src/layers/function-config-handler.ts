// Reads and writes a function's layers and environment variables for the apply engine.
//
// Per function: GetFunction (100/s budget; it has LastUpdateStatus, ListFunctions does not), waiting
// while an earlier update is InProgress; one UpdateFunctionConfiguration (15/s control budget) with
// the RevisionId of that read, so a concurrent edit fails with 412 and the engine re-reads and
// re-plans instead of clobbering it; its answer is what lx journals as written. Then (settle)
// GetFunction until the update is Successful.

import {
  type FunctionConfiguration,
  GetFunctionCommand,
  type LambdaClient,
  UpdateFunctionConfigurationCommand,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda'

import type {ChangeHandler, HandlerFactory, StepContext, Target} from '../apply/plan.js'
import {sleep} from '../apply/retry-policy.js'
import {Failure} from '../errors.js'
import {pollMsSetting} from '../lib/settings.js'
import {configStateOf, describeConfig, maskConfig, type FunctionConfigState, revertConfig, sameConfig, sameEnvironment} from './function-config.js'
import {FUNCTION_CONFIG_KIND} from './plan-layers.js'

/** Long enough for any configuration update Lambda finishes; past it something is wrong. */
const MAX_WAIT_MS = 10 * 60 * 1000

/** Poll delays: from LX_POLL_MS (default 250 ms), growing by half each time, up to 2 s. */
export function pollDelays(env: NodeJS.ProcessEnv = process.env): {first: number; max: number} {
  const first = pollMsSetting(250, env)
  return {first, max: Math.max(first, Math.min(2000, first * 8))}
}

export async function readConfiguration(lambda: LambdaClient, target: Target): Promise<FunctionConfiguration> {
  const details = await lambda.send(new GetFunctionCommand({FunctionName: target.functionName}))
  return details.Configuration ?? {}
}

/** Polls GetFunction while LastUpdateStatus is InProgress; returns the first configuration that is not. */
export async function waitWhileInProgress(
  lambda: LambdaClient,
  target: Target,
  context: StepContext,
  initial: FunctionConfiguration,
  what: string,
): Promise<FunctionConfiguration> {
  const {first: firstDelay, max} = pollDelays()
  const started = Date.now()
  let configuration = initial
  for (let poll = 0; configuration.LastUpdateStatus === 'InProgress'; poll++) {
    if (context.signal.aborted) return configuration
    if (Date.now() - started > MAX_WAIT_MS) {
      throw new Failure(`${target.functionName} was still updating (LastUpdateStatus InProgress) after ${MAX_WAIT_MS / 60_000} minutes while ${what}.`, {
        code: 'UpdateTimeout',
        hint: `Check it with \`aws lambda get-function --function-name ${target.functionName}\`.`,
      })
    }

    context.progress(what)
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await sleep(Math.min(firstDelay * 1.5 ** poll, max), context.signal)
    // eslint-disable-next-line no-await-in-loop -- each poll reads after the previous wait
    configuration = await readConfiguration(lambda, target)
  }

  return configuration
}

export const createHandler: HandlerFactory = async (aws) => {
  const lambda = await aws.lambda()
  // The write's answer is the first look at the update (InProgress on AWS); settle starts from it.
  // Keyed by function: the steps of one function never overlap.
  const answers = new Map<string, FunctionConfiguration>()
  const handler: ChangeHandler<FunctionConfigState> = {
    kind: FUNCTION_CONFIG_KIND,
    describe: describeConfig,
    redact: maskConfig,
    same: sameConfig,
    async read(target, context) {
      // A write while an earlier update is InProgress fails with 409; wait it out here, so the
      // state (and RevisionId) the plan is merged onto is the one the write will meet.
      const configuration = await waitWhileInProgress(
        lambda,
        target,
        context,
        await readConfiguration(lambda, target),
        'waiting for an earlier update to finish',
      )
      return configStateOf(configuration)
    },
    async write(target, from, to) {
      const input: UpdateFunctionConfigurationCommandInput = {
        FunctionName: target.functionName,
        Layers: to.layers,
        ...(from.revisionId ? {RevisionId: from.revisionId} : {}),
      }
      // Environment replaces the whole map: only send it when it changes, so a layer-only change
      // cannot touch variables. No variables is an empty map, not an absent member.
      if (!sameEnvironment(from.environment, to.environment)) input.Environment = {Variables: to.environment ?? {}}
      // 409 (update in progress), 412 (changed since the read) and 429 propagate: the engine backs
      // off, reads again, re-plans and retries.
      const written = await lambda.send(new UpdateFunctionConfigurationCommand(input))
      answers.set(target.functionName, written)
      // AWS answers with the configuration it took: that, not a later read, is what lx wrote.
      // A member the answer leaves out (no layers, no variables) is taken from the request.
      const taken = configStateOf(written)
      return {
        layers: written.Layers ? taken.layers : to.layers,
        environment: written.Environment ? taken.environment : to.environment,
        ...(taken.revisionId ? {revisionId: taken.revisionId} : {}),
      }
    },
    async settle(target, _written, context) {
      context.progress('updating')
      // An answer without a status counts as in progress, so the outcome is always confirmed.
      const first = answers.get(target.functionName)?.LastUpdateStatus ?? 'InProgress'
      answers.delete(target.functionName)
      const settled = await waitWhileInProgress(lambda, target, context, {LastUpdateStatus: first}, 'waiting for the update to finish')
      if (settled.LastUpdateStatus === 'Failed') {
        const code = settled.LastUpdateStatusReasonCode ? ` (${settled.LastUpdateStatusReasonCode})` : ''
        throw new Error(`update Failed: ${settled.LastUpdateStatusReason ?? 'no reason given'}${code}`)
      }
    },
    revert: (before, after, live, {force}) => revertConfig(before, after, live, force),
  }
  return handler
}
