// The live dashboard is a long-running process that redraws a full screen many times a minute. With
// Node's default heap sizing V8 lets the garbage of those frames pile up (peak RSS 180 MB for 200
// functions); with a bounded heap and a small young generation it stays near its live size
// (scripts/bench-dashboard.js). Heap sizes are launch flags only — setting them at run time has no
// effect — so the live view runs in a Node process started with them. bin/run.js decides that before
// loading oclif or the AWS SDK, so the process that waits for the view is a bare Node (a few MB of
// its own); the command itself relaunches only when started some other way (bin/dev.js).
// Nothing here may import more than Node's own modules: bin/run.js loads it at start-up.
import {spawn} from 'node:child_process'

import {isCi} from './dashboard-mode.js'

/** Node flags the live dashboard runs with; 256 MB leaves ample room for thousands of functions. */
export const LIVE_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=2']

export function hasLiveNodeFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return LIVE_NODE_FLAGS.every((flag) => execArgv.includes(flag))
}

export interface LaunchFacts {
  /** The command line after `lx`. */
  args: readonly string[]
  env: NodeJS.ProcessEnv
  stdoutIsTTY?: boolean
  stdinIsTTY?: boolean
  execArgv?: readonly string[]
}

/** Flags after which `lx dashboard` prints once (or not at all) instead of going live. */
const NOT_LIVE = new Set(['--once', '--json', '--help', '-h', '--version'])

/**
 * Will this command line become the live view, so it had better start in a Node with LIVE_NODE_FLAGS?
 * Mirrors shouldRenderLive on the raw arguments; a command line it gets wrong only costs a relaunch.
 */
export function needsLiveRelaunch(facts: LaunchFacts): boolean {
  const [command, ...rest] = facts.args
  if (command !== 'dashboard') return false
  const flags = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length)
  if (flags.some((arg) => NOT_LIVE.has(arg.split('=')[0]))) return false
  if (!facts.stdoutIsTTY || !facts.stdinIsTTY || isCi(facts.env)) return false
  return !hasLiveNodeFlags(facts.execArgv ?? process.execArgv)
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143}

/**
 * Runs this same command line again in a Node process with LIVE_NODE_FLAGS, on the same terminal,
 * and resolves with its exit code. The terminal sends Ctrl-C to both; this process leaves it to the
 * child. SIGTERM and SIGHUP, which only this process may get (a closed terminal, `kill`), are passed on.
 */
export function relaunchWithLiveFlags(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...LIVE_NODE_FLAGS, ...process.argv.slice(1)], {stdio: 'inherit'})
    const ignore = () => {}
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', ignore)
    process.on('SIGTERM', forward)
    process.on('SIGHUP', forward)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore)
      process.off('SIGTERM', forward)
      process.off('SIGHUP', forward)
      resolve(code ?? (signal ? (SIGNAL_CODES[signal] ?? 1) : 1))
    })
  })
}
