import assert from 'node:assert/strict'

import {isSelf, parseDestinationArn, shortDestination} from '../../src/destinations/destination-arn.js'
import {validateQualifier, validateRemoveRequest, validateSetRequest} from '../../src/destinations/plan-destinations.js'
import {UserError} from '../../src/errors.js'
import {ACCOUNT} from '../helpers/aws-ids.js'

const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:failed-events`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:audit:live`
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`
const BUCKET = 'arn:aws:s3:::failed-events-archive'

function refused(call: () => unknown, pattern: RegExp): void {
  assert.throws(call, (error: unknown) => {
    assert.ok(error instanceof UserError, `a UserError (exit 2), got ${String(error)}`)
    assert.equal(error.exitCode, 2)
    assert.match(error.message, pattern)
    return true
  })
}

describe('destination ARN checks', () => {
  const accepted: Array<[arn: string, side: 'onSuccess' | 'onFailure', service: string, name: string]> = [
    [QUEUE, 'onFailure', 'sqs', 'failed-events'],
    [TOPIC, 'onSuccess', 'sns', 'alerts'],
    [FUNCTION, 'onSuccess', 'lambda', 'audit'],
    [BUS, 'onFailure', 'events', 'orders'],
    [BUCKET, 'onFailure', 's3', 'failed-events-archive'],
    [`arn:aws-us-gov:sqs:us-gov-west-1:${ACCOUNT}:q`, 'onFailure', 'sqs', 'q'],
  ]
  for (const [arn, side, service, name] of accepted) {
    it(`accepts ${service} ${name} for ${side}`, () => {
      const ref = parseDestinationArn(arn, side)
      assert.equal(ref.service, service)
      assert.equal(ref.name, name)
    })
  }

  const rejected: Array<[what: string, arn: string, side: 'onSuccess' | 'onFailure', message: RegExp]> = [
    ['not an ARN', 'failed-events', 'onFailure', /--on-failure "failed-events" is not an ARN/],
    [
      'an unsupported service',
      `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`,
      'onFailure',
      /kinesis ARN; Lambda sends asynchronous results only to SQS, SNS, Lambda or EventBridge \(or S3 on failure\)/,
    ],
    ['a DynamoDB table', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t`, 'onSuccess', /dynamodb ARN/],
    ['S3 on success', BUCKET, 'onSuccess', /S3 buckets receive failed events only/],
    ['an S3 object, not a bucket', 'arn:aws:s3:::bucket/key', 'onFailure', /not an S3 bucket ARN/],
    ['a FIFO queue', `arn:aws:sqs:us-east-1:${ACCOUNT}:invoices.fifo`, 'onFailure', /FIFO queue/],
    ['a FIFO topic', `arn:aws:sns:us-east-1:${ACCOUNT}:events.fifo`, 'onSuccess', /FIFO topic/],
    ['an EventBridge rule', `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`, 'onFailure', /not an EventBridge bus ARN/],
    ['a queue without region', `arn:aws:sqs::${ACCOUNT}:q`, 'onFailure', /missing its region or account/],
    ['a layer, not a function', `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:l:1`, 'onFailure', /not a Lambda function ARN/],
    ['an ARN over 350 characters', `arn:aws:sqs:us-east-1:${ACCOUNT}:${'q'.repeat(330)}`, 'onFailure', /characters long; AWS accepts at most 350/],
  ]
  for (const [what, arn, side, message] of rejected) {
    it(`refuses ${what}`, () => refused(() => parseDestinationArn(arn, side), message))
  }

  it('recognises the function itself as destination, whatever the qualifier', () => {
    const own = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:audit`
    assert.equal(isSelf(parseDestinationArn(FUNCTION, 'onSuccess'), own), true)
    assert.equal(isSelf(parseDestinationArn(`${own}`, 'onFailure'), own), true)
    assert.equal(isSelf(parseDestinationArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:audit-2`, 'onFailure'), own), false)
    assert.equal(isSelf(parseDestinationArn(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:audit`, 'onFailure'), own), false)
    assert.equal(isSelf(parseDestinationArn(QUEUE, 'onFailure'), own), false)
  })

  it('shortens ARNs for one-line plans', () => {
    assert.equal(shortDestination(QUEUE), 'sqs:failed-events')
    assert.equal(shortDestination(FUNCTION), 'lambda:audit:live')
    assert.equal(shortDestination(BUS), 'events:orders')
    assert.equal(shortDestination(BUCKET), 's3:failed-events-archive')
  })
})

describe('destinations flags', () => {
  it('set: takes only what is given', () => {
    assert.deepEqual(validateSetRequest({'on-failure': QUEUE}).request, {type: 'set', settings: {onFailure: QUEUE}})
    assert.deepEqual(validateSetRequest({'max-retries': '0', 'max-event-age': '21600'}).request, {
      type: 'set',
      settings: {maximumRetryAttempts: 0, maximumEventAgeInSeconds: 21_600},
    })
    assert.deepEqual(
      validateSetRequest({'on-success': TOPIC, 'on-failure': BUCKET}).destinations.map((ref) => [ref.side, ref.service]),
      [
        ['onSuccess', 'sns'],
        ['onFailure', 's3'],
      ],
    )
  })

  const badNumbers: Array<[flag: 'max-retries' | 'max-event-age', value: string]> = [
    ['max-retries', '3'],
    ['max-retries', '-1'],
    ['max-retries', '1.5'],
    ['max-retries', 'two'],
    ['max-retries', ''],
    ['max-event-age', '59'],
    ['max-event-age', '21601'],
    ['max-event-age', '3600.0'],
    ['max-event-age', '1e3'],
  ]
  for (const [flag, value] of badNumbers) {
    it(`set: refuses --${flag} "${value}"`, () => refused(() => validateSetRequest({[flag]: value}), new RegExp(`--${flag} must be a whole number from`)))
  }

  it('set: refuses nothing to set', () => refused(() => validateSetRequest({}), /Nothing to set/))

  it('remove: one side, both sides, or the whole config', () => {
    assert.deepEqual(validateRemoveRequest({'on-success': true}), {type: 'remove', sides: ['onSuccess']})
    assert.deepEqual(validateRemoveRequest({'on-success': true, 'on-failure': true}), {type: 'remove', sides: ['onSuccess', 'onFailure']})
    assert.deepEqual(validateRemoveRequest({}), {type: 'remove', sides: []})
  })

  it('qualifier: $LATEST is the unqualified config; junk is refused', () => {
    assert.equal(validateQualifier(undefined), undefined)
    assert.equal(validateQualifier('$LATEST'), undefined)
    assert.equal(validateQualifier('live'), 'live')
    refused(() => validateQualifier('bad qualifier'), /not an alias name or version/)
  })
})
