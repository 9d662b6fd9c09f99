// The functions a journaled change touched, as the impact reads need them: log group (for REPORT
// lines), memory and architecture (for the cost per million). One GetFunctionConfiguration each.
import {GetFunctionConfigurationCommand} from '@aws-sdk/client-lambda'

import type {Target} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {mapPool} from '../lib/map-pool.js'
import type {FigureTarget} from './read-window.js'

export interface ImpactTarget extends FigureTarget {
  memoryMb?: number
  architecture?: string
  /** Why the function could not be read (deleted since, access denied). */
  unreadable?: string
}

/** One entry per function, with the qualifiers the change touched. */
export function functionsOf(targets: readonly Target[]): Array<{functionName: string; qualifiers: string[]}> {
  const byName = new Map<string, Set<string>>()
  for (const target of targets) {
    const qualifiers = byName.get(target.functionName) ?? new Set<string>()
    if (target.qualifier && target.qualifier !== '$LATEST') qualifiers.add(target.qualifier)
    byName.set(target.functionName, qualifiers)
  }

  return [...byName].map(([functionName, qualifiers]) => ({functionName, qualifiers: [...qualifiers].sort()}))
}

export async function readImpactTargets(aws: AwsContext, targets: readonly Target[], reasonOf: (error: unknown) => string): Promise<ImpactTarget[]> {
  const lambda = await aws.lambda()
  const functions = functionsOf(targets)
  const result: ImpactTarget[] = functions.map((fn) => ({...fn, logGroup: `/aws/lambda/${fn.functionName}`}))
  await mapPool(result, 8, async (target) => {
    try {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: target.functionName}))
      target.memoryMb = configuration.MemorySize
      target.architecture = configuration.Architectures?.[0]
      target.logGroup = configuration.LoggingConfig?.LogGroup ?? target.logGroup
    } catch (error) {
      target.unreadable = reasonOf(error)
    }
  })
  return result
}
