import assert from 'node:assert/strict'

import type {ResultField} from '@aws-sdk/client-cloudwatch-logs'

import {AwsContext, MAX_ATTEMPTS} from '../../src/aws/aws-context.js'
import {runInsightsQueries} from '../../src/metrics/logs-insights.js'
import {jsonError, logs} from '../helpers/aws-nock.js'
import {recordStartQueries} from './cloudwatch-fixtures.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
const WINDOW = {start: START, end: START + 3600}
const QUERY = {queryString: 'filter @type = "REPORT" | stats count(*) as invocations by @log', purpose: 'the test'}

const row = (group: string, invocations: number): ResultField[] => [
  {field: '@log', value: `123456789012:${group}`},
  {field: 'invocations', value: String(invocations)},
]

describe('runInsightsQueries (the one Logs Insights runner: cold starts, advise memory)', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('runs the caller’s query over batches of groups and hands each completed query’s rows over', async () => {
    const started = recordStartQueries(3)
    logs(
      'GetQueryResults',
      (body: {queryId: string}) => ({
        status: 'Complete',
        statistics: {bytesScanned: 100},
        results: [row(`/aws/lambda/${body.queryId}`, 1)],
      }),
      {times: 3},
    )
    const handed: ResultField[][][] = []
    const groups = Array.from({length: 25}, (_, index) => `/aws/lambda/fn-${index}`)
    const run = await runInsightsQueries(await aws.logs(), groups, WINDOW, {...QUERY, groupsPerQuery: 10}, (rows) => handed.push(rows), {
      sleep: async () => {},
    })
    assert.deepEqual(
      started.map((body) => body.logGroupNames.length).sort((a, b) => b - a),
      [10, 10, 5],
    )
    for (const body of started) {
      assert.equal(body.queryString, QUERY.queryString)
      assert.equal(body.startTime, START)
      assert.equal(body.endTime, START + 3599, 'Insights includes the end second; the window is half-open')
      assert.equal(body.limit, 10_000)
    }

    assert.equal(handed.length, 3, 'one hand-over per completed query')
    assert.deepEqual(run, {missingGroups: [], queries: 3, polls: 3, bytesScanned: 300})
  })

  it('never puts more than 50 groups in one query, whatever the caller asks', async () => {
    const started = recordStartQueries(2)
    logs('GetQueryResults', {status: 'Complete', results: []}, {times: 2})
    const groups = Array.from({length: 60}, (_, index) => `/aws/lambda/fn-${index}`)
    await runInsightsQueries(await aws.logs(), groups, WINDOW, {...QUERY, groupsPerQuery: 500}, () => {}, {sleep: async () => {}})
    assert.deepEqual(
      started.map((body) => body.logGroupNames.length).sort((a, b) => b - a),
      [50, 10],
    )
  })

  it('waits and starts again when the account runs too many queries at once, beyond what the SDK retries', async () => {
    // The SDK retries LimitExceededException itself (MAX_ATTEMPTS sends); past that, the runner backs off.
    let attempts = 0
    logs(
      'StartQuery',
      () => {
        attempts++
        if (attempts > 2 * MAX_ATTEMPTS) return {queryId: 'q-1'}
        return jsonError(400, 'LimitExceededException', 'Account maximum query concurrency limit of [30] reached.')
      },
      {times: 2 * MAX_ATTEMPTS + 1},
    )
    logs('GetQueryResults', {status: 'Complete', results: [row('/aws/lambda/a', 4)]})
    const waits: number[] = []
    const handed: ResultField[][][] = []
    const run = await runInsightsQueries(await aws.logs(), ['/aws/lambda/a'], WINDOW, QUERY, (rows) => handed.push(rows), {
      pollMs: 5,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    assert.deepEqual(waits, [1000, 2000, 5], 'two back-offs (1 s, 2 s), then one poll interval')
    assert.equal(run.queries, 3, 'StartQuery asked for three times (each with its SDK retries)')
    assert.equal(attempts, 2 * MAX_ATTEMPTS + 1)
    assert.equal(handed.length, 1)
  })

  it('names what the query was for when it fails or runs out of time', async () => {
    logs('StartQuery', {queryId: 'q-f'})
    logs('GetQueryResults', {status: 'Cancelled', results: []})
    await assert.rejects(
      runInsightsQueries(await aws.logs(), ['/aws/lambda/a'], WINDOW, QUERY, () => {}, {sleep: async () => {}}),
      {
        message: 'The Logs Insights query for the test ended with status Cancelled.',
      },
    )

    logs('StartQuery', {queryId: 'q-slow'})
    logs('GetQueryResults', {status: 'Running', results: []})
    const stop = logs('StopQuery', {success: true})
    await assert.rejects(
      runInsightsQueries(await aws.logs(), ['/aws/lambda/a'], WINDOW, QUERY, () => {}, {timeoutMs: -1, sleep: async () => {}}),
      {
        message: /for the test did not finish within/,
      },
    )
    assert.ok(stop.isDone(), 'StopQuery was sent')
  })

  it('sends nothing for no log groups', async () => {
    const run = await runInsightsQueries(await aws.logs(), [], WINDOW, QUERY, () => assert.fail('no rows'))
    assert.deepEqual(run, {missingGroups: [], queries: 0, polls: 0, bytesScanned: 0})
  })
})
