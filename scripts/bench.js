#!/usr/bin/env node
// `npm run bench`: lx's speed and cost, measured on this machine (never asserted in tests).
//   1. start-up: `lx --help` and `lx --version` against `node -e 0` (median of several runs);
//   2. `lx account` and `lx concurrency list` against a 1,000-function sandbox with AWS-like quotas,
//      each beside its lower bound (the calls it needs ÷ the rate budget they share) and, where the
//      AWS CLI is installed, beside `aws lambda get-account-settings` on the same sandbox;
//   3. a 100-function `lx concurrency set` (time and API calls per target);
//   4. the layers, fault-matrix, layer lifecycle and dashboard benchmarks (scripts/bench-layers.js, scripts/bench-faults.js,
//      scripts/bench-lifecycle.js, scripts/bench-advise.js,
//      scripts/bench-dashboard.js).
//   5. big accounts (scripts/bench-scale.js): dashboard --once and concurrency plan on 2,000 functions,
//      the live dashboard's process tree on 200.
//   6. the guard: detection latency and calls per guard minute (scripts/bench-guard.js).
//   7. the sandbox itself and the schedule parser (scripts/bench-sandbox.js).
//   8. fleets (scripts/bench-fleet.js): 3 regions against 1, and an organization's accounts × regions.
// Usage: npm run bench [-- --quick]   (--quick skips the long layers run and the 2,000-function plan)
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const {startSandbox} = await import(join(ROOT, 'dist', 'sandbox', 'index.js'))
const QUICK = process.argv.includes('--quick')
const RATES = {getFunction: 100, control: 15}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`

function timeSync(command, args, runs) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint()
    const run = spawnSync(command, args, {stdio: 'ignore'})
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}`)
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }

  return median(times)
}

/** Runs a command as a child without blocking this process (the sandbox answers from here). */
function timeAsync(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6}))
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

/** Lower bound of a run: each budget serves its calls in parallel with the others. */
function lowerBound(stats) {
  let getFunction = 0
  let control = 0
  for (const [operation, count] of Object.entries(stats.operations)) {
    if (!operation.startsWith('lambda:')) continue
    if (operation === 'lambda:GetFunction') getFunction += count
    else control += count
  }

  return {getFunction, control, ms: Math.max(getFunction / RATES.getFunction, control / RATES.control) * 1000}
}

// 1. Start-up
const runs = 9
const nodeMs = timeSync(process.execPath, ['-e', '0'], runs)
const helpMs = timeSync(process.execPath, [BIN, '--help'], runs)
const versionMs = timeSync(process.execPath, [BIN, '--version'], runs)
console.log(`Start-up (median of ${runs} runs)\n`)
console.log(
  table([
    ['command', 'time', 'ratio to node -e 0', 'target'],
    ['node -e 0', `${nodeMs.toFixed(0)} ms`, '1.00', ''],
    ['lx --help', `${helpMs.toFixed(0)} ms`, (helpMs / nodeMs).toFixed(2), '≤ 2.5'],
    ['lx --version', `${versionMs.toFixed(0)} ms`, (versionMs / nodeMs).toFixed(2), ''],
  ]),
)

// 2. Reads against a 1,000-function account with AWS-like quotas.
const sandbox = await startSandbox({port: 0, functions: 1000, rate: 'getfunction=100,control=15', log: () => {}})
const env = {
  AWS_ENDPOINT_URL: sandbox.url,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  LX_HOME: mkdtempSync(join(tmpdir(), 'lx-bench-')),
}
process.on('exit', () => rmSync(env.LX_HOME, {recursive: true, force: true}))
const rows = [['command (1,000 functions)', 'time', 'calls (GetFunction / other)', 'lower bound', 'ratio']]
for (const args of [
  ['account', '--json'],
  ['concurrency', 'list', '--json'],
]) {
  sandbox.resetStats()
  // eslint-disable-next-line no-await-in-loop -- runs must not share the sandbox, or the call counts mix
  const run = await timeAsync(process.execPath, [BIN, ...args], env)
  if (run.code !== 0) throw new Error(`lx ${args.join(' ')} failed: ${run.stderr}`)
  const bound = lowerBound(sandbox.stats())
  rows.push([
    `lx ${args[0] === 'account' ? 'account' : 'concurrency list'}`,
    seconds(run.ms),
    `${bound.getFunction} / ${bound.control}`,
    seconds(bound.ms),
    (run.ms / bound.ms).toFixed(2),
  ])
}

const aws = spawnSync('aws', ['--version'], {stdio: 'ignore'})
if (aws.status === 0) {
  const run = await timeAsync('aws', ['lambda', 'get-account-settings', '--endpoint-url', sandbox.url, '--region', 'us-east-1'], env)
  rows.push(['aws lambda get-account-settings', seconds(run.ms), '0 / 1', seconds(1000 / RATES.control), '(one call)'])
}

// 3. A 100-function bulk set: functions without reservation or provisioned concurrency each get 1.
const hundred = sandbox
  .state()
  .functions.filter((fn) => fn.reserved === null && fn.provisioned.length === 0)
  .slice(0, 100)
  .map((fn) => fn.name)
sandbox.resetStats()
const set = await timeAsync(process.execPath, [BIN, 'concurrency', 'set', ...hundred, '--reserved', '1', '--yes', '--json'], env)
if (set.code !== 0) throw new Error(`lx concurrency set failed (exit ${set.code}): ${set.stdout.slice(0, 500)} ${set.stderr}`)
const report = JSON.parse(set.stdout)
const stats = sandbox.stats()
const targets = report.results.length
const bound = lowerBound(stats)
rows.push([
  `lx concurrency set --reserved (${targets} functions)`,
  seconds(set.ms),
  `${bound.getFunction} / ${bound.control}`,
  seconds(bound.ms),
  (set.ms / bound.ms).toFixed(2),
])
await sandbox.stop()

console.log('\nReads and a bulk write against the sandbox with AWS quotas (GetFunction 100/s, other calls 15/s)\n')
console.log(table(rows))
const perTarget = Object.entries(stats.operations)
  .filter(([operation]) => operation.startsWith('lambda:'))
  .map(([operation, count]) => `${operation.slice(7)} ${(count / targets).toFixed(2)}`)
console.log(
  `\nconcurrency set, API calls per target: ${perTarget.join(', ')} (changed ${report.summary.changed}; answered 429 by the sandbox: ` +
    `${Object.values(stats.throttled ?? {}).reduce((a, b) => a + b, 0)})`,
)

// 4. The domain benchmarks: layers on 1,000 functions, the dashboard on 200.
async function runScript(script, args = []) {
  console.log(`\n== ${script} ${args.join(' ')} ==`)
  const run = await timeAsync(process.execPath, [join(ROOT, 'scripts', script), ...args])
  process.stdout.write(run.stdout)
  if (run.code !== 0) process.stdout.write(`(${script} exited ${run.code})\n${run.stderr}`)
}

if (!QUICK) await runScript('bench-layers.js')
// The fault matrix (5xx, tight quotas, SIGTERM and SIGKILL mid-run, each followed by undo).
await runScript('bench-faults.js', ['--functions', QUICK ? '60' : '100'])
if (!QUICK) await runScript('bench-lifecycle.js')
// --cold: the sandbox builds its 14-day account history inside the timed run (the stricter figure).
if (!QUICK) await runScript('bench-advise.js', ['--cold'])
const dashboardSandbox = await startSandbox({port: 0, functions: 200, rate: 'getfunction=100,control=15', log: () => {}})
await runScript('bench-dashboard.js', ['--endpoint-url', dashboardSandbox.url])
await dashboardSandbox.stop()
await runScript('bench-scale.js', QUICK ? ['--skip-plan'] : [])
await runScript('bench-guard.js')
await runScript('bench-sandbox.js')
await runScript('bench-fleet.js', QUICK ? ['--functions', '100'] : [])
