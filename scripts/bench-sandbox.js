#!/usr/bin/env node
// The sandbox's own speed, and the schedule parser's: what the tests check by behaviour only (a
// time limit in a test fails at random on a busy machine), measured here. Median of 5 runs each:
//   - starting a 1,000-function sandbox;
//   - catching up three simulated days of the default account;
//   - GetMetricData over all time (the sandbox walks only the minutes that can hold data);
//   - 50 next runs of cron(0 0 30 2 ? *) in Europe/Paris (a date that never comes).
// Usage: npm run build && node scripts/bench-sandbox.js
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const {startSandbox} = await import(join(ROOT, 'dist', 'sandbox', 'index.js'))
const {nextRun, parseSchedule} = await import(join(ROOT, 'dist', 'scaling', 'schedule-expression.js'))
const {CloudWatchClient, GetMetricDataCommand} = await import('@aws-sdk/client-cloudwatch')

const PEAK = Date.UTC(2024, 4, 1, 18, 0, 0)
const RUNS = 5

async function median(measure) {
  const times = []
  // eslint-disable-next-line no-await-in-loop -- runs one after another, or they would time each other
  for (let i = 0; i < RUNS; i++) times.push(await measure())
  times.sort((a, b) => a - b)
  return times[Math.floor(RUNS / 2)]
}

async function timed(action) {
  const started = process.hrtime.bigint()
  await action()
  return Number(process.hrtime.bigint() - started) / 1e6
}

const quick = (options = {}) => startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}, ...options})

const rows = []
rows.push([
  'start a 1,000-function sandbox',
  await median(async () => {
    let sandbox
    const ms = await timed(async () => (sandbox = await startSandbox({functions: 1000, log: () => {}})))
    await sandbox.stop()
    return ms
  }),
])
rows.push([
  'catch up 3 simulated days',
  await median(async () => {
    const sandbox = await quick({startTime: PEAK})
    const ms = await timed(() => {
      sandbox.clock.advance(3 * 86_400_000)
      sandbox.simulation.sync()
    })
    await sandbox.stop()
    return ms
  }),
])
rows.push([
  'GetMetricData, StartTime 0 to year 9999',
  await median(async () => {
    const sandbox = await quick({startTime: PEAK})
    const cw = new CloudWatchClient({endpoint: sandbox.url, region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'x'}})
    const query = {
      Id: 'a',
      MetricStat: {
        Metric: {Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{Name: 'FunctionName', Value: 'orders-api'}]},
        Period: 60,
        Stat: 'Sum',
      },
    }
    const ms = await timed(() =>
      cw.send(new GetMetricDataCommand({MetricDataQueries: [query], StartTime: new Date(0), EndTime: new Date(Date.UTC(9999, 0, 1))})),
    )
    cw.destroy()
    await sandbox.stop()
    return ms
  }),
])
rows.push([
  '50 × next run of cron(0 0 30 2 ? *), Europe/Paris',
  await median(() =>
    timed(() => {
      for (let i = 0; i < 50; i++) nextRun(parseSchedule('cron(0 0 30 2 ? *)'), {timezone: 'Europe/Paris', now: PEAK})
    }),
  ),
])

const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, ms] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms`)
