// The mutating commands across a fleet, in process with nock: two regions are two hosts of each
// service (us-east-1 and eu-west-1), one account from STS. One plan across both places, one
// confirmation, results that carry account and region, and the region-specific inputs (a layer
// ARN, the --notify topic) taken in each place's own region.
import assert from 'node:assert/strict'

import nock from 'nock'

import {readJournal} from '../../src/apply/journal.js'
import {ACCOUNT, fnConfig} from '../helpers/aws-nock.js'
import {schemaErrors} from '../helpers/json-schema.js'
import {json, runLx} from '../helpers/run-command.js'
import {scratchDir} from '../helpers/scratch-dir.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'

const EAST = 'us-east-1'
const WEST = 'eu-west-1'
const FLEET = ['--region', `${EAST},${WEST}`]
const SETTINGS = {AccountLimit: {ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 800}, AccountUsage: {FunctionCount: 1}}

const lambdaIn = (region: string) => nock(`https://lambda.${region}.amazonaws.com`)
const arnIn = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`
const configIn = (region: string, name: string, extra: Record<string, unknown> = {}) => fnConfig(name, {FunctionArn: arnIn(region, name), ...extra})
const layerIn = (region: string, name: string, version?: number) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}${version === undefined ? '' : `:${version}`}`

/** STS GetCallerIdentity on one region's endpoint (lx undo asks each journaled place). */
function serveCallerIdentityIn(region: string) {
  return nock(`https://sts.${region}.amazonaws.com`)
    .post('/', (body) => typeof body === 'object' && body.Action === 'GetCallerIdentity')
    .reply(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${ACCOUNT}:user/ops</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account>` +
        `</GetCallerIdentityResult></GetCallerIdentityResponse>`,
      {'content-type': 'text/xml'},
    )
}

/** The reads `concurrency set --reserved` makes in one region to plan one named function. */
function serveConcurrencyReads(region: string, name: string, reserved: number | null) {
  const concurrency = reserved === null ? {} : {Concurrency: {ReservedConcurrentExecutions: reserved}}
  return lambdaIn(region)
    .get(`/2015-03-31/functions/${name}`)
    .reply(200, {Configuration: configIn(region, name), ...concurrency})
    .get(`/2019-09-30/functions/${name}/provisioned-concurrency`)
    .query(true)
    .reply(200, {ProvisionedConcurrencyConfigs: []})
    .get('/2016-08-19/account-settings')
    .reply(200, SETTINGS)
}

/** The engine's fresh read and the PUT of one reserved-concurrency change, with the body it was sent. */
function serveReservedWrite(region: string, name: string, reserved: number | null, sent: Array<{region: string; body: unknown}>) {
  const concurrency = reserved === null ? {} : {Concurrency: {ReservedConcurrentExecutions: reserved}}
  return lambdaIn(region)
    .get(`/2015-03-31/functions/${name}`)
    .reply(200, {Configuration: configIn(region, name), ...concurrency})
    .put(`/2017-10-31/functions/${name}/concurrency`, (body) => {
      sent.push({region, body})
      return true
    })
    .reply(200, (_uri, body) => body)
}

/**
 * Account Management ListRegions (the global endpoint), for --all-regions: regions found this way
 * were not named, so a place that fails planning is unreachable (named regions that fail are BadRegion).
 */
function serveEnabledRegions(regions: string[]) {
  return nock('https://account.us-east-1.amazonaws.com')
    .post('/listRegions')
    .reply(200, {Regions: regions.map((RegionName) => ({RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT'}))})
}

/** A CloudWatch (awsJson1_0) operation in one region. */
function cloudwatchIn(region: string, operation: string, reply: (body: any) => unknown) {
  return nock(`https://monitoring.${region}.amazonaws.com`)
    .post('/')
    .matchHeader('x-amz-target', `GraniteServiceVersion20100801.${operation}`)
    .reply(200, (_uri, body) => JSON.stringify(reply(typeof body === 'string' ? JSON.parse(body || '{}') : body)), {
      'content-type': 'application/x-amz-json-1.0',
    })
}

describe('mutations across a fleet (nock, two regions)', () => {
  let home: string
  let savedHome: string | undefined
  beforeEach(() => {
    savedHome = process.env.LX_HOME
    home = scratchDir('lx-fleet-mutations-')
    process.env.LX_HOME = home
  })
  afterEach(() => {
    process.env.LX_HOME = savedHome
  })

  describe('lx concurrency set', () => {
    it('--dry-run plans both account-regions in one plan, labels carry account/region, and no write is sent', async () => {
      serveCallerIdentity()
      const east = serveConcurrencyReads(EAST, 'checkout-api', 20)
      const west = serveConcurrencyReads(WEST, 'checkout-api', null)
      const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      assert.ok(east.isDone() && west.isDone(), 'each region was read on its own host')
      const report = json(stdout)
      assert.equal(report.dryRun, true)
      assert.equal(report.journalId, undefined)
      assert.deepEqual(
        report.plan.changes.map((change: any) => [change.target, change.before, change.after]),
        [
          [`${ACCOUNT}/${WEST} checkout-api`, {reserved: null}, {reserved: 80}],
          [`${ACCOUNT}/${EAST} checkout-api`, {reserved: 20}, {reserved: 80}],
        ],
      )
      // Each place checked its own unreserved floor: one note per account-region.
      assert.equal(report.plan.notes.filter((note: string) => note.startsWith(`${ACCOUNT}/${EAST}: `)).length, 1)
      assert.equal(report.plan.notes.filter((note: string) => note.startsWith(`${ACCOUNT}/${WEST}: `)).length, 1)
      assert.deepEqual(report.results, [])
      assert.equal(report.unreachable, undefined)
      assert.deepEqual(schemaErrors('concurrency-set.schema.json', report), [])
    })

    it('the human plan is one plan, titled for both account-regions', async () => {
      serveCallerIdentity()
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      serveConcurrencyReads(WEST, 'checkout-api', null)
      const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', ...FLEET, '--dry-run'])
      assert.equal(exitCode, 0, stdout)
      assert.match(stdout, /set reserved concurrency to 80 in 2 account-regions — 2 changes/)
      assert.match(
        stdout,
        new RegExp(
          `${ACCOUNT}/${WEST} checkout-api\\s+no reserved concurrency → reserved 80\\n\\s+${ACCOUNT}/${EAST} checkout-api\\s+reserved 20 → reserved 80`,
        ),
      )
      // The unreserved floor is each account-region's own.
      assert.match(stdout, new RegExp(`${ACCOUNT}/${WEST}: Account unreserved concurrency: 800 → 720`))
      assert.match(stdout, new RegExp(`${ACCOUNT}/${EAST}: Account unreserved concurrency: 800 → 740`))
    })

    it('refuses without --yes (two places are two functions) and sends no write (exit 2)', async () => {
      serveCallerIdentity()
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      serveConcurrencyReads(WEST, 'checkout-api', null)
      const {stderr, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', ...FLEET])
      assert.equal(exitCode, 2)
      assert.match(stderr, /Refusing to change 2 functions without confirmation; nothing was changed/)
    })

    it('applies with one --yes: a PUT on each region host, results and journal carry account and region', async () => {
      serveCallerIdentity()
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      serveConcurrencyReads(WEST, 'checkout-api', null)
      const sent: Array<{region: string; body: unknown}> = []
      const east = serveReservedWrite(EAST, 'checkout-api', 20, sent)
      const west = serveReservedWrite(WEST, 'checkout-api', null, sent)
      const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', ...FLEET, '--yes', '--json'])
      assert.equal(exitCode, 0, stdout)
      assert.ok(east.isDone() && west.isDone())
      assert.deepEqual(sent.map((item) => item.region).sort(), [EAST, WEST].sort())
      for (const item of sent) assert.deepEqual(item.body, {ReservedConcurrentExecutions: 80})
      const report = json(stdout)
      assert.deepEqual(report.results.map((result: any) => [result.target.account, result.target.region, result.target.functionName, result.status]).sort(), [
        [ACCOUNT, WEST, 'checkout-api', 'changed'],
        [ACCOUNT, EAST, 'checkout-api', 'changed'],
      ])
      assert.equal(report.summary.changed, 2)
      assert.deepEqual(schemaErrors('concurrency-set.schema.json', report), [])
      assert.match(report.journalId, /^\d{8}-\d{6}-[0-9a-f]{4}$/)
      const [entry] = readJournal(home)
      assert.deepEqual(
        entry.header.places?.map((place) => [place.account, place.region]),
        [
          [ACCOUNT, WEST],
          [ACCOUNT, EAST],
        ],
      )
      assert.deepEqual(entry.changes.map((change: any) => [change.target.account, change.target.region]).sort(), [
        [ACCOUNT, WEST],
        [ACCOUNT, EAST],
      ])
    })

    it('a place that fails planning is reported and the run exits 1; the other place is still applied', async () => {
      serveCallerIdentity()
      serveEnabledRegions([EAST, WEST])
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      lambdaIn(WEST).get('/2015-03-31/functions/checkout-api').reply(
        403,
        {Type: 'User', message: 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: lambda:GetFunction'},
        {
          'x-amzn-ErrorType': 'AccessDeniedException',
          'content-type': 'application/json',
        },
      )
      const sent: Array<{region: string; body: unknown}> = []
      serveReservedWrite(EAST, 'checkout-api', 20, sent)
      const {stdout, exitCode} = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', '--all-regions', '--yes', '--json'])
      assert.equal(exitCode, 1, stdout)
      assert.deepEqual(
        sent.map((item) => item.region),
        [EAST],
      )
      const report = json(stdout)
      assert.deepEqual(
        report.unreachable.map((item: any) => [item.account, item.region]),
        [[ACCOUNT, WEST]],
      )
      assert.match(report.unreachable[0].reason, /lambda:GetFunction/)
      assert.ok(report.plan.warnings.some((warning: string) => warning.startsWith(`${ACCOUNT}/${WEST} not planned: `)))
      assert.deepEqual(
        report.results.map((result: any) => [result.target.region, result.status]),
        [[EAST, 'changed']],
      )
      assert.deepEqual(schemaErrors('concurrency-set.schema.json', report), [])
    })

    it('--skip-unreachable: the same run exits 0 (the place is still reported)', async () => {
      serveCallerIdentity()
      serveEnabledRegions([EAST, WEST])
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      lambdaIn(WEST).get('/2015-03-31/functions/checkout-api').reply(
        403,
        {Type: 'User', message: 'not authorized to perform: lambda:GetFunction'},
        {
          'x-amzn-ErrorType': 'AccessDeniedException',
          'content-type': 'application/json',
        },
      )
      serveReservedWrite(EAST, 'checkout-api', 20, [])
      const {stdout, exitCode} = await runLx([
        'concurrency',
        'set',
        'checkout-api',
        '--reserved',
        '80',
        '--all-regions',
        '--yes',
        '--skip-unreachable',
        '--json',
      ])
      assert.equal(exitCode, 0, stdout)
      assert.equal(json(stdout).unreachable.length, 1)
    })

    it('bad input stays exit 2 with no call at all (checked before the fleet is resolved)', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['concurrency', 'set', 'a', '--reserved', '-1', ...FLEET], /--reserved must be a whole number ≥ 0/],
        [['concurrency', 'set', 'a', '--reserved', '5', '--qualifier', 'live', ...FLEET], /--qualifier goes with --provisioned/],
        [['concurrency', 'set', 'a', '--provisioned', '5', '--qualifier', '$LATEST', ...FLEET], /cannot be set on \$LATEST/],
        [['concurrency', 'unset', 'a', ...FLEET], /--reserved|--provisioned/],
      ]
      for (const [args, message] of cases) {
        const {stderr, exitCode} = await runLx(args)
        assert.equal(exitCode, 2, args.join(' '))
        assert.match(stderr, message, args.join(' '))
      }
    })

    it('the same mistake in every place is reported once, exit 2, and nothing is written', async () => {
      // No selection at all: refused in each place alike, before any Lambda call.
      serveCallerIdentity()
      const {stderr, exitCode} = await runLx(['concurrency', 'set', '--reserved', '5', ...FLEET])
      assert.equal(exitCode, 2)
      assert.match(stderr, /Say which functions to change/)
    })

    it('a function that exists in no region: exit 2, no write', async () => {
      serveCallerIdentity()
      for (const region of [EAST, WEST]) {
        lambdaIn(region)
          .get('/2015-03-31/functions/no-such-fn')
          .reply(404, {Type: 'User', message: 'Function not found'}, {'x-amzn-ErrorType': 'ResourceNotFoundException', 'content-type': 'application/json'})
      }

      const {stdout, exitCode} = await runLx(['concurrency', 'set', 'no-such-fn', '--reserved', '5', ...FLEET, '--yes', '--json'])
      assert.equal(exitCode, 2, stdout)
      assert.match(json(stdout).error.message, /No function named no-such-fn in (us-east-1|eu-west-1)/)
    })
  })

  describe('lx undo of a fleet change', () => {
    it('reverses the change in each account-region it was made in', async () => {
      serveCallerIdentity()
      serveConcurrencyReads(EAST, 'checkout-api', 20)
      serveConcurrencyReads(WEST, 'checkout-api', null)
      serveReservedWrite(EAST, 'checkout-api', 20, [])
      serveReservedWrite(WEST, 'checkout-api', null, [])
      const applied = await runLx(['concurrency', 'set', 'checkout-api', '--reserved', '80', ...FLEET, '--yes', '--json'])
      assert.equal(applied.exitCode, 0, applied.stdout)

      // Undo checks each place's account with STS in that region, reads each target live (reserved
      // 80 in both) and puts back what was there.
      for (const region of [EAST, WEST]) serveCallerIdentityIn(region)
      const restored: string[] = []
      for (const region of [EAST, WEST]) {
        lambdaIn(region)
          .get('/2015-03-31/functions/checkout-api')
          .times(2)
          .reply(200, {Configuration: configIn(region, 'checkout-api'), Concurrency: {ReservedConcurrentExecutions: 80}})
      }

      lambdaIn(EAST)
        .put('/2017-10-31/functions/checkout-api/concurrency', {ReservedConcurrentExecutions: 20})
        .reply(200, () => {
          restored.push(`${EAST} 20`)
          return {ReservedConcurrentExecutions: 20}
        })
      lambdaIn(WEST)
        .delete('/2017-10-31/functions/checkout-api/concurrency')
        .reply(204, () => {
          restored.push(`${WEST} none`)
          return ''
        })
      const undone = await runLx(['undo', '--yes', '--json'])
      assert.equal(undone.exitCode, 0, undone.stdout)
      assert.deepEqual(restored.sort(), [`${WEST} none`, `${EAST} 20`].sort())
      assert.deepEqual(
        json(undone.stdout)
          .results.map((result: any) => [result.target.region, result.status])
          .sort(),
        [
          [EAST, 'changed'],
          [WEST, 'changed'],
        ].sort(),
      )
    })
  })

  describe('lx destinations set', () => {
    it('keeps the destination ARN as typed in every place; the places in another region warn, as they do alone', async () => {
      serveCallerIdentity()
      for (const region of [EAST, WEST]) {
        lambdaIn(region)
          .get('/2015-03-31/functions/orders-api')
          .reply(200, {Configuration: configIn(region, 'orders-api')})
          .get('/2019-09-25/functions/orders-api/event-invoke-config')
          .reply(
            404,
            {Type: 'User', message: "The function doesn't have an EventInvokeConfig"},
            {
              'x-amzn-ErrorType': 'ResourceNotFoundException',
              'content-type': 'application/json',
            },
          )
      }

      const dlq = `arn:aws:sqs:${EAST}:${ACCOUNT}:failed-orders`
      const {stdout, exitCode} = await runLx(['destinations', 'set', 'orders-api', '--on-failure', dlq, ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      const report = json(stdout)
      assert.deepEqual(
        report.plan.changes.map((change: any) => [change.target, change.after.config.onFailure]),
        [
          [`${ACCOUNT}/${WEST} orders-api`, dlq],
          [`${ACCOUNT}/${EAST} orders-api`, dlq],
        ],
      )
      assert.equal(report.plan.warnings.length, 1, report.plan.warnings.join('\n'))
      assert.match(report.plan.warnings[0], new RegExp(`^${ACCOUNT}/${WEST}: The SQS queue ${dlq} is in ${EAST}, not ${WEST}`))
      assert.deepEqual(schemaErrors('destinations-set.schema.json', report), [])
    })
  })

  describe('lx scaling remove', () => {
    function autoscalingIn(region: string, operation: string, reply: unknown) {
      return nock(`https://application-autoscaling.${region}.amazonaws.com`)
        .post('/')
        .matchHeader('x-amz-target', `AnyScaleFrontendService.${operation}`)
        .reply(200, JSON.stringify(reply), {'content-type': 'application/x-amz-json-1.1'})
    }

    it("reads each region's Application Auto Scaling and plans only where a target is registered", async () => {
      serveCallerIdentity()
      for (const region of [EAST, WEST]) {
        lambdaIn(region)
          .get('/2015-03-31/functions/checkout-api')
          .reply(200, {Configuration: configIn(region, 'checkout-api')})
      }

      autoscalingIn(EAST, 'DescribeScalableTargets', {ScalableTargets: []})
      const target = {
        ServiceNamespace: 'lambda',
        ResourceId: 'function:checkout-api:live',
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        MinCapacity: 1,
        MaxCapacity: 5,
        SuspendedState: {DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false},
      }
      autoscalingIn(WEST, 'DescribeScalableTargets', {ScalableTargets: [target]})
      autoscalingIn(WEST, 'DescribeScalingPolicies', {ScalingPolicies: []})
      autoscalingIn(WEST, 'DescribeScheduledActions', {ScheduledActions: []})
      const {stdout, exitCode} = await runLx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      const report = json(stdout)
      assert.deepEqual(
        report.plan.changes.map((change: any) => [change.target, change.before, change.after]),
        [[`${ACCOUNT}/${WEST} checkout-api:live`, {min: 1, max: 5, suspended: {dynamicIn: false, dynamicOut: false, scheduled: false}}, null]],
      )
      assert.deepEqual(schemaErrors('scaling-remove.schema.json', report), [])
    })
  })

  describe('lx memory set', () => {
    it('plans each region from its own read of the function (dry run: nothing written)', async () => {
      serveCallerIdentity()
      for (const [region, memory] of [
        [EAST, 128],
        [WEST, 512],
      ] as const) {
        lambdaIn(region)
          .get('/2015-03-31/functions/orders-api')
          .reply(200, {Configuration: configIn(region, 'orders-api', {MemorySize: memory})})
      }

      const {stdout, exitCode} = await runLx(['memory', 'set', 'orders-api', '--mb', '256', ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      assert.deepEqual(
        json(stdout).plan.changes.map((change: any) => [change.target, change.before.memoryMb, change.after.memoryMb]),
        [
          [`${ACCOUNT}/${WEST} orders-api`, 512, 256],
          [`${ACCOUNT}/${EAST} orders-api`, 128, 256],
        ],
      )
    })
  })

  describe('lx alarms set --notify', () => {
    function serveAlarmReads(region: string) {
      lambdaIn(region)
        .get('/2015-03-31/functions/checkout-api')
        .reply(200, {Configuration: configIn(region, 'checkout-api')})
      cloudwatchIn(region, 'GetMetricData', () => ({MetricDataResults: []}))
      cloudwatchIn(region, 'DescribeAlarms', () => ({MetricAlarms: []}))
    }

    it("takes the topic's account and name in each region: CloudWatch notifies only its own region's topics", async () => {
      serveCallerIdentity()
      serveAlarmReads(EAST)
      serveAlarmReads(WEST)
      const topic = `arn:aws:sns:${EAST}:${ACCOUNT}:ops-alarms`
      const args = ['alarms', 'set', 'checkout-api', '--kind', 'throttles', '--notify', topic, ...FLEET, '--dry-run', '--json']
      const {stdout, exitCode} = await runLx(args)
      assert.equal(exitCode, 0, stdout)
      const report = json(stdout)
      assert.deepEqual(
        report.plan.changes.map((change: any) => [change.target, change.after.alarm.AlarmActions]),
        [
          [`${ACCOUNT}/${WEST} checkout-api (lx-checkout-api-throttles)`, [`arn:aws:sns:${WEST}:${ACCOUNT}:ops-alarms`]],
          [`${ACCOUNT}/${EAST} checkout-api (lx-checkout-api-throttles)`, [topic]],
        ],
      )
      assert.deepEqual(schemaErrors('alarms-set.schema.json', report), [])
      const moved = report.plan.notes.filter((note: string) => /notify arn:aws:sns:eu-west-1/.test(note))
      assert.equal(moved.length, 1)
      assert.ok(moved[0].startsWith(`${ACCOUNT}/${WEST}: `), moved[0])
      assert.ok(!report.plan.notes.some((note: string) => note.startsWith(`${ACCOUNT}/${EAST}: The alarms here notify`)))
    })

    it('one region: a topic of another region is still refused (exit 2, no call to CloudWatch)', async () => {
      lambdaIn(EAST)
        .get('/2015-03-31/functions/checkout-api')
        .reply(200, {Configuration: configIn(EAST, 'checkout-api')})
      const topic = `arn:aws:sns:${WEST}:${ACCOUNT}:ops-alarms`
      const {stderr, exitCode} = await runLx(['alarms', 'set', 'checkout-api', '--kind', 'throttles', '--notify', topic, '--dry-run'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /is in eu-west-1, but the alarms are set in us-east-1/)
    })
  })

  describe('lx layers upgrade LAYER_ARN', () => {
    function serveFunction(region: string, layers: string[]) {
      lambdaIn(region)
        .get('/2015-03-31/functions/checkout-api')
        .reply(200, {Configuration: configIn(region, 'checkout-api', {Layers: layers.map((arn) => ({Arn: arn, CodeSize: 1000}))})})
    }

    function serveVersions(region: string, versions: number[]) {
      const layerArn = layerIn(region, 'shared-libs')
      lambdaIn(region)
        .get(`/2018-10-31/layers/${encodeURIComponent(layerArn)}/versions`)
        .query(true)
        .reply(200, {
          LayerVersions: versions.map((version) => ({LayerVersionArn: `${layerArn}:${version}`, Version: version, CompatibleRuntimes: ['nodejs20.x']})),
        })
    }

    it("moves the layer ARN to each place's region and upgrades each to its own newest version", async () => {
      serveCallerIdentity()
      serveFunction(EAST, [layerIn(EAST, 'shared-libs', 2)])
      serveFunction(WEST, [layerIn(WEST, 'shared-libs', 1)])
      serveVersions(EAST, [5, 2])
      serveVersions(WEST, [3, 1])
      const {stdout, exitCode} = await runLx(['layers', 'upgrade', layerIn(EAST, 'shared-libs'), 'checkout-api', ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      const report = json(stdout)
      assert.deepEqual(
        report.plan.changes.map((change: any) => [change.target, change.after.layers]),
        [
          [`${ACCOUNT}/${WEST} checkout-api`, [layerIn(WEST, 'shared-libs', 3)]],
          [`${ACCOUNT}/${EAST} checkout-api`, [layerIn(EAST, 'shared-libs', 5)]],
        ],
      )
      assert.ok(report.plan.notes.includes(`${ACCOUNT}/${WEST}: Target: shared-libs:3, the newest version.`), report.plan.notes.join('\n'))
    })

    it('a version asked for that one region lacks: that region skips its functions with the reason; the other is planned', async () => {
      serveCallerIdentity()
      serveFunction(EAST, [layerIn(EAST, 'shared-libs', 2)])
      serveFunction(WEST, [layerIn(WEST, 'shared-libs', 1)])
      lambdaIn(EAST)
        .get('/2018-10-31/layers')
        .query({find: 'LayerVersion', Arn: layerIn(EAST, 'shared-libs', 5)})
        .reply(200, {LayerVersionArn: layerIn(EAST, 'shared-libs', 5), Version: 5, CompatibleRuntimes: ['nodejs20.x']})
      lambdaIn(WEST)
        .get('/2018-10-31/layers')
        .query({find: 'LayerVersion', Arn: layerIn(WEST, 'shared-libs', 5)})
        .reply(404, {Type: 'User', message: 'not found'}, {'x-amzn-ErrorType': 'ResourceNotFoundException', 'content-type': 'application/json'})
      const {stdout, exitCode} = await runLx(['layers', 'upgrade', layerIn(EAST, 'shared-libs', 5), 'checkout-api', ...FLEET, '--dry-run', '--json'])
      assert.equal(exitCode, 0, stdout)
      const report = json(stdout)
      assert.deepEqual(
        report.plan.changes.map((change: any) => change.target),
        [`${ACCOUNT}/${EAST} checkout-api`],
      )
      assert.deepEqual(report.plan.skipped, [{target: `${ACCOUNT}/${WEST} checkout-api`, reason: `shared-libs v5 is not published in ${WEST}`}])
      assert.equal(report.unreachable, undefined)
    })

    it('one region: a layer ARN of another region is still refused (exit 2)', async () => {
      const {stderr, exitCode} = await runLx(['layers', 'upgrade', layerIn(WEST, 'shared-libs'), 'checkout-api', '--dry-run'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /is in eu-west-1, but lx is working in us-east-1/)
    })
  })
})
