// `--env` of `lx extensions attach` (KEY=VALUE) and `detach` (KEY), checked before any call: a bad
// name would otherwise fail on every function, one write at a time.
import {UserError} from '../errors.js'
import {MASK} from './function-config.js'

/** Lambda's own pattern for variable names (API model): a letter, then at least one more character. */
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]+$/

/**
 * Set by the Lambda runtime; AWS refuses an update that sets them. AWS_LAMBDA_EXEC_WRAPPER is not
 * one of them: it is how wrapper-based extensions hook into the runtime.
 */
export const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR',
  'LAMBDA_TASK_ROOT',
])

/** Lambda's limit on all of a function's variables, measured as their JSON. */
export const MAX_ENVIRONMENT_BYTES = 4096

export function environmentBytes(variables: Record<string, string> | null): number {
  return variables ? Buffer.byteLength(JSON.stringify(variables)) : 0
}

function checkName(name: string, shown: string): void {
  if (!ENV_NAME.test(name)) {
    throw new UserError(`--env ${shown}: "${name}" is not a valid environment variable name.`, {
      code: 'BadEnvName',
      hint: 'Names start with a letter and continue with letters, digits or _ (at least 2 characters), e.g. --env AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper.',
    })
  }

  if (RESERVED_ENV_NAMES.has(name)) {
    throw new UserError(`--env ${shown}: ${name} is reserved by the Lambda runtime and cannot be set.`, {
      code: 'ReservedEnvName',
      hint: 'Leave it out; Lambda sets it for every function (AWS_LAMBDA_EXEC_WRAPPER, AWS_XRAY_* and NODE_OPTIONS are allowed).',
    })
  }
}

/** `KEY=VALUE` entries → a map. The value may contain `=` and may be empty; it is never echoed. */
export function parseEnvAssignments(entries: readonly string[] = []): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq < 0) {
      throw new UserError(`--env "${entry}" is not KEY=VALUE.`, {code: 'BadEnv', hint: 'e.g. --env AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper'})
    }

    const name = entry.slice(0, eq)
    checkName(name, `${name}=${MASK}`)
    if (Object.hasOwn(variables, name)) {
      throw new UserError(`--env ${name} is given twice.`, {code: 'BadEnv', hint: 'Give each variable once.'})
    }

    variables[name] = entry.slice(eq + 1)
  }

  if (environmentBytes(variables) > MAX_ENVIRONMENT_BYTES) {
    throw new UserError(
      `The --env variables take ${environmentBytes(variables)} bytes; Lambda allows ${MAX_ENVIRONMENT_BYTES} for all of a function's variables.`,
      {
        code: 'EnvTooLarge',
        hint: 'Shorten the values, or keep large settings in SSM Parameter Store or Secrets Manager.',
      },
    )
  }

  return variables
}

/** `KEY` entries of `extensions detach` → names to remove. */
export function parseEnvNames(entries: readonly string[] = []): string[] {
  const names: string[] = []
  for (const entry of entries) {
    if (entry.includes('=')) {
      throw new UserError(`--env ${entry.slice(0, entry.indexOf('='))}=${MASK}: detach takes variable names only.`, {
        code: 'BadEnv',
        hint: `e.g. --env ${entry.slice(0, entry.indexOf('=')) || 'AWS_LAMBDA_EXEC_WRAPPER'}`,
      })
    }

    checkName(entry, entry)
    if (!names.includes(entry)) names.push(entry)
  }

  return names
}
