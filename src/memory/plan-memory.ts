// `lx memory set`: the memory size each selected function should have. Pure: (functions, request) → plan.
//
// Memory is a setting of the function ($LATEST); published versions keep the size they were
// published with. Lambda takes 128–10,240 MB in 1 MB steps, and CPU scales with it.
import {emptyPlan, type Plan} from '../apply/plan.js'
import {UserError} from '../errors.js'

export const MEMORY_KIND = 'memory'
export const MIN_MEMORY_MB = 128
export const MAX_MEMORY_MB = 10_240

export interface MemoryState {
  memoryMb: number
  /** The RevisionId of the read, so a concurrent edit fails (412) instead of being overwritten. */
  revisionId?: string
}

export interface MemoryFacts {
  functionName: string
  memoryMb: number
  revisionId?: string
}

/** --mb as typed → a whole number of MB in Lambda's range, or a one-line error (exit 2). */
export function parseMemoryMb(input: string): number {
  const text = input.trim().replace(/\s*mb$/i, '')
  if (!/^\d+$/.test(text)) {
    throw new UserError(`--mb must be a whole number of MB, not "${input}".`, {
      code: 'BadMemory',
      hint: `Give a value from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}, e.g. --mb 512.`,
    })
  }

  const mb = Number(text)
  if (mb < MIN_MEMORY_MB || mb > MAX_MEMORY_MB) {
    throw new UserError(`--mb ${mb} is outside what Lambda allows (${MIN_MEMORY_MB}–${MAX_MEMORY_MB} MB).`, {
      code: 'BadMemory',
      hint: `Give a value from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}.`,
    })
  }

  return mb
}

export const describeMemory = (state: MemoryState): string => `memory ${state.memoryMb} MB`

export const sameMemory = (a: MemoryState, b: MemoryState): boolean => a.memoryMb === b.memoryMb

export function planMemory(functions: readonly MemoryFacts[], memoryMb: number): Plan<MemoryState> {
  const plan = emptyPlan<MemoryState>(MEMORY_KIND)
  for (const fn of functions) {
    const before: MemoryState = {memoryMb: fn.memoryMb, ...(fn.revisionId ? {revisionId: fn.revisionId} : {})}
    const target = {functionName: fn.functionName}
    if (fn.memoryMb === memoryMb) {
      plan.unchanged.push({target, state: before, reason: `already ${memoryMb} MB`})
      continue
    }

    plan.changes.push({
      kind: MEMORY_KIND,
      target,
      before,
      after: {memoryMb},
      // Only the size is written: a fresh read changes nothing but the revision to send.
      replan: (fresh) => (fresh.memoryMb === memoryMb ? {unchanged: `already ${memoryMb} MB`} : {after: {memoryMb}}),
    })
  }

  if (plan.changes.length > 0) {
    plan.notes.push('CPU scales with memory: a smaller size can make CPU-bound functions slower; watch Duration afterwards (lx dashboard).')
  }

  return plan
}
