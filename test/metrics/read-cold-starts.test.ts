import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {coldStartQuery, groupsNamedIn, groupsPerQuery, logGroupOf, parseInsightsTime, readColdStarts} from '../../src/metrics/read-cold-starts.js'
import {jsonError, logs} from '../helpers/aws-nock.js'
import {insightsRow, recordStartQueries, type StartQueryBody} from './cloudwatch-fixtures.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
const WINDOW = {start: START, end: START + 600}
const noWait = async () => {}

describe('readColdStarts (Logs Insights, awsJson1_1)', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('starts one query over the groups, polls until Complete and counts cold starts per group and bin', async () => {
    const started: StartQueryBody[] = []
    logs('StartQuery', (body: StartQueryBody) => {
      started.push(body)
      return {queryId: 'q-1'}
    })
    const polled: string[] = []
    logs(
      'GetQueryResults',
      (body: {queryId: string}) => {
        polled.push(body.queryId)
        return polled.length < 3
          ? {status: polled.length === 1 ? 'Scheduled' : 'Running', results: []}
          : {
              status: 'Complete',
              statistics: {bytesScanned: 2048, recordsMatched: 3, recordsScanned: 30},
              results: [
                insightsRow('/aws/lambda/a', START, 2, 300),
                insightsRow('/aws/lambda/a', START + 120, 1, 600),
                insightsRow('/aws/lambda/b', START + 60, 4),
              ],
            }
      },
      {times: 3},
    )

    const answer = await readColdStarts(await aws.logs(), ['/aws/lambda/a', '/aws/lambda/b'], WINDOW, {bin: 60, sleep: noWait})
    assert.equal(started.length, 1)
    assert.deepEqual(started[0].logGroupNames, ['/aws/lambda/a', '/aws/lambda/b'])
    assert.equal(started[0].startTime, START, 'epoch seconds')
    assert.equal(started[0].endTime, START + 599, 'Insights includes the end second')
    assert.match(started[0].queryString, /filter @type = "REPORT"/)
    assert.match(started[0].queryString, /count\(@initDuration\) as coldStarts/)
    assert.match(started[0].queryString, /by @log, bin\(1m\)/)
    assert.deepEqual(polled, ['q-1', 'q-1', 'q-1'])
    assert.deepEqual(answer.byGroup.get('/aws/lambda/a'), {timestamps: [START, START + 120], coldStarts: [2, 1], initMs: [600, 600]})
    assert.deepEqual(answer.byGroup.get('/aws/lambda/b')?.coldStarts, [4])
    assert.deepEqual(answer.missingGroups, [])
    assert.equal(answer.queries, 1)
    assert.equal(answer.bytesScanned, 2048)
  })

  it('drops a log group that does not exist (named in the error) and retries without it', async () => {
    const started: string[][] = []
    logs(
      'StartQuery',
      (body: StartQueryBody) => {
        started.push(body.logGroupNames)
        if (body.logGroupNames.includes('/aws/lambda/gone')) return jsonError(400, 'ResourceNotFoundException', 'Log group /aws/lambda/gone does not exist.')
        return {queryId: 'q-2'}
      },
      {times: 2},
    )
    logs('GetQueryResults', {status: 'Complete', results: [insightsRow('/aws/lambda/a', START, 1)]})
    const answer = await readColdStarts(await aws.logs(), ['/aws/lambda/a', '/aws/lambda/gone', '/aws/lambda/gone-too-long'], WINDOW, {bin: 60, sleep: noWait})
    assert.deepEqual(started, [
      ['/aws/lambda/a', '/aws/lambda/gone', '/aws/lambda/gone-too-long'],
      ['/aws/lambda/a', '/aws/lambda/gone-too-long'],
    ])
    assert.deepEqual(answer.missingGroups, ['/aws/lambda/gone'])
    assert.equal(answer.queries, 2)
    assert.deepEqual(answer.byGroup.get('/aws/lambda/a')?.coldStarts, [1])
  })

  it('finds the missing group by halving when the message does not name it', async () => {
    const started: string[][] = []
    logs(
      'StartQuery',
      (body: StartQueryBody) => {
        started.push(body.logGroupNames)
        if (body.logGroupNames.includes('/aws/lambda/c')) return jsonError(400, 'ResourceNotFoundException', 'The specified log group does not exist.')
        return {queryId: `q-${started.length}`}
      },
      {times: 5},
    )
    logs('GetQueryResults', {status: 'Complete', results: []}, {times: 2})
    const answer = await readColdStarts(await aws.logs(), ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/aws/lambda/d'], WINDOW, {
      bin: 60,
      sleep: noWait,
    })
    assert.deepEqual(answer.missingGroups, ['/aws/lambda/c'])
    assert.deepEqual(started, [
      ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/aws/lambda/d'],
      ['/aws/lambda/a', '/aws/lambda/b'],
      ['/aws/lambda/c', '/aws/lambda/d'],
      ['/aws/lambda/c'],
      ['/aws/lambda/d'],
    ])
  })

  it('queries at most 50 log groups at a time', async () => {
    const started = recordStartQueries(3)
    logs('GetQueryResults', {status: 'Complete', results: []}, {times: 3})
    const groups = Array.from({length: 120}, (_, index) => `/aws/lambda/fn-${index}`)
    const answer = await readColdStarts(await aws.logs(), groups, WINDOW, {bin: 60, sleep: noWait})
    assert.deepEqual(
      started.map((body) => body.logGroupNames.length).sort((a, b) => b - a),
      [50, 50, 20],
    )
    assert.equal(answer.queries, 3)
  })

  it('lets AccessDenied through, for the caller to say Logs are unreadable', async () => {
    logs('StartQuery', jsonError(400, 'AccessDeniedException', 'User is not authorized to perform: logs:StartQuery'))
    await assert.rejects(readColdStarts(await aws.logs(), ['/aws/lambda/a'], WINDOW, {bin: 60, sleep: noWait}), {name: 'AccessDeniedException'})
  })

  it('reports a query that failed', async () => {
    logs('StartQuery', {queryId: 'q-f'})
    logs('GetQueryResults', {status: 'Failed', results: []})
    await assert.rejects(readColdStarts(await aws.logs(), ['/aws/lambda/a'], WINDOW, {bin: 60, sleep: noWait}), /ended with status Failed/)
  })

  it('stops a query that does not finish in time', async () => {
    logs('StartQuery', {queryId: 'q-slow'})
    logs('GetQueryResults', {status: 'Running', results: []}, {times: 50})
    const stop = logs('StopQuery', {success: true})
    await assert.rejects(readColdStarts(await aws.logs(), ['/aws/lambda/a'], WINDOW, {bin: 60, timeoutMs: 0, sleep: noWait}), /did not finish within 0 s/)
    assert.ok(stop.isDone(), 'StopQuery was sent')
  })

  describe('helpers', () => {
    it('writes the bin in the largest whole unit', () => {
      assert.match(coldStartQuery(60), /bin\(1m\)/)
      assert.match(coldStartQuery(300), /bin\(5m\)/)
      assert.match(coldStartQuery(3600), /bin\(1h\)/)
    })

    it('keeps groups × bins under the 10,000-row limit', () => {
      assert.equal(groupsPerQuery({start: 0, end: 3 * 3600}, 60), 50)
      assert.equal(groupsPerQuery({start: 0, end: 6 * 3600}, 60), 27)
      assert.equal(groupsPerQuery({start: 0, end: 1000 * 60 * 60}, 60), 1)
    })

    it('finds which groups an error names, without confusing prefixes', () => {
      const groups = ['/aws/lambda/a', '/aws/lambda/a-b', '/aws/lambda/c']
      assert.deepEqual(groupsNamedIn("Log group '/aws/lambda/a-b' does not exist for account ID '123'", groups), ['/aws/lambda/a-b'])
      assert.deepEqual(groupsNamedIn('LogGroup /aws/lambda/a does not exist.', groups), ['/aws/lambda/a'])
      assert.deepEqual(groupsNamedIn('The specified log group does not exist.', groups), [])
    })

    it('reads @log and bin values', () => {
      assert.equal(logGroupOf('123456789012:/aws/lambda/orders'), '/aws/lambda/orders')
      assert.equal(logGroupOf('/aws/lambda/orders'), '/aws/lambda/orders')
      assert.equal(parseInsightsTime('2023-11-14 22:00:00.000'), Date.UTC(2023, 10, 14, 22) / 1000)
      assert.equal(parseInsightsTime('1700000000000'), 1_700_000_000)
    })
  })
})
