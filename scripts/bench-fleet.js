#!/usr/bin/env node
// Benchmark: lx across a fleet, with the BUILT CLI against the fleet sandbox, whose quotas are per
// account-region as in AWS (GetFunction 100/s, every other Lambda call 15/s) with a 1 s update lag.
//   1. `lx layers attach --all` on 3 regions × N functions against 1 region × N: with a budget and
//      a worker pool per account-region, three regions should take about as long as one
//      (goal ≤ 1.3×), with 0 failed and every eligible function changed.
//   2. `lx account --accounts org --role-name R --all-regions` over 3 accounts × 3 regions against
//      `lx account` in one account-region, and the calls the fleet costs on top (STS,
//      Organizations, Account Management).
//
// Usage: npm run build && node scripts/bench-fleet.js [--functions N]
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {startSandbox} from '../dist/sandbox/index.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const TARGET_RATIO = 1.3
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
const LOG3 = 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3'
const RATE = 'getfunction=100,control=15'

const argIndex = process.argv.indexOf('--functions')
const FUNCTIONS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 250

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const home = mkdtempSync(join(tmpdir(), 'lx-bench-fleet-'))
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', NO_COLOR: '1', LX_HOME: home, ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      rmSync(home, {recursive: true, force: true})
      resolve({code, stdout, stderr, seconds: (performance.now() - started) / 1000})
    })
  })
}

const sum = (counts, test = () => true) =>
  Object.entries(counts)
    .filter(([operation]) => test(operation))
    .reduce((total, [, n]) => total + n, 0)

/** `lx layers attach --all` over `regions`, each with FUNCTIONS functions and its own quota. */
async function attach(regions) {
  const sandbox = await startSandbox({functions: FUNCTIONS, regions, rate: RATE, updateLagMs: 1000, log: () => {}})
  try {
    const result = await runCli(['layers', 'attach', LOG3, '--all', '--yes', '--json', '--region', regions.join(','), '--endpoint-url', sandbox.url])
    const report = JSON.parse(result.stdout)
    if (!report.summary) throw new Error(`lx failed (exit ${result.code}): ${result.stderr.slice(0, 400)}`)
    // Every eligible function of every region carries the layer (in its own region) now.
    let missing = 0
    for (const region of regions) {
      const state = sandbox.state(undefined, {region})
      const layer = LOG3.replace('us-east-1', region)
      missing += state.functions.filter((fn) => fn.packageType !== 'Image' && fn.layers.length < 5 && !fn.layers.includes(layer)).length
    }

    const stats = sandbox.stats()
    return {
      regions: regions.length,
      functions: FUNCTIONS * regions.length,
      changed: report.summary.changed,
      failed: report.summary.failed,
      missing,
      exit: result.code,
      seconds: result.seconds,
      throttled: sum(stats.throttled),
    }
  } finally {
    await sandbox.stop()
  }
}

async function account() {
  const sandbox = await startSandbox({accounts: 3, regions: REGIONS, functions: FUNCTIONS, rate: RATE, log: () => {}})
  try {
    const one = await runCli(['account', '--json', '--endpoint-url', sandbox.url])
    if (one.code !== 0) throw new Error(`lx account failed: ${one.stderr}`)
    sandbox.resetStats()
    const fleet = await runCli([
      'account',
      '--json',
      '--accounts',
      'org',
      '--role-name',
      'OrganizationAccountAccessRole',
      '--all-regions',
      '--endpoint-url',
      sandbox.url,
    ])
    const rows = JSON.parse(fleet.stdout)
    const stats = sandbox.stats()
    const fleetCalls = (prefix) => sum(stats.operations, (operation) => operation.startsWith(prefix))
    return {
      oneSeconds: one.seconds,
      fleetSeconds: fleet.seconds,
      places: rows.filter((row) => row.unreachable === undefined).length,
      exit: fleet.code,
      sts: fleetCalls('sts:'),
      organizations: fleetCalls('organizations:'),
      account: fleetCalls('account:'),
      lambda: fleetCalls('lambda:'),
    }
  } finally {
    await sandbox.stop()
  }
}

process.stderr.write(`running: layers attach --all, 1 region × ${FUNCTIONS}…\n`)
const single = await attach(['us-east-1'])
process.stderr.write(`running: layers attach --all, 3 regions × ${FUNCTIONS}…\n`)
const three = await attach(REGIONS)
process.stderr.write('running: account, 3 accounts × 3 regions…\n')
const accounts = await account()

const ratio = three.seconds / single.seconds
console.log(`lx layers attach log-shipper-extension:3 --all, ${FUNCTIONS} functions per region, quotas per account-region (${RATE}), update lag 1 s`)
for (const run of [single, three]) {
  console.log(
    `  ${run.regions} region${run.regions === 1 ? ' ' : 's'}: ${run.seconds.toFixed(1)} s, ${run.functions} functions, ` +
      `${run.changed} changed, ${run.failed} failed, ${run.missing} eligible left without it, ${run.throttled} throttled, exit ${run.exit}`,
  )
}

console.log(`  3 regions / 1 region: ${ratio.toFixed(2)}× (goal ≤ ${TARGET_RATIO})${ratio <= TARGET_RATIO ? '' : ' !'}`)
console.log(`lx account --accounts org --role-name R --all-regions: 3 accounts (1 suspended listed too) × 3 regions, ${FUNCTIONS} functions each`)
const fleetTime = `fleet (${accounts.places} account-regions): ${accounts.fleetSeconds.toFixed(2)} s, exit ${accounts.exit}`
console.log(`  one account-region: ${accounts.oneSeconds.toFixed(2)} s; ${fleetTime}`)
const perPlace = (accounts.lambda / accounts.places).toFixed(0)
console.log(
  `  calls the fleet adds: ${accounts.sts} STS (1 GetCallerIdentity + 1 AssumeRole per account), ` +
    `${accounts.organizations} Organizations ListAccounts, ${accounts.account} Account ListRegions (1 per account); ` +
    `Lambda calls: ${accounts.lambda} (${perPlace} per account-region, as in a one-region run)`,
)
const bad = [single, three].some((run) => run.failed > 0 || run.missing > 0) || ratio > TARGET_RATIO * 1.5
process.exitCode = bad ? 1 : 0
