// Account settings, function listing and reading, and UpdateFunctionConfiguration with the rules
// AWS enforces on it (layers, environment, update in progress, revision precondition).

import type {Account, FunctionConfig, LambdaFunction} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {conflict, constraintViolation, invalidParameter, preconditionFailed} from './errors.js'
import {checkRange, optionalInteger, optionalObject, optionalString, optionalStringList, optionalStringMap} from './inputs.js'
import {paginate} from './pagination.js'
import {codeLocation, functionConfiguration} from './render.js'
import {ok} from './respond.js'
import {findFunction, requireUnqualified, resolveOrNotFound} from './targets.js'

const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$/
const MAX_LAYERS = 5
/** Function plus layers, unzipped. */
const MAX_UNZIPPED_BYTES = 262_144_000
const MAX_ENVIRONMENT_BYTES = 4096
/** Variables the runtime sets itself; AWS refuses to let a function override them. */
const RESERVED_ENVIRONMENT_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR',
  'LAMBDA_TASK_ROOT',
])
const IMAGE_REFUSES = "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image."

export function updateInProgress(account: Account, fn: LambdaFunction): Error {
  return conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${account.functionArn(fn.name)}`)
}

export function revisionMismatch(): Error {
  return preconditionFailed(
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  )
}

export function functionRoutes(account: Account): RestRoute[] {
  return [
    {
      operation: 'GetAccountSettings',
      method: 'GET',
      path: '/2016-08-19/account-settings',
      handle: () => ok(accountSettings(account)),
    },
    {
      operation: 'ListFunctions',
      method: 'GET',
      path: '/2015-03-31/functions',
      handle({query}) {
        const functionVersion = query.get('FunctionVersion')
        if (functionVersion !== null && functionVersion !== 'ALL') {
          throw constraintViolation('functionVersion', functionVersion, 'Member must satisfy enum value set: [ALL]')
        }
        const entries: Array<{fn: LambdaFunction; version: string}> = []
        for (const name of account.functionNames()) {
          const fn = account.functions.get(name)!
          entries.push({fn, version: '$LATEST'})
          if (functionVersion === 'ALL') for (const v of fn.versions) entries.push({fn, version: v.version})
        }
        const page = paginate(entries, {query, serviceCap: 50, modelMax: 10_000})
        return ok({
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
          Functions: page.items.map(({fn, version}) => functionConfiguration(account, fn, {version}, true)),
        })
      },
    },
    {
      operation: 'GetFunction',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}',
      handle({params, query}) {
        const target = findFunction(account, params.FunctionName, query.get('Qualifier'))
        const resolved = resolveOrNotFound(account, target)
        const {fn} = target
        return ok({
          Configuration: functionConfiguration(account, fn, {version: resolved.version, qualifier: target.qualifier}),
          Code: codeLocation(account, fn, resolved.version),
          ...(Object.keys(fn.tags).length > 0 ? {Tags: {...fn.tags}} : {}),
          ...(fn.reserved === null ? {} : {Concurrency: {ReservedConcurrentExecutions: fn.reserved}}),
        })
      },
    },
    {
      operation: 'GetFunctionConfiguration',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/configuration',
      handle({params, query}) {
        const target = findFunction(account, params.FunctionName, query.get('Qualifier'))
        const resolved = resolveOrNotFound(account, target)
        return ok(functionConfiguration(account, target.fn, {version: resolved.version, qualifier: target.qualifier}))
      },
    },
    {
      operation: 'UpdateFunctionConfiguration',
      method: 'PUT',
      path: '/2015-03-31/functions/{FunctionName}/configuration',
      handle({params, body}) {
        const target = findFunction(account, params.FunctionName)
        requireUnqualified(account, target)
        const {fn} = target
        const next = applyConfigurationUpdate(account, fn.config, body)
        if (account.updateStatus(fn) === 'InProgress') throw updateInProgress(account, fn)
        const revisionId = optionalString(body, 'RevisionId')
        if (revisionId !== undefined && revisionId !== fn.revisionId) throw revisionMismatch()
        fn.config = next
        account.markUpdated(fn)
        return ok(functionConfiguration(account, fn, {version: '$LATEST'}))
      },
    },
  ]
}

export function accountSettings(account: Account): Record<string, unknown> {
  let totalCodeSize = 0
  for (const fn of account.functions.values()) totalCodeSize += fn.config.codeSize
  return {
    AccountLimit: {
      TotalCodeSize: 80_530_636_800,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: account.settings.concurrencyLimit,
      UnreservedConcurrentExecutions: account.unreserved(),
    },
    AccountUsage: {TotalCodeSize: totalCodeSize, FunctionCount: account.functions.size},
  }
}

/** Validates an UpdateFunctionConfiguration body and returns the configuration it leads to. */
function applyConfigurationUpdate(account: Account, current: FunctionConfig, body: Record<string, unknown>): FunctionConfig {
  const next: FunctionConfig = {...current, environment: {...current.environment}, layers: [...current.layers]}
  const isImage = current.packageType === 'Image'

  const runtime = optionalString(body, 'Runtime')
  const handler = optionalString(body, 'Handler')
  if (isImage && (runtime !== undefined || handler !== undefined)) throw invalidParameter(IMAGE_REFUSES)
  if (runtime !== undefined) next.runtime = runtime
  if (handler !== undefined) next.handler = handler

  const role = optionalString(body, 'Role')
  if (role !== undefined) {
    if (!/^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(role)) {
      throw constraintViolation('role', role, 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+')
    }
    next.role = role
  }

  const description = optionalString(body, 'Description')
  if (description !== undefined) {
    if (description.length > 256) throw constraintViolation('description', description, 'Member must have length less than or equal to 256')
    next.description = description
  }

  const timeout = optionalInteger(body, 'Timeout', 1)
  if (timeout !== undefined) {
    if (timeout > 900)
      throw invalidParameter(
        `1 validation error detected: Value '${timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`,
      )
    next.timeout = timeout
  }

  const memorySize = optionalInteger(body, 'MemorySize', 128, 32_768)
  if (memorySize !== undefined) {
    if (memorySize > 10_240) throw invalidParameter(`'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240`)
    next.memorySize = memorySize
  }

  const environment = optionalObject(body, 'Environment')
  if (environment !== undefined) next.environment = validateEnvironment(optionalStringMap(environment, 'Variables') ?? {})

  const layers = optionalStringList(body, 'Layers')
  if (layers !== undefined) next.layers = validateLayers(account, next, layers)

  const tracing = optionalObject(body, 'TracingConfig')
  const mode = tracing && optionalString(tracing, 'Mode')
  if (mode !== undefined) {
    if (mode !== 'Active' && mode !== 'PassThrough')
      throw constraintViolation('tracingConfig.mode', mode, 'Member must satisfy enum value set: [Active, PassThrough]')
    next.tracingMode = mode
  }

  const storage = optionalObject(body, 'EphemeralStorage')
  const size = storage && optionalInteger(storage, 'Size')
  if (size !== undefined) {
    checkRange('ephemeralStorage.size', size, 512, 10_240)
    next.ephemeralStorageMb = size
  }

  const logging = optionalObject(body, 'LoggingConfig')
  if (logging) {
    const format = optionalString(logging, 'LogFormat')
    if (format !== undefined && format !== 'JSON' && format !== 'Text')
      throw constraintViolation('loggingConfig.logFormat', format, 'Member must satisfy enum value set: [JSON, Text]')
    if (format) next.logFormat = format
    const group = optionalString(logging, 'LogGroup')
    if (group) next.logGroup = group
  }

  const deadLetter = optionalObject(body, 'DeadLetterConfig')
  if (deadLetter) {
    const targetArn = optionalString(deadLetter, 'TargetArn')
    next.deadLetterTargetArn = targetArn === '' ? undefined : (targetArn ?? next.deadLetterTargetArn)
  }

  return next
}

function validateEnvironment(variables: Record<string, string>): Record<string, string> {
  const reserved = Object.keys(variables).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key))
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are ` +
        `currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    )
  }
  const invalidKey = Object.keys(variables).find((key) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key))
  if (invalidKey !== undefined) {
    throw constraintViolation(
      'environment.variables',
      '[sensitive]',
      `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`,
    )
  }
  const size = Buffer.byteLength(JSON.stringify(variables))
  if (size > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String ` +
        `measured: ${JSON.stringify(variables)}`,
    )
  }
  return {...variables}
}

function validateLayers(account: Account, config: FunctionConfig, layers: string[]): string[] {
  const malformed = layers.find((arn) => arn.length > 140 || !LAYER_VERSION_ARN.test(arn))
  if (malformed !== undefined) {
    throw constraintViolation(
      'layers',
      `[${layers.join(', ')}]`,
      'Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member ' +
        'must satisfy regular expression pattern: ' +
        '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must ' +
        'not be null]',
    )
  }
  if (config.packageType === 'Image' && layers.length > 0) throw invalidParameter(IMAGE_REFUSES)
  if (layers.length > MAX_LAYERS) throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`)
  const seen = new Map<string, string>()
  for (const arn of layers) {
    const layerArn = arn.slice(0, arn.lastIndexOf(':'))
    const earlier = seen.get(layerArn)
    if (earlier !== undefined) {
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${arn} are versions of the same layer.`,
      )
    }
    seen.set(layerArn, arn)
  }
  let unzipped = config.unzippedSize
  for (const arn of layers) {
    const layer = account.findLayerVersion(arn)
    if (!layer) throw invalidParameter(`Layer version ${arn} does not exist.`)
    unzipped += layer.unzippedSize
  }
  if (unzipped > MAX_UNZIPPED_BYTES) throw invalidParameter(`Layers consume more than the available size of ${MAX_UNZIPPED_BYTES} bytes`)
  return [...layers]
}
