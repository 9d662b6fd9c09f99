// Asynchronous invocation settings and destinations. PUT replaces the whole configuration (members
// left out are removed); POST changes only the members given, and DestinationConfig counts as one
// member there: sending only OnSuccess drops OnFailure. Clients that mean to keep a destination
// must send it again.

import type {Account, EventInvokeConfig, LambdaFunction} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {constraintViolation, invalidParameter, notFound} from './errors.js'
import {optionalInteger, optionalObject, optionalString} from './inputs.js'
import {paginate} from './pagination.js'
import {eventInvokeConfig} from './render.js'
import {noContent, ok} from './respond.js'
import {findFunction, resolveOrNotFound} from './targets.js'

const DESTINATION_ARN =
  /^$|^kafka:\/\/([^.]([a-zA-Z0-9\-_.]{0,248}))$|^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/
const DESTINATION_SERVICES = new Set(['sqs', 'sns', 'lambda', 'events', 's3'])

interface Members {
  maximumRetryAttempts?: number
  maximumEventAgeInSeconds?: number
  destinations?: {onSuccess?: string; onFailure?: string}
}

function missingConfig(account: Account, fn: LambdaFunction, qualifier: string): Error {
  return notFound(`The function ${account.functionArn(fn.name, qualifier)} doesn't have an EventInvokeConfig`)
}

function target(account: Account, functionName: string, queryQualifier: string | null): {fn: LambdaFunction; qualifier: string} {
  const found = findFunction(account, functionName, queryQualifier)
  resolveOrNotFound(account, found)
  return {fn: found.fn, qualifier: found.qualifier || '$LATEST'}
}

function readMembers(account: Account, fn: LambdaFunction, body: Record<string, unknown>): Members {
  const members: Members = {
    maximumRetryAttempts: optionalInteger(body, 'MaximumRetryAttempts', 0, 2),
    maximumEventAgeInSeconds: optionalInteger(body, 'MaximumEventAgeInSeconds', 60, 21_600),
  }
  const config = optionalObject(body, 'DestinationConfig')
  if (config) {
    const onSuccess = readDestination(account, fn, config, 'OnSuccess')
    const onFailure = readDestination(account, fn, config, 'OnFailure')
    members.destinations = {onSuccess, onFailure}
  }
  return members
}

function readDestination(account: Account, fn: LambdaFunction, config: Record<string, unknown>, member: 'OnSuccess' | 'OnFailure'): string | undefined {
  const holder = optionalObject(config, member)
  const arn = holder && optionalString(holder, 'Destination')
  if (arn === undefined || arn === '') return undefined
  const path = `destinationConfig.${member === 'OnSuccess' ? 'onSuccess' : 'onFailure'}.destination`
  if (arn.length > 350) throw constraintViolation(path, arn, 'Member must have length less than or equal to 350')
  if (!DESTINATION_ARN.test(arn)) {
    throw constraintViolation(
      path,
      arn,
      'Member must satisfy regular expression pattern: ^$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|' +
        'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
    )
  }
  const service = arn.split(':')[2]
  if (!DESTINATION_SERVICES.has(service) || (service === 's3' && member === 'OnSuccess')) {
    throw invalidParameter(
      `The provided destination config DestinationConfig(${member}=${arn}) is invalid: ` +
        `${service === 's3' ? 'Amazon S3 buckets are supported as on-failure destinations only' : `${service} is not a supported destination type`}.`,
    )
  }
  const ownArn = account.functionArn(fn.name)
  if (arn === ownArn || arn.startsWith(`${ownArn}:`)) throw invalidParameter("You can't specify the function as a destination for itself.")
  return arn
}

export function eventInvokeRoutes(account: Account): RestRoute[] {
  const path = '/2019-09-25/functions/{FunctionName}/event-invoke-config'
  return [
    {
      operation: 'PutFunctionEventInvokeConfig',
      method: 'PUT',
      path,
      handle({params, query, body}) {
        const {fn, qualifier} = target(account, params.FunctionName, query.get('Qualifier'))
        const members = readMembers(account, fn, body)
        const cfg: EventInvokeConfig = {
          qualifier,
          maximumRetryAttempts: members.maximumRetryAttempts,
          maximumEventAgeInSeconds: members.maximumEventAgeInSeconds,
          onSuccess: members.destinations?.onSuccess,
          onFailure: members.destinations?.onFailure,
          lastModified: account.now(),
        }
        fn.eventInvokeConfigs.set(qualifier, cfg)
        return ok(eventInvokeConfig(account, fn, cfg))
      },
    },
    {
      operation: 'UpdateFunctionEventInvokeConfig',
      method: 'POST',
      path,
      handle({params, query, body}) {
        const {fn, qualifier} = target(account, params.FunctionName, query.get('Qualifier'))
        const existing = fn.eventInvokeConfigs.get(qualifier)
        if (!existing) throw missingConfig(account, fn, qualifier)
        const members = readMembers(account, fn, body)
        const cfg: EventInvokeConfig = {
          ...existing,
          ...(members.maximumRetryAttempts === undefined ? {} : {maximumRetryAttempts: members.maximumRetryAttempts}),
          ...(members.maximumEventAgeInSeconds === undefined ? {} : {maximumEventAgeInSeconds: members.maximumEventAgeInSeconds}),
          ...(members.destinations ? {onSuccess: members.destinations.onSuccess, onFailure: members.destinations.onFailure} : {}),
          lastModified: account.now(),
        }
        fn.eventInvokeConfigs.set(qualifier, cfg)
        return ok(eventInvokeConfig(account, fn, cfg))
      },
    },
    {
      operation: 'GetFunctionEventInvokeConfig',
      method: 'GET',
      path,
      handle({params, query}) {
        const {fn, qualifier} = target(account, params.FunctionName, query.get('Qualifier'))
        const cfg = fn.eventInvokeConfigs.get(qualifier)
        if (!cfg) throw missingConfig(account, fn, qualifier)
        return ok(eventInvokeConfig(account, fn, cfg))
      },
    },
    {
      operation: 'DeleteFunctionEventInvokeConfig',
      method: 'DELETE',
      path,
      handle({params, query}) {
        const {fn, qualifier} = target(account, params.FunctionName, query.get('Qualifier'))
        if (!fn.eventInvokeConfigs.delete(qualifier)) throw missingConfig(account, fn, qualifier)
        return noContent()
      },
    },
    {
      operation: 'ListFunctionEventInvokeConfigs',
      method: 'GET',
      path: `${path}/list`,
      handle({params, query}) {
        const {fn} = findFunction(account, params.FunctionName)
        const configs = [...fn.eventInvokeConfigs.values()].sort((a, b) => a.qualifier.localeCompare(b.qualifier))
        const page = paginate(configs, {query, serviceCap: 50, modelMax: 50})
        return ok({
          FunctionEventInvokeConfigs: page.items.map((cfg) => eventInvokeConfig(account, fn, cfg)),
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
        })
      },
    },
  ]
}
