// Run an lx command in this process (so nock sees its HTTP calls) and capture what it printed
// and the exit code it set.
import {runCommand} from '@oclif/test'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface CommandResult<T = unknown> {
  stdout: string
  stderr: string
  exitCode: number
  result?: T
  error?: Error
}

export async function runLx<T = unknown>(args: string[]): Promise<CommandResult<T>> {
  process.exitCode = undefined
  const {stdout, stderr, result, error} = await runCommand<T>(args, {root: ROOT})
  const exitCode = Number(process.exitCode ?? (error as any)?.oclif?.exit ?? (error ? 1 : 0))
  process.exitCode = undefined
  return {stdout, stderr, exitCode, result, error}
}

export function json<T = any>(stdout: string): T {
  return JSON.parse(stdout) as T
}
