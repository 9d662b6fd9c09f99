import assert from 'node:assert/strict'

import {CloudWatchClient, GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  type StartQueryCommandInput,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import {LambdaClient, PutFunctionConcurrencyCommand} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {ACCOUNT, expectAwsError, lambdaClient, quickSandbox, REGION} from './helpers.js'

const PEAK = Date.UTC(2024, 4, 1, 18, 0, 0)
const PEAK_S = PEAK / 1000
const COLD_STARTS = 'filter @type = "REPORT"\n| stats count(*) as invocations, count(@initDuration) as coldStarts, avg(@initDuration) as avgInit by bin(5m)'
const group = (name: string) => `/aws/lambda/${name}`

const field = (row: ResultField[], name: string) => row.find((cell) => cell.field === name)?.value

describe('sandbox CloudWatch Logs Insights API', () => {
  let sandbox: Sandbox
  let logs: CloudWatchLogsClient

  /** Starts a query and polls it to the end, as a client does. */
  async function run(
    input: Partial<StartQueryCommandInput>,
  ): Promise<{rows: ResultField[][]; polls: string[]; statistics: Record<string, number | undefined>}> {
    const {queryId} = await logs.send(
      new StartQueryCommand({startTime: PEAK_S - 3600, endTime: PEAK_S - 1, queryString: COLD_STARTS, ...input} as StartQueryCommandInput),
    )
    const polls: string[] = []
    for (;;) {
      const result = await logs.send(new GetQueryResultsCommand({queryId}))
      polls.push(result.status!)
      if (result.status === 'Complete') return {rows: result.results ?? [], polls, statistics: {...result.statistics}}
      assert.equal(result.status, 'Running')
    }
  }

  beforeEach(async () => {
    sandbox = await quickSandbox({startTime: PEAK})
    logs = new CloudWatchLogsClient({endpoint: sandbox.url, region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})
  })
  afterEach(async () => {
    logs.destroy()
    await sandbox.stop()
  })

  it('counts invocations and cold starts per 5-minute bin from the REPORT lines, Running then Complete', async () => {
    const {rows, polls, statistics} = await run({logGroupName: group('checkout-api')})
    assert.deepEqual(polls, ['Running', 'Complete'])
    assert.equal(rows.length, 12)
    assert.deepEqual(rows[0].map((cell) => cell.field).slice(0, 3), ['bin(5m)', 'invocations', 'coldStarts'])
    assert.equal(field(rows[0], 'bin(5m)'), '2024-05-01 17:00:00.000')
    assert.equal(field(rows[11], 'bin(5m)'), '2024-05-01 17:55:00.000')
    assert.ok(statistics.recordsMatched! > 0 && statistics.recordsScanned! >= statistics.recordsMatched! && statistics.bytesScanned! > 0)

    // The REPORT lines are the invocations CloudWatch counts.
    const cw = new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}})
    const metric = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'inv',
            MetricStat: {
              Metric: {Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{Name: 'FunctionName', Value: 'checkout-api'}]},
              Period: 300,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: new Date((PEAK_S - 3600) * 1000),
        EndTime: new Date(PEAK),
        ScanBy: 'TimestampAscending',
      }),
    )
    cw.destroy()
    assert.deepEqual(
      rows.map((row) => Number(field(row, 'invocations'))),
      metric.MetricDataResults![0].Values,
    )
    for (const row of rows) {
      const cold = Number(field(row, 'coldStarts'))
      if (cold > 0) assert.ok(Number(field(row, 'avgInit')) > 300 && Number(field(row, 'avgInit')) < 600, 'init near the profile’s 450 ms')
      else assert.equal(field(row, 'avgInit'), undefined, 'no cold start: the average is null and left out')
    }
  })

  it('groups by @log across several log groups, named by log group identifiers or ARNs', async () => {
    const {rows} = await run({
      logGroupIdentifiers: [group('orders-api'), `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group('geo-lookup')}:*`],
      queryString: COLD_STARTS.replace('by bin(5m)', 'by @log, bin(10m)'),
    })
    assert.equal(rows.length, 12)
    assert.deepEqual(new Set(rows.map((row) => field(row, '@log'))), new Set([`${ACCOUNT}:${group('orders-api')}`, `${ACCOUNT}:${group('geo-lookup')}`]))
    assert.deepEqual(rows[0].map((cell) => cell.field).slice(0, 2), ['@log', 'bin(10m)'])
  })

  it('shows cold starts where a raised cap adds environments', async () => {
    const lambda: LambdaClient = lambdaClient(sandbox)
    await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'checkout-api', ReservedConcurrentExecutions: 200}))
    lambda.destroy()
    sandbox.clock.advance(10 * 60_000)
    const {rows} = await run({
      logGroupName: group('checkout-api'),
      startTime: PEAK_S,
      endTime: PEAK_S + 600 - 1,
      queryString: COLD_STARTS.replace('bin(5m)', 'bin(10m)'),
    })
    assert.equal(rows.length, 1)
    assert.ok(Number(field(rows[0], 'coldStarts')) >= 10, `cold starts after raising the cap: ${field(rows[0], 'coldStarts')}`)
  })

  it('synthesises REPORT lines for raw queries, newest first, cold starts with an Init Duration', async () => {
    const {rows} = await run({
      logGroupName: group('checkout-api'),
      queryString: 'fields @timestamp, @message, @initDuration\n| filter @type = "REPORT"\n| sort @timestamp desc\n| limit 5',
    })
    assert.equal(rows.length, 5)
    const times = rows.map((row) => Date.parse(`${field(row, '@timestamp')!.replace(' ', 'T')}Z`))
    assert.ok(
      times.every((t, i) => i === 0 || t <= times[i - 1]),
      'newest first',
    )
    assert.ok(times[0] < PEAK && times[0] >= PEAK - 120_000)
    for (const row of rows)
      assert.match(
        field(row, '@message')!,
        /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 1024 MB\tMax Memory Used: \d+ MB\t/,
      )

    const cold = await run({
      logGroupName: group('checkout-api'),
      queryString: 'fields @timestamp, @initDuration, @message | filter ispresent(@initDuration) | limit 3',
    })
    assert.equal(cold.rows.length, 3)
    for (const row of cold.rows) {
      assert.match(field(row, '@message')!, /Init Duration: \d+\.\d\d ms/)
      assert.ok(Number(field(row, '@initDuration')) > 0)
    }
  })

  it('answers the same query the same way', async () => {
    const first = await run({logGroupName: group('orders-api'), queryString: 'fields @timestamp, @message | filter @type = "REPORT" | limit 3'})
    const second = await run({logGroupName: group('orders-api'), queryString: 'fields @timestamp, @message | filter @type = "REPORT" | limit 3'})
    assert.deepEqual(
      first.rows.map((row) => row.filter((cell) => cell.field !== '@ptr')),
      second.rows.map((row) => row.filter((cell) => cell.field !== '@ptr')),
    )
  })

  it('fails a query naming a missing log group with AWS’s message, so clients can drop it and retry', async () => {
    const groups = [group('checkout-api'), group('dev-playground'), group('orders-api')]
    await expectAwsError(logs.send(new StartQueryCommand({logGroupNames: groups, startTime: PEAK_S - 600, endTime: PEAK_S, queryString: COLD_STARTS})), {
      name: 'ResourceNotFoundException',
      status: 400,
      message: `Log group '${group('dev-playground')}' does not exist for account ID '${ACCOUNT}'`,
    })
    const retried = await run({logGroupNames: groups.filter((g) => g !== group('dev-playground')), startTime: PEAK_S - 600})
    assert.ok(retried.rows.length > 0)
  })

  it('refuses bad input with InvalidParameterException and bad queries with MalformedQueryException', async () => {
    const base = {startTime: PEAK_S - 600, endTime: PEAK_S, queryString: COLD_STARTS}
    const invalid: Array<[Partial<StartQueryCommandInput>, RegExp]> = [
      [{logGroupNames: Array.from({length: 51}, (_, i) => group(`fn-${i}`))}, /at most 50 log groups/],
      [{}, /Specify one of logGroupName, logGroupNames or logGroupIdentifiers/],
      [{logGroupName: group('orders-api'), logGroupNames: [group('orders-api')]}, /only one of/],
      [{logGroupName: group('orders-api'), startTime: PEAK_S, endTime: PEAK_S - 60}, /End time should not be before the start time/],
      [{logGroupName: group('orders-api'), limit: 10_001}, /limit must be between 1 and 10000/],
    ]
    for (const [input, message] of invalid) {
      await expectAwsError(logs.send(new StartQueryCommand({...base, ...input} as StartQueryCommandInput)), {
        name: 'InvalidParameterException',
        status: 400,
        message,
      })
    }
    const malformed: Array<[string, RegExp]> = [
      ['fields @message | parse @message "x * y" as a, b', /does not support the parse command/],
      ['filter @type = "REPORT" | stats count(*) by bin(30s)', /bin of whole minutes/],
      ['filter @duration > 100 | stats count(*)', /cannot evaluate the filter @duration > 100/],
      ['stats count(*) by @logStream', /cannot group by @logStream/],
      ['stats median(@duration)', /cannot compute median\(@duration\)/],
    ]
    for (const [queryString, message] of malformed) {
      const error = await expectAwsError(logs.send(new StartQueryCommand({...base, logGroupName: group('orders-api'), queryString})), {
        name: 'MalformedQueryException',
        status: 400,
        message,
      })
      const compile = error.queryCompileError as {location: {startCharOffset: number; endCharOffset: number}} | undefined
      assert.ok(compile && compile.location.endCharOffset > compile.location.startCharOffset, 'the offending command is located')
    }
  })

  it('stops a running query, and knows no query it never started', async () => {
    const {queryId} = await logs.send(
      new StartQueryCommand({logGroupName: group('orders-api'), startTime: PEAK_S - 600, endTime: PEAK_S, queryString: COLD_STARTS}),
    )
    assert.equal((await logs.send(new StopQueryCommand({queryId}))).success, true)
    assert.equal((await logs.send(new GetQueryResultsCommand({queryId}))).status, 'Cancelled')
    assert.equal((await logs.send(new StopQueryCommand({queryId}))).success, false)
    await expectAwsError(logs.send(new GetQueryResultsCommand({queryId: '00000000-0000-4000-8000-000000000000'})), {
      name: 'ResourceNotFoundException',
      status: 400,
    })
  })

  it('allows 30 queries running at once', async () => {
    const start = () =>
      logs.send(new StartQueryCommand({logGroupName: group('orders-api'), startTime: PEAK_S - 600, endTime: PEAK_S, queryString: COLD_STARTS}))
    const ids: string[] = []
    for (let i = 0; i < 30; i++) ids.push((await start()).queryId!)
    await expectAwsError(start(), {name: 'LimitExceededException', status: 400, message: /concurrency limit of \[30\]/})
    await logs.send(new GetQueryResultsCommand({queryId: ids[0]}))
    await logs.send(new GetQueryResultsCommand({queryId: ids[0]}))
    assert.ok((await start()).queryId, 'a finished query frees its slot')
  })
})
