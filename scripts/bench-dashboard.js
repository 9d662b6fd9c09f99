#!/usr/bin/env node
// Bench of `lx dashboard` against an endpoint that serves Lambda, CloudWatch GetMetricData and
// Logs Insights (the sandbox, LocalStack): what one refresh costs in API calls and queries, full
// and incremental, how long a frame takes to render, and the peak memory of the process.
//
//   npm run build && node scripts/bench-dashboard.js --endpoint-url http://127.0.0.1:4510 [--functions 200] [--range 3h] [--frames 40]
//
// It runs the dashboard's own code from dist/ (the data source and the Ink app), so the figures
// are the product's, not a model's. With fewer functions than asked for, the figures for the
// requested count are also given from the query planner's formula.
import {Writable} from 'node:stream'
import {EventEmitter} from 'node:events'
import {parseArgs} from 'node:util'

import {tuneHeapForLiveView} from '../dist/ui/dashboard/live-heap.js'

// The live dashboard sizes its heap so (src/ui/dashboard/live-heap.ts); measure it so.
tuneHeapForLiveView()

const {values: args} = parseArgs({
  options: {
    'endpoint-url': {type: 'string'},
    region: {type: 'string', default: process.env.AWS_REGION ?? 'us-east-1'},
    functions: {type: 'string', default: '200'},
    range: {type: 'string', default: '3h'},
    frames: {type: 'string', default: '40'},
    columns: {type: 'string', default: '160'},
    rows: {type: 'string', default: '50'},
  },
})

const endpointUrl = args['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL
if (!endpointUrl) {
  process.stderr.write('Usage: node scripts/bench-dashboard.js --endpoint-url URL [--functions 200] [--range 3h] [--frames 40]\n')
  process.exit(2)
}

// Any credentials do against an emulator; real ones are used when present.
process.env.AWS_ACCESS_KEY_ID ??= 'bench'
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench'
process.env.AWS_REGION = args.region

const wanted = Number(args.functions)
const frameCount = Number(args.frames)
const size = {columns: Number(args.columns), rows: Number(args.rows)}

const [{AwsContext}, {selectFunctions}, {DashboardSource}, queries, {parseRange}, {App}, {LIVE_RENDER_OPTIONS}, ink, React] = await Promise.all([
  import('../dist/aws/aws-context.js'),
  import('../dist/select/select-functions.js'),
  import('../dist/dashboard/dashboard-source.js'),
  import('../dist/metrics/metric-queries.js'),
  import('../dist/metrics/parse-range.js'),
  import('../dist/ui/dashboard/app.js'),
  import('../dist/ui/dashboard/render-options.js'),
  import('ink'),
  import('react'),
])

const rangeSeconds = parseRange(args.range)
const aws = new AwsContext({version: 'bench', endpointUrl, region: args.region})

function fail(step, error) {
  process.stderr.write(`${step} failed: ${error?.name ?? 'Error'}: ${error?.message ?? error}\n`)
  if (/GetMetricData|StartQuery|GetQueryResults/.test(step)) {
    process.stderr.write('Does the endpoint serve CloudWatch GetMetricData and Logs Insights yet?\n')
  }

  aws.destroy()
  process.exit(1)
}

// --- data: two refreshes, the second one minute later --------------------------------------
let selected
try {
  selected = await selectFunctions(aws, [], {all: true}, {mutating: false})
} catch (error) {
  fail('Listing functions', error)
}

const functions = selected.functions.slice(0, wanted)
let offsetMs = 0
const source = new DashboardSource({
  region: selected.region,
  functions,
  reader: selected.reader,
  cloudwatch: await aws.cloudwatch(),
  logs: await aws.logs(),
  now: () => Date.now() + offsetMs,
  logsPollMs: 250,
})

// As the live view does: the first data without waiting for the provisioned-concurrency listing,
// whose series then join the second refresh (fetched over the whole range).
const started = Date.now()
const full = await source.refresh({rangeSeconds})
if (!full.ok) fail('GetMetricData (full refresh)', full.failure)
await source.settled()
const settledMs = Date.now() - started
offsetMs = 60_000
const incremental = await source.refresh({rangeSeconds})
if (!incremental.ok) fail('GetMetricData (incremental refresh)', incremental.failure)

// --- rendering: the real Ink app, fed the snapshot, on a virtual terminal -------------------
class VirtualTerminal extends Writable {
  columns = size.columns
  rows = size.rows
  isTTY = true
  _write(_chunk, _encoding, done) {
    done()
  }
}

class VirtualKeyboard extends EventEmitter {
  isTTY = true
  queue = []
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return this.queue.shift() ?? null
  }

  press(key) {
    this.queue.push(key)
    this.emit('readable')
  }
}

const renderTimes = []
const feed = {refresh: async () => ({...incremental, at: Date.now()})}
const keyboard = new VirtualKeyboard()
const app = ink.render(React.createElement(App, {feed, rangeSeconds, refreshSeconds: 3600, size}), {
  stdout: new VirtualTerminal(),
  stdin: keyboard,
  stderr: new VirtualTerminal(),
  ...LIVE_RENDER_OPTIONS,
  patchConsole: false,
  exitOnCtrlC: false,
  onRender: ({renderTime}) => renderTimes.push(renderTime),
})
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
await pause(200)
const firstFrames = renderTimes.length
// Each key moves the selection: a new highlighted row and new function charts, i.e. a full frame.
for (let i = 0; i < frameCount; i++) {
  keyboard.press(i % 10 < 5 ? 'j' : 'k')
  // Ink draws at most LIVE_RENDER_OPTIONS.maxFps frames a second; give each key its own frame.
  // eslint-disable-next-line no-await-in-loop -- one key per frame: the pause is what is measured
  await pause(Math.ceil(1000 / LIVE_RENDER_OPTIONS.maxFps) + 5)
}

app.unmount()
aws.destroy()

// --- report ----------------------------------------------------------------------------------
const frames = renderTimes.slice(firstFrames > 0 ? 1 : 0)
const sorted = [...frames].sort((a, b) => a - b)
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)
const ms = (value) => value.toFixed(1)
const count = (value) => value.toLocaleString('en-US')
const peakRssMb = process.resourceUsage().maxRSS / 1024

const rows = [
  ['functions', `${functions.length}${functions.length < wanted ? ` (asked for ${wanted}; the endpoint has ${selected.functions.length})` : ''}`],
  ['metric queries per refresh', `${count(full.stats.metricQueries)}  (5 account + 4 per function + provisioned series)`],
  [
    'GetMetricData calls, full refresh',
    `${full.stats.getMetricDataCalls}  (ceil(${full.stats.metricQueries} / 500) = ${queries.countGetMetricDataCalls(full.stats.metricQueries)}, plus ` +
      `NextToken pages)`,
  ],
  ['GetMetricData calls, incremental', `${incremental.stats.getMetricDataCalls}`],
  [
    'metric queries, incremental',
    `${count(incremental.stats.metricQueries)}  (same series; window ${(incremental.stats.window.end - incremental.stats.window.start) / 60} min ` +
      `instead of ${rangeSeconds / 60})`,
  ],
  ['datapoints, full / incremental', `${count(full.stats.datapoints)} / ${count(incremental.stats.datapoints)}`],
  ['first data on screen', `${count(full.stats.durationMs)} ms  (settings, reserved concurrency, metrics, cold starts)`],
  ['provisioned concurrency listed', `${count(settledMs)} ms  (one ListProvisionedConcurrencyConfigs per function, Lambda's 15/s budget)`],
  ['incremental refresh', `${count(incremental.stats.durationMs)} ms`],
  [
    'Logs Insights queries, full',
    `${full.stats.coldStartQueries}${full.snapshot.coldStarts.available ? '' : `  (cold starts unavailable: ${full.snapshot.coldStarts.reason})`}`,
  ],
  [
    'render time per frame',
    `mean ${ms(mean)} ms · p95 ${ms(at(0.95))} ms · max ${ms(sorted.at(-1) ?? 0)} ms  (${frames.length} frames, ${size.columns}×${size.rows})`,
  ],
  ['peak memory (RSS)', `${peakRssMb.toFixed(0)} MB  (target < 150 MB; heap sized as the live view sizes it)`],
]
if (functions.length < wanted) {
  const formula = queries.countMetricQueries(wanted)
  rows.push([
    `formula for ${wanted} functions`,
    `${count(formula)} queries → ${queries.countGetMetricDataCalls(formula)} GetMetricData calls per refresh (no provisioned concurrency)`,
  ])
}

const width = Math.max(...rows.map(([label]) => label.length))
process.stdout.write(`lx dashboard bench — ${endpointUrl}, range ${args.range}\n\n`)
for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`)
if (peakRssMb >= 150) process.exitCode = 1
