#!/usr/bin/env node
// `lx advise` on a 1,000-function sandbox with AWS-like quotas (GetFunction 100/s, the rest of the
// Lambda control plane 15/s), beside the bound of what its reads must cost:
//   control plane: ListFunctions (N/50 pages) + GetAccountSettings + per function
//     ListProvisionedConcurrencyConfigs, ListAliases and GetPolicy + GetPolicy per alias +
//     ListEventSourceMappings pages (M/100) + ListFunctionEventInvokeConfigs per function with an
//     asynchronous trigger, all at 15/s; GetFunction per function at 100/s;
//   CloudWatch: ⌈queries ÷ 500⌉ GetMetricData calls (the plan's 5N + 2P + 1 queries, and 2P + 2);
//   Logs Insights: ⌈functions that ran ÷ 50⌉ queries (StartQuery, and at least one GetQueryResults each).
// Time bound: the slower of the two Lambda budgets alone (stricter than the issue's sum: CloudWatch and
// Logs have budgets of their own, so lx reads them beside the Lambda calls and they add nothing).
// The sandbox answers one request at a time and builds its 14 days of account-wide history on the
// first account-wide GetMetricData (~20 s for 1,000 functions, scripts/bench-sandbox.js times the
// sandbox); that history exists already on AWS, so it is built before the timed run (--cold: not).
// While it serves a GetMetricData or StartQuery it answers no Lambda call either: printed below.
// Usage: node scripts/bench-advise.js [--functions N] [--window 14d] [--cold]
import {spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {scratchHome} from './scratch-home.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const {startSandbox} = await import(join(ROOT, 'dist', 'sandbox', 'index.js'))
const {classifyPrincipal} = await import(join(ROOT, 'dist', 'triggers', 'trigger-modes.js'))
const {defaultAccountDescription} = await import(join(ROOT, 'dist', 'sandbox', 'default-account.js'))
const at = process.argv.indexOf('--functions')
const N = at > 0 ? Number(process.argv[at + 1]) : 1000
const RATES = {getFunction: 100, control: 15}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [BIN, ...args], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6}))
  })
}

// The sandbox's time per service, from its verbose log ("200 monitoring:GetMetricData 150.2ms").
const busyMs = {}
const sandbox = await startSandbox({
  port: 0,
  functions: N,
  rate: 'getfunction=100,control=15',
  verbose: true,
  log: (line) => {
    const match = /^\d{3} ([a-z-]+):\S+ ([\d.]+)ms/.exec(line)
    if (match) busyMs[match[1]] = (busyMs[match[1]] ?? 0) + Number(match[2])
  },
})
const env = {
  AWS_ENDPOINT_URL: sandbox.url,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  LX_HOME: scratchHome(),
}
// The account as seeded: aliases, triggers and mappings decide what the reads must cost.
const state = defaultAccountDescription(N).functions
const aliases = state.reduce((total, fn) => total + (fn.aliases?.length ?? 0), 0)
const mappings = state.reduce((total, fn) => total + (fn.eventSources?.length ?? 0), 0)
const asyncFunctions = state.filter((fn) =>
  (fn.permissions ?? []).some((permission) => classifyPrincipal(permission.principal, permission.sourceArn).mode === 'async'),
).length
const mustControl = Math.ceil(N / 50) + 1 + 3 * N + aliases + Math.max(1, Math.ceil(mappings / 100)) + asyncFunctions
const mustGetFunction = N
const boundMs = Math.max(mustControl / RATES.control, mustGetFunction / RATES.getFunction) * 1000

const WINDOW = process.argv.includes('--window') ? process.argv[process.argv.indexOf('--window') + 1] : '14d'
let warmMs = 0
if (!process.argv.includes('--cold')) {
  // One account-wide series over the window and a day more: the sandbox keeps each minute it builds.
  const {CloudWatchClient, GetMetricDataCommand} = await import('@aws-sdk/client-cloudwatch')
  const cloudwatch = new CloudWatchClient({endpoint: sandbox.url, region: env.AWS_REGION, credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'}})
  const units = {h: 3600, d: 86_400, w: 604_800}
  const windowSeconds = Number.parseInt(WINDOW, 10) * units[WINDOW.trim().slice(-1)]
  const end = Math.floor(Date.now() / 1000)
  const started = performance.now()
  await cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: [{Id: 'warm', MetricStat: {Metric: {Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions'}, Period: 3600, Stat: 'Maximum'}}],
      StartTime: new Date((end - windowSeconds - 86_400) * 1000),
      EndTime: new Date((end + 3600) * 1000),
    }),
  )
  warmMs = performance.now() - started
  cloudwatch.destroy()
}

sandbox.resetStats()
for (const key of Object.keys(busyMs)) delete busyMs[key]
const result = await run(['advise', '--json', '--window', WINDOW], env)
await sandbox.stop()
if (result.code !== 0) throw new Error(`lx advise failed (exit ${result.code}): ${result.stderr} ${result.stdout.slice(0, 2000)}`)
const report = JSON.parse(result.stdout)
const stats = sandbox.stats()
let control = 0
let getFunction = 0
for (const [operation, count] of Object.entries(stats.operations)) {
  if (operation === 'lambda:GetFunction') getFunction += count
  else if (operation.startsWith('lambda:')) control += count
}
const throttled = Object.entries(stats.throttled ?? {})
  .filter(([operation]) => operation.startsWith('lambda:'))
  .reduce((total, [, count]) => total + count, 0)

const queries = report.calls.metricQueries
const getMetricData = stats.operations['monitoring:GetMetricData'] ?? 0
const startQuery = stats.operations['logs:StartQuery'] ?? 0
const queryResults = stats.operations['logs:GetQueryResults'] ?? 0
const insights = report.calls.logsInsightsQueries
// Series of window ÷ period points each; GetMetricData answers at most 100,800 datapoints a page.
const {trafficPeriod} = await import(join(ROOT, 'dist', 'recommend', 'traffic-queries.js'))
const windowSeconds = Math.round((Date.parse(report.to) - Date.parse(report.from)) / 1000)
const points = Math.round(windowSeconds / trafficPeriod(windowSeconds))
const seriesQueries = 5 * N + 1
const mustMetricCalls = Math.ceil(queries / 500)
const pagesAtLeast = Math.ceil((seriesQueries * points) / 100_800) + Math.ceil((queries - seriesQueries) / 500)
// The issue's bound in calls: the control-plane reads, GetFunction, ⌈queries ÷ 500⌉ GetMetricData, the
// Logs Insights queries (a StartQuery and a GetQueryResults each, the least a query can take).
const mustCalls = mustControl + mustGetFunction + mustMetricCalls + 2 * insights
const otherCalls = Object.entries(stats.operations)
  .filter(([op]) => !op.startsWith('lambda:') && !op.startsWith('logs:') && op !== 'monitoring:GetMetricData')
  .reduce((total, [, count]) => total + count, 0)
const calls = control + getFunction + getMetricData + startQuery + queryResults + otherCalls
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
console.log(`lx advise on ${N} functions (${aliases} aliases, ${mappings} event source mappings, ${asyncFunctions} with an async trigger), AWS-like quotas\n`)
console.log(
  `  wall time            ${seconds(result.ms)}   bound ${seconds(boundMs)}   ratio ${(result.ms / boundMs).toFixed(2)}  (goal ≤ 1.20; bound: ` +
    `${mustControl} control-plane calls ÷ 15/s, CloudWatch and Logs beside them)`,
)
console.log(`  calls                ${calls}   bound ${mustCalls}   ratio ${(calls / mustCalls).toFixed(2)}  (goal ≤ 1.20)`)
console.log(`    Lambda control     ${control} (${throttled} answered 429 and retried)   must ${mustControl}   ratio ${(control / mustControl).toFixed(2)}`)
console.log(`    Lambda GetFunction ${getFunction}   must ${mustGetFunction}`)
console.log(
  `    GetMetricData      ${getMetricData} for ${queries} queries   must ⌈queries ÷ 500⌉ = ${mustMetricCalls}; the NextToken pages of ` +
    `${seriesQueries} series of ${points} points: at least ${pagesAtLeast}`,
)
console.log(`    Logs Insights      ${startQuery} StartQuery, ${queryResults} GetQueryResults   must ${insights} queries (one per 50 functions that ran)`)
console.log(
  `    other              ${Object.entries(stats.operations)
    .filter(([op]) => !op.startsWith('lambda:') && !op.startsWith('logs:') && op !== 'monitoring:GetMetricData')
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}`,
)
console.log(
  `  findings             ${report.findings.length} (${report.counts.critical} critical, ${report.counts.warning} warning, ${report.counts.info} info)`,
)
console.log(
  `  the sandbox          busy ${seconds(busyMs.monitoring ?? 0)} on CloudWatch and ${seconds(busyMs.logs ?? 0)} on Logs Insights (no Lambda ` +
    `call answered meanwhile); ${warmMs > 0 ? `its account history built before timing in ${seconds(warmMs)}` : 'history built in the timed run (--cold)'}`,
)
