import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {DashboardSource} from '../../src/dashboard/dashboard-source.js'
import {FunctionReader} from '../../src/select/function-reader.js'
import nock from 'nock'

import {CLOUDWATCH_HOST, cloudwatch, functionArn, jsonError, lambda, logs} from '../helpers/aws-nock.js'
import {
  answerMetricData,
  type FunctionModel,
  insightsRow,
  type MetricDataRequestBody,
  mockLambdaFacts,
  selected,
  type Traffic,
} from '../metrics/cloudwatch-fixtures.js'

const HOUR = 1_700_000_000 - (1_700_000_000 % 3600)
const RANGE = 3 * 3600

const FUNCTIONS: FunctionModel[] = [{name: 'orders', reserved: 100, provisioned: [{qualifier: 'live', allocated: 10}]}, {name: 'billing'}, {name: 'never-ran'}]

/** orders throttles 2 a minute and peaks at 100 concurrent; billing just runs. */
const traffic: Traffic = (series) => {
  if (series.functionName === 'orders') {
    if (series.metric === 'Throttles') return 2
    if (series.metric === 'Invocations') return 50
    if (series.metric === 'ConcurrentExecutions') return 100
    if (series.metric === 'ProvisionedConcurrencyUtilization') return 0.8
    if (series.metric === 'ProvisionedConcurrencySpilloverInvocations') return 1
  }

  if (series.functionName === 'billing' && series.metric === 'Invocations') return 10
  if (!series.functionName && series.metric === 'ClaimedAccountConcurrency') return 310
  if (!series.functionName && series.metric === 'Throttles') return 2
  return undefined
}

/** A ListMetrics entry: the alias or version QUALIFIER of FUNCTION published provisioned-concurrency utilisation. */
function provisionedMetric(functionName: string, qualifier: string) {
  return {
    Namespace: 'AWS/Lambda',
    MetricName: 'ProvisionedConcurrencyUtilization',
    Dimensions: [
      {Name: 'FunctionName', Value: functionName},
      {Name: 'Resource', Value: `${functionName}:${qualifier}`},
    ],
  }
}

describe('DashboardSource', () => {
  let aws: AwsContext
  let clock: number
  let source: DashboardSource

  async function makeSource(options: {waitForProvisioned?: boolean} = {}) {
    const lambdaClient = await aws.lambda()
    return new DashboardSource({
      region: 'us-east-1',
      functions: FUNCTIONS.map((fn) => selected(fn)),
      reader: new FunctionReader(lambdaClient),
      cloudwatch: await aws.cloudwatch(),
      logs: await aws.logs(),
      now: () => clock,
      sleep: async () => {},
      waitForProvisioned: options.waitForProvisioned ?? true,
    })
  }

  beforeEach(async () => {
    aws = new AwsContext({version: 'test'})
    clock = (HOUR + 30) * 1000
    source = await makeSource()
  })
  afterEach(() => aws.destroy())

  function serveMetrics(bodies: MetricDataRequestBody[], times = 1) {
    return cloudwatch(
      'GetMetricData',
      (body: MetricDataRequestBody) => {
        bodies.push(body)
        return answerMetricData(body, traffic)
      },
      {times},
    )
  }

  function serveColdStarts(rows: unknown[], missing?: string) {
    logs(
      'StartQuery',
      (body: {logGroupNames: string[]}) =>
        missing && body.logGroupNames.includes(missing) ? jsonError(400, 'ResourceNotFoundException', `Log group ${missing} does not exist.`) : {queryId: 'q'},
      {times: missing ? 2 : 1},
    )
    logs('GetQueryResults', {status: 'Complete', results: rows})
  }

  it('fetches the whole range first, then only the new periods, with the same queries', async () => {
    mockLambdaFacts(lambda(), FUNCTIONS)
    const bodies: MetricDataRequestBody[] = []
    serveMetrics(bodies, 2)
    serveColdStarts([insightsRow('/aws/lambda/orders', HOUR - 120, 3), insightsRow('/aws/lambda/billing', HOUR - 60, 1)], '/aws/lambda/never-ran')

    const first = await source.refresh({rangeSeconds: RANGE})
    assert.equal(first.ok, true, first.errors.join('; '))
    assert.deepEqual(first.errors, [])
    assert.equal(first.stats.full, true)
    assert.equal(first.stats.metricQueries, 5 + 4 * 3 + 1 + 1, 'account 5, 4 per function, spillover and utilisation for the one with PC')
    assert.equal(first.stats.getMetricDataCalls, 1)
    assert.equal(bodies[0].EndTime - bodies[0].StartTime, RANGE)
    const orders = first.snapshot.functions[0]
    assert.equal(orders.functionName, 'orders', 'most throttled first')
    assert.equal(orders.throttles, 2 * 180)
    assert.equal(orders.invocations, 50 * 180)
    assert.equal(orders.peakConcurrency, 100)
    assert.equal(orders.reserved, 100)
    assert.equal(orders.provisioned, 10)
    assert.equal(orders.provisionedUtilization, 0.8)
    assert.equal(orders.spillover, 180)
    assert.equal(orders.coldStarts, 3)
    assert.equal(first.snapshot.functions.find((fn) => fn.functionName === 'billing')!.coldStarts, 1)
    const neverRan = first.snapshot.functions.find((fn) => fn.functionName === 'never-ran')!
    assert.equal(neverRan.coldStarts, null)
    assert.equal(neverRan.coldStartsReason, 'log group /aws/lambda/never-ran does not exist')
    assert.equal(first.snapshot.account.limit, 1000)
    assert.equal(first.snapshot.account.claimedConcurrency, 310)
    assert.equal(first.stats.coldStartsFetched, true)

    clock += 60_000
    const second = await source.refresh({rangeSeconds: RANGE})
    assert.equal(second.ok, true)
    assert.equal(second.stats.full, false)
    assert.equal(second.stats.metricQueries, first.stats.metricQueries, 'GetMetricData bills per metric: the same series, a shorter window')
    assert.equal(bodies[1].StartTime, HOUR - 180, 'from the first period that had not settled at the last fetch')
    assert.equal(bodies[1].EndTime, HOUR + 120)
    assert.equal(second.stats.datapoints < first.stats.datapoints / 30, true)
    assert.equal(second.stats.coldStartsFetched, false, 'cold starts are counted less often')
    assert.equal(second.snapshot.functions[0].throttles, 2 * 180, 'the range moved one minute; still 180 one-minute periods')
    assert.equal(second.snapshot.functions.find((fn) => fn.functionName === 'orders')!.coldStarts, 3)
  })

  it('does not wait for provisioned concurrency: its series join later, fetched over the whole range', async () => {
    source = await makeSource({waitForProvisioned: false})
    mockLambdaFacts(lambda(), FUNCTIONS)
    const bodies: MetricDataRequestBody[] = []
    serveMetrics(bodies, 3)
    serveColdStarts([])

    const first = await source.refresh({rangeSeconds: RANGE})
    assert.equal(first.ok, true)
    // Without the provisioned listing the first refresh has 17 series, or 19 if it came back first.
    const withoutPc = 5 + 4 * 3
    assert.ok([withoutPc, withoutPc + 2].includes(first.stats.metricQueries))
    // The provisioned listing finishes in the background; the next refresh finds it.
    await source.settled()

    clock += 60_000
    const second = await source.refresh({rangeSeconds: RANGE})
    assert.equal(second.stats.metricQueries, withoutPc + 2)
    const orders = second.snapshot.functions.find((fn) => fn.functionName === 'orders')!
    assert.equal(orders.provisionedUtilization, 0.8)
    assert.equal(orders.spillover, 180, 'the whole range, not just the new minutes')
    if (first.stats.metricQueries === withoutPc) {
      assert.equal(second.stats.getMetricDataCalls, 2, 'known series incrementally, new ones over the range')
      const fresh = bodies.at(-1)!.MetricDataQueries.length === 2 ? bodies.at(-1)! : bodies.at(-2)!
      assert.equal(fresh.EndTime - fresh.StartTime, RANGE)
    }
  })

  it('lists provisioned concurrency in Lambda only for the functions whose metrics show some', async () => {
    const scope = lambda()
    scope.get('/2016-08-19/account-settings').reply(200, {AccountLimit: {ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900}})
    for (const fn of FUNCTIONS) {
      scope
        .get(`/2015-03-31/functions/${fn.name}`)
        .reply(200, {Configuration: {FunctionName: fn.name}, ...(fn.reserved === undefined ? {} : {Concurrency: {ReservedConcurrentExecutions: fn.reserved}})})
    }

    scope
      .get('/2019-09-30/functions/orders/provisioned-concurrency')
      .query(true)
      .reply(200, {
        ProvisionedConcurrencyConfigs: [{FunctionArn: functionArn('orders', 'live'), AllocatedProvisionedConcurrentExecutions: 10, Status: 'READY'}],
      })
    const listed: Array<Record<string, unknown>> = []
    cloudwatch('ListMetrics', (body: Record<string, unknown>) => {
      listed.push(body)
      return {
        Metrics: [
          provisionedMetric('orders', 'live'),
          // A function outside the selection is not asked about either.
          provisionedMetric('other', 'v2'),
        ],
      }
    })
    const bodies: MetricDataRequestBody[] = []
    serveMetrics(bodies)
    serveColdStarts([])

    const outcome = await source.refresh({rangeSeconds: RANGE})
    assert.deepEqual(outcome.errors, [])
    assert.equal(listed[0].MetricName, 'ProvisionedConcurrencyUtilization')
    assert.ok(scope.isDone(), `Lambda calls not made: ${scope.pendingMocks().join(', ')}`)
    const orders = outcome.snapshot.functions.find((fn) => fn.functionName === 'orders')!
    assert.equal(orders.provisioned, 10)
    assert.equal(orders.provisionedUtilization, 0.8)
    assert.equal(outcome.snapshot.functions.find((fn) => fn.functionName === 'billing')!.provisioned, null)
    assert.equal(outcome.stats.metricQueries, 5 + 4 * 3 + 2, 'utilisation and spillover only for orders')
  })

  it('starts counting cold starts before provisioned concurrency is found, not after', async () => {
    const order: string[] = []
    const scope = lambda()
    scope.on('request', (request: {path: string}) => {
      if (request.path.includes('/provisioned-concurrency')) order.push('provisioned concurrency')
    })
    mockLambdaFacts(scope, FUNCTIONS)
    // ListMetrics (orders has provisioned concurrency) answers late: the cold-start queries need only
    // the log groups, so they do not wait for it, nor for Lambda's answer about orders after it.
    nock(CLOUDWATCH_HOST)
      .post('/')
      .matchHeader('x-amz-target', 'GraniteServiceVersion20100801.ListMetrics')
      .delay(300)
      .reply(
        200,
        JSON.stringify({
          Metrics: [provisionedMetric('orders', 'live')],
        }),
        {'content-type': 'application/x-amz-json-1.0'},
      )
    serveMetrics([])
    logs('StartQuery', () => {
      order.push('StartQuery')
      return {queryId: 'q'}
    })
    logs('GetQueryResults', {status: 'Complete', results: []})

    const outcome = await source.refresh({rangeSeconds: RANGE})
    assert.deepEqual(outcome.errors, [])
    assert.deepEqual(order, ['StartQuery', 'provisioned concurrency'])
  })

  it('says Logs are unreadable (cold starts null, not 0) when StartQuery is denied', async () => {
    mockLambdaFacts(lambda(), FUNCTIONS)
    serveMetrics([])
    logs('StartQuery', jsonError(400, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: logs:StartQuery'))
    const outcome = await source.refresh({rangeSeconds: RANGE})
    assert.equal(outcome.ok, true)
    assert.equal(outcome.failure, undefined, 'unreadable Logs do not fail the snapshot')
    assert.equal(outcome.snapshot.coldStarts.available, false)
    assert.match(outcome.snapshot.coldStarts.reason!, /Logs not readable: Access denied.*logs:StartQuery/)
    assert.ok(outcome.snapshot.functions.every((fn) => fn.coldStarts === null))
    assert.match(outcome.errors.join('\n'), /^Cold starts: Logs not readable/m)
  })

  it('keeps the last snapshot when a refresh fails, and says why', async () => {
    mockLambdaFacts(lambda(), FUNCTIONS)
    serveMetrics([])
    serveColdStarts([])
    const first = await source.refresh({rangeSeconds: RANGE})
    assert.equal(first.ok, true)

    clock += 60_000
    cloudwatch('GetMetricData', jsonError(400, 'AccessDenied', 'User is not authorized to perform: cloudwatch:GetMetricData'))
    const second = await source.refresh({rangeSeconds: RANGE})
    assert.equal(second.ok, false)
    assert.equal(second.snapshot, first.snapshot, 'the same data stays on screen')
    assert.equal(second.lastSuccessAt, first.at)
    assert.match(second.errors[0], /^Metrics: Access denied: the credentials in use may not call cloudwatch:GetMetricData/)
    assert.ok(second.failure)
  })
})
