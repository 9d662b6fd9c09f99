// Destination ARNs against the partition and account lx works in.
import assert from 'node:assert/strict'

import {checkDestinationPartitions, isSelf, parseDestinationArn} from '../../src/destinations/destination-arn.js'
import {planDestinations, validateSetRequest} from '../../src/destinations/plan-destinations.js'
import {UserError} from '../../src/errors.js'
import {ACCOUNT as HERE} from '../helpers/aws-ids.js'

const OTHER = '999999999999'
const fnArn = (name: string, account = HERE) => `arn:aws:lambda:us-east-1:${account}:function:${name}`

describe('destination ARNs: partition and account', () => {
  it('carry their partition; a region of another partition in the ARN is refused', () => {
    assert.equal(parseDestinationArn(`arn:aws-cn:sqs:cn-north-1:${HERE}:dlq`, 'onFailure').partition, 'aws-cn')
    assert.equal(parseDestinationArn('arn:aws-us-gov:s3:::failed-events', 'onFailure').partition, 'aws-us-gov')
    assert.throws(
      () => parseDestinationArn(`arn:aws:sqs:cn-north-1:${HERE}:dlq`, 'onFailure'),
      (error: unknown) => error instanceof UserError && /names region cn-north-1, which is not in the aws partition/.test(error.message),
    )
  })

  it('a destination of another partition than the region in effect is refused naming the flag', () => {
    const {destinations} = validateSetRequest({'on-success': `arn:aws-us-gov:sns:us-gov-west-1:${HERE}:done`})
    checkDestinationPartitions(destinations, 'us-gov-west-1')
    assert.throws(
      () => checkDestinationPartitions(destinations, 'us-east-1'),
      (error: unknown) =>
        error instanceof UserError &&
        error.code === 'PartitionMismatch' &&
        /^--on-success arn:aws-us-gov:sns:.* is in the aws-us-gov partition/.test(error.message),
    )
  })

  it('the function itself is a loop; the same name in another account or partition is another function', () => {
    const self = parseDestinationArn(fnArn('email-sender', HERE), 'onFailure')
    const other = parseDestinationArn(fnArn('email-sender', OTHER), 'onFailure')
    assert.equal(isSelf(self, fnArn('email-sender')), true)
    assert.equal(isSelf(other, fnArn('email-sender')), false)
    assert.equal(isSelf(self, `arn:aws-cn:lambda:us-east-1:${HERE}:function:email-sender`), false)
  })

  it('a destination in another account is planned with a warning naming both accounts', () => {
    const validated = validateSetRequest({'on-failure': fnArn('email-sender', OTHER)})
    const plan = planDestinations([{functionName: 'email-sender', functionArn: fnArn('email-sender'), current: {config: null}}], validated.request, {
      region: 'us-east-1',
      named: true,
      destinations: validated.destinations,
    })
    assert.equal(plan.changes.length, 1)
    assert.deepEqual(plan.warnings, [
      `The Lambda function ${fnArn('email-sender', OTHER)} is in account ${OTHER}, not ${HERE} where the functions are: ` + 'is that the account you mean?',
    ])
  })

  it('a destination of its own account gets no such warning', () => {
    const validated = validateSetRequest({'on-failure': `arn:aws:sqs:us-east-1:${HERE}:dlq`})
    const targets = [{functionName: 'a', functionArn: fnArn('a'), current: {config: null}}]
    const plan = planDestinations(targets, validated.request, {region: 'us-east-1', named: true, destinations: validated.destinations})
    assert.deepEqual(plan.warnings, [])
  })
})
