// Destination ARNs of asynchronous invocation, checked before any call: only SQS queues, SNS
// topics, Lambda functions and EventBridge buses (and S3 buckets, on failure only) receive
// events; FIFO queues and topics accept the configuration but every delivery to them fails, so
// lx refuses them up front. Pure.
import {checkPartition, partitionOfRegion} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'

export type DestinationSide = 'onSuccess' | 'onFailure'

export interface DestinationRef {
  arn: string
  /** aws, aws-cn, aws-us-gov…: must be the partition of the region lx works in. */
  partition: string
  service: 'sqs' | 'sns' | 'lambda' | 'events' | 's3'
  /** Empty for S3 buckets, whose ARNs carry no region. */
  region: string
  accountId: string
  /** Queue, topic, function, bus or bucket name. */
  name: string
  /** For a Lambda destination with a version or alias. */
  qualifier?: string
}

export const MAX_DESTINATION_ARN_LENGTH = 350

const KIND: Record<DestinationRef['service'], string> = {
  sqs: 'SQS queue',
  sns: 'SNS topic',
  lambda: 'Lambda function',
  events: 'EventBridge bus',
  s3: 'S3 bucket',
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/
const QUEUE_OR_TOPIC = /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/
const FUNCTION = /^function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/
const BUS = /^event-bus\/([A-Za-z0-9._\-/]{1,256})$/
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

const SIDE_FLAG: Record<DestinationSide, string> = {onSuccess: '--on-success', onFailure: '--on-failure'}
const EXAMPLE = 'e.g. arn:aws:sqs:us-east-1:123456789012:failed-events'

export function kindOf(ref: DestinationRef): string {
  return KIND[ref.service]
}

function bad(
  side: DestinationSide,
  input: string,
  why: string,
  hint = `Give an SQS queue, SNS topic, Lambda function or EventBridge bus ARN (${EXAMPLE}).`,
): UserError {
  return new UserError(`${SIDE_FLAG[side]} "${input.length > 80 ? `${input.slice(0, 77)}...` : input}" ${why}`, {code: 'BadDestination', hint})
}

/** Parse and check a destination ARN for one side; throws a UserError naming the flag. */
export function parseDestinationArn(input: string, side: DestinationSide): DestinationRef {
  const arn = input.trim()
  if (arn.length > MAX_DESTINATION_ARN_LENGTH) {
    throw bad(side, arn, `is ${arn.length} characters long; AWS accepts at most ${MAX_DESTINATION_ARN_LENGTH}.`, 'Check that the value is a single ARN.')
  }

  const match = ARN.exec(arn)
  if (!match) throw bad(side, arn, 'is not an ARN.')
  const [, partition, service, region, accountId, resource] = match
  if (region && REGION.test(region) && partitionOfRegion(region) !== partition) {
    throw bad(side, arn, `names region ${region}, which is not in the ${partition} partition.`, `ARNs in ${region} start arn:${partitionOfRegion(region)}:.`)
  }

  switch (service) {
    case 's3': {
      if (side === 'onSuccess') {
        throw bad(
          side,
          arn,
          'is an S3 bucket; S3 buckets receive failed events only.',
          'Use it with --on-failure, or give an SQS, SNS, Lambda or EventBridge ARN for --on-success.',
        )
      }

      if (region || accountId || !BUCKET.test(resource))
        throw bad(side, arn, 'is not an S3 bucket ARN.', 'Expected arn:aws:s3:::BUCKET (no region, no account, no key).')
      return {arn, partition, service, region: '', accountId: '', name: resource}
    }

    case 'sqs':
    case 'sns': {
      requireRegionAndAccount(side, arn, region, accountId)
      if (!QUEUE_OR_TOPIC.test(resource)) throw bad(side, arn, `is not an ${KIND[service]} ARN.`)
      if (resource.endsWith('.fifo')) {
        throw bad(
          side,
          arn,
          `is a FIFO ${service === 'sqs' ? 'queue' : 'topic'}; Lambda cannot deliver asynchronous results to FIFO ${service === 'sqs' ? 'queues' : 'topics'}.`,
          `Use a standard ${service === 'sqs' ? 'queue' : 'topic'}.`,
        )
      }

      return {arn, partition, service, region, accountId, name: resource}
    }

    case 'lambda': {
      requireRegionAndAccount(side, arn, region, accountId)
      const fn = FUNCTION.exec(resource)
      if (!fn) throw bad(side, arn, 'is not a Lambda function ARN.', 'Expected arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS].')
      return {arn, partition, service, region, accountId, name: fn[1], ...(fn[2] ? {qualifier: fn[2]} : {})}
    }

    case 'events': {
      requireRegionAndAccount(side, arn, region, accountId)
      const bus = BUS.exec(resource)
      if (!bus) throw bad(side, arn, 'is not an EventBridge bus ARN.', 'Expected arn:aws:events:REGION:ACCOUNT:event-bus/NAME (a bus, not a rule).')
      return {arn, partition, service, region, accountId, name: bus[1]}
    }

    default: {
      throw bad(
        side,
        arn,
        `is a ${service} ARN; Lambda sends asynchronous results only to SQS, SNS, Lambda or EventBridge${side === 'onFailure' ? ' (or S3 on failure)' : ''}.`,
      )
    }
  }
}

function requireRegionAndAccount(side: DestinationSide, arn: string, region: string, accountId: string): void {
  if (!REGION.test(region) || !accountId) throw bad(side, arn, 'is missing its region or account id.')
}

/** A destination ARN's short form for one-line plans: `sqs:failed-events`, `lambda:audit:live`. */
export function shortDestination(arn: string): string {
  const match = ARN.exec(arn)
  if (!match) return arn
  const [, , service, , , resource] = match
  if (service === 'lambda') return `lambda:${resource.replace(/^function:/, '')}`
  if (service === 'events') return `events:${resource.replace(/^event-bus\//, '')}`
  return `${service}:${resource}`
}

/**
 * Refuse a destination of another partition (exit 2, before any call): Lambda cannot deliver
 * across partitions, and such an ARN means the wrong cloud was named.
 */
export function checkDestinationPartitions(destinations: Array<DestinationRef & {side: DestinationSide}>, region: string): void {
  for (const ref of destinations) checkPartition(ref.partition, region, `${SIDE_FLAG[ref.side]} ${ref.arn}`)
}

const OWN_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)/

/**
 * Whether a Lambda destination is the function itself (any qualifier): an endless loop. The same
 * name in another account or region is another function.
 */
export function isSelf(ref: DestinationRef, functionArn: string): boolean {
  if (ref.service !== 'lambda') return false
  const own = OWN_ARN.exec(functionArn)
  if (!own) return false
  return own[1] === ref.partition && own[2] === ref.region && own[3] === ref.accountId && own[4] === ref.name
}

/** The account of a function ARN (as Lambda returned it), e.g. to compare a destination's with it. */
export function accountOfFunctionArn(functionArn: string): string | undefined {
  return OWN_ARN.exec(functionArn)?.[3]
}
