// Run lx the way a user does: the built CLI in a child process, no TTY.
import {type ChildProcess, spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {scratchDir} from './scratch-dir.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function freshLxHome(): string {
  return scratchDir('lx-home-')
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>
  input?: string
  timeoutMs?: number
  /** Called once the child has started, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess) => void
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      NO_COLOR: '1',
      ...options.env,
    }
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
    const child = spawn(process.execPath, [BIN, ...args], {env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin.end(options.input ?? '')
    options.onSpawn?.(child)
  })
}

/** lx against a sandbox: its endpoint, dummy credentials, a journal of its own, quick polling. */
export function sandboxEnv(url: string, lxHome = freshLxHome()): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_REGION: 'us-east-1',
    LX_HOME: lxHome,
    LX_POLL_MS: '50',
    LX_STEP_BACKOFF_MS: '20',
  }
}
