#!/usr/bin/env node
// `npm run demo`: start the built-in sandbox (an emulated AWS account on loopback) and run lx's
// main job against it — no AWS account needed.
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {startSandbox} = await import(join(root, 'dist', 'sandbox', 'index.js'))

// The sandbox synthesises the account's recent history from each function's traffic profile, so a
// snapshot has hours of metrics to show the moment it starts.
const sandbox = await startSandbox({port: 0, rate: 'getfunction=100,control=15', log: () => {}})
// A journal of the demo's own, removed when it ends (unless LX_HOME names one to keep).
const scratchHome = process.env.LX_HOME ? undefined : mkdtempSync(join(tmpdir(), 'lx-demo-'))
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: sandbox.url,
  LX_HOME: process.env.LX_HOME ?? scratchHome,
}

// The sandbox answers from this process, so lx runs as a child without blocking it.
function lx(...args) {
  process.stdout.write(`\n$ lx ${args.join(' ')}\n`)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), ...args], {env, stdio: 'inherit'})
    child.on('close', (code) => resolve(code ?? 1))
  })
}

process.stdout.write(`Sandbox running at ${sandbox.url}\n(an emulated AWS account: 40 functions, some of them throttling).\n`)
let failed = 0
for (const args of [['account'], ['concurrency', 'list'], ['dashboard', '--once', '--range', '1h'], ['advise']]) {
  // eslint-disable-next-line no-await-in-loop -- one command after another, so their output does not interleave
  failed += (await lx(...args)) === 0 ? 0 : 1
}

await sandbox.stop()
if (scratchHome) rmSync(scratchHome, {recursive: true, force: true})
process.stdout.write(`\nTry it yourself: \`lx sandbox\` in one terminal, then in another:\n  lx dashboard --endpoint-url <its URL>\n`)
process.exitCode = failed === 0 ? 0 : 1
