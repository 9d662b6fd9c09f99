import assert from 'node:assert/strict'

import {checkSameAccount} from '../../src/aws/account-check.js'
import {AwsContext} from '../../src/aws/aws-context.js'
import {checkPartition, parseFunctionRef, partitionOfRegion} from '../../src/aws/lambda-arn.js'
import {UserError} from '../../src/errors.js'
import {checkRefsAccount, checkRefsRegion, namesAnAccount} from '../../src/select/ref-scope.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'

function userError(code: string, message: RegExp) {
  return (error: unknown) => error instanceof UserError && error.exitCode === 2 && error.code === code && message.test(error.message)
}

describe('account and partition checks', () => {
  it('checkSameAccount passes the same account and names both otherwise', () => {
    checkSameAccount('123456789012', '123456789012', 'anything')
    assert.throws(
      () => checkSameAccount('999999999999', '123456789012', 'Journal entry 20261206-101500-abcd'),
      userError('AccountMismatch', /^Journal entry 20261206-101500-abcd is in account 999999999999, but lx is working in account 123456789012/),
    )
    assert.throws(
      () => checkSameAccount('1', '2', 'x', 'Use --profile prod.'),
      (error: unknown) => (error as UserError).hint === 'Use --profile prod.',
    )
  })

  it('knows the partition of each region', () => {
    const cases: Array<[string, string]> = [
      ['us-east-1', 'aws'],
      ['eu-west-1', 'aws'],
      ['cn-north-1', 'aws-cn'],
      ['cn-northwest-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
      ['us-iso-east-1', 'aws-iso'],
      ['us-isob-east-1', 'aws-iso-b'],
    ]
    for (const [region, partition] of cases) assert.equal(partitionOfRegion(region), partition, region)
  })

  it('accepts an ARN of the partition in effect, refuses another and an unknown one', () => {
    checkPartition('aws-cn', 'cn-north-1', 'x')
    checkPartition('aws-us-gov', 'us-gov-east-1', 'x')
    const mismatch = (message: RegExp) => userError('PartitionMismatch', message)
    assert.throws(() => checkPartition('aws-cn', 'us-east-1', 'arn:aws-cn:…'), mismatch(/aws-cn partition, but lx is working in us-east-1 \(partition aws\)/))
    assert.throws(() => checkPartition('aws', 'cn-north-1', 'arn:aws:…'), mismatch(/aws partition, but lx is working in cn-north-1 \(partition aws-cn\)/))
    assert.throws(() => checkPartition('awsx', 'us-east-1', 'arn:awsx:…'), userError('PartitionMismatch', /"awsx", which is not an AWS partition/))
  })

  it('checks function references: partition and region without a call, the account only when one is named', () => {
    const refs = ['orders', 'orders:live', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:orders'].map((input) => parseFunctionRef(input))
    checkRefsRegion(refs, 'cn-north-1')
    assert.throws(() => checkRefsRegion(refs, 'us-east-1'), userError('PartitionMismatch', /aws-cn partition/))
    const elsewhere = [parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:x')]
    assert.throws(() => checkRefsRegion(elsewhere, 'us-east-1'), userError('RegionMismatch', /eu-west-1, but lx is working in us-east-1/))
    assert.equal(namesAnAccount([parseFunctionRef('orders'), parseFunctionRef('orders:7')]), false)
    assert.equal(namesAnAccount([parseFunctionRef('999999999999:function:orders')]), true)
    checkRefsAccount(refs, '123456789012')
    const other = userError('AccountMismatch', /in account 123456789012, but lx is working in account 210987654321/)
    assert.throws(() => checkRefsAccount(refs, '210987654321'), other)
  })

  it('AwsContext.accountId() asks STS once and remembers the answer', async () => {
    const sts = serveCallerIdentity('210987654321', {times: 1})
    const aws = new AwsContext({version: '0.0.0-test'})
    try {
      const answers = await Promise.all([aws.accountId(), aws.accountId()])
      assert.deepEqual(answers, ['210987654321', '210987654321'])
      assert.equal(await aws.accountId(), '210987654321')
      assert.ok(sts.isDone())
    } finally {
      aws.destroy()
    }
  })
})
