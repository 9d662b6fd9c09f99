// `lx concurrency set` / `unset`: selection → current state → plan. The commands hand the plan to
// the shared engine.
import type {Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {selectFunctions} from '../select/select-functions.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'
import {createProgress} from '../lib/progress.js'
import {type ConcurrencyRequest, planProvisioned, planReserved} from './plan-concurrency.js'
import {readAccountState, readFunctionStates} from './read-plan-state.js'

export interface ConcurrencyChangeInput {
  names: string[]
  selection: SelectionFlagValues
  request: ConcurrencyRequest
  minUnreserved?: number
}

export async function planConcurrencyChange(aws: AwsContext, input: ConcurrencyChangeInput): Promise<{plan: Plan; region: string; title: string}> {
  const {region, reader, request: selection, functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const qualifier = input.request.type === 'provisioned' ? input.request.qualifier : undefined
  const progress = createProgress({label: 'Reading current concurrency'})
  const [account, states] = await Promise.all([
    readAccountState(reader.lambda, input.minUnreserved),
    readFunctionStates(reader, functions, {qualifier, onProgress: (done, total) => progress.update(done, total)}),
  ]).finally(() => progress.stop())
  const context = {account, named: selection.refs.length > 0}
  const {request} = input
  if (request.type === 'reserved') {
    const plan = planReserved(states, request.value, context)
    return {plan, region, title: request.value === null ? 'remove reserved concurrency' : `set reserved concurrency to ${request.value}`}
  }

  const plan = planProvisioned(states, request.qualifier, request.value, context)
  return {
    plan,
    region,
    title:
      request.value === null
        ? `remove provisioned concurrency on ${request.qualifier}`
        : `set provisioned concurrency on ${request.qualifier} to ${request.value}`,
  }
}
