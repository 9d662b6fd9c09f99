// What lx reads about one alias of a function before moving it: the version it serves and that
// version's layers (GetFunction with the alias as qualifier, on the 100/s budget), then — only for
// an alias that will move — its revision and weighted routing (GetAlias) and its provisioned
// concurrency (GetProvisionedConcurrencyConfig), both on the shared 15/s control budget.
//
// Neither of those two can be left out for an alias that moves: only GetAlias (or ListAliases, per
// function too) tells the routing lx must refuse before any write and the RevisionId UpdateAlias
// sends; and no Lambda call but the provisioned-concurrency ones tells authoritatively whether the
// alias holds provisioned concurrency (CloudWatch's metrics miss an idle alias), which decides the
// wait for READY after the move.
import {GetAliasCommand, GetFunctionCommand, GetProvisionedConcurrencyConfigCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import {configStateOf} from './function-config.js'
import type {AliasFacts} from './plan-upgrade.js'

const errorName = (error: unknown) => (error as {name?: string})?.name ?? ''
const notFound = (error: unknown) => errorName(error) === 'ResourceNotFoundException'

/**
 * The alias, or null when the function has no alias of that name. `upToDate` says, from the layers
 * of the version the alias serves, that the alias will not move: then its revision, routing and
 * provisioned concurrency are not read (they matter only to a move), and the facts say so
 * (`served: true`). An alias that will move costs GetFunction (100/s) plus GetAlias and
 * GetProvisionedConcurrencyConfig, sent together (15/s).
 */
export async function readAlias(
  lambda: LambdaClient,
  functionName: string,
  name: string,
  options: {upToDate?: (layers: string[]) => boolean} = {},
): Promise<AliasFacts | null> {
  let served
  try {
    served = (await lambda.send(new GetFunctionCommand({FunctionName: functionName, Qualifier: name}))).Configuration
  } catch (error) {
    if (notFound(error)) return null
    throw error
  }

  const servedVersion = served?.Version ?? '$LATEST'
  const servedLayers = configStateOf(served).layers
  if (options.upToDate?.(servedLayers)) return {functionVersion: servedVersion, layers: servedLayers, routing: null, provisioned: null, served: true}

  const [alias, provisioned] = await Promise.allSettled([
    lambda.send(new GetAliasCommand({FunctionName: functionName, Name: name})),
    readAliasProvisioned(lambda, functionName, name),
  ])
  if (alias.status === 'rejected') {
    // Deleted since the GetFunction above.
    if (notFound(alias.reason)) return null
    throw alias.reason
  }

  if (provisioned.status === 'rejected') throw provisioned.reason
  const functionVersion = alias.value.FunctionVersion ?? '$LATEST'
  // Moved since the GetFunction above: the layers are those of the version it points at now.
  const layers =
    functionVersion === servedVersion
      ? servedLayers
      : configStateOf((await lambda.send(new GetFunctionCommand({FunctionName: functionName, Qualifier: functionVersion}))).Configuration).layers
  const weights = alias.value.RoutingConfig?.AdditionalVersionWeights
  return {
    functionVersion,
    layers,
    ...(alias.value.RevisionId ? {revisionId: alias.value.RevisionId} : {}),
    routing: weights && Object.keys(weights).length > 0 ? {...weights} : null,
    provisioned: provisioned.value,
  }
}

/** Requested provisioned concurrency on the alias, or null when it has none. */
export async function readAliasProvisioned(lambda: LambdaClient, functionName: string, name: string): Promise<number | null> {
  try {
    const config = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: functionName, Qualifier: name}))
    return config.RequestedProvisionedConcurrentExecutions ?? null
  } catch (error) {
    if (errorName(error) === 'ProvisionedConcurrencyConfigNotFoundException') return null
    throw error
  }
}
