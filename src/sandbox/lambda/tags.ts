// Tags on functions, addressed by the function's ARN.

import type {Account, LambdaFunction} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {constraintViolation, functionNotFound, invalidParameter, missingMember} from './errors.js'
import {optionalStringMap} from './inputs.js'
import {noContent, ok} from './respond.js'

const FUNCTION_ARN = /^arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):function:([a-zA-Z0-9_-]+)$/

function taggedFunction(account: Account, resource: string): LambdaFunction {
  const match = FUNCTION_ARN.exec(resource)
  if (!match)
    throw constraintViolation(
      'resource',
      resource,
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:' +
        '(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|' +
        'event-source-mapping:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
    )
  const fn = match[4] === account.id && match[2] === account.region ? account.functions.get(match[5]) : undefined
  if (!fn) throw functionNotFound(resource)
  return fn
}

export function tagRoutes(account: Account): RestRoute[] {
  const path = '/2017-03-31/tags/{Resource}'
  return [
    {
      operation: 'ListTags',
      method: 'GET',
      path,
      handle: ({params}) => ok({Tags: {...taggedFunction(account, params.Resource).tags}}),
    },
    {
      operation: 'TagResource',
      method: 'POST',
      path,
      handle({params, body}) {
        const fn = taggedFunction(account, params.Resource)
        const tags = optionalStringMap(body, 'Tags')
        if (tags === undefined) throw missingMember('tags')
        if (Object.keys({...fn.tags, ...tags}).length > 50) throw invalidParameter('Number of tags exceeds resource tag limit.')
        Object.assign(fn.tags, tags)
        return noContent()
      },
    },
    {
      operation: 'UntagResource',
      method: 'DELETE',
      path,
      handle({params, query}) {
        const fn = taggedFunction(account, params.Resource)
        const keys = query.getAll('tagKeys')
        if (keys.length === 0) throw missingMember('tagKeys')
        for (const key of keys) delete fn.tags[key]
        return noContent()
      },
    },
  ]
}
