// The live dashboard is a long-running process that redraws a full screen many times a minute. With
// Node's default heap sizing V8 lets the garbage of those frames pile up (peak RSS 180 MB for 200
// functions); with a bounded heap and a small young generation it stays near its live size
// (131–138 MB, scripts/bench-dashboard.js). Heap sizes are launch flags only — setting them at run time
// has no effect — so the live view runs in a child Node process started with them.
import {spawn} from 'node:child_process'

/** Node flags the live dashboard runs with; 256 MB leaves ample room for thousands of functions. */
export const LIVE_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=2']

export function hasLiveNodeFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return LIVE_NODE_FLAGS.every((flag) => execArgv.includes(flag))
}

/**
 * Runs this same command line again in a Node process with LIVE_NODE_FLAGS, on the same terminal,
 * and resolves with its exit code. The terminal sends Ctrl-C to both; this process leaves it to
 * the child.
 */
export function relaunchWithLiveFlags(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...LIVE_NODE_FLAGS, ...process.argv.slice(1)], {stdio: 'inherit'})
    const ignore = () => {}
    process.on('SIGINT', ignore)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore)
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1))
    })
  })
}
