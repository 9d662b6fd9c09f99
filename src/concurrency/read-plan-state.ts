// The state concurrency planning needs, per selected function, and the account's.
import {GetAliasCommand, GetFunctionConfigurationCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import {mapPool} from '../lib/map-pool.js'
import type {FunctionReader} from '../select/function-reader.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import type {AccountState, FunctionState, QualifierInfo} from './plan-concurrency.js'
import {defaultUnreservedFloor, readAccountSettings, readProvisioned, readReserved} from './read-concurrency.js'

const READ_PARALLELISM = 32

export async function readQualifier(lambda: LambdaClient, functionName: string, qualifier: string): Promise<QualifierInfo> {
  try {
    if (/^\d+$/.test(qualifier)) {
      await lambda.send(new GetFunctionConfigurationCommand({FunctionName: functionName, Qualifier: qualifier}))
      return {exists: true, kind: 'version', routing: false}
    }

    const alias = await lambda.send(new GetAliasCommand({FunctionName: functionName, Name: qualifier}))
    const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {}
    return {exists: true, kind: 'alias', routing: Object.keys(weights).length > 0}
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return {exists: false}
    throw error
  }
}

export async function readAccountState(lambda: LambdaClient, floorOverride?: number): Promise<AccountState> {
  const settings = await readAccountSettings(lambda)
  return {limit: settings.limit, unreserved: settings.unreserved, floor: floorOverride ?? defaultUnreservedFloor(settings.limit)}
}

export async function readFunctionStates(
  reader: FunctionReader,
  functions: SelectedFunction[],
  options: {qualifier?: string; onProgress?: (done: number, total: number) => void},
): Promise<FunctionState[]> {
  let done = 0
  return mapPool(functions, READ_PARALLELISM, async (fn) => {
    const [reserved, provisioned, qualifier] = await Promise.all([
      readReserved(reader, fn.name),
      readProvisioned(reader.lambda, fn.name),
      options.qualifier ? readQualifier(reader.lambda, fn.name, options.qualifier) : Promise.resolve(undefined),
    ])
    options.onProgress?.(++done, functions.length)
    return {functionName: fn.name, reserved, provisioned, qualifier}
  })
}
