import assert from 'node:assert/strict'

import {triggersFromPolicy} from '../../src/triggers/parse-policy.js'

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f'
const policy = (...statements: unknown[]) => JSON.stringify({Version: '2012-10-17', Id: 'default', Statement: statements})

describe('triggersFromPolicy', () => {
  it('reads service principals and their AWS:SourceArn condition', () => {
    const text = policy(
      {
        Sid: 's3',
        Effect: 'Allow',
        Principal: {Service: 's3.amazonaws.com'},
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: {ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::uploads'}},
      },
      {
        Sid: 'api',
        Effect: 'Allow',
        Principal: {Service: 'apigateway.amazonaws.com'},
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: {ArnLike: {'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/x'}},
      },
    )
    assert.deepEqual(triggersFromPolicy(text), [
      {source: 'S3', arn: 'arn:aws:s3:::uploads', mode: 'async'},
      {source: 'API Gateway', arn: 'arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/x', mode: 'sync'},
    ])
  })

  it('accepts a single statement, principal lists, source ARN lists, any condition operator and key case', () => {
    const text = JSON.stringify({
      Statement: {
        Effect: 'Allow',
        Principal: {Service: ['sns.amazonaws.com']},
        Action: ['lambda:InvokeFunction'],
        Condition: {ArnEquals: {'aws:sourcearn': ['arn:aws:sns:us-east-1:123456789012:a', 'arn:aws:sns:us-east-1:123456789012:b']}},
      },
    })
    assert.deepEqual(triggersFromPolicy(text), [
      {source: 'SNS', arn: 'arn:aws:sns:us-east-1:123456789012:a', mode: 'async'},
      {source: 'SNS', arn: 'arn:aws:sns:us-east-1:123456789012:b', mode: 'async'},
    ])
  })

  it('marks a permission without a source ARN with *, and drops duplicates', () => {
    const statement = {Effect: 'Allow', Principal: {Service: 'events.amazonaws.com'}, Action: 'lambda:InvokeFunction'}
    assert.deepEqual(triggersFromPolicy(policy(statement, {...statement, Sid: 'again'})), [{source: 'EventBridge', arn: '*', mode: 'async'}])
  })

  it('ignores Deny statements and actions that do not invoke', () => {
    const text = policy(
      {Effect: 'Deny', Principal: {Service: 's3.amazonaws.com'}, Action: 'lambda:InvokeFunction'},
      {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::210987654321:root'}, Action: 'lambda:GetFunction'},
    )
    assert.deepEqual(triggersFromPolicy(text), [])
  })

  it('recognises function URLs and cross-account invokers', () => {
    const text = policy(
      {Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: FN, Condition: {StringEquals: {'lambda:FunctionUrlAuthType': 'NONE'}}},
      {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::210987654321:root'}, Action: 'lambda:InvokeFunction', Resource: FN},
    )
    assert.deepEqual(triggersFromPolicy(text), [
      {source: 'Function URL', arn: '*', mode: 'sync'},
      {source: 'account 210987654321', arn: '*', mode: 'sync'},
    ])
  })

  it('returns nothing for no policy or a policy that is not JSON', () => {
    assert.deepEqual(triggersFromPolicy(undefined), [])
    assert.deepEqual(triggersFromPolicy('not json'), [])
  })
})
