import assert from 'node:assert/strict'

import {classifyEventSource, classifyPrincipal} from '../../src/triggers/trigger-modes.js'

describe('trigger modes', () => {
  const principals: Array<[principal: string, sourceArn: string | undefined, source: string, mode: 'sync' | 'async']> = [
    ['s3.amazonaws.com', 'arn:aws:s3:::uploads', 'S3', 'async'],
    ['sns.amazonaws.com', undefined, 'SNS', 'async'],
    ['events.amazonaws.com', 'arn:aws:events:us-east-1:123456789012:rule/nightly', 'EventBridge', 'async'],
    ['ses.amazonaws.com', undefined, 'SES', 'async'],
    ['logs.amazonaws.com', undefined, 'CloudWatch Logs', 'async'],
    ['logs.eu-west-1.amazonaws.com', undefined, 'CloudWatch Logs', 'async'],
    ['iot.amazonaws.com', undefined, 'IoT', 'async'],
    ['codecommit.amazonaws.com', undefined, 'CodeCommit', 'async'],
    ['config.amazonaws.com', undefined, 'Config', 'async'],
    ['cloudformation.amazonaws.com', undefined, 'CloudFormation', 'async'],
    ['apigateway.amazonaws.com', 'arn:aws:execute-api:us-east-1:123456789012:abc/*', 'API Gateway', 'sync'],
    ['elasticloadbalancing.amazonaws.com', undefined, 'ALB', 'sync'],
    ['cognito-idp.amazonaws.com', undefined, 'Cognito', 'sync'],
    ['lexv2.amazonaws.com', undefined, 'Lex', 'sync'],
    ['alexa-appkit.amazon.com', undefined, 'Alexa', 'sync'],
    ['cloudfront.amazonaws.com', undefined, 'CloudFront', 'sync'],
    ['edgelambda.amazonaws.com', undefined, 'CloudFront', 'sync'],
    ['states.amazonaws.com', undefined, 'Step Functions', 'sync'],
    // Principal `*` narrowed by a source ARN: the ARN's service decides.
    ['*', 'arn:aws:sns:us-east-1:123456789012:topic', 'SNS', 'async'],
    ['*', 'arn:aws:execute-api:us-east-1:123456789012:abc/*', 'API Gateway', 'sync'],
    // Unknown services are taken as asynchronous; accounts call Invoke themselves (sync default).
    ['newservice.amazonaws.com', undefined, 'newservice', 'async'],
    ['arn:aws:iam::210987654321:root', undefined, 'account 210987654321', 'sync'],
    ['210987654321', undefined, 'account 210987654321', 'sync'],
  ]
  for (const [principal, sourceArn, source, mode] of principals) {
    it(`${principal}${sourceArn ? ` (${sourceArn.split(':')[2]})` : ''} → ${source}, ${mode}`, () => {
      assert.deepEqual(classifyPrincipal(principal, sourceArn), {source, mode})
    })
  }

  const sources: Array<[arn: string | undefined, source: string]> = [
    ['arn:aws:sqs:us-east-1:123456789012:jobs', 'SQS'],
    ['arn:aws:kinesis:us-east-1:123456789012:stream/clicks', 'Kinesis'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000', 'DynamoDB'],
    ['arn:aws:kafka:us-east-1:123456789012:cluster/c/abc', 'MSK'],
    ['arn:aws:mq:us-east-1:123456789012:broker:b:id', 'MQ'],
    ['arn:aws:rds:us-east-1:123456789012:cluster:docs', 'DocumentDB'],
    [undefined, 'Kafka'],
  ]
  for (const [arn, source] of sources) {
    it(`event source mapping ${source} is sync (polled)`, () => {
      assert.deepEqual(classifyEventSource(arn), {source, mode: 'sync'})
    })
  }
})
