// Reserved and provisioned concurrency, with the account-level accounting AWS enforces:
// - the unreserved pool never drops below the account's floor (`minUnreserved`);
// - a function's provisioned concurrency, summed over its versions and aliases, fits in its
//   reservation when it has one; otherwise it is carved out of the unreserved pool;
// - provisioned concurrency applies to published versions and plain aliases only, one
//   configuration per version.

import type {Account, LambdaFunction} from '../account.js'
import {AwsError, type RestRoute} from '../protocol.js'
import {conflict, invalidParameter, missingMember} from './errors.js'
import {requiredInteger} from './inputs.js'
import {paginate} from './pagination.js'
import {provisionedConcurrency} from './render.js'
import {noContent, ok} from './respond.js'
import {findFunction, requireUnqualified, resolveOrNotFound, type FunctionTarget} from './targets.js'

function belowFloor(account: Account, member: 'ReservedConcurrentExecutions' | 'ConcurrentExecutions'): AwsError {
  return invalidParameter(
    `Specified ${member} for function decreases account's UnreservedConcurrentExecution below its minimum value of [${account.settings.minUnreserved}].`,
  )
}

function configNotFound(): AwsError {
  return new AwsError('ProvisionedConcurrencyConfigNotFoundException', 404, 'No Provisioned Concurrency Config found for this function')
}

export function concurrencyRoutes(account: Account): RestRoute[] {
  return [
    {
      operation: 'PutFunctionConcurrency',
      method: 'PUT',
      path: '/2017-10-31/functions/{FunctionName}/concurrency',
      handle({params, body}) {
        const target = findFunction(account, params.FunctionName)
        requireUnqualified(account, target)
        const {fn} = target
        const reserved = requiredInteger(body, 'ReservedConcurrentExecutions', 0)
        const provisioned = account.functionProvisioned(fn)
        if (reserved < provisioned) {
          throw invalidParameter(
            `Specified ReservedConcurrentExecutions for function is less than the function's total provisioned concurrency [${provisioned}]. Reduce ` +
              `provisioned concurrency first.`,
          )
        }
        // What the pool would be with this reservation in place of the function's current share.
        const currentShare = fn.reserved ?? provisioned
        const unreservedAfter = account.unreserved() + currentShare - reserved
        if (reserved > currentShare && unreservedAfter < account.settings.minUnreserved) {
          throw belowFloor(account, 'ReservedConcurrentExecutions')
        }
        fn.reserved = reserved
        account.touchRevision(fn)
        return ok({ReservedConcurrentExecutions: reserved})
      },
    },
    {
      operation: 'GetFunctionConcurrency',
      method: 'GET',
      path: '/2019-09-30/functions/{FunctionName}/concurrency',
      handle({params}) {
        const target = findFunction(account, params.FunctionName)
        requireUnqualified(account, target)
        // No reservation: an empty object, not an error (GetFunctionConcurrency's documented quirk).
        return ok(target.fn.reserved === null ? {} : {ReservedConcurrentExecutions: target.fn.reserved})
      },
    },
    {
      operation: 'DeleteFunctionConcurrency',
      method: 'DELETE',
      path: '/2017-10-31/functions/{FunctionName}/concurrency',
      handle({params}) {
        const target = findFunction(account, params.FunctionName)
        requireUnqualified(account, target)
        target.fn.reserved = null
        account.touchRevision(target.fn)
        return noContent()
      },
    },
    {
      operation: 'ListProvisionedConcurrencyConfigs',
      method: 'GET',
      path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency',
      query: {List: 'ALL'},
      handle({params, query}) {
        const {fn} = findFunction(account, params.FunctionName)
        const configs = [...fn.provisioned.values()].sort((a, b) => a.qualifier.localeCompare(b.qualifier))
        const page = paginate(configs, {query, serviceCap: 50, modelMax: 50})
        return ok({
          ProvisionedConcurrencyConfigs: page.items.map((cfg) => ({
            FunctionArn: account.functionArn(fn.name, cfg.qualifier),
            ...provisionedConcurrency(account, cfg),
          })),
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
        })
      },
    },
    {
      operation: 'GetProvisionedConcurrencyConfig',
      method: 'GET',
      path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency',
      handle({params, query}) {
        const target = qualifiedTarget(account, params.FunctionName, query.get('Qualifier'))
        if (target.qualifier !== '$LATEST') resolveOrNotFound(account, target)
        const cfg = target.fn.provisioned.get(target.qualifier)
        if (!cfg) throw configNotFound()
        return ok(provisionedConcurrency(account, cfg))
      },
    },
    {
      operation: 'PutProvisionedConcurrencyConfig',
      method: 'PUT',
      path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency',
      handle({params, query, body}) {
        const target = qualifiedTarget(account, params.FunctionName, query.get('Qualifier'))
        const requested = requiredInteger(body, 'ProvisionedConcurrentExecutions', 1)
        const {fn, qualifier} = target
        if (qualifier === '$LATEST') throw invalidParameter('Provisioned Concurrency Configs cannot be applied to unpublished function versions.')
        const resolved = resolveOrNotFound(account, target)
        if (resolved.kind === 'alias' && resolved.alias.routing && Object.keys(resolved.alias.routing).length > 0) {
          throw invalidParameter('Alias with weights can not be used with Provisioned Concurrency')
        }
        checkOneConfigPerVersion(fn, qualifier, resolved.version)
        checkCapacity(account, fn, qualifier, requested)
        const existing = fn.provisioned.get(qualifier)
        const cfg = {
          qualifier,
          requested,
          previousAllocated: existing ? account.provisionedStatus(existing).allocated : 0,
          readyAt: account.now() + account.settings.provisionLagMs,
          lastModified: account.timestamp(),
        }
        fn.provisioned.set(qualifier, cfg)
        return ok(provisionedConcurrency(account, cfg), 202)
      },
    },
    {
      operation: 'DeleteProvisionedConcurrencyConfig',
      method: 'DELETE',
      path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency',
      handle({params, query}) {
        const target = qualifiedTarget(account, params.FunctionName, query.get('Qualifier'))
        if (target.qualifier === '$LATEST') throw invalidParameter('Provisioned Concurrency Configs cannot be applied to unpublished function versions.')
        resolveOrNotFound(account, target)
        target.fn.provisioned.delete(target.qualifier)
        return noContent()
      },
    },
  ]
}

/** Provisioned concurrency operations require a qualifier, in the name or the Qualifier member. */
function qualifiedTarget(account: Account, functionName: string, queryQualifier: string | null): Required<FunctionTarget> {
  const target = findFunction(account, functionName, queryQualifier)
  if (target.qualifier === undefined || target.qualifier === '') throw missingMember('qualifier')
  return {fn: target.fn, qualifier: target.qualifier}
}

/** A version carries at most one configuration, set on it directly or through one alias. */
function checkOneConfigPerVersion(fn: LambdaFunction, qualifier: string, version: string): void {
  for (const other of fn.provisioned.keys()) {
    if (other === qualifier) continue
    const otherVersion = /^\d+$/.test(other) ? other : fn.aliases.get(other)?.functionVersion
    if (otherVersion === version) {
      throw conflict(
        /^\d+$/.test(qualifier)
          ? `Version ${version} is pointed to by alias ${other}, which already has a Provisioned Concurrency configuration.`
          : `Alias can't be used for Provisioned Concurrency configuration on an already provisioned version (version ${version} via ${other}).`,
      )
    }
  }
}

function checkCapacity(account: Account, fn: LambdaFunction, qualifier: string, requested: number): void {
  const others = account.functionProvisioned(fn, qualifier)
  if (fn.reserved !== null) {
    if (others + requested > fn.reserved) {
      throw invalidParameter('Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function')
    }
    return
  }
  const current = fn.provisioned.get(qualifier)?.requested ?? 0
  const unreservedAfter = account.unreserved() + current - requested
  if (requested > current && unreservedAfter < account.settings.minUnreserved) throw belowFloor(account, 'ConcurrentExecutions')
}
