#!/usr/bin/env node
// `lx advise` on a 1,000-function sandbox with AWS-like quotas (GetFunction 100/s, the rest of the
// Lambda control plane 15/s), beside the bound of what its reads must cost:
//   control plane: ListFunctions (N/50 pages) + GetAccountSettings + per function
//     ListProvisionedConcurrencyConfigs, ListAliases and GetPolicy + GetPolicy per alias +
//     ListEventSourceMappings pages (M/100) + ListFunctionEventInvokeConfigs per function with an
//     asynchronous trigger, all at 15/s; GetFunction per function at 100/s;
//   CloudWatch: ⌈queries ÷ 500⌉ GetMetricData calls (the plan's 5N + 2P + 1 queries, and 2P + 2);
//   Logs Insights: ⌈functions that ran ÷ 50⌉ queries.
// Time bound: the slower of the two Lambda budgets (metrics and logs run beside them).
// Usage: node scripts/bench-advise.js [--functions N]
import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

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

const sandbox = await startSandbox({port: 0, functions: N, rate: 'getfunction=100,control=15', log: () => {}})
const env = {
  AWS_ENDPOINT_URL: sandbox.url,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  LX_HOME: mkdtempSync(join(tmpdir(), 'lx-bench-')),
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

sandbox.resetStats()
const WINDOW = process.argv.includes('--window') ? process.argv[process.argv.indexOf('--window') + 1] : '14d'
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

const queries = report.calls.metricQueries
const insights = stats.operations['logs:StartQuery'] ?? 0
const ran = report.calls.logsInsightsQueries
console.log(`lx advise on ${N} functions (${aliases} aliases, ${mappings} event source mappings, ${asyncFunctions} with an async trigger), AWS-like quotas\n`)
console.log(
  `  wall time            ${(result.ms / 1000).toFixed(1)} s   bound ${(boundMs / 1000).toFixed(1)} s   ratio ` +
    `${(result.ms / boundMs).toFixed(2)}  (goal ≤ 1.20)`,
)
console.log(`  Lambda control plane ${control} calls   must ${mustControl}   ratio ${(control / mustControl).toFixed(2)}`)
console.log(`  Lambda GetFunction   ${getFunction} calls   must ${mustGetFunction}`)
console.log(
  `  GetMetricData        ${stats.operations['monitoring:GetMetricData'] ?? report.calls.getMetricData} calls for ${queries} queries   ⌈queries ` +
    `÷ 500⌉ = ${Math.ceil(queries / 500)} (more where NextToken pages follow)`,
)
console.log(`  Logs Insights        ${insights || ran} StartQuery, ${stats.operations['logs:GetQueryResults'] ?? 0} GetQueryResults`)
console.log(
  `  findings             ${report.findings.length} (${report.counts.critical} critical, ${report.counts.warning} warning, ${report.counts.info} info)`,
)
console.log(
  `  other operations     ${Object.entries(stats.operations)
    .filter(([op]) => !op.startsWith('lambda:') && !op.startsWith('logs:') && op !== 'monitoring:GetMetricData')
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}`,
)
