#!/usr/bin/env node
// `npm run bench` (guard part): how fast --guard catches a regression, and what watching costs.
//   1. detection latency: from the start of the first bad minute to the guard's undo being
//      complete, in one-minute metric periods (goal: ≤ 2 periods plus the undo itself), for the bad
//      trace-extension version and for a reservation far below demand;
//   2. calls per guard minute for N functions: GetMetricData calls and queries, Logs Insights
//      StartQuery and GetQueryResults, from the guard's own counts (a good change, watched 3 min).
// The guard runs on the sandbox's clock (LX_GUARD_CLOCK=sandbox), so a watched minute is a jump of
// the simulated clock, not a minute of waiting. Needs `npm run build`.
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const PRELOAD = pathToFileURL(join(ROOT, 'test', 'helpers', 'simulated-now.mjs')).href
const {startSandbox} = await import(join(ROOT, 'dist', 'sandbox', 'index.js'))
const START = Date.parse('2026-03-10T14:20:30Z')
const TRACE = 'arn:aws:lambda:us-east-1:123456789012:layer:trace-extension'

function lx(sandbox, home, args) {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      LX_HOME: home,
      LX_GUARD_CLOCK: 'sandbox',
      LX_LOGS_POLL_MS: '20',
      LX_POLL_MS: '50',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(),
      SIMULATED_NOW_OFFSET_MS: String(Math.round(sandbox.clock.now() - Date.now())),
    }
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [BIN, ...args, '--json'], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      try {
        resolve({code, report: JSON.parse(stdout), ms: Number(process.hrtime.bigint() - started) / 1e6})
      } catch {
        reject(new Error(`lx ${args.join(' ')} exited ${code}: ${stderr}`))
      }
    })
  })
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)))
  return rows
    .map((row) =>
      row
        .map((cell, i) => String(cell).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

async function withSandbox(options, run) {
  const sandbox = await startSandbox({port: 0, rate: 'getfunction=100,control=15', startTime: START, log: () => {}, ...options})
  const home = mkdtempSync(join(tmpdir(), 'lx-bench-guard-'))
  try {
    return await run(sandbox, home)
  } finally {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  }
}

// 1. Detection latency
const cases = [
  [
    'bad extension on 3 functions',
    ['extensions', 'attach', `${TRACE}:2`, 'user-profile-api', 'notifications-fanout', 'order-events-consumer', '--yes', '--guard', '10m'],
  ],
  ['reservation 1 under ~5 concurrent', ['concurrency', 'set', 'user-profile-api', '--reserved', '1', '--yes', '--guard', '10m']],
]
const latencyRows = [['change', 'exit', 'first bad minute → undo complete', 'detected after', 'undo took', 'reason']]
for (const [label, args] of cases) {
  // eslint-disable-next-line no-await-in-loop
  await withSandbox({}, async (sandbox, home) => {
    const {code, report} = await lx(sandbox, home, args)
    const guard = report.guard
    latencyRows.push([
      label,
      code,
      guard.detectionPeriods === undefined ? '-' : `${guard.detectionPeriods.toFixed(2)} periods`,
      `${guard.minutesJudged} min judged`,
      guard.revertedAt && guard.detectedAt ? `${((guard.revertedAt - guard.detectedAt) / 1000).toFixed(2)} s` : '-',
      guard.summary.slice(0, 80),
    ])
  })
}

console.log('Guard detection latency (sandbox clock; a period is one minute of metrics)\n')
console.log(table(latencyRows))

// 2. Calls per guard minute
const costRows = [['functions', 'guard minutes', 'GetMetricData calls/min', 'metric queries/min', 'StartQuery/min', 'GetQueryResults/min', 'wall time']]
for (const functions of [10, 100, 500]) {
  // eslint-disable-next-line no-await-in-loop
  await withSandbox({functions, rate: 'off', updateLagMs: 0}, async (sandbox, home) => {
    const {report, ms} = await lx(sandbox, home, ['layers', 'attach', `${TRACE}:1`, '--all', '--yes', '--guard', '3m'])
    const guard = report.guard
    // reads = 1 baseline + one per minute: per minute is the total over the reads.
    const per = (count) => (count / guard.reads).toFixed(1)
    const changed = report.summary.changed
    if (guard.status !== 'kept') console.log(`(${functions} functions: guard ${guard.status}: ${guard.summary})`)
    const {calls} = guard
    costRows.push([
      `${changed} changed`,
      guard.minutesJudged,
      per(calls.getMetricDataCalls),
      per(calls.metricQueries),
      per(calls.insightsQueries),
      per(calls.insightsPolls),
      `${(ms / 1000).toFixed(1)} s`,
    ])
  })
}

console.log('\nCalls per guard minute (a good change, --guard 3m; GetMetricData ≤ 500 queries per call, Insights ≤ 50 log groups per query)\n')
console.log(table(costRows))
