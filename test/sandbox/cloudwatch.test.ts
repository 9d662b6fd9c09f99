import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, ListMetricsCommand, type MetricDataQuery} from '@aws-sdk/client-cloudwatch'
import {LambdaClient, PutFunctionConcurrencyCommand} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {cloudWatchService} from '../../src/sandbox/cloudwatch-api.js'
import {expectAwsError, lambdaClient, quickSandbox, REGION} from './helpers.js'

const PEAK = Date.UTC(2024, 4, 1, 18, 0, 0)
const PEAK_S = PEAK / 1000

function cloudWatch(sandbox: Sandbox): CloudWatchClient {
  return new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})
}

function query(
  id: string,
  metricName: string,
  stat: string,
  functionName?: string,
  options: {period?: number; resource?: string; label?: string; returnData?: boolean} = {},
): MetricDataQuery {
  const dimensions = functionName
    ? [{Name: 'FunctionName', Value: functionName}, ...(options.resource ? [{Name: 'Resource', Value: options.resource}] : [])]
    : []
  return {
    Id: id,
    MetricStat: {Metric: {Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: dimensions}, Period: options.period ?? 60, Stat: stat},
    ...(options.label ? {Label: options.label} : {}),
    ...(options.returnData === undefined ? {} : {ReturnData: options.returnData}),
  }
}

const window = (fromS: number, toS: number) => ({StartTime: new Date(fromS * 1000), EndTime: new Date(toS * 1000)})

async function advance(sandbox: Sandbox, ms: number): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/clock/advance?ms=${ms}`, {method: 'POST'})
  assert.equal(response.status, 200)
}

describe('sandbox CloudWatch API', () => {
  let sandbox: Sandbox
  let cw: CloudWatchClient
  let lambda: LambdaClient
  const get = async (input: Omit<GetMetricDataCommandInput, 'StartTime' | 'EndTime'> & {StartTime?: Date; EndTime?: Date}) =>
    cw.send(new GetMetricDataCommand({...window(PEAK_S - 3600, PEAK_S), ...input} as GetMetricDataCommandInput))
  const values = async (q: MetricDataQuery, fromS: number, toS: number) => {
    const out = await cw.send(new GetMetricDataCommand({MetricDataQueries: [q], ...window(fromS, toS), ScanBy: 'TimestampAscending'}))
    const result = out.MetricDataResults![0]
    return result.Timestamps!.map((t, i) => [t.getTime() / 1000, result.Values![i]] as const)
  }

  beforeEach(async () => {
    sandbox = await quickSandbox({startTime: PEAK})
    cw = cloudWatch(sandbox)
    lambda = lambdaClient(sandbox)
  })
  afterEach(async () => {
    cw.destroy()
    lambda.destroy()
    await sandbox.stop()
  })

  describe('GetMetricData', () => {
    it('answers per-minute Lambda metrics, newest first, with labels and Complete status', async () => {
      const out = await get({
        MetricDataQueries: [
          query('inv', 'Invocations', 'Sum', 'checkout-api'),
          query('thr', 'Throttles', 'Sum', 'checkout-api', {label: 'checkout throttles'}),
          query('conc', 'ConcurrentExecutions', 'Maximum', 'checkout-api'),
          query('hidden', 'Errors', 'Sum', 'checkout-api', {returnData: false}),
        ],
      })
      assert.deepEqual(
        out.MetricDataResults!.map((r) => [r.Id, r.Label, r.StatusCode]),
        [
          ['inv', 'Invocations', 'Complete'],
          ['thr', 'checkout throttles', 'Complete'],
          ['conc', 'ConcurrentExecutions', 'Complete'],
        ],
      )
      const [inv, thr, conc] = out.MetricDataResults!
      assert.equal(inv.Timestamps!.length, 60)
      assert.equal(inv.Timestamps![0].getTime(), PEAK - 60_000, 'newest first: the last full minute before the start')
      assert.ok(inv.Timestamps![0] > inv.Timestamps![59])
      assert.ok(
        thr.Values!.every((v) => v > 1000),
        'reserved 20 throttles checkout-api at its peak',
      )
      assert.ok(
        conc.Values!.every((v) => v === 20),
        'capped at its reservation',
      )
    })

    it('aggregates periods: a 5-minute Sum is the five minutes added up', async () => {
      const perMinute = await values(query('a', 'Invocations', 'Sum', 'orders-api'), PEAK_S - 600, PEAK_S)
      const perFive = await values(query('b', 'Invocations', 'Sum', 'orders-api', {period: 300}), PEAK_S - 600, PEAK_S)
      assert.equal(perFive.length, 2)
      assert.equal(
        perFive[0][1],
        perMinute.slice(0, 5).reduce((s, [, v]) => s + v, 0),
      )
      assert.equal(perFive[1][0], PEAK_S - 300)
    })

    it('computes Duration statistics: average near the profile, ordered percentiles, max within the timeout', async () => {
      const stats = ['Average', 'p50', 'p90', 'p99', 'Maximum', 'Minimum', 'SampleCount', 'Sum']
      const out = await get({MetricDataQueries: stats.map((stat, i) => query(`d${i}`, 'Duration', stat, 'checkout-api', {period: 3600}))})
      const [average, p50, p90, p99, maximum, minimum, count, total] = out.MetricDataResults!.map((r) => r.Values![0])
      assert.ok(average > 200 && average < 300, `average ${average} ms for a 250 ms profile`)
      assert.ok(minimum < p50 && p50 < p90 && p90 < p99 && p99 < maximum, `${minimum} < ${p50} < ${p90} < ${p99} < ${maximum}`)
      assert.ok(maximum <= 29_000, 'capped at the 29 s timeout')
      assert.ok(Math.abs(total / count - average) < 1e-6)
    })

    it('publishes provisioned concurrency per alias and per function, and the account-wide series', async () => {
      const out = await get({
        MetricDataQueries: [
          query('util', 'ProvisionedConcurrencyUtilization', 'Maximum', 'orders-api', {resource: 'orders-api:live'}),
          query('pcinv', 'ProvisionedConcurrencyInvocations', 'Sum', 'orders-api', {resource: 'orders-api:live'}),
          query('spill', 'ProvisionedConcurrencySpilloverInvocations', 'Sum', 'orders-api'),
          query('idle', 'ProvisionedConcurrencyUtilization', 'Maximum', 'reports-nightly', {resource: 'reports-nightly:live'}),
          query('claimed', 'ClaimedAccountConcurrency', 'Maximum'),
          query('unres', 'UnreservedConcurrentExecutions', 'Maximum'),
          query('acc', 'ConcurrentExecutions', 'Maximum'),
          query('none', 'ProvisionedConcurrencyUtilization', 'Maximum', 'geo-lookup', {resource: 'geo-lookup:live'}),
        ],
      })
      const byId: Record<string, number[]> = Object.fromEntries(out.MetricDataResults!.map((r) => [r.Id!, r.Values!]))
      assert.ok(
        byId.util.every((v) => v > 0.3 && v <= 1),
        `orders-api:live utilisation ${byId.util.slice(0, 5)}`,
      )
      assert.ok(byId.pcinv.every((v) => v > 1000))
      assert.equal(byId.spill.length, 60)
      assert.ok(
        byId.idle.every((v) => v < 0.1),
        'reports-nightly: 50 warm environments, next to nobody using them in the evening',
      )
      assert.ok(
        byId.claimed.every((v) => v >= 365),
        'reservations (280) and provisioned concurrency outside them (85) are claimed',
      )
      assert.ok(byId.acc.every((v, i) => v >= byId.unres[i]))
      assert.deepEqual(byId.none, [], 'no provisioned concurrency, no datapoints')
    })

    it('returns no datapoints for metrics the account does not publish', async () => {
      const out = await get({
        MetricDataQueries: [
          {Id: 'ns', MetricStat: {Metric: {Namespace: 'AWS/EC2', MetricName: 'CPUUtilization'}, Period: 60, Stat: 'Average'}},
          query('ghost', 'Invocations', 'Sum', 'no-such-function'),
          query('odd', 'Invocations', 'Sum', 'orders-api', {resource: 'something-else'}),
        ],
      })
      assert.deepEqual(
        out.MetricDataResults!.map((r) => [r.Id, r.Values!.length, r.StatusCode]),
        [
          ['ns', 0, 'Complete'],
          ['ghost', 0, 'Complete'],
          ['odd', 0, 'Complete'],
        ],
      )
    })

    it('walks only the minutes that can hold data, whatever the window', async () => {
      // How long the walk takes is measured by `npm run bench` (scripts/bench-sandbox.js).
      const out = await cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: [query('a', 'Invocations', 'Sum', 'orders-api')],
          StartTime: new Date(0),
          EndTime: new Date(Date.UTC(9999, 0, 1)),
        }),
      )
      const timestamps = out.MetricDataResults![0].Timestamps!
      assert.equal(timestamps.length, 15 * 1440, 'fifteen days of one-minute data, up to the present')
      assert.equal(timestamps[0].getTime(), PEAK - 60_000)
    })

    it('pages with NextToken beyond MaxDatapoints (100,800 by default) and the pages add up to the whole', async () => {
      const queries = [query('a', 'Invocations', 'Sum', 'orders-api'), query('b', 'Throttles', 'Sum', 'orders-api'), query('c', 'Errors', 'Sum', 'orders-api')]
      const whole = await get({MetricDataQueries: queries})
      const pages: Array<Awaited<ReturnType<typeof get>>> = []
      let token: string | undefined
      do {
        const page = await get({MetricDataQueries: queries, MaxDatapoints: 50, NextToken: token})
        pages.push(page)
        token = page.NextToken
      } while (token)
      assert.equal(pages.length, 4, '180 datapoints, 50 a page')
      assert.equal(pages[0].MetricDataResults![0].StatusCode, 'PartialData')
      for (const id of ['a', 'b', 'c']) {
        const joined = pages.flatMap((page) => page.MetricDataResults!.filter((r) => r.Id === id).flatMap((r) => r.Values!))
        assert.deepEqual(joined, whole.MetricDataResults!.find((r) => r.Id === id)!.Values)
      }

      // Seven days at one minute for 12 series is 120,960 datapoints: two pages by default.
      const week = Array.from({length: 12}, (_, i) => query(`w${i}`, 'Invocations', 'Sum', 'orders-api'))
      const first = await cw.send(new GetMetricDataCommand({MetricDataQueries: week, ...window(PEAK_S - 7 * 86_400, PEAK_S)}))
      assert.equal(
        first.MetricDataResults!.reduce((s, r) => s + r.Values!.length, 0),
        100_800,
      )
      assert.ok(first.NextToken)
      const second = await cw.send(new GetMetricDataCommand({MetricDataQueries: week, ...window(PEAK_S - 7 * 86_400, PEAK_S), NextToken: first.NextToken}))
      assert.equal(
        second.MetricDataResults!.reduce((s, r) => s + r.Values!.length, 0),
        120_960 - 100_800,
      )
      assert.equal(second.NextToken, undefined)
    })

    it('refuses what AWS refuses, with its error names', async () => {
      // The wire code is ValidationError (awsQuery's); the SDK's modeled name for it is ValidationException.
      const cases: Array<[Partial<GetMetricDataCommandInput>, string, RegExp]> = [
        [
          {MetricDataQueries: [query('Upper', 'Invocations', 'Sum', 'orders-api')]},
          'ValidationException',
          /Upper .*Id is not matching the expected pattern \^\[a-z\]/,
        ],
        [{MetricDataQueries: [query('a', 'Invocations', 'Sum', 'orders-api'), query('a', 'Errors', 'Sum', 'orders-api')]}, 'ValidationException', /not unique/],
        [
          {MetricDataQueries: Array.from({length: 501}, (_, i) => query(`q${i}`, 'Invocations', 'Sum'))},
          'ValidationException',
          /must not have a size greater than 500/,
        ],
        [{MetricDataQueries: [query('a', 'Invocations', 'Sum', 'orders-api', {period: 90})]}, 'ValidationException', /Period must be a multiple of 60/],
        [{MetricDataQueries: [{Id: 'e', Expression: 'm9 * 100'}]}, 'ValidationException', /^Error in expression e: Unrecognized metric or expression id: m9$/],
        [
          {MetricDataQueries: [query('a', 'Duration', 'TM(10%:90%)', 'orders-api')]},
          'InvalidParameterValueException',
          /not supported by the sandbox; use Sum, Average/,
        ],
        [
          {MetricDataQueries: [query('a', 'Invocations', 'Sum', 'orders-api')], ...window(PEAK_S, PEAK_S - 60)},
          'ValidationException',
          /StartTime must be less than the parameter EndTime/,
        ],
        [{MetricDataQueries: [query('a', 'Invocations', 'Sum', 'orders-api')], NextToken: 'not-a-token'}, 'InvalidNextToken', /NextToken/],
      ]
      for (const [input, name, message] of cases) {
        await expectAwsError(get(input as GetMetricDataCommandInput), {name, status: 400, message})
      }
      assert.equal(sandbox.stats().errors['monitoring:GetMetricData'], cases.length)
    })

    it('shows a raised reservation ending the throttles in the next minute’s datapoints', async () => {
      await advance(sandbox, 90_000)
      const changedAt = sandbox.clock.now()
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'checkout-api', ReservedConcurrentExecutions: 200}))
      await advance(sandbox, 150_000)
      const nextMinute = Math.floor(changedAt / 60_000) * 60 + 60
      const throttles = await values(query('t', 'Throttles', 'Sum', 'checkout-api'), PEAK_S - 180, nextMinute + 120)
      const before = throttles.filter(([t]) => t < nextMinute - 60)
      const after = throttles.filter(([t]) => t >= nextMinute)
      assert.ok(before.length >= 3 && before.every(([, v]) => v > 1000), `throttled before: ${before.map(([, v]) => v)}`)
      assert.ok(after.length >= 1, 'the minute after the change has closed')
      assert.deepEqual(
        after.map(([, v]) => v),
        after.map(() => 0),
      )
    })

    it('shows a lowered reservation throttling from the next minute on', async () => {
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'catalog-api', ReservedConcurrentExecutions: 2}))
      const changedAt = sandbox.clock.now()
      await advance(sandbox, 180_000)
      const nextMinute = Math.floor(changedAt / 60_000) * 60 + 60
      const throttles = await values(query('t', 'Throttles', 'Sum', 'catalog-api'), PEAK_S - 120, nextMinute + 120)
      assert.ok(throttles.filter(([t]) => t < PEAK_S).every(([, v]) => v === 0))
      assert.ok(throttles.filter(([t]) => t >= nextMinute).every(([, v]) => v > 500))
    })

    it('answers 500 queries over 3 hours at one minute (its speed is measured by npm run bench, not asserted here)', async () => {
      const names = sandbox.account.functionNames()
      const metrics: Array<[string, string]> = [
        ['Invocations', 'Sum'],
        ['Throttles', 'Sum'],
        ['Errors', 'Sum'],
        ['ConcurrentExecutions', 'Maximum'],
        ['Duration', 'p99'],
      ]
      const queries: MetricDataQuery[] = []
      for (let i = 0; queries.length < 500; i++) {
        const [metric, stat] = metrics[i % metrics.length]
        queries.push(query(`q${i}`, metric, stat, names[Math.floor(i / metrics.length) % names.length]))
      }
      const service = cloudWatchService({account: sandbox.account, clock: sandbox.clock, log: () => {}})
      const input = {MetricDataQueries: queries, StartTime: PEAK_S - 3 * 3600, EndTime: PEAK_S}
      const out = service.operations.GetMetricData(input, {} as never) as {MetricDataResults: unknown[]}
      assert.equal(out.MetricDataResults.length, 500)
      // And through the SDK, parsing included.
      const sdk = await cw.send(new GetMetricDataCommand({MetricDataQueries: queries, ...window(PEAK_S - 3 * 3600, PEAK_S)}))
      assert.equal(sdk.MetricDataResults!.length, 500)
    })
  })

  describe('ListMetrics', () => {
    it('lists function, alias and account metrics, filtered by name and dimensions', async () => {
      const orders = await cw.send(new ListMetricsCommand({Namespace: 'AWS/Lambda', Dimensions: [{Name: 'FunctionName', Value: 'orders-api'}]}))
      const names = orders.Metrics!.map((m) => `${m.MetricName}${m.Dimensions!.length === 2 ? ` ${m.Dimensions![1].Value}` : ''}`)
      assert.ok(names.includes('Throttles'))
      assert.ok(names.includes('ProvisionedConcurrencySpilloverInvocations'))
      assert.ok(names.includes('ProvisionedConcurrencyUtilization orders-api:live'))
      const utilisation = await cw.send(new ListMetricsCommand({MetricName: 'ProvisionedConcurrencyUtilization', Dimensions: [{Name: 'Resource'}]}))
      assert.deepEqual(utilisation.Metrics!.map((m) => m.Dimensions![1].Value).sort(), [
        'auth-authorizer:prod',
        'fraud-scorer:live',
        'graphql-gateway:1',
        'graphql-gateway:live',
        'orders-api:live',
        'reports-nightly:live',
      ])
      const account = await cw.send(new ListMetricsCommand({MetricName: 'ClaimedAccountConcurrency'}))
      assert.deepEqual(account.Metrics, [{Namespace: 'AWS/Lambda', MetricName: 'ClaimedAccountConcurrency', Dimensions: []}])
      const other = await cw.send(new ListMetricsCommand({Namespace: 'AWS/EC2'}))
      assert.deepEqual(other.Metrics, [])
    })

    it('pages 500 metrics at a time', async () => {
      const big = await quickSandbox({functions: 150})
      const client = cloudWatch(big)
      try {
        const first = await client.send(new ListMetricsCommand({}))
        assert.equal(first.Metrics!.length, 500)
        assert.ok(first.NextToken)
        const second = await client.send(new ListMetricsCommand({NextToken: first.NextToken}))
        assert.ok(second.Metrics!.length > 200)
        const seen = new Set([...first.Metrics!, ...second.Metrics!].map((m) => JSON.stringify(m)))
        assert.equal(seen.size, first.Metrics!.length + second.Metrics!.length, 'no metric twice')
      } finally {
        client.destroy()
        await big.stop()
      }
    })
  })

  describe('driven by the AWS CLI', function () {
    const run = promisify(execFile)
    it('aws cloudwatch get-metric-data', async function () {
      try {
        await run('aws', ['--version'], {timeout: 20_000})
      } catch {
        this.skip()
      }
      const env = {...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: ''}
      const queries = JSON.stringify([query('thr', 'Throttles', 'Sum', 'checkout-api', {period: 300})])
      const {stdout} = await run(
        'aws',
        [
          'cloudwatch',
          'get-metric-data',
          '--metric-data-queries',
          queries,
          '--start-time',
          '2024-05-01T17:00:00Z',
          '--end-time',
          '2024-05-01T18:00:00Z',
          '--endpoint-url',
          sandbox.url,
          '--region',
          'us-east-1',
          '--output',
          'json',
        ],
        {env, timeout: 60_000},
      )
      const [result] = JSON.parse(stdout).MetricDataResults
      assert.equal(result.Id, 'thr')
      assert.equal(result.Values.length, 12)
      assert.ok(result.Values.every((v: number) => v > 5000))
      await assert.rejects(
        run(
          'aws',
          [
            'cloudwatch',
            'get-metric-data',
            '--metric-data-queries',
            JSON.stringify([query('Bad', 'Throttles', 'Sum')]),
            '--start-time',
            '2024-05-01T17:00:00Z',
            '--end-time',
            '2024-05-01T18:00:00Z',
            '--endpoint-url',
            sandbox.url,
            '--region',
            'us-east-1',
          ],
          {env, timeout: 60_000},
        ),
        (error: Error & {stderr: string}) => /ValidationError.*GetMetricData operation.*expected pattern/.test(error.stderr),
      )
    })
  })
})
