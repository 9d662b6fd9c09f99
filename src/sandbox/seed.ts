// The account description format (what `--seed FILE` loads and what the default account and the
// `--functions N` generator produce) and the builder that turns one into a live Account.
//
// The format is documented at the top of default-account.ts.

import {readFileSync} from 'node:fs'

import {
  Account,
  codeSha256Of,
  type AccountSettings,
  type Architecture,
  type FunctionConfig,
  type LambdaFunction,
  type LayerEffects,
  type TrafficProfile,
} from './account.js'
import {lambdaTimestamp, type SimClock} from './clock.js'

export interface LayerVersionDescription {
  description?: string
  compatibleRuntimes?: string[]
  compatibleArchitectures?: Architecture[]
  codeSize?: number
  unzippedSize?: number
  licenseInfo?: string
  /** What the version does to functions that carry it (sandbox simulation only). */
  effects?: LayerEffects
}

export interface LayerDescription {
  name: string
  accountId?: string
  versions: LayerVersionDescription[]
}

export interface FunctionDescription {
  name: string
  packageType?: 'Zip' | 'Image'
  runtime?: string
  handler?: string
  imageUri?: string
  architectures?: Architecture[]
  memorySize?: number
  timeout?: number
  description?: string
  codeSize?: number
  unzippedSize?: number
  environment?: Record<string, string>
  layers?: string[]
  tags?: Record<string, string>
  reserved?: number
  versions?: number
  /** Layers of some published versions, when they differ from $LATEST's (drift): {"2": [layer version ARN]}. */
  versionLayers?: Record<string, string[]>
  aliases?: Array<{name: string; version: string; routing?: Record<string, number>; description?: string}>
  provisioned?: Array<{qualifier: string; requested: number; ready?: boolean}>
  eventInvokeConfigs?: Array<{qualifier?: string; maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number; onSuccess?: string; onFailure?: string}>
  permissions?: Array<{principal: string; sourceArn?: string; qualifier?: string; sid?: string}>
  eventSources?: Array<{arn: string; batchSize?: number; qualifier?: string; enabled?: boolean}>
  traffic?: Partial<TrafficProfile>
}

export interface AccountDescription {
  accountId?: string
  region?: string
  concurrencyLimit?: number
  minUnreserved?: number
  layers?: LayerDescription[]
  queues?: string[]
  topics?: string[]
  eventBuses?: string[]
  buckets?: string[]
  streams?: string[]
  tables?: string[]
  functions: FunctionDescription[]
}

export interface BuildOptions {
  clock: SimClock
  updateLagMs: number
  provisionLagMs: number
  /** Settings that win over the description's (command-line flags). */
  overrides?: Partial<Pick<AccountSettings, 'accountId' | 'region' | 'concurrencyLimit' | 'minUnreserved'>>
  /** Seed of the account's id generator (revision ids, mapping UUIDs). */
  seed?: number
  /** Names of described layers not to publish (functions may still reference them). */
  omitLayers?: ReadonlySet<string>
}

const DEFAULT_TRAFFIC: TrafficProfile = {baselineRps: 1, peakRps: 5, peakHourUtc: 15, burstRps: 10, avgDurationMs: 200, errorRate: 0.001, initDurationMs: 300}
const DAY_MS = 86_400_000

export function loadSeedFile(path: string): AccountDescription {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`cannot read seed file ${path}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`seed file ${path} is not valid JSON: ${(error as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as AccountDescription).functions)) {
    throw new Error(`seed file ${path} must be an object with a "functions" array (see the format at the top of src/sandbox/default-account.ts)`)
  }
  return parsed as AccountDescription
}

export function buildAccount(description: AccountDescription, options: BuildOptions): Account {
  const {clock} = options
  const settings: AccountSettings = {
    accountId: options.overrides?.accountId ?? description.accountId ?? '123456789012',
    region: options.overrides?.region ?? description.region ?? 'us-east-1',
    concurrencyLimit: options.overrides?.concurrencyLimit ?? description.concurrencyLimit ?? 1000,
    minUnreserved: options.overrides?.minUnreserved ?? description.minUnreserved ?? 100,
    updateLagMs: options.updateLagMs,
    provisionLagMs: options.provisionLagMs,
  }
  const account = new Account(settings, clock, options.seed ?? 1)
  const now = clock.now()
  // Resources look like they were created over the past months, not at start-up.
  const createdAt = (daysAgo: number) => lambdaTimestamp(now - daysAgo * DAY_MS)

  for (const layer of description.layers ?? []) {
    if (options.omitLayers?.has(layer.name)) continue
    const owner = layer.accountId ?? settings.accountId
    const layerArn = `arn:aws:lambda:${settings.region}:${owner}:layer:${layer.name}`
    layer.versions.forEach((v, index) => {
      const codeSize = v.codeSize ?? 2_000_000 + (hashNumber(`${layer.name}:${index}`) % 8_000_000)
      account.addLayerVersion({
        layerArn,
        layerName: layer.name,
        version: index + 1,
        description: v.description ?? `${layer.name} ${index + 1}`,
        compatibleRuntimes: v.compatibleRuntimes ?? [],
        compatibleArchitectures: v.compatibleArchitectures ?? [],
        ...(v.licenseInfo ? {licenseInfo: v.licenseInfo} : {}),
        ...(v.effects ? {effects: {...v.effects}} : {}),
        codeSize,
        unzippedSize: v.unzippedSize ?? codeSize * 3,
        codeSha256: codeSha256Of(`${layerArn}:${index + 1}`),
        createdDate: createdAt(200 - index * 30),
      })
    })
  }

  Object.assign(account.resources, {
    queues: [...(description.queues ?? [])],
    topics: [...(description.topics ?? [])],
    eventBuses: [...(description.eventBuses ?? [])],
    buckets: [...(description.buckets ?? [])],
    streams: [...(description.streams ?? [])],
    tables: [...(description.tables ?? [])],
  })

  for (const [index, spec] of description.functions.entries()) {
    if (!spec || typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
      throw new Error(`function #${index + 1}: "name" must be 1-64 letters, digits, hyphens or underscores`)
    }
    if (account.functions.has(spec.name)) throw new Error(`function ${spec.name} is described twice`)
    account.addFunction(buildFunction(account, spec, createdAt(30 + (index % 60)), options))
  }
  return account
}

function buildFunction(account: Account, spec: FunctionDescription, lastModified: string, options: BuildOptions): LambdaFunction {
  const {name} = spec
  const packageType = spec.packageType ?? 'Zip'
  const runtime = packageType === 'Image' ? undefined : (spec.runtime ?? 'nodejs20.x')
  const codeSize = spec.codeSize ?? 200_000 + (hashNumber(name) % 20_000_000)
  const config: FunctionConfig = {
    packageType,
    ...(runtime ? {runtime, handler: spec.handler ?? defaultHandler(runtime)} : {}),
    ...(packageType === 'Image' ? {imageUri: spec.imageUri ?? `${account.id}.dkr.ecr.${account.region}.amazonaws.com/${name}:latest`} : {}),
    architectures: spec.architectures ?? ['x86_64'],
    memorySize: spec.memorySize ?? 512,
    timeout: spec.timeout ?? 30,
    role: `arn:aws:iam::${account.id}:role/${name}-role`,
    description: spec.description ?? '',
    codeSize,
    unzippedSize: spec.unzippedSize ?? codeSize * 3,
    codeSha256: codeSha256Of(`${account.id}:${name}`),
    environment: {...spec.environment},
    layers: [...(spec.layers ?? [])],
    ephemeralStorageMb: 512,
    tracingMode: 'PassThrough',
    logFormat: 'Text',
    logGroup: `/aws/lambda/${name}`,
  }
  for (const arn of config.layers) {
    if (options.omitLayers?.has(arn.split(':')[6])) continue
    if (!account.findLayerVersion(arn)) throw new Error(`function ${name}: layer version ${arn} is not described in "layers"`)
  }
  if (config.layers.length > 5) throw new Error(`function ${name}: at most 5 layers`)

  const fn: LambdaFunction = {
    name,
    config,
    lastModified,
    revisionId: account.newId(),
    updateReadyAt: 0,
    versions: [],
    aliases: new Map(),
    reserved: spec.reserved ?? null,
    provisioned: new Map(),
    eventInvokeConfigs: new Map(),
    policies: new Map(),
    policyRevisionId: account.newId(),
    tags: {...spec.tags},
    traffic: {...DEFAULT_TRAFFIC, ...spec.traffic},
  }

  for (let v = 1; v <= (spec.versions ?? 0); v++) {
    const layers = spec.versionLayers?.[String(v)] ?? config.layers
    fn.versions.push({
      version: String(v),
      config: {...config, environment: {...config.environment}, layers: [...layers]},
      lastModified,
      revisionId: account.newId(),
    })
  }
  for (const alias of spec.aliases ?? []) {
    if (alias.version !== '$LATEST' && !fn.versions.some((v) => v.version === alias.version)) {
      throw new Error(`function ${name}: alias ${alias.name} points at version ${alias.version}, which is not published (set "versions")`)
    }
    fn.aliases.set(alias.name, {
      name: alias.name,
      functionVersion: alias.version,
      description: alias.description ?? '',
      ...(alias.routing ? {routing: {...alias.routing}} : {}),
      revisionId: account.newId(),
    })
  }
  for (const pc of spec.provisioned ?? []) {
    if (!account.resolveQualifier(fn, pc.qualifier) || pc.qualifier === '$LATEST') {
      throw new Error(`function ${name}: provisioned concurrency on ${pc.qualifier}, which is neither an alias nor a published version`)
    }
    const ready = pc.ready ?? true
    fn.provisioned.set(pc.qualifier, {
      qualifier: pc.qualifier,
      requested: pc.requested,
      previousAllocated: 0,
      readyAt: ready ? 0 : options.clock.now() + options.provisionLagMs,
      lastModified,
    })
  }
  for (const cfg of spec.eventInvokeConfigs ?? []) {
    const qualifier = cfg.qualifier ?? '$LATEST'
    fn.eventInvokeConfigs.set(qualifier, {
      qualifier,
      maximumRetryAttempts: cfg.maximumRetryAttempts,
      maximumEventAgeInSeconds: cfg.maximumEventAgeInSeconds,
      onSuccess: cfg.onSuccess,
      onFailure: cfg.onFailure,
      lastModified: Date.parse(lastModified.replace('+0000', 'Z')),
    })
  }
  for (const [i, permission] of (spec.permissions ?? []).entries()) {
    const key = permission.qualifier ?? ''
    const statements = fn.policies.get(key) ?? []
    statements.push({
      Sid: permission.sid ?? `${permission.principal.split('.')[0]}-invoke-${i + 1}`,
      Effect: 'Allow',
      Principal: {Service: permission.principal},
      Action: 'lambda:InvokeFunction',
      Resource: account.functionArn(name, permission.qualifier),
      ...(permission.sourceArn ? {Condition: {ArnLike: {'AWS:SourceArn': permission.sourceArn}}} : {}),
    })
    fn.policies.set(key, statements)
  }
  for (const source of spec.eventSources ?? []) {
    const streaming = /:(kinesis|dynamodb):/.test(source.arn)
    account.eventSourceMappings.push({
      uuid: account.newId(),
      eventSourceArn: source.arn,
      functionName: name,
      ...(source.qualifier ? {qualifier: source.qualifier} : {}),
      batchSize: source.batchSize ?? (streaming ? 100 : 10),
      maximumBatchingWindowInSeconds: 0,
      ...(streaming ? {startingPosition: 'LATEST' as const} : {}),
      state: source.enabled === false ? 'Disabled' : 'Enabled',
      lastModified: Date.parse(lastModified.replace('+0000', 'Z')),
    })
  }
  return fn
}

/**
 * The same description for another account and region: every ARN (and ECR image URI) naming the
 * description's account or region names the given ones instead; other accounts' ARNs (a vendor's
 * layer) keep their owner and take the region.
 */
export function localizeDescription(description: AccountDescription, target: {accountId: string; region: string}): AccountDescription {
  const fromAccount = description.accountId ?? '123456789012'
  const fromRegion = description.region ?? 'us-east-1'
  if (fromAccount === target.accountId && fromRegion === target.region) return description
  const localize = (value: unknown): unknown => {
    if (typeof value === 'string') return localizeString(value)
    if (Array.isArray(value)) return value.map(localize)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, localize(member)]))
    return value
  }
  const localizeString = (text: string): string => {
    if (text.startsWith('arn:')) {
      const parts = text.split(':')
      if (parts.length < 6) return text
      if (parts[3] === fromRegion) parts[3] = target.region
      if (parts[4] === fromAccount) parts[4] = target.accountId
      return parts.join(':')
    }
    const image = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.(.*)$/.exec(text)
    if (image) return `${image[1] === fromAccount ? target.accountId : image[1]}.dkr.ecr.${image[2] === fromRegion ? target.region : image[2]}.${image[3]}`
    return text
  }
  const localized = localize(description) as AccountDescription
  localized.accountId = target.accountId
  localized.region = target.region
  localized.layers = localized.layers?.map((layer) => (layer.accountId === fromAccount ? {...layer, accountId: target.accountId} : layer))
  return localized
}

function defaultHandler(runtime: string): string {
  if (runtime.startsWith('nodejs')) return 'index.handler'
  if (runtime.startsWith('python')) return 'app.handler'
  if (runtime.startsWith('java')) return 'com.example.Handler::handleRequest'
  if (runtime.startsWith('dotnet')) return 'Functions::Functions.Function::FunctionHandler'
  if (runtime.startsWith('ruby')) return 'app.handler'
  return 'bootstrap'
}

/** A stable small number from a string (sizes, spreads), without a PRNG to thread through. */
export function hashNumber(text: string): number {
  let hash = 2166136261
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619)
  return hash >>> 0
}
