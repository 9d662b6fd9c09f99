// `lx memory set`: input → selection → current memory (from the ListFunctions pages or GetFunction
// per named function; no further call) → plan.
import type {Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {UserError} from '../errors.js'
import {checkRefsInScope, selectFunctions} from '../select/select-functions.js'
import {parseSelection, type SelectionFlagValues} from '../select/selection-flags.js'
import {type MemoryState, planMemory} from './plan-memory.js'

export interface MemoryChangeInput {
  names: string[]
  selection: SelectionFlagValues
  /** Already validated (parseMemoryMb). */
  memoryMb: number
}

export async function planMemoryChange(aws: AwsContext, input: MemoryChangeInput): Promise<{plan: Plan<MemoryState>; region: string; title: string}> {
  const selection = parseSelection(input.names, input.selection, {mutating: true})
  const qualified = selection.refs.filter((ref) => ref.qualifier !== undefined && ref.qualifier !== '$LATEST')
  if (qualified.length > 0) {
    throw new UserError(`Memory is set on a function's $LATEST, not on ${qualified.map((ref) => ref.input).join(', ')}.`, {
      code: 'QualifierNotAllowed',
      hint: 'Give the function name without :alias or :version, then publish a version when ready.',
    })
  }

  const region = await aws.region()
  await checkRefsInScope(aws, selection.refs, region)
  const {functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const plan = planMemory(
    functions.map((fn) => ({
      functionName: fn.name,
      memoryMb: fn.configuration.MemorySize ?? 128,
      ...(fn.configuration.RevisionId ? {revisionId: fn.configuration.RevisionId} : {}),
    })),
    input.memoryMb,
  )
  return {plan, region, title: `set memory to ${input.memoryMb} MB`}
}
