// Names, ARNs and qualifiers of Lambda functions and layers, parsed and checked before any call.
import {UserError} from '../errors.js'

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/
const QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]{1,128}))?$/
const PARTIAL_ARN = /^(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]{1,128}))?$/
const LAYER_VERSION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]{1,140}):(\d+)$/
const LAYER_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]{1,140})$/

export interface FunctionRef {
  /** What the user typed. */
  input: string
  name: string
  qualifier?: string
  region?: string
  accountId?: string
  /** Only a full ARN names its partition (aws, aws-cn, aws-us-gov…). */
  partition?: string
}

/** `name`, `name:qualifier`, `123456789012:function:name[:q]` or a full function ARN. */
export function parseFunctionRef(input: string): FunctionRef {
  const arn = FUNCTION_ARN.exec(input)
  if (arn) return {input, name: arn[4], qualifier: arn[5], region: arn[2], accountId: arn[3], partition: arn[1]}
  const partial = PARTIAL_ARN.exec(input)
  if (partial) return {input, name: partial[2], qualifier: partial[3], accountId: partial[1]}
  const [name, qualifier, ...rest] = input.split(':')
  if (rest.length === 0 && FUNCTION_NAME.test(name) && (qualifier === undefined || QUALIFIER.test(qualifier))) {
    return {input, name, qualifier}
  }

  throw new UserError(`"${input}" is not a function name or ARN.`, {
    code: 'BadFunctionName',
    hint: 'Use a name (letters, digits, - and _, up to 64), name:qualifier, or arn:aws:lambda:REGION:ACCOUNT:function:NAME.',
  })
}

export function isValidQualifier(qualifier: string): boolean {
  return QUALIFIER.test(qualifier)
}

export interface LayerVersionRef {
  arn: string
  /** The layer ARN without the version: what identifies "the same layer". */
  layerArn: string
  version: number
  region: string
  partition: string
}

export function parseLayerVersionArn(input: string): LayerVersionRef {
  const match = LAYER_VERSION_ARN.exec(input)
  if (!match) {
    throw new UserError(`"${input}" is not a layer version ARN.`, {
      code: 'BadLayerArn',
      hint: 'Expected arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION (the version is required to attach).',
    })
  }

  return {arn: input, layerArn: input.slice(0, input.lastIndexOf(':')), version: Number(match[5]), region: match[2], partition: match[1]}
}

/** A layer ARN with or without a version; detaching removes every version of it. */
export function parseLayerArn(input: string): {layerArn: string; region: string; partition: string} {
  const versioned = LAYER_VERSION_ARN.exec(input)
  if (versioned) return {layerArn: input.slice(0, input.lastIndexOf(':')), region: versioned[2], partition: versioned[1]}
  const plain = LAYER_ARN.exec(input)
  if (plain) return {layerArn: input, region: plain[2], partition: plain[1]}
  throw new UserError(`"${input}" is not a layer ARN.`, {
    code: 'BadLayerArn',
    hint: 'Expected arn:aws:lambda:REGION:ACCOUNT:layer:NAME (a :VERSION suffix is accepted and ignored).',
  })
}

/** The layer ARN (no version) of a layer version ARN as a function's configuration lists it. */
export function layerOf(layerVersionArn: string): string {
  return LAYER_VERSION_ARN.test(layerVersionArn) ? layerVersionArn.slice(0, layerVersionArn.lastIndexOf(':')) : layerVersionArn
}

/**
 * The partition a region belongs to. AWS partitions are separate clouds (own accounts, own
 * credentials): an ARN of another partition can never name something lx may touch from here.
 */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('us-isof-')) return 'aws-iso-f'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  return 'aws'
}

/** A region of each partition, for hints. */
const PARTITION_EXAMPLE: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-eusc': 'eusc-de-east-1',
}

/** Refuse an ARN of a partition other than the region in effect's (exit 2, before any call). */
export function checkPartition(partition: string, region: string, what: string): void {
  const here = partitionOfRegion(region)
  if (partition === here) return
  const example = PARTITION_EXAMPLE[partition]
  if (!example) {
    throw new UserError(`${what} names "${partition}", which is not an AWS partition.`, {
      code: 'PartitionMismatch',
      hint: `ARNs in ${region} start arn:${here}:.`,
    })
  }

  throw new UserError(`${what} is in the ${partition} partition, but lx is working in ${region} (partition ${here}).`, {
    code: 'PartitionMismatch',
    hint: `Give an arn:${here}:… ARN, or work in ${partition}: --region ${example} with credentials for that partition.`,
  })
}
