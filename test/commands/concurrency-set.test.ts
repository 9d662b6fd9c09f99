import assert from 'node:assert/strict'

import {fnConfig, functionArn, lambda, lambdaError} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

const SETTINGS = {AccountLimit: {ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 800}, AccountUsage: {FunctionCount: 2}}

/** The reads `concurrency set` makes before planning, for one named function. */
function serveReads(name: string, reserved: number | null, provisioned: Array<[string, number]> = []) {
  return lambda()
    .get(`/2015-03-31/functions/${name}`)
    .reply(200, {Configuration: fnConfig(name), ...(reserved === null ? {} : {Concurrency: {ReservedConcurrentExecutions: reserved}})})
    .get(`/2019-09-30/functions/${name}/provisioned-concurrency`)
    .query(true)
    .reply(200, {
      ProvisionedConcurrencyConfigs: provisioned.map(([qualifier, n]) => ({
        FunctionArn: functionArn(name, qualifier),
        RequestedProvisionedConcurrentExecutions: n,
        AllocatedProvisionedConcurrentExecutions: n,
        Status: 'READY',
      })),
    })
}

/** checkout-api:live with no provisioned config yet: the planning reads and an accepted PUT. */
function serveNewProvisionedConfig() {
  serveReads('checkout-api', null)
  serveAccount()
  lambda().get('/2015-03-31/functions/checkout-api/aliases/live').reply(200, {Name: 'live', FunctionVersion: '3'})
  lambda()
    .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
    .query({Qualifier: 'live'})
    .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'none'))
    .put('/2019-09-30/functions/checkout-api/provisioned-concurrency')
    .query(true)
    .reply(202, {Status: 'IN_PROGRESS'})
}

function serveAccount() {
  return lambda().get('/2016-08-19/account-settings').reply(200, SETTINGS)
}

describe('lx concurrency set / unset (nock)', () => {
  it('sets reserved concurrency: plan, PUT with the value, result, journal id', async () => {
    serveReads('checkout-api', 20)
    serveAccount()
    let body: any
    const write = lambda()
      .get('/2015-03-31/functions/checkout-api')
      .reply(200, {Configuration: fnConfig('checkout-api'), Concurrency: {ReservedConcurrentExecutions: 20}})
      .put('/2017-10-31/functions/checkout-api/concurrency', (b) => {
        body = b
        return true
      })
      .reply(200, {ReservedConcurrentExecutions: 80})
    const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80'])
    assert.equal(exitCode, 0)
    assert.deepEqual(body, {ReservedConcurrentExecutions: 80})
    assert.ok(write.isDone())
    assert.match(stdout, /checkout-api\s+reserved 20 → reserved 80/)
    assert.match(stdout, /Account unreserved concurrency: 800 → 740 \(floor 100, limit 1000\)/)
    assert.match(stdout, /Done: 1 changed, 0 unchanged, 0 skipped, 0 failed/)
    assert.match(stdout, /undo with `lx undo \d{8}-\d{6}-[0-9a-f]{4}`/)
  })

  it('--dry-run prints the plan and sends no write', async () => {
    serveReads('checkout-api', 20)
    serveAccount()
    const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', '--dry-run', '--json'])
    assert.equal(exitCode, 0)
    const report = json(stdout)
    assert.equal(report.dryRun, true)
    assert.deepEqual(report.plan.changes[0].after, {reserved: 80})
    assert.equal(report.journalId, undefined)
  })

  it('refuses two functions without a TTY or --yes (exit 2), before any write', async () => {
    serveReads('a', null)
    serveReads('b', null)
    serveAccount()
    const {stderr, exitCode} = await runLx(['concurrency', 'set', 'a', 'b', '--reserved', '5'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /Refusing to change 2 functions without confirmation; nothing was changed/)
    assert.match(stderr, /--yes/)
  })

  it('bad numbers and flag combinations are refused before any request (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['concurrency', 'set', 'a', '--reserved', '-1'], /--reserved must be a whole number ≥ 0/],
      [['concurrency', 'set', 'a', '--reserved', '1.5'], /--reserved must be a whole number ≥ 0, not "1.5"/],
      [['concurrency', 'set', 'a', '--provisioned', '0', '--qualifier', 'live'], /--provisioned must be a whole number ≥ 1/],
      [['concurrency', 'set', 'a', '--provisioned', '5'], /needs --qualifier/],
      [['concurrency', 'set', 'a', '--provisioned', '5', '--qualifier', '$LATEST'], /cannot be set on \$LATEST/],
      [['concurrency', 'set', 'a', '--reserved', '5', '--provisioned', '5'], /cannot also be provided|exactly one|--provisioned/],
      [['concurrency', 'set', 'a'], /Exactly one of the following must be provided|--reserved/],
      [['concurrency', 'set', '--reserved', '5'], /Say which functions to change/],
      [['concurrency', 'set', 'a', '--reserved', '5', '--qualifier', 'live'], /--qualifier goes with --provisioned/],
    ]
    for (const [args, message] of cases) {
      const {stderr, exitCode} = await runLx(args)
      assert.equal(exitCode, 2, args.join(' '))
      assert.match(stderr, message, args.join(' '))
    }
  })

  it('provisioned: PUT, then waits through IN_PROGRESS until READY', async () => {
    serveReads('checkout-api', null)
    serveAccount()
    lambda().get('/2015-03-31/functions/checkout-api/aliases/live').reply(200, {Name: 'live', FunctionVersion: '3'})
    let polls = 0
    const scope = lambda()
      .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function'))
      .put('/2019-09-30/functions/checkout-api/provisioned-concurrency', {ProvisionedConcurrentExecutions: 10})
      .query({Qualifier: 'live'})
      .reply(202, {RequestedProvisionedConcurrentExecutions: 10, AllocatedProvisionedConcurrentExecutions: 0, Status: 'IN_PROGRESS'})
      .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
      .query({Qualifier: 'live'})
      .times(3)
      .reply(() => {
        polls++
        const ready = polls === 3
        return [
          200,
          {RequestedProvisionedConcurrentExecutions: 10, AllocatedProvisionedConcurrentExecutions: ready ? 10 : 4, Status: ready ? 'READY' : 'IN_PROGRESS'},
        ]
      })
    const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--provisioned', '10', '--qualifier', 'live', '--json'])
    assert.equal(exitCode, 0)
    assert.ok(scope.isDone(), 'polled until READY')
    assert.deepEqual(json(stdout).results[0], {
      target: {functionName: 'checkout-api', qualifier: 'live'},
      label: 'checkout-api:live',
      status: 'changed',
      before: {requested: null},
      after: {requested: 10},
      verified: true,
      // Where the target is (the account too, when STS told lx; not asked here).
      region: 'us-east-1',
    })
  })

  it('provisioned FAILED is reported as changed, not verified, with its reason (exit 1) and journaled for undo', async () => {
    serveNewProvisionedConfig()
    lambda().get('/2019-09-30/functions/checkout-api/provisioned-concurrency').query({Qualifier: 'live'}).reply(200, {
      RequestedProvisionedConcurrentExecutions: 10,
      AllocatedProvisionedConcurrentExecutions: 0,
      Status: 'FAILED',
      StatusReason: 'FUNCTION_ERROR_INIT_FAILURE',
    })
    const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--provisioned', '10', '--qualifier', 'live'])
    assert.equal(exitCode, 1)
    assert.match(stdout, /changed\s+checkout-api:live: changed, not verified: provisioned concurrency FAILED: FUNCTION_ERROR_INIT_FAILURE/)
    assert.match(stdout, /Done: 1 changed \(1 not verified\)/)
    assert.match(stdout, /Journal: /)
  })

  it('--no-wait returns once the request is accepted', async () => {
    serveNewProvisionedConfig()
    const {exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--provisioned', '10', '--qualifier', 'live', '--no-wait'])
    assert.equal(exitCode, 0)
  })

  it('when AWS refuses with a floor lx did not know, says which floor to pass (exit 1)', async () => {
    serveReads('a', null)
    serveAccount()
    lambda()
      .get('/2015-03-31/functions/a')
      .reply(200, {Configuration: fnConfig('a')})
      .put('/2017-10-31/functions/a/concurrency')
      .reply(
        ...lambdaError(
          400,
          'InvalidParameterValueException',
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [750].",
        ),
      )
    const {stdout, exitCode} = await runLx(['concurrency', 'set', 'a', '--reserved', '60'])
    assert.equal(exitCode, 1)
    assert.match(stdout, /must keep 750 concurrency unreserved.*--min-unreserved 750/)
  })

  it('retries an update conflict (409) on the write', async () => {
    serveReads('a', 10)
    serveAccount()
    const scope = lambda()
      .get('/2015-03-31/functions/a')
      .times(2)
      .reply(200, {Configuration: fnConfig('a'), Concurrency: {ReservedConcurrentExecutions: 10}})
      .put('/2017-10-31/functions/a/concurrency')
      .reply(...lambdaError(409, 'ResourceConflictException', 'An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:a'))
      .put('/2017-10-31/functions/a/concurrency')
      .reply(200, {ReservedConcurrentExecutions: 30})
    const {exitCode} = await runLx(['concurrency', 'set', 'a', '--reserved', '30'])
    assert.equal(exitCode, 0)
    assert.ok(scope.isDone())
  })

  it('unset --reserved deletes the reservation', async () => {
    serveReads('a', 10)
    serveAccount()
    const scope = lambda()
      .get('/2015-03-31/functions/a')
      .reply(200, {Configuration: fnConfig('a'), Concurrency: {ReservedConcurrentExecutions: 10}})
      .delete('/2017-10-31/functions/a/concurrency')
      .reply(204)
    const {stdout, exitCode} = await runLx(['concurrency', 'unset', 'a', '--reserved'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /reserved 10 → no reserved concurrency/)
    assert.ok(scope.isDone())
  })
})
