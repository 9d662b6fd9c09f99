// `lx dashboard`, `lx concurrency plan` and `lx advise` across a fleet: the dashboard in-process
// against nock in two regions (a second region is just another host), and the pure merges and
// renderers that turn each account-region's answer into one.
import assert from 'node:assert/strict'

import nock from 'nock'

import {fixInPlace, mergeAdviseReports, type AdviseReport} from '../../src/advise/advise-service.js'
import type {Finding} from '../../src/advise/findings.js'
import {filterFunctions, mergeSnapshots, rowKey} from '../../src/dashboard/dashboard-data.js'
import {FleetDashboardFeed, mergeOutcomes} from '../../src/dashboard/fleet-dashboard.js'
import {placeArguments} from '../../src/recommend/recommend-commands.js'
import {type ConcurrencyPlanReport, mergePlanReports} from '../../src/recommend/recommend-service.js'
import {renderAdvise} from '../../src/ui/render-advise.js'
import {renderConcurrencyPlanFleet} from '../../src/ui/render-concurrency-plan.js'
import {ACCOUNT, fnConfig, jsonError} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'
import {answerMetricData, type FunctionModel, insightsRow, type MetricDataRequestBody, mockLambdaFacts, type Traffic} from '../metrics/cloudwatch-fixtures.js'
import {planReport} from '../ui/plan-report-fixture.js'
import {FakeFeed, makeSnapshot, MODEL} from '../ui/dashboard/snapshot-fixture.js'

const EU = 'eu-west-1'

/** A JSON-protocol service in one region (CloudWatch, Logs), as aws-nock's helpers are for us-east-1. */
function jsonService(host: string, target: string, contentType: string) {
  return (operation: string, reply: ((body: any) => unknown) | object) =>
    nock(host)
      .post('/', (body) => body !== undefined)
      .matchHeader('x-amz-target', `${target}.${operation}`)
      .reply(function (_uri, body) {
        const result = typeof reply === 'function' ? (reply as (body: any) => unknown)(typeof body === 'string' ? JSON.parse(body || '{}') : body) : reply
        if (Array.isArray(result)) return [result[0], JSON.stringify(result[1]), {'content-type': contentType}]
        return [200, JSON.stringify(result), {'content-type': contentType}]
      })
}

const hosts = (region: string) => ({
  lambda: `https://lambda.${region}.amazonaws.com`,
  cloudwatch: jsonService(`https://monitoring.${region}.amazonaws.com`, 'GraniteServiceVersion20100801', 'application/x-amz-json-1.0'),
  logs: jsonService(`https://logs.${region}.amazonaws.com`, 'Logs_20140328', 'application/x-amz-json-1.1'),
})

const FUNCTIONS: FunctionModel[] = [{name: 'orders', reserved: 50}, {name: 'billing'}]

/** orders throttles in us-east-1 (1 a minute) and twice as hard in eu-west-1; billing never does. */
const trafficIn =
  (region: string): Traffic =>
  (series) => {
    const scale = region === EU ? 2 : 1
    if (series.functionName === 'orders') return {Throttles: scale, Invocations: 20 * scale, ConcurrentExecutions: 30 * scale}[series.metric]
    if (series.functionName === 'billing') return series.metric === 'Invocations' ? 3 : undefined
    return series.metric === 'ClaimedAccountConcurrency' ? 100 * scale : undefined
  }

/** One account-region's whole dashboard run: selection, settings, metrics and cold starts. */
function serveRegion(region: string, options: {limit?: number; metricsDenied?: boolean} = {}) {
  const {lambda, cloudwatch, logs} = hosts(region)
  const arn = (name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`
  const scope = nock(lambda)
    .get('/2015-03-31/functions')
    .query({MaxItems: '50'})
    .reply(200, {Functions: FUNCTIONS.map((fn) => fnConfig(fn.name, {FunctionArn: arn(fn.name)}))})
  mockLambdaFacts(scope, FUNCTIONS, {limit: options.limit ?? 1000, unreserved: 950})
  cloudwatch('GetMetricData', (body: MetricDataRequestBody) =>
    options.metricsDenied
      ? jsonError(400, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudwatch:GetMetricData')
      : answerMetricData(body, trafficIn(region)),
  )
  const now = Math.floor(Date.now() / 1000)
  const minute = now - (now % 60) - 600
  logs('StartQuery', {queryId: `cold-${region}`})
  logs('GetQueryResults', {status: 'Complete', results: [insightsRow('/aws/lambda/orders', minute, 2, 300)]})
  return scope
}

describe('lx dashboard across a fleet (in-process, two regions)', () => {
  before(() => {
    process.env.LX_LOGS_POLL_MS = '1'
  })
  after(() => {
    delete process.env.LX_LOGS_POLL_MS
  })

  it('--once --json: every function of every account-region with its account and region, throttles and invocations summed, each pool on its own', async () => {
    serveCallerIdentity()
    const us = serveRegion('us-east-1')
    const eu = serveRegion(EU, {limit: 500})
    const {stdout, stderr, exitCode} = await runLx(['dashboard', '--once', '--json', '--range', '1h', '--region', `us-east-1,${EU}`])
    assert.equal(exitCode, 0, stderr)
    assert.ok(us.isDone() && eu.isDone(), 'both regions were read')
    const body = json(stdout)
    assert.equal(body.region, `${EU},us-east-1`)
    assert.deepEqual(
      body.functions.map((fn: any) => [fn.functionName, fn.account, fn.region, fn.throttles]),
      [
        ['orders', ACCOUNT, EU, 120],
        ['orders', ACCOUNT, 'us-east-1', 60],
        ['billing', ACCOUNT, EU, 0],
        ['billing', ACCOUNT, 'us-east-1', 0],
      ],
      'ranked by throttles across the fleet',
    )
    // Totals where they add up; no pool figure summed across account-regions.
    assert.equal(body.account.throttles, 180)
    assert.equal(body.account.invocations, 60 * (40 + 3) + 60 * (20 + 3))
    assert.equal(body.account.coldStarts, 4)
    assert.equal(body.account.limit, null)
    assert.equal(body.account.claimedConcurrency, null)
    assert.deepEqual(
      body.places.map((place: any) => [place.account, place.region, place.limit, place.claimedConcurrency, place.throttles, place.functions]),
      [
        [ACCOUNT, EU, 500, 200, 120, 2],
        [ACCOUNT, 'us-east-1', 1000, 100, 60, 2],
      ],
    )
  })

  it('--once prints a row per account-region and one function table with ACCOUNT and REGION columns', async () => {
    serveCallerIdentity()
    serveRegion('us-east-1')
    serveRegion(EU, {limit: 500})
    const {stdout, exitCode} = await runLx(['dashboard', '--once', '--range', '1h', '--region', `us-east-1,${EU}`])
    assert.equal(exitCode, 0)
    assert.match(stdout, /^Range .*\(2 account-regions: eu-west-1, us-east-1\)$/m)
    // The fixture has no account-wide Throttles series: the selected functions' sum, over the fleet.
    assert.match(stdout, /^Throttles .* 15 in the last 5m, 180 in 1h \(selected functions\)$/m)
    assert.match(stdout, /^Invocations  3,960 \(all account-regions\)$/m)
    assert.match(stdout, /^ACCOUNT\s+REGION\s+CONCURRENCY\s+UNRESERVED\s+THROTTLES 5M\s+THROTTLES 1H\s+INVOCATIONS/m)
    assert.match(stdout, /^123456789012\s+eu-west-1\s+200 \/ 500 claimed\s+950\s+10\s+120\s+2,580\s+2\s+2$/m)
    assert.match(stdout, /^ACCOUNT\s+REGION\s+FUNCTION\s+THROTTLES 5M\s+THROTTLES 1H/m)
    assert.match(stdout, /^123456789012\s+eu-west-1\s+orders\s+10\s+120 /m)
    assert.match(stdout, /^123456789012\s+us-east-1\s+billing\s+0\s+0 /m)
  })

  it('an account-region whose metrics cannot be read is listed as not reached (exit 1; 0 with --skip-unreachable); the others are shown', async () => {
    for (const skip of [false, true]) {
      serveCallerIdentity()
      serveRegion('us-east-1')
      serveRegion(EU, {metricsDenied: true})
      const {stdout, stderr, exitCode} = await runLx(['dashboard', '--once', '--json', '--region', `us-east-1,${EU}`, ...(skip ? ['--skip-unreachable'] : [])])
      assert.equal(exitCode, skip ? 0 : 1, stderr)
      const body = json(stdout)
      assert.deepEqual([...new Set(body.functions.map((fn: any) => fn.region))], ['us-east-1'])
      const missing = body.places.find((place: any) => place.unreachable)
      assert.equal(missing.region, EU)
      assert.match(missing.unreachable, /cloudwatch:GetMetricData/)
      nock.cleanAll()
    }
  })

  it('a named function missing in one account-region: that place is a row with 0 functions and why, not unreachable (exit 0)', async () => {
    serveCallerIdentity()
    const {lambda, cloudwatch, logs} = hosts('us-east-1')
    const us = nock(lambda)
      .get('/2015-03-31/functions/orders')
      .reply(200, {Configuration: fnConfig('orders'), Concurrency: {ReservedConcurrentExecutions: 50}})
    mockLambdaFacts(us, [{name: 'orders', reserved: 50}])
    cloudwatch('GetMetricData', (body: MetricDataRequestBody) => answerMetricData(body, trafficIn('us-east-1')))
    logs('StartQuery', {queryId: 'cold'})
    logs('GetQueryResults', {status: 'Complete', results: []})
    nock(hosts(EU).lambda)
      .get('/2015-03-31/functions/orders')
      .reply(404, {Type: 'User', message: 'Function not found: orders'}, {'x-amzn-ErrorType': 'ResourceNotFoundException'})
    const {stdout, stderr, exitCode} = await runLx(['dashboard', 'orders', '--once', '--region', `us-east-1,${EU}`])
    assert.equal(exitCode, 0, stderr)
    assert.match(stdout, /\(1 account-region: us-east-1\)$/m)
    assert.match(stdout, /^123456789012\s+eu-west-1\s+0\s+nothing selected: .*orders/m)
    assert.match(stdout, /^123456789012\s+us-east-1\s+orders\s/m)
  })

  it('no account-region readable: each is listed with its reason, and the run fails (exit 1)', async () => {
    serveCallerIdentity()
    serveRegion('us-east-1', {metricsDenied: true})
    serveRegion(EU, {metricsDenied: true})
    const {stdout, stderr, exitCode} = await runLx(['dashboard', '--once', '--region', `us-east-1,${EU}`])
    assert.equal(exitCode, 1)
    assert.equal(stdout, '')
    assert.match(stderr, /^Not reached \(2\):\n {2}123456789012\/eu-west-1: .*cloudwatch:GetMetricData.*\n {2}123456789012\/us-east-1: /m)
    assert.match(stderr, /^Error: Access denied: the credentials in use may not call cloudwatch:GetMetricData/m)
  })

  it('one region, as before fleets: no places, and functions gain only account and region', async () => {
    serveRegion('us-east-1')
    const {stdout, exitCode} = await runLx(['dashboard', '--once', '--json', '--range', '1h'])
    assert.equal(exitCode, 0)
    const body = json(stdout)
    assert.equal(body.region, 'us-east-1')
    assert.equal(body.places, undefined)
    assert.equal(body.account.limit, 1000)
    assert.deepEqual(Object.keys(body.functions[0]).slice(0, 3), ['functionName', 'account', 'region'])
    assert.deepEqual([body.functions[0].account, body.functions[0].region], [ACCOUNT, 'us-east-1'])
  })
})

describe('the fleet dashboard feed (pure merges)', () => {
  const place = (account: string, region: string) => ({account, region, snapshot: makeSnapshot()})

  it('mergeSnapshots: rows from every place with their account and region, series summed, pools only per place', () => {
    const one = makeSnapshot()
    const merged = mergeSnapshots([place('222222222222', 'us-east-1'), place('111111111111', EU)])
    assert.equal(merged.functions.length, 2 * MODEL.length)
    assert.deepEqual(
      merged.functions.slice(0, 2).map((fn) => [fn.functionName, fn.account, fn.region]),
      [
        ['orders-api', '111111111111', EU],
        ['orders-api', '222222222222', 'us-east-1'],
      ],
    )
    assert.equal(merged.account.throttles, 2 * one.account.throttles)
    assert.equal(merged.account.invocations, 2 * one.account.invocations)
    assert.deepEqual(
      merged.series.accountThrottles,
      one.series.accountThrottles.map((value) => 2 * value),
    )
    assert.equal(merged.account.limit, null)
    assert.deepEqual(
      merged.places?.map((entry) => [entry.account, entry.region, entry.limit, entry.functions]),
      [
        ['111111111111', EU, 1000, MODEL.length],
        ['222222222222', 'us-east-1', 1000, MODEL.length],
      ],
    )
    assert.equal(new Set(merged.functions.map((fn) => rowKey(fn))).size, merged.functions.length, 'every row has a key of its own')
  })

  it('filterFunctions across a fleet matches the account or the region too', () => {
    const merged = mergeSnapshots([place('111111111111', 'us-east-1'), place('222222222222', EU)])
    assert.equal(filterFunctions(merged.functions, 'eu-west', {places: true}).length, MODEL.length)
    assert.equal(filterFunctions(merged.functions, '2222', {places: true}).length, MODEL.length)
    assert.equal(filterFunctions(merged.functions, 'eu-west').length, 0, 'one region: names only')
  })

  it('mergeOutcomes: each place refreshed, its errors under its name, ok while any place is, the unreachable said once', async () => {
    const failing = new FakeFeed()
    const feed = new FleetDashboardFeed(
      [
        {account: '111111111111', region: 'us-east-1', feed: new FakeFeed()},
        {account: '111111111111', region: EU, feed: failing},
      ],
      [{account: '333333333333', reason: 'AccessDenied on sts:AssumeRole'}],
    )
    const first = await feed.refresh({rangeSeconds: 3 * 3600})
    assert.equal(first.ok, true)
    assert.equal(first.stats.getMetricDataCalls, 2)
    assert.deepEqual(first.errors, ['Not reached (1): 333333333333: AccessDenied on sts:AssumeRole'])
    failing.failNext = 'throttled'
    const second = await feed.refresh({rangeSeconds: 3 * 3600})
    assert.equal(second.ok, true, 'one place still answered')
    assert.equal(second.failure, undefined)
    assert.ok(second.errors.includes('111111111111/eu-west-1: Metrics: throttled'), second.errors.join('\n'))
    assert.equal(second.snapshot.functions.length, 2 * MODEL.length, 'the failed place keeps its last good rows')
    const both = mergeOutcomes([
      {region: 'us-east-1', outcome: {...first, ok: false, failure: new Error('a')}},
      {region: EU, outcome: {...first, ok: false, failure: new Error('b')}},
    ])
    assert.equal(both.ok, false)
    assert.equal((both.failure as Error).message, 'a')
  })
})

describe('lx concurrency plan across a fleet (pure merge and renderer)', () => {
  const inPlace = (account: string, region: string, report: ConcurrencyPlanReport): ConcurrencyPlanReport => {
    const args = placeArguments({account, region, access: {roleArn: `arn:aws:iam::${account}:role/ops/Lx`}})
    const functions = report.functions.map((fn) => ({...fn, account, region, commands: fn.commands.map((command) => `${command} ${args.join(' ')}`)}))
    return {...report, region, account: {...report.account, region}, functions, commands: functions.flatMap((fn) => fn.commands)}
  }

  it('one table with ACCOUNT and REGION, money summed, each pool checked and held back on its own, commands sent to their place', () => {
    const roomy = planReport([{name: 'checkout', reserved: [20, 145], throttles: [900, 0], cost: [10, 30]}], {unreserved: 900})
    const tight = planReport([{name: 'checkout', reserved: [20, 145], throttles: [900, 0], cost: [10, 30]}], {unreserved: 150})
    const report = mergePlanReports(
      [
        {account: '222222222222', report: inPlace('222222222222', EU, tight)},
        {account: '111111111111', report: inPlace('111111111111', 'us-east-1', roomy)},
      ],
      {windowSeconds: 7 * 86_400, headroom: 0.2, now: Date.UTC(2030, 10, 28)},
    )
    assert.equal(report.region, `us-east-1,${EU}`)
    assert.deepEqual(
      report.places.map((entry) => ('unreachable' in entry ? [] : [entry.account, entry.region, entry.fits])),
      [
        ['111111111111', 'us-east-1', true],
        ['222222222222', EU, false],
      ],
    )
    assert.deepEqual(report.monthlyCost, {current: 20, recommended: 60, onDemandOnly: 20, delta: 40, currency: 'USD'})
    const text = renderConcurrencyPlanFleet({...report, places: [...report.places, {account: '333333333333', unreachable: 'role could not be assumed'}]})
    assert.match(text, /^ACCOUNT\s+REGION\s+FUNCTION\s+RESERVED/m)
    assert.match(text, /^111111111111\s+us-east-1\s+checkout\s+20 → 145/m)
    assert.match(text, /^222222222222\s+eu-west-1\s+checkout\s+20 → 145/m)
    assert.match(text, /^Selection, all account-regions: \$20\.00 a month now → \$60\.00 recommended \(\+\$40\.00\)/m)
    assert.match(text, /^- 111111111111\/us-east-1: limit 1000, unreserved 900 → 775 \(floor 100\); 675 left to reserve afterwards\.$/m)
    assert.match(text, /^- 222222222222\/eu-west-1: limit 1000, unreserved 150 → 25 \(floor 100\); does NOT fit\.$/m)
    assert.match(text, /^- 333333333333: not reached: role could not be assumed$/m)
    assert.match(text, /^222222222222\/eu-west-1: held back until the account-region has room: checkout \(\+125\)/m)
    assert.match(
      text,
      /^To apply \(1 function that fit now; the rest are held back\):\nlx concurrency set checkout --reserved 145 --region us-east-1 --accounts 111111111111 --role-name ops\/Lx$/m,
    )
    assert.doesNotMatch(text, /--reserved 145 --region eu-west-1/, 'the held-back change in the tight place is not printed')
  })

  it('placeArguments: the region, and the profile or the role that reached the account', () => {
    assert.deepEqual(placeArguments({region: 'us-east-1', access: {}}), ['--region', 'us-east-1'])
    assert.deepEqual(placeArguments({region: EU, access: {profile: 'prod eu'}}), ['--region', EU, '--profile', "'prod eu'"])
    assert.deepEqual(placeArguments({account: '111111111111', region: EU, access: {roleArn: 'arn:aws:iam::111111111111:role/Lx', externalId: 'x-1'}}), [
      '--region',
      EU,
      '--accounts',
      '111111111111',
      '--role-name',
      'Lx',
      '--external-id',
      'x-1',
    ])
  })
})

describe('lx advise across a fleet (pure merge and renderer)', () => {
  const finding = (id: string, severity: Finding['severity'], monthlySaving?: number): Finding => ({
    id,
    kind: 'throttling',
    severity,
    resource: id.split(':')[1],
    title: `${id} title`,
    evidence: {window: '14d'},
    ...(monthlySaving === undefined ? {} : {monthlySaving}),
    fix: `lx concurrency set ${id.split(':')[1]} --reserved 10   # why`,
    fixKind: 'command',
  })
  const report = (region: string, findings: Finding[]): AdviseReport => ({
    region,
    window: '14d',
    from: '2030-11-14T00:00:00.000Z',
    to: '2030-11-28T00:00:00.000Z',
    functions: 3,
    findings: findings.map((item) => ({...item, account: ACCOUNT, region})),
    counts: {
      critical: findings.filter((item) => item.severity === 'critical').length,
      warning: 0,
      info: findings.filter((item) => item.severity === 'info').length,
    },
    totals: {monthlySaving: findings.reduce((sum, item) => sum + (item.monthlySaving ?? 0), 0), monthlyCost: 0, currency: 'USD'},
    notes: ['Money is monthly.', `Prices for ${region}.`],
    calls: {getMetricData: 1, metricQueries: 10, logsInsightsQueries: 1},
  })

  it('ranks every place’s findings together, sums counts and money, keeps shared notes once, and says where each finding is', () => {
    const merged = mergeAdviseReports(
      [
        {account: ACCOUNT, report: report('us-east-1', [finding('throttling:a', 'critical'), finding('throttling:b', 'info', 5)])},
        {account: ACCOUNT, report: report(EU, [finding('throttling:a', 'critical', 50)])},
      ],
      {windowSeconds: 14 * 86_400, now: Date.UTC(2030, 10, 28)},
    )
    assert.deepEqual(
      merged.findings.map((item) => [item.id, item.region]),
      [
        ['throttling:a', EU],
        ['throttling:b', 'us-east-1'],
        ['throttling:a', 'us-east-1'],
      ],
    )
    assert.deepEqual(merged.counts, {critical: 2, warning: 0, info: 1})
    assert.equal(merged.totals.monthlySaving, 55)
    assert.equal(merged.functions, 6)
    assert.deepEqual(merged.notes, ['Money is monthly.', `${ACCOUNT}/${EU}: Prices for ${EU}.`, `${ACCOUNT}/us-east-1: Prices for us-east-1.`])
    const text = renderAdvise({...merged, places: [...merged.places, {account: '333333333333', region: EU, unreachable: 'AccessDenied'}]})
    assert.match(text, /^6 functions in 2 account-regions \(eu-west-1, us-east-1\), window 14d/m)
    assert.match(text, /^1\. CRITICAL {2}123456789012\/eu-west-1 {2}a {2}throttling:a title {2}\[saves \$50\.00\/month\]$/m)
    assert.match(text, /^Not reached:\n- 333333333333\/eu-west-1: AccessDenied$/m)
  })

  it('fixInPlace sends every lx and aws command of a fix to its account-region, before any comment; instructions stay', () => {
    const args = {lx: ['--region', EU, '--profile', 'prod'], aws: ['--region', EU]}
    assert.equal(
      fixInPlace('lx scaling remove f --qualifier live && lx concurrency unset f --provisioned --qualifier live   # or point the callers at live', args),
      'lx scaling remove f --qualifier live --region eu-west-1 --profile prod && ' +
        'lx concurrency unset f --provisioned --qualifier live --region eu-west-1 --profile prod   # or point the callers at live',
    )
    assert.equal(
      fixInPlace('aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 2000', args),
      'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 2000 --region eu-west-1',
    )
    assert.equal(fixInPlace('Move f to nodejs22.x in its deployment.', args), 'Move f to nodejs22.x in its deployment.')
  })
})
