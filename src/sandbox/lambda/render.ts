// Account model → Lambda output shapes. Members AWS omits when empty are omitted here too: clients
// written against the real service must cope with their absence.

import {createHash} from 'node:crypto'

import type {
  Account,
  Alias,
  EventInvokeConfig,
  EventSourceMapping,
  FunctionConfig,
  LambdaFunction,
  LayerVersion,
  ProvisionedConcurrencyConfig,
} from '../account.js'

type Shape = Record<string, unknown>

export interface ConfigurationView {
  /** The qualifier as the caller used it (alias or version), for FunctionArn. */
  qualifier?: string
  /** The version whose configuration is shown. */
  version: string
}

/** FunctionConfiguration. `forList` drops the members ListFunctions does not return. */
export function functionConfiguration(account: Account, fn: LambdaFunction, view: ConfigurationView, forList = false): Shape {
  const {config, lastModified, revisionId} = account.configOf(fn, view.version)
  const arnQualifier = view.qualifier ?? (view.version === '$LATEST' ? undefined : view.version)
  const shape: Shape = {
    FunctionName: fn.name,
    FunctionArn: account.functionArn(fn.name, arnQualifier),
    ...(config.runtime ? {Runtime: config.runtime} : {}),
    Role: config.role,
    ...(config.handler ? {Handler: config.handler} : {}),
    CodeSize: config.packageType === 'Image' ? 0 : config.codeSize,
    Description: config.description,
    Timeout: config.timeout,
    MemorySize: config.memorySize,
    LastModified: lastModified,
    CodeSha256: config.codeSha256,
    Version: view.version,
    ...(Object.keys(config.environment).length > 0 ? {Environment: {Variables: {...config.environment}}} : {}),
    TracingConfig: {Mode: config.tracingMode},
    RevisionId: revisionId,
    ...(config.layers.length > 0 ? {Layers: config.layers.map((arn) => layerReference(account, arn))} : {}),
    ...(config.deadLetterTargetArn ? {DeadLetterConfig: {TargetArn: config.deadLetterTargetArn}} : {}),
    PackageType: config.packageType,
    Architectures: [...config.architectures],
    EphemeralStorage: {Size: config.ephemeralStorageMb},
    SnapStart: {ApplyOn: 'None', OptimizationStatus: 'Off'},
    LoggingConfig: {LogFormat: config.logFormat, LogGroup: config.logGroup},
  }
  if (!forList) {
    const inProgress = view.version === '$LATEST' && account.updateStatus(fn) === 'InProgress'
    Object.assign(shape, {
      State: 'Active',
      LastUpdateStatus: inProgress ? 'InProgress' : 'Successful',
      ...(inProgress ? {LastUpdateStatusReason: 'The function is being updated.', LastUpdateStatusReasonCode: 'Updating'} : {}),
      ...(config.runtime ? {RuntimeVersionConfig: {RuntimeVersionArn: runtimeVersionArn(account, config)}} : {}),
    })
  }
  return shape
}

function runtimeVersionArn(account: Account, config: FunctionConfig): string {
  return `arn:aws:lambda:${account.region}::runtime:${createHash('sha256')
    .update(config.runtime ?? '')
    .digest('hex')}`
}

function layerReference(account: Account, arn: string): Shape {
  const layer = account.findLayerVersion(arn)
  return {Arn: arn, CodeSize: layer?.codeSize ?? 0}
}

export function codeLocation(account: Account, fn: LambdaFunction, version: string): Shape {
  const {config} = account.configOf(fn, version)
  if (config.packageType === 'Image') {
    return {
      RepositoryType: 'ECR',
      ImageUri: config.imageUri,
      ResolvedImageUri: `${config.imageUri?.split(':')[0]}@sha256:${Buffer.from(config.codeSha256, 'base64').toString('hex')}`,
    }
  }
  const bucket = `awslambda-${account.region}-tasks`
  return {
    RepositoryType: 'S3',
    Location: `https://${bucket}.s3.${account.region}.amazonaws.com/snapshots/${account.id}/${fn.name}-${encodeURIComponent(config.codeSha256)}?X-Amz-Security-Token=sandbox&X-Amz-Expires=600`,
  }
}

export function aliasConfiguration(account: Account, fn: LambdaFunction, alias: Alias): Shape {
  return {
    AliasArn: account.functionArn(fn.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(alias.routing && Object.keys(alias.routing).length > 0 ? {RoutingConfig: {AdditionalVersionWeights: {...alias.routing}}} : {}),
    RevisionId: alias.revisionId,
  }
}

export function layerVersionListItem(layer: LayerVersion): Shape {
  return {
    LayerVersionArn: `${layer.layerArn}:${layer.version}`,
    Version: layer.version,
    Description: layer.description,
    CreatedDate: layer.createdDate,
    ...(layer.compatibleRuntimes.length > 0 ? {CompatibleRuntimes: [...layer.compatibleRuntimes]} : {}),
    ...(layer.licenseInfo ? {LicenseInfo: layer.licenseInfo} : {}),
    ...(layer.compatibleArchitectures.length > 0 ? {CompatibleArchitectures: [...layer.compatibleArchitectures]} : {}),
  }
}

export function layerVersion(layer: LayerVersion): Shape {
  return {
    Content: {
      Location: `https://prod-04-2014-layers.s3.us-east-1.amazonaws.com/snapshots/${layer.layerArn.split(':')[4]}/${layer.layerName}-${layer.version}?X-Amz-Security-Token=sandbox`,
      CodeSha256: layer.codeSha256,
      CodeSize: layer.codeSize,
    },
    LayerArn: layer.layerArn,
    ...layerVersionListItem(layer),
  }
}

export function provisionedConcurrency(account: Account, cfg: ProvisionedConcurrencyConfig): Shape {
  const {status, allocated} = account.provisionedStatus(cfg)
  return {
    RequestedProvisionedConcurrentExecutions: cfg.requested,
    AvailableProvisionedConcurrentExecutions: allocated,
    AllocatedProvisionedConcurrentExecutions: allocated,
    Status: status,
    LastModified: cfg.lastModified,
  }
}

export function eventInvokeConfig(account: Account, fn: LambdaFunction, cfg: EventInvokeConfig): Shape {
  const destinations: Shape = {}
  if (cfg.onSuccess) destinations.OnSuccess = {Destination: cfg.onSuccess}
  if (cfg.onFailure) destinations.OnFailure = {Destination: cfg.onFailure}
  return {
    // restJson1 timestamps travel as epoch seconds.
    LastModified: cfg.lastModified / 1000,
    FunctionArn: account.functionArn(fn.name, cfg.qualifier),
    ...(cfg.maximumRetryAttempts === undefined ? {} : {MaximumRetryAttempts: cfg.maximumRetryAttempts}),
    ...(cfg.maximumEventAgeInSeconds === undefined ? {} : {MaximumEventAgeInSeconds: cfg.maximumEventAgeInSeconds}),
    DestinationConfig: destinations,
  }
}

export function eventSourceMapping(account: Account, mapping: EventSourceMapping): Shape {
  return {
    UUID: mapping.uuid,
    ...(mapping.startingPosition ? {StartingPosition: mapping.startingPosition} : {}),
    BatchSize: mapping.batchSize,
    MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowInSeconds,
    EventSourceArn: mapping.eventSourceArn,
    FunctionArn: account.functionArn(mapping.functionName, mapping.qualifier),
    LastModified: mapping.lastModified / 1000,
    ...(mapping.startingPosition ? {LastProcessingResult: 'OK'} : {}),
    State: mapping.state,
    StateTransitionReason: 'USER_INITIATED',
    ...(mapping.startingPosition ? {ParallelizationFactor: 1, MaximumRecordAgeInSeconds: -1, BisectBatchOnFunctionError: false, MaximumRetryAttempts: -1} : {}),
    FunctionResponseTypes: [],
    EventSourceMappingArn: `arn:aws:lambda:${account.region}:${account.id}:event-source-mapping:${mapping.uuid}`,
  }
}
