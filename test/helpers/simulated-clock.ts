// Runs the built CLI in a sandbox's simulated time. lx asks CloudWatch and Logs Insights for
// windows that end at its own now, so a sandbox started at another hour (startSandbox({startTime}))
// is only seen right when the CLI shares its clock: simulated-now.mjs, preloaded, shifts it.
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {Sandbox} from '../../src/sandbox/index.js'
import {ROOT} from './run-cli.js'

const PRELOAD = pathToFileURL(join(ROOT, 'test', 'helpers', 'simulated-now.mjs')).href

/** Environment for runCli: compute it right before each run, as the sandbox's clock may have been advanced. */
export function simulatedClockEnv(sandbox: Sandbox): Record<string, string> {
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(),
    SIMULATED_NOW_OFFSET_MS: String(Math.round(sandbox.clock.now() - Date.now())),
  }
}
