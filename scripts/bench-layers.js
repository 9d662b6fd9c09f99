#!/usr/bin/env node
// Benchmark: attach the logging extension to every function of a 1,000-function account with the
// BUILT CLI, against the sandbox with AWS's control-plane quotas (GetFunction 100/s, everything
// else 15/s shared) and a 1 s update lag. The floor is set by the writes: one
// UpdateFunctionConfiguration per changed function at 15/s. A second run adds 5% random faults
// (429 and 500). Each run checks that no function lost or reordered a layer or a variable.
//
// Usage: npm run build && node scripts/bench-layers.js [--functions N]
import {spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {startSandbox} from '../dist/sandbox/index.js'
import {scratchHome} from './scratch-home.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const CONTROL_PER_SECOND = 15
const TARGET_RATIO = 1.2
const LOG_LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension'
const LOG3 = `${LOG_LAYER}:3`

const argIndex = process.argv.indexOf('--functions')
const FUNCTIONS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000

const layerOf = (arn) => arn.slice(0, arn.lastIndexOf(':'))

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', NO_COLOR: '1', ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

async function getJson(url) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
  return response.json()
}

/** Functions whose layers other than the log shipper, or whose variables, differ between two snapshots. */
function damaged(before, after) {
  const now = new Map(after.functions.map((fn) => [fn.name, fn]))
  const names = []
  for (const fn of before.functions) {
    const later = now.get(fn.name)
    const others = (layers) => layers.filter((arn) => layerOf(arn) !== LOG_LAYER)
    const sameLayers = JSON.stringify(others(fn.layers)) === JSON.stringify(others(later.layers))
    const sameEnv = JSON.stringify(Object.entries(fn.environment).sort()) === JSON.stringify(Object.entries(later.environment).sort())
    // The log shipper must sit where its older version was, or at the end.
    const index = fn.layers.findIndex((arn) => layerOf(arn) === LOG_LAYER)
    const laterIndex = later.layers.indexOf(LOG3)
    const placed = laterIndex < 0 || (index >= 0 ? laterIndex === index : laterIndex === later.layers.length - 1)
    if (!sameLayers || !sameEnv || !placed) names.push(fn.name)
  }

  return names
}

/** Eligible functions (zip, room for the layer) that still lack it. */
function missing(before, after) {
  const now = new Map(after.functions.map((fn) => [fn.name, fn]))
  return before.functions
    .filter((fn) => fn.packageType !== 'Image' && (fn.layers.length < 5 || fn.layers.some((arn) => layerOf(arn) === LOG_LAYER)))
    .filter((fn) => !now.get(fn.name).layers.includes(LOG3))
    .map((fn) => fn.name)
}

async function scenario(name, faultRate) {
  const sandbox = await startSandbox({
    functions: FUNCTIONS,
    rate: 'getfunction=100,control=15',
    faultRate,
    updateLagMs: 1000,
    log: () => {},
  })
  try {
    const before = await getJson(`${sandbox.url}/_sandbox/state`)
    sandbox.resetStats()
    const started = performance.now()
    const result = await runCli(['layers', 'attach', LOG3, '--all', '--yes', '--json', '--endpoint-url', sandbox.url], {
      LX_HOME: scratchHome(),
    })
    const elapsed = (performance.now() - started) / 1000
    const after = await getJson(`${sandbox.url}/_sandbox/state`)
    const stats = sandbox.stats()
    let report
    try {
      report = JSON.parse(result.stdout)
    } catch {
      throw new Error(`${name}: lx printed no JSON report (exit ${result.code}): ${result.stderr.slice(0, 500)}`)
    }

    if (!report.summary) throw new Error(`${name}: lx failed (exit ${result.code}): ${JSON.stringify(report.error ?? report)}`)
    const writes = report.summary.changed
    const lowerBound = writes / CONTROL_PER_SECOND
    const sum = (counts) => Object.values(counts).reduce((total, n) => total + n, 0)
    return {
      name,
      functions: before.functions.length,
      changed: writes,
      unchanged: report.summary.unchanged,
      skipped: report.summary.skipped,
      failed: report.summary.failed,
      exit: result.code,
      elapsed,
      lowerBound,
      ratio: lowerBound > 0 ? elapsed / lowerBound : Number.NaN,
      damaged: damaged(before, after),
      missing: missing(before, after),
      calls: {
        getFunction: stats.operations['lambda:GetFunction'] ?? 0,
        update: stats.operations['lambda:UpdateFunctionConfiguration'] ?? 0,
        list: stats.operations['lambda:ListFunctions'] ?? 0,
        layer: stats.operations['lambda:GetLayerVersionByArn'] ?? 0,
        throttled: sum(stats.throttled),
        faults: sum(stats.faults),
      },
    }
  } finally {
    await sandbox.stop()
  }
}

function table(rows) {
  const columns = [
    ['run', (r) => r.name],
    ['functions', (r) => r.functions],
    ['changed', (r) => r.changed],
    ['unchanged', (r) => r.unchanged],
    ['skipped', (r) => r.skipped],
    ['failed', (r) => r.failed],
    ['elapsed s', (r) => r.elapsed.toFixed(1)],
    ['bound s', (r) => r.lowerBound.toFixed(1)],
    ['ratio', (r) => `${r.ratio.toFixed(2)}${r.ratio <= TARGET_RATIO ? '' : ' !'}`],
    ['damaged', (r) => r.damaged.length],
    ['missing', (r) => r.missing.length],
    ['GetFunction', (r) => r.calls.getFunction],
    ['Update', (r) => r.calls.update],
    ['429s', (r) => r.calls.throttled],
    ['500s', (r) => r.calls.faults],
  ]
  const cells = rows.map((row) => columns.map(([, value]) => String(value(row))))
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i].length)))
  const format = (values) => values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ')
  return [format(columns.map(([header]) => header)), ...cells.map(format)].join('\n')
}

const rows = []
for (const [name, faultRate] of [
  ['quotas on', 0],
  ['quotas on, 5% faults', 0.05],
]) {
  process.stderr.write(`running: ${name} (${FUNCTIONS} functions)…\n`)
  // eslint-disable-next-line no-await-in-loop -- runs must not share the account's quota
  rows.push(await scenario(name, faultRate))
}

console.log(`lx layers attach log-shipper-extension:3 --all: ${FUNCTIONS} functions, GetFunction 100/s, control plane ${CONTROL_PER_SECOND}/s, update lag 1 s`)
console.log(`bound = changed functions / ${CONTROL_PER_SECOND} per s (one UpdateFunctionConfiguration each); target ratio ≤ ${TARGET_RATIO}`)
console.log(table(rows))
for (const row of rows) {
  if (row.damaged.length > 0) console.log(`${row.name}: other layers or variables changed on ${row.damaged.slice(0, 10).join(', ')}`)
  if (row.missing.length > 0) console.log(`${row.name}: eligible but without the layer: ${row.missing.slice(0, 10).join(', ')}`)
}

const bad = rows.some((row) => row.damaged.length > 0 || row.failed > 0 || row.missing.length > 0)
process.exitCode = bad ? 1 : 0
