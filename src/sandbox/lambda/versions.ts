// Published versions and aliases: enough of their lifecycle for provisioned concurrency, which
// only applies to them, to be exercised end to end.

import type {Account, Alias, LambdaFunction} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {conflict, constraintViolation, invalidParameter, missingMember, notFound} from './errors.js'
import {revisionMismatch, updateInProgress} from './functions.js'
import {optionalObject, optionalString} from './inputs.js'
import {paginate} from './pagination.js'
import {aliasConfiguration, functionConfiguration} from './render.js'
import {noContent, ok} from './respond.js'
import {findFunction, requireUnqualified} from './targets.js'

const ALIAS_NAME = /^(?!^[0-9]+$)([a-zA-Z0-9_-]+)$/

export function versionRoutes(account: Account): RestRoute[] {
  return [
    {
      operation: 'ListVersionsByFunction',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/versions',
      handle({params, query}) {
        const {fn} = findFunction(account, params.FunctionName)
        const versions = ['$LATEST', ...fn.versions.map((v) => v.version)]
        const page = paginate(versions, {query, serviceCap: 50, modelMax: 10_000})
        return ok({
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
          Versions: page.items.map((version) => functionConfiguration(account, fn, {version}, true)),
        })
      },
    },
    {
      operation: 'PublishVersion',
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/versions',
      handle({params, body}) {
        const target = findFunction(account, params.FunctionName)
        requireUnqualified(account, target)
        const {fn} = target
        if (account.updateStatus(fn) === 'InProgress') throw updateInProgress(account, fn)
        const revisionId = optionalString(body, 'RevisionId')
        if (revisionId !== undefined && revisionId !== fn.revisionId) throw revisionMismatch()
        const latest = fn.versions.at(-1)
        // Publishing an unchanged function returns the latest version instead of a new one.
        if (latest && JSON.stringify(latest.config) === JSON.stringify(fn.config)) {
          return ok(functionConfiguration(account, fn, {version: latest.version}), 201)
        }
        const version = String(Number(latest?.version ?? 0) + 1)
        const description = optionalString(body, 'Description')
        fn.versions.push({
          version,
          config: {...fn.config, environment: {...fn.config.environment}, layers: [...fn.config.layers], ...(description === undefined ? {} : {description})},
          lastModified: account.timestamp(),
          revisionId: account.newId(),
        })
        return ok(functionConfiguration(account, fn, {version}), 201)
      },
    },
    {
      operation: 'ListAliases',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/aliases',
      handle({params, query}) {
        const {fn} = findFunction(account, params.FunctionName)
        const version = query.get('FunctionVersion')
        const aliases = [...fn.aliases.values()].filter((alias) => version === null || alias.functionVersion === version)
        aliases.sort((a, b) => a.name.localeCompare(b.name))
        const page = paginate(aliases, {query, serviceCap: 50, modelMax: 10_000})
        return ok({
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
          Aliases: page.items.map((alias) => aliasConfiguration(account, fn, alias)),
        })
      },
    },
    {
      operation: 'GetAlias',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
      handle({params}) {
        const {fn} = findFunction(account, params.FunctionName)
        return ok(aliasConfiguration(account, fn, existingAlias(account, fn, params.Name)))
      },
    },
    {
      operation: 'CreateAlias',
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/aliases',
      handle({params, body}) {
        const {fn} = findFunction(account, params.FunctionName)
        const name = optionalString(body, 'Name')
        if (name === undefined) throw missingMember('name')
        if (!ALIAS_NAME.test(name) || name.length > 128)
          throw constraintViolation('name', name, 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)')
        const functionVersion = optionalString(body, 'FunctionVersion')
        if (functionVersion === undefined) throw missingMember('functionVersion')
        if (fn.aliases.has(name)) throw conflict(`Alias already exists: ${account.functionArn(fn.name, name)}`)
        checkVersion(account, fn, functionVersion)
        const alias: Alias = {name, functionVersion, description: optionalString(body, 'Description') ?? '', revisionId: account.newId()}
        const routing = readRouting(account, fn, body)
        if (routing) alias.routing = routing
        fn.aliases.set(name, alias)
        return ok(aliasConfiguration(account, fn, alias), 201)
      },
    },
    {
      operation: 'UpdateAlias',
      method: 'PUT',
      path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
      handle({params, body}) {
        const {fn} = findFunction(account, params.FunctionName)
        const alias = existingAlias(account, fn, params.Name)
        const revisionId = optionalString(body, 'RevisionId')
        if (revisionId !== undefined && revisionId !== alias.revisionId) throw revisionMismatch()
        const functionVersion = optionalString(body, 'FunctionVersion')
        if (functionVersion !== undefined) {
          checkVersion(account, fn, functionVersion)
          reallocateProvisioned(account, fn, alias, functionVersion)
          alias.functionVersion = functionVersion
        }
        const description = optionalString(body, 'Description')
        if (description !== undefined) alias.description = description
        const routing = readRouting(account, fn, body)
        if (routing) alias.routing = Object.keys(routing).length > 0 ? routing : undefined
        alias.revisionId = account.newId()
        return ok(aliasConfiguration(account, fn, alias))
      },
    },
    {
      operation: 'DeleteAlias',
      method: 'DELETE',
      path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}',
      handle({params}) {
        const {fn} = findFunction(account, params.FunctionName)
        // Deleting an alias also drops what hangs off it, as in AWS.
        if (fn.aliases.delete(params.Name)) {
          fn.provisioned.delete(params.Name)
          fn.eventInvokeConfigs.delete(params.Name)
          fn.policies.delete(params.Name)
        }
        return noContent()
      },
    },
  ]
}

/**
 * Provisioned concurrency belongs to a version: when an alias that carries it moves, AWS allocates
 * it anew on the new version (IN_PROGRESS from nothing, then READY) and frees it on the old one.
 */
function reallocateProvisioned(account: Account, fn: LambdaFunction, alias: Alias, functionVersion: string): void {
  const cfg = fn.provisioned.get(alias.name)
  if (!cfg || functionVersion === alias.functionVersion) return
  for (const [other, otherCfg] of fn.provisioned) {
    if (other !== alias.name && other === functionVersion && otherCfg) {
      throw conflict(`Alias can't be used for Provisioned Concurrency configuration on an already provisioned version (version ${functionVersion}).`)
    }
  }
  cfg.previousAllocated = 0
  cfg.readyAt = account.now() + account.settings.provisionLagMs
  cfg.lastModified = account.timestamp()
}

function existingAlias(account: Account, fn: LambdaFunction, name: string): Alias {
  const alias = fn.aliases.get(name)
  if (!alias) throw notFound(`Alias not found: ${account.functionArn(fn.name, name)}`)
  return alias
}

function checkVersion(account: Account, fn: LambdaFunction, version: string): void {
  if (version !== '$LATEST' && !fn.versions.some((v) => v.version === version)) {
    throw notFound(`Function not found: ${account.functionArn(fn.name, version)}`)
  }
}

function readRouting(account: Account, fn: LambdaFunction, body: Record<string, unknown>): Record<string, number> | undefined {
  const routing = optionalObject(body, 'RoutingConfig')
  if (!routing) return undefined
  const weights = optionalObject(routing, 'AdditionalVersionWeights') ?? {}
  const result: Record<string, number> = {}
  for (const [version, weight] of Object.entries(weights)) {
    if (typeof weight !== 'number' || weight < 0 || weight > 1) {
      throw constraintViolation('routingConfig.additionalVersionWeights', weight, 'Member must have value between 0.0 and 1.0')
    }
    if (!fn.versions.some((v) => v.version === version))
      throw invalidParameter(`Version ${version} does not exist for function ${account.functionArn(fn.name)}`)
    result[version] = weight
  }
  return result
}
