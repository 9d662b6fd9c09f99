// The live dashboard is a long-running process that redraws a full screen many times a minute. With
// Node's default heap sizing V8 lets the garbage of those frames pile up: the young generation grows
// to 32 MB and short-lived objects spill into an old generation that is rarely collected (peak RSS
// 177 MB for 200 functions). Two V8 settings that V8 reads each time it sizes the heap, and so may be
// changed in a running process, keep it near its live size: the young generation does not grow past
// its first size, and V8 favours memory over speed when it grows the old one (peak 112 MB;
// scripts/bench-scale.js). Being settable at run time, they need no second Node process started with
// launch flags, and no process that waits for it.
// Nothing here may import more than Node's own modules: bin/run.js loads it at start-up.
import {setFlagsFromString} from 'node:v8'

import {isCi} from './dashboard-mode.js'

/** V8 settings of the live view (`node --v8-options` explains each). */
export const LIVE_HEAP_FLAGS = ['--semi-space-growth-factor=1', '--optimize-for-size']

export interface LaunchFacts {
  /** The command line after `lx`. */
  args: readonly string[]
  env: NodeJS.ProcessEnv
  stdoutIsTTY?: boolean
  stdinIsTTY?: boolean
}

/** Flags after which `lx dashboard` prints once (or not at all) instead of going live. */
const NOT_LIVE = new Set(['--once', '--json', '--help', '-h', '--version'])

/**
 * Will this command line become the live view? Mirrors shouldRenderLive on the raw arguments, so
 * bin/run.js can size the heap before oclif and the SDK load; the command tunes it again in any case.
 */
export function willRenderLive(facts: LaunchFacts): boolean {
  const [command, ...rest] = facts.args
  if (command !== 'dashboard') return false
  const flags = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length)
  if (flags.some((arg) => NOT_LIVE.has(arg.split('=')[0]))) return false
  return Boolean(facts.stdoutIsTTY && facts.stdinIsTTY) && !isCi(facts.env)
}

let tuned = false

/** Sizes the heap of this process for the live view; the second call does nothing. */
export function tuneHeapForLiveView(): void {
  if (tuned) return
  tuned = true
  for (const flag of LIVE_HEAP_FLAGS) setFlagsFromString(flag)
}
