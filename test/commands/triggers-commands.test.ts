// lx triggers list in-process, with AWS answered by nock.
import assert from 'node:assert/strict'

import {ACCOUNT, fnConfig, functionArn, lambda, lambdaError, REGION} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`
const STREAM = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks`
const noPolicy = () => lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.')
const mapping = (name: string, arn: string, extra: Record<string, unknown> = {}) => ({
  UUID: `${name}-${arn.length}`,
  EventSourceArn: arn,
  FunctionArn: functionArn(name),
  State: 'Enabled',
  ...extra,
})

describe('lx triggers list (nock)', () => {
  it("reads the function's and its aliases' policies (404 = none) and pages through each function's mappings", async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'a',
          Effect: 'Allow',
          Principal: {Service: 'apigateway.amazonaws.com'},
          Action: 'lambda:InvokeFunction',
          Condition: {ArnLike: {'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc/*`}},
        },
        {
          Sid: 'b',
          Effect: 'Allow',
          Principal: {Service: 's3.amazonaws.com'},
          Action: 'lambda:InvokeFunction',
          Condition: {ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::uploads'}},
        },
      ],
    })
    const scope = lambda()
      .get('/2015-03-31/functions/web')
      .reply(200, {Configuration: fnConfig('web')})
      .get('/2015-03-31/functions/worker')
      .reply(200, {Configuration: fnConfig('worker')})
      .get('/2015-03-31/functions/web/policy')
      .reply(200, {Policy: policy, RevisionId: 'r'})
      .get('/2015-03-31/functions/web/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: [{Name: 'live', FunctionVersion: '3'}], NextMarker: 'a2'})
      .get('/2015-03-31/functions/web/aliases')
      .query({MaxItems: '50', Marker: 'a2'})
      .reply(200, {Aliases: [{Name: 'canary', FunctionVersion: '4'}]})
      .get('/2015-03-31/functions/web/policy')
      .query({Qualifier: 'live'})
      .reply(200, {
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: {Service: 'events.amazonaws.com'},
              Action: 'lambda:InvokeFunction',
              Condition: {ArnLike: {'AWS:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`}},
            },
          ],
        }),
      })
      .get('/2015-03-31/functions/web/policy')
      .query({Qualifier: 'canary'})
      .reply(...noPolicy())
      .get('/2015-03-31/event-source-mappings')
      .query({FunctionName: 'web', MaxItems: '100'})
      .reply(200, {EventSourceMappings: []})
      .get('/2015-03-31/functions/worker/policy')
      .reply(...noPolicy())
      .get('/2015-03-31/functions/worker/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: []})
      .get('/2015-03-31/event-source-mappings')
      .query({FunctionName: 'worker', MaxItems: '100'})
      .reply(200, {EventSourceMappings: [mapping('worker', QUEUE)], NextMarker: 'm2'})
      .get('/2015-03-31/event-source-mappings')
      .query({FunctionName: 'worker', MaxItems: '100', Marker: 'm2'})
      .reply(200, {EventSourceMappings: [mapping('worker', STREAM, {State: 'Disabled'})]})

    const {stdout, exitCode} = await runLx(['triggers', 'list', 'web', 'worker', '--json'])
    assert.equal(exitCode, 0, stdout)
    // One account-region: each record says where it was read (the account from the function's ARN).
    assert.deepEqual(json(stdout), [
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'web',
        triggers: [
          {source: 'API Gateway', arn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc/*`, mode: 'sync'},
          {source: 'S3', arn: 'arn:aws:s3:::uploads', mode: 'async'},
          {source: 'EventBridge', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`, mode: 'async'},
        ],
      },
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'worker',
        triggers: [
          {source: 'SQS', arn: QUEUE, mode: 'sync'},
          {source: 'Kinesis', arn: STREAM, mode: 'sync'},
        ],
      },
    ])
    assert.ok(scope.isDone())
  })

  it("lists the whole account's mappings once for a large selection, and prints a table (--no-aliases)", async () => {
    const names = Array.from({length: 12}, (_, i) => `fn-${String(i).padStart(2, '0')}`)
    const scope = lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: names.map((name) => fnConfig(name))})
      .get('/2015-03-31/event-source-mappings')
      .query({MaxItems: '100'})
      .reply(200, {EventSourceMappings: [mapping('fn-03', QUEUE)], NextMarker: 'p2'})
      .get('/2015-03-31/event-source-mappings')
      .query({MaxItems: '100', Marker: 'p2'})
      .reply(200, {EventSourceMappings: [mapping('fn-07', STREAM, {FunctionArn: functionArn('fn-07', 'live')})]})
    for (const name of names) scope.get(`/2015-03-31/functions/${name}/policy`).reply(...noPolicy())

    const {stdout, exitCode} = await runLx(['triggers', 'list', '--no-aliases'])
    assert.equal(exitCode, 0, stdout)
    assert.match(stdout, /fn-03\s+SQS\s+sync\s+arn:aws:sqs:us-east-1:123456789012:jobs/)
    assert.match(stdout, /fn-07:live\s+Kinesis\s+sync/)
    assert.match(stdout, /fn-00\s+-\s+-\s+no triggers found/)
    assert.match(stdout, /12 functions; 2 triggers: 0 async \(destinations apply\), 2 sync; 10 without triggers\./)
    assert.ok(scope.isDone(), 'one account-wide listing, no per-function listing')
  })

  it('reads the policy of a qualifier named with the function', async () => {
    const scope = lambda()
      .get('/2015-03-31/functions/auth')
      .reply(200, {Configuration: fnConfig('auth')})
      .get('/2015-03-31/functions/auth/policy')
      .query({Qualifier: 'prod'})
      .reply(200, {Policy: JSON.stringify({Statement: [{Effect: 'Allow', Principal: {Service: 'events.amazonaws.com'}, Action: 'lambda:InvokeFunction'}]})})
      .get('/2015-03-31/event-source-mappings')
      .query({FunctionName: 'auth:prod', MaxItems: '100'})
      .reply(200, {EventSourceMappings: []})
    const {stdout, exitCode} = await runLx(['triggers', 'list', 'auth:prod', '--json'])
    assert.equal(exitCode, 0)
    assert.deepEqual(json(stdout), [{account: ACCOUNT, region: REGION, functionName: 'auth', triggers: [{source: 'EventBridge', arn: '*', mode: 'async'}]}])
    assert.ok(scope.isDone())
  })

  it('reports access denied on GetPolicy with the IAM action (exit 1)', async () => {
    lambda()
      .get('/2015-03-31/functions/web')
      .reply(200, {Configuration: fnConfig('web')})
      .get('/2015-03-31/functions/web/policy')
      .reply(...lambdaError(403, 'AccessDeniedException', 'not allowed'))
      .get('/2015-03-31/functions/web/aliases')
      .query(true)
      .reply(200, {Aliases: []})
      .get('/2015-03-31/event-source-mappings')
      .query(true)
      .reply(200, {EventSourceMappings: []})
    const {stderr, exitCode} = await runLx(['triggers', 'list', 'web'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /lambda:GetPolicy/)
  })
})
