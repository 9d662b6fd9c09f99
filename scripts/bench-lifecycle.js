#!/usr/bin/env node
// Benchmark: the layer lifecycle with the BUILT CLI against the sandbox with AWS's control-plane
// quotas (GetFunction 100/s, everything else 15/s shared) and a 1 s update lag.
//   1. `lx layers upgrade` on N functions sitting on versions 1–3 of a layer whose version 4 exists
//      (a quarter already on 4): bound = UpdateFunctionConfiguration calls ÷ 15/s.
//   2. the same with `--publish --alias live` (every function has `live`, some with provisioned
//      concurrency): bound = (UpdateFunctionConfiguration + PublishVersion + UpdateAlias) ÷ 15/s,
//      i.e. three writes per function. Beside it the floor: every call that must go over the same
//      15/s budget ÷ 15/s — the writes, the ListFunctions pages and ListLayerVersions, and per alias
//      that moves GetAlias (routing refused before any write, the RevisionId UpdateAlias sends) and
//      GetProvisionedConcurrencyConfig (the only authoritative answer to "does it hold provisioned
//      concurrency", which decides the wait for READY), plus one READY poll per alias with
//      provisioned concurrency.
//   3. `lx layers list`: the calls it makes to find the newest version of A distinct layers (own and
//      another account's), with and without reading aliases.
// Each upgrade run checks that every eligible function ends on v4 with its other layers in order.
//
// Usage: npm run build && node scripts/bench-lifecycle.js [--functions N]
import {spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {startSandbox} from '../dist/sandbox/index.js'
import {scratchHome} from './scratch-home.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const CONTROL_PER_SECOND = 15
const TARGET_RATIO = 1.2
const ACCOUNT = '123456789012'
const VENDOR = '111122223333'
const layerArn = (name, owner = ACCOUNT) => `arn:aws:lambda:us-east-1:${owner}:layer:${name}`
const LOG = layerArn('log-shipper')

const argIndex = process.argv.indexOf('--functions')
const FUNCTIONS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000

/** N functions, each with utils:1 and the log shipper on v1–v4 (round robin), a `live` alias, every 50th with PC. */
function seed(count) {
  const functions = []
  for (let i = 0; i < count; i++) {
    const version = (i % 4) + 1
    functions.push({
      name: `fn-${String(i).padStart(4, '0')}`,
      runtime: 'nodejs20.x',
      layers: [`${layerArn('utils')}:1`, `${LOG}:${version}`],
      environment: {LOG_LEVEL: 'info'},
      versions: 1,
      aliases: [{name: 'live', version: '1'}],
      ...(i % 50 === 0 ? {provisioned: [{qualifier: 'live', requested: 1}]} : {}),
    })
  }

  return {
    layers: [
      {name: 'log-shipper', versions: [{}, {}, {}, {}]},
      {name: 'utils', versions: [{}, {}]},
    ],
    functions,
  }
}

/** A account whose functions carry A distinct layers: `own` of this account (3 versions each), `foreign` of a vendor's (5 each). */
function listSeed(own, foreign) {
  const layers = [
    ...Array.from({length: own}, (_, i) => ({name: `own-${i}`, versions: [{}, {}, {}]})),
    ...Array.from({length: foreign}, (_, i) => ({name: `vendor-${i}`, accountId: VENDOR, versions: [{}, {}, {}, {}, {}]})),
  ]
  const arns = [
    ...Array.from({length: own}, (_, i) => `${layerArn(`own-${i}`)}:1`),
    ...Array.from({length: foreign}, (_, i) => `${layerArn(`vendor-${i}`, VENDOR)}:2`),
  ]
  const functions = Array.from({length: 200}, (_, i) => ({
    name: `list-${String(i).padStart(3, '0')}`,
    runtime: 'nodejs20.x',
    layers: [0, 1, 2, 3, 4].map((k) => arns[(i * 5 + k) % arns.length]).filter((arn, k, all) => all.indexOf(arn) === k),
    versions: 1,
    aliases: [{name: 'live', version: '1'}],
  }))
  return {layers, functions}
}

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

const op = (stats, name) => stats.operations[`lambda:${name}`] ?? 0
const sum = (counts) => Object.values(counts ?? {}).reduce((total, n) => total + n, 0)

async function upgradeScenario(name, extraArgs) {
  const sandbox = await startSandbox({seed: seed(FUNCTIONS), rate: 'getfunction=100,control=15', updateLagMs: 1000, provisionLagMs: 2000, log: () => {}})
  try {
    const before = await getJson(`${sandbox.url}/_sandbox/state`)
    sandbox.resetStats()
    const started = performance.now()
    const home = scratchHome()
    const result = await runCli(['layers', 'upgrade', 'log-shipper', '--all', '--yes', '--json', ...extraArgs, '--endpoint-url', sandbox.url], {LX_HOME: home})
    const elapsed = (performance.now() - started) / 1000
    const stats = sandbox.stats()
    const after = await getJson(`${sandbox.url}/_sandbox/state`)
    let report
    try {
      report = JSON.parse(result.stdout)
    } catch {
      throw new Error(`${name}: lx printed no JSON report (exit ${result.code}): ${result.stderr.slice(0, 500)}`)
    }

    if (!report.summary) throw new Error(`${name}: lx failed (exit ${result.code}): ${JSON.stringify(report.error ?? report)}`)
    const writes = op(stats, 'UpdateFunctionConfiguration') + op(stats, 'PublishVersion') + op(stats, 'UpdateAlias')
    // Every other call on the 15/s budget (GetFunction has its own).
    const controlReads = Object.entries(stats.operations)
      .filter(([name]) => name.startsWith('lambda:') && !/:(GetFunction|UpdateFunctionConfiguration|PublishVersion|UpdateAlias)$/.test(name))
      .reduce((total, [, n]) => total + n, 0)
    const now = new Map(after.functions.map((fn) => [fn.name, fn]))
    const live = (fn) => fn.aliases.find((alias) => alias.name === 'live').functionVersion
    const moved = before.functions.filter((fn) => live(now.get(fn.name)) !== live(fn))
    const movedWithPc = moved.filter((fn) => fn.provisioned.length > 0).length
    const requiredReads = op(stats, 'ListFunctions') + op(stats, 'ListLayerVersions') + 2 * moved.length + movedWithPc
    const wrong = before.functions.filter((fn) => {
      const later = now.get(fn.name)
      const expected = fn.layers.map((arn) => (arn.startsWith(`${LOG}:`) ? `${LOG}:4` : arn))
      // With --publish --alias: `live` moved off version 1 exactly where $LATEST was behind.
      const moved = later.aliases.find((alias) => alias.name === 'live').functionVersion !== '1'
      const aliasOk = extraArgs.length === 0 ? !moved : moved === !fn.layers.includes(`${LOG}:4`)
      return JSON.stringify(later.layers) !== JSON.stringify(expected) || JSON.stringify(later.environment) !== JSON.stringify(fn.environment) || !aliasOk
    })
    const lowerBound = writes / CONTROL_PER_SECOND
    return {
      name,
      functions: before.functions.length,
      changed: report.summary.changed,
      unchanged: report.summary.unchanged,
      failed: report.summary.failed,
      exit: result.code,
      elapsed,
      writes,
      controlReads,
      lowerBound,
      ratio: elapsed / lowerBound,
      requiredReads,
      floor: (writes + requiredReads) / CONTROL_PER_SECOND,
      ratioFloor: elapsed / ((writes + requiredReads) / CONTROL_PER_SECOND),
      ratioAll: elapsed / ((writes + controlReads) / CONTROL_PER_SECOND),
      calls: Object.fromEntries(Object.entries(stats.operations).sort(([a], [b]) => a.localeCompare(b))),
      wrong: wrong.map((fn) => fn.name),
      throttled: sum(stats.throttled),
    }
  } finally {
    await sandbox.stop()
  }
}

async function listScenario(own, foreign, aliases) {
  const sandbox = await startSandbox({seed: listSeed(own, foreign), rate: 'getfunction=100,control=15', log: () => {}})
  try {
    sandbox.resetStats()
    const started = performance.now()
    const result = await runCli(['layers', 'list', '--json', ...(aliases ? [] : ['--no-aliases']), '--endpoint-url', sandbox.url], {
      LX_HOME: scratchHome(),
    })
    const elapsed = (performance.now() - started) / 1000
    const listing = JSON.parse(result.stdout)
    const stats = sandbox.stats()
    const probed = listing.layers.filter((layer) => layer.newestSource === 'probed').length
    return {
      layers: listing.layers.length,
      own,
      foreign,
      aliases,
      newestCalls: listing.calls.newestVersions,
      listLayerVersions: op(stats, 'ListLayerVersions'),
      getLayerVersion: op(stats, 'GetLayerVersionByArn'),
      aliasCalls: listing.calls.aliases,
      allKnown: listing.layers.every((layer) => layer.newest === (layer.owner === VENDOR ? 5 : 3)),
      probed,
      elapsed,
    }
  } finally {
    await sandbox.stop()
  }
}

function table(rows, columns) {
  const cells = rows.map((row) => columns.map(([, value]) => String(value(row))))
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i].length)))
  const format = (values) => values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ')
  return [format(columns.map(([header]) => header)), ...cells.map(format)].join('\n')
}

const upgrades = []
for (const [name, args] of [
  ['upgrade', []],
  ['upgrade --publish --alias live', ['--publish', '--alias', 'live']],
]) {
  process.stderr.write(`running: ${name} (${FUNCTIONS} functions)…\n`)
  // eslint-disable-next-line no-await-in-loop -- runs must not share the account's quota
  upgrades.push(await upgradeScenario(name, args))
}

console.log(
  `lx layers upgrade log-shipper --all: ${FUNCTIONS} functions on v1–v4 (v4 newest), GetFunction 100/s, control plane ${CONTROL_PER_SECOND}/s, update ` +
    `lag 1 s`,
)
console.log(`bound = writes (UpdateFunctionConfiguration, PublishVersion, UpdateAlias) / ${CONTROL_PER_SECOND} per s; target ratio ≤ ${TARGET_RATIO}`)
console.log(
  `floor = (writes + the reads that must share the ${CONTROL_PER_SECOND}/s budget: ListFunctions pages, ListLayerVersions, and per alias moved ` +
    'GetAlias + GetProvisionedConcurrencyConfig, + 1 READY poll per alias with provisioned concurrency) / 15 per s',
)
console.log(
  table(upgrades, [
    ['run', (r) => r.name],
    ['changed', (r) => r.changed],
    ['unchanged', (r) => r.unchanged],
    ['failed', (r) => r.failed],
    ['writes', (r) => r.writes],
    ['control reads', (r) => r.controlReads],
    ['required reads', (r) => r.requiredReads],
    ['elapsed s', (r) => r.elapsed.toFixed(1)],
    ['bound s', (r) => r.lowerBound.toFixed(1)],
    ['ratio', (r) => `${r.ratio.toFixed(2)}${r.ratio <= TARGET_RATIO ? '' : ' !'}`],
    ['floor s', (r) => r.floor.toFixed(1)],
    ['ratio to floor', (r) => r.ratioFloor.toFixed(2)],
    ['ratio incl. reads', (r) => r.ratioAll.toFixed(2)],
    ['wrong', (r) => r.wrong.length],
    ['429s', (r) => r.throttled],
  ]),
)
for (const row of upgrades) {
  const calls = Object.entries(row.calls).map(([name, n]) => `${name.replace(/^lambda:/, '')} ${n}`)
  console.log(`${row.name}: calls ${calls.join(', ')}`)
}

for (const row of upgrades) if (row.wrong.length > 0) console.log(`${row.name}: not as expected: ${row.wrong.slice(0, 10).join(', ')}`)

const lists = []
for (const [own, foreign, aliases] of [
  [10, 0, false],
  [0, 10, false],
  [10, 5, false],
  [10, 5, true],
]) {
  // eslint-disable-next-line no-await-in-loop -- runs must not share the account's quota
  lists.push(await listScenario(own, foreign, aliases))
}

console.log(
  `\nlx layers list on 200 functions: calls to find the newest version of A distinct layers (own: 3 versions, in use v1; another account's: 5 ` +
    `versions, in use v2)`,
)
console.log(
  table(lists, [
    ['A layers', (r) => `${r.layers} (${r.own} own, ${r.foreign} foreign)`],
    ['aliases', (r) => (r.aliases ? 'read' : '--no-aliases')],
    ['newest-version calls', (r) => r.newestCalls],
    ['ListLayerVersions', (r) => r.listLayerVersions],
    ['GetLayerVersionByArn', (r) => r.getLayerVersion],
    ['alias calls', (r) => r.aliasCalls],
    ['all newest right', (r) => r.allKnown],
    ['elapsed s', (r) => r.elapsed.toFixed(1)],
  ]),
)

const bad = upgrades.some((row) => row.wrong.length > 0 || row.failed > 0 || row.exit !== 0) || lists.some((row) => !row.allKnown)
process.exitCode = bad ? 1 : 0
