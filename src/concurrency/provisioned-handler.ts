// Reads and writes provisioned concurrency for the apply engine, and (settle) waits for it to be READY:
// a config is only useful once its environments are allocated, and FAILED (e.g. the function's
// init crashes) must be reported, not discovered later.
import {
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  type LambdaClient,
  PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda'

import type {ChangeHandler, HandlerFactory, StepContext, Target} from '../apply/plan.js'
import {sleep} from '../apply/retry-policy.js'
import {pollMsSetting} from '../lib/settings.js'
import type {ProvisionedConfigState} from './plan-concurrency.js'
import {floorFailure} from './reserved-handler.js'

const MAX_WAIT_MS = 30 * 60 * 1000

async function readConfig(lambda: LambdaClient, target: Target) {
  try {
    return await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: target.functionName, Qualifier: target.qualifier}))
  } catch (error) {
    if ((error as Error).name === 'ProvisionedConcurrencyConfigNotFoundException') return undefined
    throw error
  }
}

async function waitUntilReady(lambda: LambdaClient, target: Target, requested: number, context: StepContext): Promise<void> {
  const started = Date.now()
  for (let poll = 0; Date.now() - started < MAX_WAIT_MS; poll++) {
    if (context.signal.aborted) return
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    const config = await readConfig(lambda, target)
    const status = config?.Status
    context.progress(`allocated ${config?.AllocatedProvisionedConcurrentExecutions ?? 0}/${requested} ${status ?? ''}`.trim())
    if (status === 'READY') return
    if (status === 'FAILED') {
      throw new Error(`provisioned concurrency FAILED: ${config?.StatusReason ?? 'no reason given'}`)
    }

    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await sleep(Math.min(pollMsSetting(1000) * 1.5 ** Math.min(poll, 4), 5000), context.signal)
  }

  throw new Error(`provisioned concurrency was not READY after ${MAX_WAIT_MS / 60_000} minutes`)
}

export const createHandler: HandlerFactory = async (aws, options) => {
  const lambda = await aws.lambda()
  const wait = options.wait ?? true
  const handler: ChangeHandler<ProvisionedConfigState> = {
    kind: 'provisioned',
    describe: (state) => (state.requested === null ? 'no provisioned concurrency' : `provisioned ${state.requested}`),
    same: (a, b) => a.requested === b.requested,
    async read(target) {
      const config = await readConfig(lambda, target)
      return {requested: config?.RequestedProvisionedConcurrentExecutions ?? null}
    },
    async write(target, _from, to) {
      try {
        if (to.requested === null) {
          await lambda.send(new DeleteProvisionedConcurrencyConfigCommand({FunctionName: target.functionName, Qualifier: target.qualifier}))
          return {requested: null}
        }

        const answer = await lambda.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: target.functionName,
            Qualifier: target.qualifier,
            ProvisionedConcurrentExecutions: to.requested,
          }),
        )
        return {requested: answer.RequestedProvisionedConcurrentExecutions ?? to.requested}
      } catch (error) {
        throw floorFailure(error) ?? error
      }
    },
    async settle(target, written, context) {
      // --no-wait: AWS took the request; READY is the user's to check (`lx concurrency list`).
      if (wait && written.requested !== null) await waitUntilReady(lambda, target, written.requested, context)
    },
  }
  return handler
}
