import assert from 'node:assert/strict'

import {AwsContext} from '../../src/aws/aws-context.js'
import {readLogUsage, USAGE_QUERY, usageOfRow} from '../../src/advise/read-logs-usage.js'
import {ACCOUNT, jsonError, logs} from '../helpers/aws-nock.js'
import {recordStartQueries, type StartQueryBody} from '../metrics/cloudwatch-fixtures.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
const WINDOW = {start: START, end: START + 86_400}

function usageRow(group: string, fields: {invocations: number; coldStarts: number; avgInit?: number; maxUsed: number; memorySize: number}) {
  return [
    {field: '@log', value: `${ACCOUNT}:${group}`},
    {field: 'invocations', value: String(fields.invocations)},
    {field: 'coldStarts', value: String(fields.coldStarts)},
    {field: 'avgInit', value: fields.avgInit === undefined ? '' : String(fields.avgInit)},
    {field: 'maxUsed', value: String(fields.maxUsed)},
    {field: 'memorySize', value: String(fields.memorySize)},
  ]
}

describe('readLogUsage (advise: memory and cold starts from the REPORT lines)', () => {
  let aws: AwsContext
  beforeEach(() => {
    aws = new AwsContext({version: 'test'})
  })
  afterEach(() => aws.destroy())

  it('asks one query per 50 log groups for the window, and reads each group’s usage in MB', async () => {
    const started = recordStartQueries(2)
    logs(
      'GetQueryResults',
      (body: {queryId: string}) => ({
        status: 'Complete',
        results:
          body.queryId === 'q-1'
            ? [
                // AWS reports bytes (MB × 1,000,000) …
                usageRow('/aws/lambda/fn-0', {invocations: 120, coldStarts: 3, avgInit: 400, maxUsed: 181_000_000, memorySize: 1_024_000_000}),
                // … the sandbox and older runtimes MB.
                usageRow('/aws/lambda/fn-1', {invocations: 10, coldStarts: 0, maxUsed: 90, memorySize: 128}),
              ]
            : [],
      }),
      {times: 2},
    )
    const groups = Array.from({length: 60}, (_, index) => `/aws/lambda/fn-${index}`)
    const answer = await readLogUsage(await aws.logs(), groups, WINDOW, {sleep: async () => {}})
    assert.deepEqual(
      started.map((body) => body.logGroupNames.length).sort((a, b) => b - a),
      [50, 10],
    )
    assert.equal(started[0].queryString, USAGE_QUERY)
    assert.equal(started[0].startTime, START)
    assert.equal(started[0].endTime, START + 86_399)
    assert.deepEqual(answer.byGroup.get('/aws/lambda/fn-0'), {invocations: 120, coldStarts: 3, avgInitMs: 400, maxMemoryUsedMb: 181, memorySizeMb: 1024})
    assert.deepEqual(answer.byGroup.get('/aws/lambda/fn-1'), {invocations: 10, coldStarts: 0, avgInitMs: null, maxMemoryUsedMb: 90, memorySizeMb: 128})
    assert.equal(answer.byGroup.size, 2)
    assert.equal(answer.queries, 2)
  })

  it('drops a log group that does not exist and reads the others', async () => {
    const started: string[][] = []
    logs(
      'StartQuery',
      (body: StartQueryBody) => {
        started.push(body.logGroupNames)
        return body.logGroupNames.includes('/aws/lambda/gone')
          ? jsonError(400, 'ResourceNotFoundException', `Log group '/aws/lambda/gone' does not exist for account ID '${ACCOUNT}'`)
          : {queryId: 'q-1'}
      },
      {times: 2},
    )
    const used = usageRow('/aws/lambda/a', {invocations: 5, coldStarts: 1, avgInit: 200, maxUsed: 60, memorySize: 256})
    logs('GetQueryResults', {status: 'Complete', results: [used]})
    const answer = await readLogUsage(await aws.logs(), ['/aws/lambda/a', '/aws/lambda/gone'], WINDOW, {sleep: async () => {}})
    assert.deepEqual(started, [['/aws/lambda/a', '/aws/lambda/gone'], ['/aws/lambda/a']])
    assert.deepEqual(answer.missingGroups, ['/aws/lambda/gone'])
    assert.equal(answer.queries, 2)
    assert.equal(answer.byGroup.get('/aws/lambda/a')?.maxMemoryUsedMb, 60)
  })

  it('says what it was reading when a query fails', async () => {
    logs('StartQuery', {queryId: 'q-f'})
    logs('GetQueryResults', {status: 'Failed', results: []})
    await assert.rejects(readLogUsage(await aws.logs(), ['/aws/lambda/a'], WINDOW, {sleep: async () => {}}), {
      message: 'The Logs Insights query for memory use ended with status Failed.',
    })
  })

  it('skips a row without memory figures', () => {
    assert.equal(usageOfRow([{field: '@log', value: 'x'}]), undefined)
  })
})
