// The live dashboard is a long-running process that redraws a full screen many times a minute. With
// Node's default heap sizing V8 lets the garbage of those frames pile up: the young generation grows
// to 32 MB and short-lived objects spill into an old generation that is rarely collected (peak RSS
// 177 MB for 200 functions). Two heap settings a running process may change keep it near its live
// size (peak 116–118 MB; scripts/bench-scale.js), with no second Node process started with launch
// flags and no process waiting for it.
// This module and what it imports load nothing but Node's own modules: bin/run.js loads it at start-up.
import {favourMemoryOverSpeed, keepYoungGenerationSmall} from '../../lib/heap-settings.js'
import {isCi} from './dashboard-mode.js'

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

/** Sizes the heap of this process for the live view; the second call does nothing. */
export function tuneHeapForLiveView(): void {
  keepYoungGenerationSmall()
  favourMemoryOverSpeed()
}
