#!/usr/bin/env node
// lx on big accounts, measured on the built CLI against the sandbox with AWS-like quotas
// (GetFunction 100/s, other Lambda calls 15/s):
//   1. `lx dashboard --once --json` on 2,000 functions: time to the snapshot, and the Lambda calls it
//      made (ListProvisionedConcurrencyConfigs only for functions whose metrics show provisioned
//      concurrency);
//   2. `lx concurrency plan --json` on 2,000 functions: peak RSS of the process;
//   3. the live dashboard (`lx dashboard` on a pseudo-terminal) on 200 functions: the memory of the
//      whole process tree (one Node process since the view sizes its own heap), sampled
//      every second over two refreshes.
// Usage: npm run build && node scripts/bench-scale.js [--functions 2000] [--live-functions 200] [--skip-plan]
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const {startSandbox} = await import(join(ROOT, 'dist', 'sandbox', 'index.js'))
const {values: args} = parseArgs({
  options: {
    functions: {type: 'string', default: '2000'},
    'live-functions': {type: 'string', default: '200'},
    'live-seconds': {type: 'string', default: '75'},
    'skip-plan': {type: 'boolean', default: false},
  },
})

const home = mkdtempSync(join(tmpdir(), 'lx-bench-scale-'))
const envFor = (url) => ({
  ...process.env,
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  LX_HOME: home,
  CI: '',
})
const mb = (kb) => `${Math.round(kb / 1024)} MB`
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const rows = []

// Peak RSS of a Node child, reported by the child itself as it exits (Linux and macOS alike).
const maxRssFile = join(home, 'max-rss')
const reportMaxRss = `data:text/javascript,${encodeURIComponent(
  `import {writeFileSync} from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(maxRssFile)}, String(process.resourceUsage().maxRSS)))`,
)}`

function run(nodeArgs, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, nodeArgs, {env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6}))
  })
}

const big = Number(args.functions)
const sandbox = await startSandbox({port: 0, functions: big, rate: 'getfunction=100,control=15', log: () => {}})
try {
  // 1. dashboard --once
  sandbox.resetStats()
  const once = await run([BIN, 'dashboard', '--once', '--json'], envFor(sandbox.url))
  if (once.code !== 0) throw new Error(`lx dashboard --once failed (exit ${once.code}): ${once.stderr.slice(0, 500)}`)
  const ops = sandbox.stats().operations
  const withPc = sandbox.state().functions.filter((fn) => fn.provisioned.length > 0).length
  rows.push([
    `lx dashboard --once, ${big} functions`,
    seconds(once.ms),
    'target ≤ 30 s (208 s before)',
    `ListProvisionedConcurrencyConfigs ${ops['lambda:ListProvisionedConcurrencyConfigs'] ?? 0} (${withPc} functions have some), ` +
      `GetFunction ${ops['lambda:GetFunction'] ?? 0}, ListMetrics ${ops['monitoring:ListMetrics'] ?? 0}, GetMetricData ${ops['monitoring:GetMetricData'] ?? 0}`,
  ])

  // 2. concurrency plan
  if (!args['skip-plan']) {
    rmSync(maxRssFile, {force: true})
    const plan = await run(['--import', reportMaxRss, BIN, 'concurrency', 'plan', '--json'], envFor(sandbox.url))
    if (plan.code !== 0) throw new Error(`lx concurrency plan failed (exit ${plan.code}): ${plan.stderr.slice(0, 500)}`)
    const calls = JSON.parse(plan.stdout).calls
    rows.push([
      `lx concurrency plan, ${big} functions`,
      mb(Number(readFileSync(maxRssFile, 'utf8'))),
      'peak RSS; target ≤ 300 MB (904 MB before)',
      `${seconds(plan.ms)}, ${calls.getMetricData} GetMetricData requests, ${calls.datapoints.toLocaleString('en-US')} datapoints`,
    ])
  }
} finally {
  await sandbox.stop()
}

// 3. The live view on a pseudo-terminal (script(1)), its process tree sampled from /proc.
function descendants(pid) {
  const all = [pid]
  const out = spawnSyncText('ps', ['-e', '-o', 'pid=,ppid='])
  const children = new Map()
  for (const line of out.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number)
    children.set(parent, [...(children.get(parent) ?? []), child])
  }

  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []))
  return all
}

function spawnSyncText(command, commandArgs) {
  return spawnSync(command, commandArgs, {encoding: 'utf8'}).stdout ?? ''
}

function memoryOf(pid) {
  try {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'node') return undefined
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0)
    return {rss: field('Rss'), pss: field('Pss'), private: field('Private_Clean') + field('Private_Dirty')}
  } catch {
    return undefined
  }
}

if (process.platform === 'linux' && spawnSync('script', ['--version']).status === 0) {
  const liveSandbox = await startSandbox({port: 0, functions: Number(args['live-functions']), rate: 'getfunction=100,control=15', log: () => {}})
  try {
    const env = {...envFor(liveSandbox.url), COLUMNS: '120', LINES: '40'}
    const command = `stty cols 120 rows 40; exec ${process.execPath} ${BIN} dashboard`
    const pty = spawn('script', ['-qfec', command, '/dev/null'], {env, stdio: ['pipe', 'ignore', 'ignore']})
    let peakSum = 0
    let peakUnique = 0
    let peakPss = 0
    let processes = 0
    const until = Date.now() + Number(args['live-seconds']) * 1000
    // A view that crashed would look small: the figure counts only if it ran to the end.
    let endedEarly = false
    pty.on('close', () => {
      endedEarly = Date.now() < until
    })
    while (Date.now() < until) {
      // eslint-disable-next-line no-await-in-loop -- one memory sample a second, in time order
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const nodes = descendants(pty.pid).map(memoryOf).filter(Boolean)
      if (nodes.length === 0) continue
      processes = nodes.length
      // Sum of RSS counts Node's own code once per process; "unique" counts the largest process
      // whole and only what the others hold privately.
      const sum = nodes.reduce((total, node) => total + node.rss, 0)
      const largest = nodes.reduce((best, node) => (node.rss > best.rss ? node : best))
      const unique = largest.rss + nodes.filter((node) => node !== largest).reduce((total, node) => total + node.private, 0)
      peakSum = Math.max(peakSum, sum)
      peakUnique = Math.max(peakUnique, unique)
      // Proportional set size: each shared page split among the processes that map it.
      peakPss = Math.max(
        peakPss,
        nodes.reduce((total, node) => total + node.pss, 0),
      )
    }

    pty.stdin.write('q')
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        pty.kill()
        resolve()
      }, 5000)
      pty.on('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
    if (endedEarly) throw new Error('the live dashboard exited before the measurement ended')
    rows.push([
      `live dashboard, ${args['live-functions']} functions`,
      mb(peakSum),
      'peak sum of RSS over the process tree; target ≤ 150 MB (188 MB before)',
      `${processes} Node process${processes === 1 ? '' : 'es'}; without Node's shared code counted twice: ${mb(peakUnique)}; sum of PSS: ${mb(peakPss)}`,
    ])
  } finally {
    await liveSandbox.stop()
  }
} else {
  rows.push(['live dashboard', 'skipped', 'needs Linux /proc and script(1)', ''])
}

rmSync(home, {recursive: true, force: true})
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)))
process.stdout.write('lx on big accounts (sandbox with AWS-like quotas)\n\n')
for (const row of rows)
  process.stdout.write(
    `${row
      .slice(0, 3)
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')}  ${row[3]}\n`,
  )
