// The emulated account: every resource the Lambda API (and the metrics and scaling services)
// reads or writes. Plain data plus the few derived figures AWS computes from it
// (unreserved concurrency, update and allocation progress). Wire formats live in lambda/render.ts;
// the rules that refuse a request live in the lambda/ handlers.

import {createHash} from 'node:crypto'

import {lambdaTimestamp, type SimClock} from './clock.js'
import {seededRandom} from './faults.js'

export type Architecture = 'x86_64' | 'arm64'
export type PackageType = 'Zip' | 'Image'

/** How a function is used, for the traffic simulation. Rates are requests per second. */
export interface TrafficProfile {
  baselineRps: number
  peakRps: number
  /** Hour of the daily peak, UTC. */
  peakHourUtc: number
  /** Short spikes on top of the current rate. */
  burstRps: number
  avgDurationMs: number
  /** Fraction of invocations that fail. */
  errorRate: number
  /** Cold-start init duration. */
  initDurationMs: number
  /**
   * Share (0–1) of invocations sent to the unqualified function ($LATEST), past every alias or
   * version with provisioned concurrency. Absent: callers invoke the provisioned qualifiers.
   */
  latestShare?: number
  /** The most memory an invocation uses (MB, capped at the memory size). Absent: derived from the seed. */
  maxMemoryUsedMb?: number
  /** Milliseconds extensions keep running after each invoke (PostRuntimeExtensionsDuration); 0 without extensions. */
  postRuntimeMs?: number
}

/**
 * What a layer version does to every function that carries it, declared in the seed so the
 * simulation can show the effect of attaching or detaching it: added to the function's own
 * figures from the moment the layer list changes.
 */
export interface LayerEffects {
  /** Added to each cold start's init duration (ms). */
  initMs?: number
  /** Added to each invocation's duration (ms). */
  durationMs?: number
  /** Added to the fraction of invocations that fail (0–1). */
  errorRate?: number
  /** Added to Max Memory Used (MB). */
  memoryMb?: number
  /** Added to the time extensions run after each invoke (ms). */
  postRuntimeMs?: number
}

/** The versioned part of a function: what PublishVersion freezes. */
export interface FunctionConfig {
  packageType: PackageType
  runtime?: string
  handler?: string
  imageUri?: string
  architectures: Architecture[]
  memorySize: number
  timeout: number
  role: string
  description: string
  codeSize: number
  /** Unzipped bytes; with the layers' it must stay within Lambda's 250 MB. */
  unzippedSize: number
  codeSha256: string
  environment: Record<string, string>
  /** Layer version ARNs, in merge order. */
  layers: string[]
  ephemeralStorageMb: number
  tracingMode: 'Active' | 'PassThrough'
  logFormat: 'JSON' | 'Text'
  logGroup: string
  deadLetterTargetArn?: string
}

export interface PublishedVersion {
  version: string
  config: FunctionConfig
  lastModified: string
  revisionId: string
}

export interface Alias {
  name: string
  functionVersion: string
  description: string
  /** AdditionalVersionWeights: version → weight (0..1). */
  routing?: Record<string, number>
  revisionId: string
}

export interface ProvisionedConcurrencyConfig {
  /** Alias name or version number, as the caller gave it. */
  qualifier: string
  requested: number
  /** What was allocated before the latest change; kept while the new allocation is in progress. */
  previousAllocated: number
  /** Simulated time at which the allocation is complete. */
  readyAt: number
  lastModified: string
}

export interface EventInvokeConfig {
  /** `$LATEST`, a version number or an alias name. */
  qualifier: string
  maximumRetryAttempts?: number
  maximumEventAgeInSeconds?: number
  onSuccess?: string
  onFailure?: string
  /** Epoch milliseconds (simulated). */
  lastModified: number
}

export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  Principal: {Service: string} | {AWS: string}
  Action: string
  Resource: string
  Condition?: Record<string, Record<string, string>>
}

export interface LambdaFunction {
  name: string
  config: FunctionConfig
  lastModified: string
  revisionId: string
  /** Simulated time at which the last configuration update completes (LastUpdateStatus). */
  updateReadyAt: number
  versions: PublishedVersion[]
  aliases: Map<string, Alias>
  /** Reserved concurrency; null when the function draws from the unreserved pool. */
  reserved: number | null
  provisioned: Map<string, ProvisionedConcurrencyConfig>
  eventInvokeConfigs: Map<string, EventInvokeConfig>
  /** Resource policy per qualifier; '' is the unqualified function. */
  policies: Map<string, PolicyStatement[]>
  policyRevisionId: string
  tags: Record<string, string>
  traffic: TrafficProfile
}

export interface LayerVersion {
  /** Layer ARN without the version. */
  layerArn: string
  layerName: string
  version: number
  description: string
  compatibleRuntimes: string[]
  compatibleArchitectures: Architecture[]
  licenseInfo?: string
  codeSize: number
  unzippedSize: number
  codeSha256: string
  createdDate: string
  /** Sandbox only: what the version does to the functions that carry it. */
  effects?: LayerEffects
}

export interface EventSourceMapping {
  uuid: string
  eventSourceArn: string
  functionName: string
  qualifier?: string
  batchSize: number
  maximumBatchingWindowInSeconds: number
  startingPosition?: 'TRIM_HORIZON' | 'LATEST'
  state: 'Enabled' | 'Disabled'
  /** Epoch milliseconds (simulated). */
  lastModified: number
}

export interface AccountSettings {
  accountId: string
  region: string
  concurrencyLimit: number
  /** The unreserved concurrency AWS refuses to let reservations eat into (100 on most accounts). */
  minUnreserved: number
  /** Simulated milliseconds a configuration update stays InProgress. */
  updateLagMs: number
  /** Simulated milliseconds provisioned concurrency stays IN_PROGRESS. */
  provisionLagMs: number
}

/** Resources outside Lambda that exist only so destinations and event sources point at something real. */
export interface OtherResources {
  queues: string[]
  topics: string[]
  eventBuses: string[]
  buckets: string[]
  streams: string[]
  tables: string[]
}

export type ResolvedQualifier = {kind: 'latest'; version: '$LATEST'} | {kind: 'version'; version: string} | {kind: 'alias'; version: string; alias: Alias}

export type UpdateStatus = 'InProgress' | 'Successful'
export type ProvisionedStatus = 'IN_PROGRESS' | 'READY'

export class Account {
  readonly functions = new Map<string, LambdaFunction>()
  /** Keyed by layer ARN (without version); versions in ascending order. */
  readonly layers = new Map<string, LayerVersion[]>()
  readonly eventSourceMappings: EventSourceMapping[] = []
  readonly resources: OtherResources = {queues: [], topics: [], eventBuses: [], buckets: [], streams: [], tables: []}
  private sortedNames: string[] | undefined
  private readonly random: () => number

  constructor(
    readonly settings: AccountSettings,
    readonly clock: SimClock,
    seed = 1,
  ) {
    this.random = seededRandom(seed)
  }

  get id(): string {
    return this.settings.accountId
  }

  get region(): string {
    return this.settings.region
  }

  now(): number {
    return this.clock.now()
  }

  timestamp(): string {
    return lambdaTimestamp(this.clock.now())
  }

  /** UUID-shaped and deterministic for a given seed, so seeded accounts replay identically. */
  newId(): string {
    const hex = Array.from({length: 32}, () => Math.floor(this.random() * 16).toString(16)).join('')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(this.random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  functionArn(name: string, qualifier?: string): string {
    const base = `arn:aws:lambda:${this.region}:${this.id}:function:${name}`
    return qualifier ? `${base}:${qualifier}` : base
  }

  layerArn(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.id}:layer:${name}`
  }

  addFunction(fn: LambdaFunction): void {
    this.functions.set(fn.name, fn)
    this.sortedNames = undefined
  }

  /** Function names in the order ListFunctions pages through them. */
  functionNames(): string[] {
    this.sortedNames ??= [...this.functions.keys()].sort()
    return this.sortedNames
  }

  addLayerVersion(layer: LayerVersion): void {
    const versions = this.layers.get(layer.layerArn) ?? []
    versions.push(layer)
    versions.sort((a, b) => a.version - b.version)
    this.layers.set(layer.layerArn, versions)
  }

  findLayerVersion(layerVersionArn: string): LayerVersion | undefined {
    const cut = layerVersionArn.lastIndexOf(':')
    const version = Number(layerVersionArn.slice(cut + 1))
    return this.layers.get(layerVersionArn.slice(0, cut))?.find((v) => v.version === version)
  }

  resolveQualifier(fn: LambdaFunction, qualifier: string | undefined): ResolvedQualifier | undefined {
    if (qualifier === undefined || qualifier === '' || qualifier === '$LATEST') return {kind: 'latest', version: '$LATEST'}
    if (/^\d+$/.test(qualifier)) return fn.versions.some((v) => v.version === qualifier) ? {kind: 'version', version: qualifier} : undefined
    const alias = fn.aliases.get(qualifier)
    return alias ? {kind: 'alias', version: alias.functionVersion, alias} : undefined
  }

  /** The configuration a qualifier designates: $LATEST's live one, or a published snapshot. */
  configOf(fn: LambdaFunction, version: string): {config: FunctionConfig; lastModified: string; revisionId: string} {
    if (version === '$LATEST') return fn
    return fn.versions.find((v) => v.version === version) ?? fn
  }

  updateStatus(fn: LambdaFunction): UpdateStatus {
    return this.clock.now() < fn.updateReadyAt ? 'InProgress' : 'Successful'
  }

  /** Records a configuration write: new revision, and InProgress for the update lag. */
  markUpdated(fn: LambdaFunction): void {
    fn.lastModified = this.timestamp()
    fn.revisionId = this.newId()
    fn.updateReadyAt = this.clock.now() + this.settings.updateLagMs
  }

  /**
   * A write to the function as a whole that is not a configuration update (reserved concurrency):
   * a new RevisionId, no InProgress period. Being strict here makes clients that cache RevisionId
   * across such writes meet the 412 they would risk on AWS.
   */
  touchRevision(fn: LambdaFunction): void {
    fn.revisionId = this.newId()
  }

  provisionedStatus(cfg: ProvisionedConcurrencyConfig): {status: ProvisionedStatus; allocated: number} {
    return this.clock.now() < cfg.readyAt
      ? {status: 'IN_PROGRESS', allocated: Math.min(cfg.previousAllocated, cfg.requested)}
      : {status: 'READY', allocated: cfg.requested}
  }

  functionProvisioned(fn: LambdaFunction, exceptQualifier?: string): number {
    let total = 0
    for (const cfg of fn.provisioned.values()) if (cfg.qualifier !== exceptQualifier) total += cfg.requested
    return total
  }

  reservedTotal(): number {
    let total = 0
    for (const fn of this.functions.values()) if (fn.reserved !== null) total += fn.reserved
    return total
  }

  provisionedTotal(): number {
    let total = 0
    for (const fn of this.functions.values()) total += this.functionProvisioned(fn)
    return total
  }

  /**
   * What GetAccountSettings reports as UnreservedConcurrentExecutions: the limit minus every
   * reservation, minus provisioned concurrency of functions that have no reservation (theirs is
   * carved out of the shared pool; a reserved function's provisioned concurrency sits inside its
   * reservation and is not counted twice).
   */
  unreserved(): number {
    let taken = 0
    for (const fn of this.functions.values()) taken += fn.reserved ?? this.functionProvisioned(fn)
    return this.settings.concurrencyLimit - taken
  }
}

/** A stable code hash per name, so the same account always shows the same CodeSha256. */
export function codeSha256Of(text: string): string {
  return createHash('sha256').update(text).digest('base64')
}
