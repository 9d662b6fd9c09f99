#!/usr/bin/env node
// Benchmark: the fault matrix. A bulk `lx layers attach LAYER --all --yes` with the BUILT CLI against
// the sandbox on a bad night, each run followed by `lx undo --yes` (under the same conditions; with
// --force only when plain undo refuses):
//   a. 50% of GetFunction calls answered 500;
//   b. quotas far below AWS's: control plane 2/s, GetFunction 5/s (`--rate lambda=2,GetFunction=5`);
//   c. SIGTERM 2.5 s into the run;
//   d. SIGKILL 2.5 s into the run.
// Counted from the sandbox (GET /_sandbox/state before, after the run and after undo, and
// GET /_sandbox/stats), never from lx's own report: functions changed in AWS against the "changed"
// lx reported (goal: equal), functions not back to their original layers and variables after undo
// (goal: 0), and throttled answers per successful call.
//
// Usage: npm run build && node scripts/bench-faults.js [--functions N]   (default 100)
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {startSandbox} from '../dist/sandbox/index.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const LOG3 = 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3'
const KILL_AFTER_MS = 2500

const argIndex = process.argv.indexOf('--functions')
const FUNCTIONS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100

const SCENARIOS = [
  {name: 'a. GetFunction 50% 500', sandbox: {rate: 'getfunction=100,control=15', faults: ['GetFunction=0.5:500']}},
  {name: 'b. lambda=2,GetFunction=5', sandbox: {rate: 'lambda=2,GetFunction=5'}},
  {name: 'c. SIGTERM at 2.5 s', sandbox: {rate: 'getfunction=100,control=15'}, signal: 'SIGTERM'},
  {name: 'd. SIGKILL at 2.5 s', sandbox: {rate: 'getfunction=100,control=15'}, signal: 'SIGKILL'},
]

function runCli(args, env, signal) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', NO_COLOR: '1', ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = signal ? setTimeout(() => child.kill(signal), KILL_AFTER_MS) : undefined
    child.on('error', reject)
    child.on('close', (code, killedBy) => {
      clearTimeout(timer)
      resolve({code: code ?? killedBy, stdout, stderr})
    })
  })
}

async function getJson(url) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
  return response.json()
}

/** What lx may touch: the layers and the variables of each function. */
function configs(state) {
  return new Map(state.functions.map((fn) => [fn.name, JSON.stringify({layers: fn.layers, environment: Object.entries(fn.environment).sort()})]))
}

function differing(before, after) {
  const now = configs(after)
  return [...configs(before)].filter(([name, config]) => now.get(name) !== config).map(([name]) => name)
}

function parseReport(stdout) {
  try {
    return JSON.parse(stdout)
  } catch {
    return undefined
  }
}

const sum = (counts) => Object.values(counts ?? {}).reduce((total, n) => total + n, 0)

function callCounts(stats) {
  const throttled = sum(stats.throttled)
  const faults = sum(stats.faults)
  const successful = stats.total - throttled - faults - sum(stats.errors)
  return {throttled, faults, successful}
}

/** The message of a failed lx run, on one line. */
function failure(run) {
  const report = parseReport(run.stdout)
  if (report?.summary) return `summary ${JSON.stringify(report.summary)}`
  const message = report?.error?.message ?? run.stderr.split('\n').find((line) => line.trim() !== '') ?? ''
  return message.trim().slice(0, 160)
}

async function scenario({name, sandbox: options, signal}) {
  const sandbox = await startSandbox({functions: FUNCTIONS, updateLagMs: 1000, log: () => {}, ...options})
  const home = mkdtempSync(join(tmpdir(), 'lx-bench-faults-'))
  const env = {LX_HOME: home, AWS_ENDPOINT_URL: sandbox.url}
  try {
    const before = await getJson(`${sandbox.url}/_sandbox/state`)
    sandbox.resetStats()
    const started = performance.now()
    const attach = await runCli(['layers', 'attach', LOG3, '--all', '--yes', '--json'], env, signal)
    const elapsed = (performance.now() - started) / 1000
    const attachStats = sandbox.stats()
    const afterAttach = await getJson(`${sandbox.url}/_sandbox/state`)
    const report = parseReport(attach.stdout)
    // What the journal holds for the run: for a killed run (no report) it is the only account.
    const history = parseReport((await runCli(['history', '--json', '--limit', '1'], env)).stdout)
    const journaled = Array.isArray(history) ? history[0]?.changes : undefined

    sandbox.resetStats()
    let undoMode = 'plain'
    let undo = await runCli(['undo', '--yes', '--json'], env)
    if (undo.code !== 0 && /--force/.test(undo.stdout + undo.stderr)) {
      undoMode = 'force'
      undo = await runCli(['undo', '--force', '--yes', '--json'], env)
    }

    const undoStats = sandbox.stats()
    const afterUndo = await getJson(`${sandbox.url}/_sandbox/state`)
    const changedInAws = differing(before, afterAttach)
    const notRestored = differing(before, afterUndo)
    const attachCalls = callCounts(attachStats)
    const undoCalls = callCounts(undoStats)
    return {
      name,
      functions: before.functions.length,
      elapsed,
      attachExit: attach.code,
      reported: report?.summary?.changed,
      journaled,
      failed: report?.summary?.failed,
      changedInAws: changedInAws.length,
      undoMode,
      undoExit: undo.code,
      undoMessage: undo.code === 0 ? '' : failure(undo),
      attachMessage: attach.code === 0 || signal ? '' : failure(attach),
      notRestored,
      attachCalls,
      undoCalls,
    }
  } finally {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  }
}

function table(rows) {
  const ratio = (calls) => (calls.successful > 0 ? (calls.throttled / calls.successful).toFixed(2) : '-')
  const columns = [
    ['run', (r) => r.name],
    ['fns', (r) => r.functions],
    ['exit', (r) => r.attachExit],
    ['s', (r) => r.elapsed.toFixed(1)],
    ['reported changed', (r) => r.reported ?? '(none)'],
    ['changed in AWS', (r) => r.changedInAws],
    ['journaled', (r) => r.journaled ?? '-'],
    // A killed run has no report: its journal must cover every change AWS took.
    ['equal', (r) => (r.reported === undefined ? (r.journaled >= r.changedInAws ? 'covered' : 'NO') : r.reported === r.changedInAws ? 'yes' : 'NO')],
    ['failed', (r) => r.failed ?? '-'],
    ['429/ok', (r) => `${ratio(r.attachCalls)} (${r.attachCalls.throttled}/${r.attachCalls.successful})`],
    ['500s', (r) => r.attachCalls.faults],
    ['undo', (r) => `${r.undoMode}, exit ${r.undoExit}`],
    ['undo 429/ok', (r) => ratio(r.undoCalls)],
    ['not restored', (r) => r.notRestored.length],
  ]
  const cells = rows.map((row) => columns.map(([, value]) => String(value(row))))
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i].length)))
  const format = (values) => values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ')
  return [format(columns.map(([header]) => header)), ...cells.map(format)].join('\n')
}

const rows = []
for (const entry of SCENARIOS) {
  process.stderr.write(`running: ${entry.name} (${FUNCTIONS} functions)…\n`)
  // eslint-disable-next-line no-await-in-loop -- each scenario has a sandbox of its own, one at a time
  rows.push(await scenario(entry))
}

console.log(`Fault matrix: lx layers attach log-shipper-extension:3 --all --yes on ${FUNCTIONS} functions, then lx undo --yes (same conditions)`)
console.log('goals: reported changed = changed in AWS, not restored = 0, 429/ok ≤ 0.25, 0 failed')
console.log(table(rows))
for (const row of rows) {
  if (row.attachMessage) console.log(`${row.name}: attach: ${row.attachMessage}`)
  if (row.undoMessage) console.log(`${row.name}: undo: ${row.undoMessage}`)
  if (row.notRestored.length > 0) {
    const names = `${row.notRestored.slice(0, 8).join(', ')}${row.notRestored.length > 8 ? ', …' : ''}`
    console.log(`${row.name}: not restored: ${names}`)
  }
}

const missed = rows.some(
  (row) => row.notRestored.length > 0 || (row.reported === undefined ? !(row.journaled >= row.changedInAws) : row.reported !== row.changedInAws),
)
process.exitCode = missed ? 1 : 0
