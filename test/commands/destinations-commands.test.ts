// lx destinations set / remove / list in-process, with AWS answered by nock: which call is made
// (PUT, POST or DELETE), with exactly which body, and that bad input sends nothing.
import assert from 'node:assert/strict'

import nock from 'nock'

import {ACCOUNT, fnConfig, functionArn, lambda, lambdaError, REGION} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:done`
const path = (name: string) => `/2019-09-25/functions/${name}/event-invoke-config`

interface Settings {
  onSuccess?: string
  onFailure?: string
  retries?: number
  age?: number
}

function eic(name: string, settings: Settings, qualifier = '$LATEST') {
  return {
    FunctionArn: functionArn(name, qualifier),
    LastModified: 1_700_000_000,
    ...(settings.retries === undefined ? {} : {MaximumRetryAttempts: settings.retries}),
    ...(settings.age === undefined ? {} : {MaximumEventAgeInSeconds: settings.age}),
    DestinationConfig: {
      ...(settings.onSuccess ? {OnSuccess: {Destination: settings.onSuccess}} : {}),
      ...(settings.onFailure ? {OnFailure: {Destination: settings.onFailure}} : {}),
    },
  }
}

const noConfig = (name: string) =>
  lambdaError(404, 'ResourceNotFoundException', `The function ${functionArn(name, '$LATEST')} doesn't have an EventInvokeConfig`)

/** GetFunction for a named function, as the selection reads it. */
function named(scope: nock.Scope, name: string): nock.Scope {
  return scope.get(`/2015-03-31/functions/${name}`).reply(200, {Configuration: fnConfig(name)})
}

/** Records every request nock had no answer for: the proof that nothing else was sent. */
function unmatched(): string[] {
  const calls: string[] = []
  nock.emitter.on('no match', (req: {method?: string; path?: string}) => calls.push(`${req.method} ${req.path}`))
  return calls
}

describe('lx destinations set / remove (nock)', () => {
  afterEach(() => nock.emitter.removeAllListeners('no match'))

  it('PUTs a new config with only what was given, unqualified, when none exists', async () => {
    let body: unknown
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .twice()
      .reply(...noConfig('f'))
      .put(path('f'), (sent) => {
        body = sent
        return true
      })
      .reply(200, eic('f', {onFailure: DLQ}))
    const {stdout, exitCode} = await runLx(['destinations', 'set', 'f', '--on-failure', DLQ, '--yes'])
    assert.equal(exitCode, 0, stdout)
    assert.deepEqual(body, {DestinationConfig: {OnFailure: {Destination: DLQ}}})
    assert.match(stdout, /f\s+no async config → on-success none, on-failure sqs:dlq/)
    assert.match(stdout, /1 changed/)
    assert.ok(scope.isDone())
  })

  it('POSTs only the changed members to an existing config (both destination sides, nothing else)', async () => {
    let body: unknown
    const before = eic('f', {onFailure: DLQ, retries: 1, age: 600})
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .twice()
      .reply(200, before)
      .post(path('f'), (sent) => {
        body = sent
        return true
      })
      .reply(200, eic('f', {onSuccess: TOPIC, onFailure: DLQ, retries: 1, age: 600}))
    const {stdout, exitCode} = await runLx(['destinations', 'set', 'f', '--on-success', TOPIC, '--yes', '--json'])
    assert.equal(exitCode, 0, stdout)
    assert.deepEqual(body, {DestinationConfig: {OnSuccess: {Destination: TOPIC}, OnFailure: {Destination: DLQ}}})
    const report = json(stdout)
    assert.equal(report.summary.changed, 1)
    assert.deepEqual(report.results[0].after, {config: {onSuccess: TOPIC, onFailure: DLQ, maximumRetryAttempts: 1, maximumEventAgeInSeconds: 600}})
    assert.ok(scope.isDone())
  })

  it('POSTs a retry limit alone to the qualifier given', async () => {
    let body: unknown
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .query({Qualifier: 'live'})
      .twice()
      .reply(200, eic('f', {onFailure: DLQ}, 'live'))
      .post(path('f'), (sent) => {
        body = sent
        return true
      })
      .query({Qualifier: 'live'})
      .reply(200, eic('f', {onFailure: DLQ, retries: 0}, 'live'))
    const {exitCode, stdout} = await runLx(['destinations', 'set', 'f', '--qualifier', 'live', '--max-retries', '0', '--yes'])
    assert.equal(exitCode, 0, stdout)
    assert.deepEqual(body, {MaximumRetryAttempts: 0})
    assert.ok(scope.isDone())
  })

  it('remove --on-success PUTs exactly the rest of the config (POST cannot remove a side)', async () => {
    let body: unknown
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .twice()
      .reply(200, eic('f', {onSuccess: TOPIC, onFailure: DLQ, age: 3600}))
      .put(path('f'), (sent) => {
        body = sent
        return true
      })
      .reply(200, eic('f', {onFailure: DLQ, age: 3600}))
    const {exitCode, stdout} = await runLx(['destinations', 'remove', 'f', '--on-success', '--yes'])
    assert.equal(exitCode, 0, stdout)
    assert.deepEqual(body, {MaximumEventAgeInSeconds: 3600, DestinationConfig: {OnFailure: {Destination: DLQ}}})
    assert.ok(scope.isDone())
  })

  it('remove without a side DELETEs the config', async () => {
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .twice()
      .reply(200, eic('f', {onFailure: DLQ}))
      .delete(path('f'))
      .reply(204)
    const {exitCode, stdout} = await runLx(['destinations', 'remove', 'f', '--yes'])
    assert.equal(exitCode, 0, stdout)
    assert.match(stdout, /on-failure sqs:dlq → no async config/)
    assert.ok(scope.isDone())
  })

  it('changes nothing when the config is already as asked', async () => {
    const calls = unmatched()
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .reply(200, eic('f', {onFailure: DLQ}))
    const {exitCode, stdout} = await runLx(['destinations', 'set', 'f', '--on-failure', DLQ, '--yes'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /Nothing to change: 0 changed, 1 unchanged/)
    assert.deepEqual(calls, [])
    assert.ok(scope.isDone())
  })

  const badInput: Array<[what: string, args: string[], message: RegExp]> = [
    ['a queue ARN that is not one', ['--on-failure', 'arn:aws:sqs:us-east-1:dlq'], /is not an ARN|missing its region/],
    ['a FIFO queue', ['--on-failure', `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs.fifo`], /FIFO queue/],
    ['S3 on success', ['--on-success', 'arn:aws:s3:::bucket'], /S3 buckets receive failed events only/],
    ['retries out of range', ['--max-retries', '5'], /--max-retries must be a whole number from 0 to 2/],
    ['an event age that is not whole', ['--max-event-age', '90.5'], /--max-event-age must be a whole number from 60 to 21600/],
    ['nothing to set', [], /Nothing to set/],
    ['two different qualifiers', ['--qualifier', 'live', '--max-retries', '1'], /names qualifier prod, but --qualifier is live/],
  ]
  for (const [what, args, message] of badInput) {
    it(`refuses ${what}: exit 2, no call at all`, async () => {
      const calls = unmatched()
      const target = what === 'two different qualifiers' ? 'f:prod' : 'f'
      const {exitCode, stderr} = await runLx(['destinations', 'set', target, ...args, '--yes'])
      assert.equal(exitCode, 2, stderr)
      assert.match(stderr, message)
      assert.deepEqual(calls, [], 'no AWS call was made')
    })
  }

  it('refuses the function as its own destination after reading, before any write (exit 2)', async () => {
    const calls = unmatched()
    const scope = named(lambda(), 'f')
      .get(path('f'))
      .reply(...noConfig('f'))
    const {exitCode, stderr} = await runLx(['destinations', 'set', 'f', '--on-failure', `${functionArn('f')}:live`, '--yes'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /cannot be its own destination \(an endless loop\): f/)
    assert.deepEqual(calls, [])
    assert.ok(scope.isDone())
  })

  it('needs an explicit selection to change anything', async () => {
    const calls = unmatched()
    const {exitCode, stderr} = await runLx(['destinations', 'remove', '--on-failure'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /Say which functions to change/)
    assert.deepEqual(calls, [])
  })
})

describe('lx destinations list (nock)', () => {
  it("pages through configs, reads each qualifier's policy, and warns about async triggers without on-failure", async () => {
    const s3Policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: {Service: 's3.amazonaws.com'},
          Action: 'lambda:InvokeFunction',
          Condition: {ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::uploads'}},
        },
      ],
    })
    const eventsPolicy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: {Service: 'events.amazonaws.com'},
          Action: 'lambda:InvokeFunction',
          Condition: {ArnLike: {'AWS:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`}},
        },
      ],
    })
    const scope = lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [fnConfig('api'), fnConfig('resizer'), fnConfig('reports')]})
      // api: no config, no policy (404) → nothing to warn about.
      .get(`${path('api')}/list`)
      .query({MaxItems: '50'})
      .reply(200, {FunctionEventInvokeConfigs: []})
      .get('/2015-03-31/functions/api/policy')
      .reply(...lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.'))
      .get('/2015-03-31/functions/api/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: []})
      // resizer: S3 trigger, a config with retries but no on-failure → warning.
      .get(`${path('resizer')}/list`)
      .query({MaxItems: '50'})
      .reply(200, {FunctionEventInvokeConfigs: [eic('resizer', {retries: 2, age: 7200})]})
      .get('/2015-03-31/functions/resizer/policy')
      .reply(200, {Policy: s3Policy, RevisionId: 'r1'})
      .get('/2015-03-31/functions/resizer/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: []})
      // reports: two pages of configs; the EventBridge trigger is on alias live, covered there.
      .get(`${path('reports')}/list`)
      .query({MaxItems: '50'})
      .reply(200, {FunctionEventInvokeConfigs: [eic('reports', {onSuccess: TOPIC}, '$LATEST')], NextMarker: 'page-2'})
      .get(`${path('reports')}/list`)
      .query({MaxItems: '50', Marker: 'page-2'})
      .reply(200, {FunctionEventInvokeConfigs: [eic('reports', {onFailure: DLQ, retries: 0}, 'live')]})
      .get('/2015-03-31/functions/reports/policy')
      .reply(...lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.'))
      .get('/2015-03-31/functions/reports/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: [{Name: 'live', FunctionVersion: '2'}]})
      .get('/2015-03-31/functions/reports/policy')
      .query({Qualifier: 'live'})
      .reply(200, {Policy: eventsPolicy, RevisionId: 'r2'})

    const {stdout, exitCode} = await runLx(['destinations', 'list', '--json'])
    assert.equal(exitCode, 0, stdout)
    // One account-region: each record says where it was read (the account from the function's ARN).
    assert.deepEqual(json(stdout), [
      {account: ACCOUNT, region: REGION, functionName: 'api', configs: [], asyncTriggers: 0},
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'reports',
        configs: [
          {qualifier: '$LATEST', onSuccess: TOPIC, onFailure: null, maximumRetryAttempts: null, maximumEventAgeInSeconds: null},
          {qualifier: 'live', onSuccess: null, onFailure: DLQ, maximumRetryAttempts: 0, maximumEventAgeInSeconds: null},
        ],
        asyncTriggers: 1,
      },
      {
        account: ACCOUNT,
        region: REGION,
        functionName: 'resizer',
        configs: [{qualifier: '$LATEST', onSuccess: null, onFailure: null, maximumRetryAttempts: 2, maximumEventAgeInSeconds: 7200}],
        asyncTriggers: 1,
        warning: '1 async trigger (S3) but no on-failure destination: events that fail every retry are lost. Fix: lx destinations set resizer --on-failure ARN',
      },
    ])
    assert.ok(scope.isDone())
  })

  it('prints a table with AWS defaults and the warning (--no-aliases: no ListAliases)', async () => {
    lambda()
      .get('/2015-03-31/functions/resizer')
      .reply(200, {Configuration: fnConfig('resizer')})
      .get(`${path('resizer')}/list`)
      .query({MaxItems: '50'})
      .reply(200, {FunctionEventInvokeConfigs: []})
      .get('/2015-03-31/functions/resizer/policy')
      .reply(200, {Policy: JSON.stringify({Statement: [{Effect: 'Allow', Principal: {Service: 'sns.amazonaws.com'}, Action: 'lambda:InvokeFunction'}]})})
    const {stdout, exitCode} = await runLx(['destinations', 'list', 'resizer', '--no-aliases'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /resizer\s+-\s+-\s+-\s+2 \(default\)\s+6h \(default\)\s+1/)
    assert.match(stdout, /Warning: resizer: 1 async trigger \(SNS\) but no on-failure destination/)
  })

  it('a dead-letter queue keeps failed events: no warning', async () => {
    lambda()
      .get('/2015-03-31/functions/resizer')
      .reply(200, {Configuration: fnConfig('resizer', {DeadLetterConfig: {TargetArn: DLQ}})})
      .get(`${path('resizer')}/list`)
      .query({MaxItems: '50'})
      .reply(200, {FunctionEventInvokeConfigs: []})
      .get('/2015-03-31/functions/resizer/policy')
      .reply(200, {Policy: JSON.stringify({Statement: [{Effect: 'Allow', Principal: {Service: 'sns.amazonaws.com'}, Action: 'lambda:InvokeFunction'}]})})
    const {stdout} = await runLx(['destinations', 'list', 'resizer', '--json', '--no-aliases'])
    assert.deepEqual(json(stdout), [{account: ACCOUNT, region: REGION, functionName: 'resizer', configs: [], asyncTriggers: 1}])
  })
})
