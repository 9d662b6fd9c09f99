// What lx reads about one alias of a function before moving it: the version it points at and
// that version's layers, its revision, weighted routing, and provisioned concurrency.
// GetAlias and GetProvisionedConcurrencyConfig go on the shared 15/s control budget;
// GetFunction (the version's layers) on the 100/s one.
import {GetAliasCommand, GetFunctionCommand, GetProvisionedConcurrencyConfigCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import {configStateOf} from './function-config.js'
import type {AliasFacts} from './plan-upgrade.js'

const errorName = (error: unknown) => (error as {name?: string})?.name ?? ''

/**
 * The alias, or null when the function has no alias of that name. `provisionedUnless` skips the
 * provisioned concurrency when it says the alias's version already runs the right layers (the alias
 * will not move): an alias already up to date costs no third call.
 */
export async function readAlias(
  lambda: LambdaClient,
  functionName: string,
  name: string,
  options: {provisionedUnless?: (layers: string[]) => boolean} = {},
): Promise<AliasFacts | null> {
  let alias
  try {
    alias = await lambda.send(new GetAliasCommand({FunctionName: functionName, Name: name}))
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null
    throw error
  }

  const functionVersion = alias.FunctionVersion ?? '$LATEST'
  const version = await lambda.send(new GetFunctionCommand({FunctionName: functionName, Qualifier: functionVersion}))
  const layers = configStateOf(version.Configuration).layers
  const provisioned = options.provisionedUnless?.(layers) ? null : await readAliasProvisioned(lambda, functionName, name)
  const weights = alias.RoutingConfig?.AdditionalVersionWeights
  return {
    functionVersion,
    layers,
    ...(alias.RevisionId ? {revisionId: alias.RevisionId} : {}),
    routing: weights && Object.keys(weights).length > 0 ? {...weights} : null,
    provisioned,
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
