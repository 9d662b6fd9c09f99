// What invokes a function: event source mappings (pollers, synchronous) and the resource policy
// (services allowed to invoke it, mostly asynchronously).

import type {Account} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {notFound} from './errors.js'
import {paginate} from './pagination.js'
import {eventSourceMapping} from './render.js'
import {ok} from './respond.js'
import {findFunction, resolveOrNotFound} from './targets.js'

export function triggerRoutes(account: Account): RestRoute[] {
  return [
    {
      operation: 'ListEventSourceMappings',
      method: 'GET',
      path: '/2015-03-31/event-source-mappings',
      handle({query}) {
        const functionName = query.get('FunctionName')
        const eventSourceArn = query.get('EventSourceArn')
        const wanted = functionName === null ? undefined : findFunction(account, functionName)
        const mappings = account.eventSourceMappings.filter(
          (m) =>
            (wanted === undefined || (m.functionName === wanted.fn.name && (wanted.qualifier === undefined || m.qualifier === wanted.qualifier))) &&
            (eventSourceArn === null || m.eventSourceArn === eventSourceArn),
        )
        const page = paginate(mappings, {query, serviceCap: 100, modelMax: 10_000})
        return ok({...(page.nextMarker ? {NextMarker: page.nextMarker} : {}), EventSourceMappings: page.items.map((m) => eventSourceMapping(account, m))})
      },
    },
    {
      operation: 'GetEventSourceMapping',
      method: 'GET',
      path: '/2015-03-31/event-source-mappings/{UUID}',
      handle({params}) {
        const mapping = account.eventSourceMappings.find((m) => m.uuid === params.UUID)
        if (!mapping) throw notFound('The resource you requested does not exist.')
        return ok(eventSourceMapping(account, mapping))
      },
    },
    {
      operation: 'GetPolicy',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/policy',
      handle({params, query}) {
        const target = findFunction(account, params.FunctionName, query.get('Qualifier'))
        resolveOrNotFound(account, target)
        const key = target.qualifier === undefined || target.qualifier === '$LATEST' ? '' : target.qualifier
        const statements = target.fn.policies.get(key) ?? []
        if (statements.length === 0) throw notFound('The resource you requested does not exist.')
        // The policy travels as a JSON document inside a string member.
        return ok({Policy: JSON.stringify({Version: '2012-10-17', Id: 'default', Statement: statements}), RevisionId: target.fn.policyRevisionId})
      },
    },
  ]
}
