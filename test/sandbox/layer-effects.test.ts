// A layer version's declared effects show in the function's metrics and REPORT lines from the
// moment the function gains (or loses) the layer; minutes before the change stay as they were.
import assert from 'node:assert/strict'

import {CloudWatchClient, GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand} from '@aws-sdk/client-cloudwatch-logs'
import {UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {lambdaClient, layerArn, quickSandbox, REGION} from './helpers.js'

const START = Date.parse('2026-03-10T14:00:30Z')
const FN = 'user-profile-api'
const BAD = layerArn('trace-extension', 2)

describe('sandbox: layer effects', () => {
  let sandbox: Sandbox
  const credentials = {accessKeyId: 'x', secretAccessKey: 'x'}
  before(async () => {
    sandbox = await quickSandbox({startTime: START})
  })
  after(() => sandbox.stop())

  async function metrics(start: number, end: number): Promise<Record<string, number | undefined>> {
    const cloudwatch = new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials})
    const stat = (id: string, metric: string, statistic: string) => ({
      Id: id,
      MetricStat: {
        Metric: {Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{Name: 'FunctionName', Value: FN}]},
        Period: end - start,
        Stat: statistic,
      },
    })
    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start * 1000),
        EndTime: new Date(end * 1000),
        MetricDataQueries: [
          stat('inv', 'Invocations', 'Sum'),
          stat('err', 'Errors', 'Sum'),
          stat('dur', 'Duration', 'Average'),
          stat('post', 'PostRuntimeExtensionsDuration', 'Average'),
        ],
      }),
    )
    return Object.fromEntries((answer.MetricDataResults ?? []).map((result) => [result.Id!, result.Values?.[0]]))
  }

  async function reportLines(start: number, end: number): Promise<Record<string, string>> {
    const logs = new CloudWatchLogsClient({endpoint: sandbox.url, region: REGION, credentials})
    const {queryId} = await logs.send(
      new StartQueryCommand({
        logGroupName: `/aws/lambda/${FN}`,
        startTime: start,
        endTime: end - 1,
        queryString: 'filter @type = "REPORT" | stats count(@initDuration) as cold, avg(@initDuration) as init, max(@maxMemoryUsed) as memory',
      }),
    )
    for (;;) {
      const result = await logs.send(new GetQueryResultsCommand({queryId}))
      if (result.status === 'Complete') return Object.fromEntries((result.results?.[0] ?? []).map((cell) => [cell.field!, cell.value!]))
    }
  }

  it('the bad trace-extension version adds errors, duration, post-runtime time, init duration and memory from the change on', async () => {
    const changeAt = Math.floor(sandbox.clock.now() / 1000)
    const earlier = {start: Math.floor(changeAt / 60) * 60 - 1800, end: Math.floor(changeAt / 60) * 60}
    const beforeMetrics = await metrics(earlier.start, earlier.end)
    const beforeLines = await reportLines(earlier.start, earlier.end)
    assert.equal(beforeMetrics.post, undefined, 'no extension, no PostRuntimeExtensionsDuration')

    await lambdaClient(sandbox).send(new UpdateFunctionConfigurationCommand({FunctionName: FN, Layers: [BAD]}))
    sandbox.clock.advance(10 * 60_000)
    const afterStart = Math.ceil(changeAt / 60) * 60
    const afterMetrics = await metrics(afterStart, afterStart + 540)
    const afterLines = await reportLines(changeAt, afterStart + 540)

    const rate = (m: Record<string, number | undefined>) => m.err! / m.inv!
    assert.ok(rate(afterMetrics) > rate(beforeMetrics) + 0.04, `error rate ${rate(beforeMetrics)} → ${rate(afterMetrics)}`)
    assert.ok(afterMetrics.dur! > beforeMetrics.dur! + 150, `duration ${beforeMetrics.dur} → ${afterMetrics.dur}`)
    assert.ok(afterMetrics.post! > 120 && afterMetrics.post! < 180, `post-runtime ${afterMetrics.post}`)
    // New layers, new environments: the change brings a burst of cold starts with the longer init.
    assert.ok(Number(afterLines.cold) >= 3, `cold starts ${afterLines.cold}`)
    assert.ok(Number(afterLines.init) > Number(beforeLines.init) + 700, `init ${beforeLines.init} → ${afterLines.init}`)
    assert.equal(Number(afterLines.memory), Number(beforeLines.memory) + 70)

    // History before the change is what it was.
    assert.deepEqual(await metrics(earlier.start, earlier.end), beforeMetrics)
    assert.deepEqual(await reportLines(earlier.start, earlier.end), beforeLines)

    // Losing the layer takes the effects away again.
    await lambdaClient(sandbox).send(new UpdateFunctionConfigurationCommand({FunctionName: FN, Layers: []}))
    const removedAt = Math.ceil(sandbox.clock.now() / 60_000) * 60
    sandbox.clock.advance(10 * 60_000)
    const removed = await metrics(removedAt, removedAt + 540)
    assert.equal(removed.post, undefined)
    assert.ok(Math.abs(removed.dur! - beforeMetrics.dur!) < 40, `duration back to ${removed.dur}`)
  })
})
