// Every lx command extends LxCommand: the global AWS flags, the --json contract (the value run()
// returns is what --json prints), and the error → exit-code contract of docs/contract.md.
import {Command, Flags} from '@oclif/core'

import type {AwsContext} from './aws/aws-context.js'
import {Failure, Interrupted, UserError, type LxError} from './errors.js'
import {regionFlag} from './input/flags.js'
import {checkEnvironmentRegion} from './input/region.js'
import {closestMatch} from './lib/closest-match.js'
import {exitCodeOfSignal, onInterrupt} from './lib/interrupts.js'

export const awsFlags = {
  profile: Flags.string({
    description: 'AWS named profile (default: AWS_PROFILE, then the default credential chain).',
    helpGroup: 'AWS',
  }),
  region: regionFlag({
    description: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile).',
    helpGroup: 'AWS',
  }),
  'endpoint-url': Flags.string({
    description: 'Send every AWS call to this endpoint, e.g. the sandbox (default: AWS_ENDPOINT_URL).',
    helpGroup: 'AWS',
    async parse(input) {
      return parseEndpointUrl(input)
    },
  }),
  verbose: Flags.boolean({description: 'Print stack traces and AWS request details on errors.', helpGroup: 'GLOBAL'}),
}

export function parseEndpointUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new UserError(`--endpoint-url "${input}" is not a URL.`, {hint: 'Give a full URL, e.g. --endpoint-url http://127.0.0.1:4510'})
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`--endpoint-url "${input}" must start with http:// or https://.`, {
      hint: 'e.g. --endpoint-url http://127.0.0.1:4510',
    })
  }

  return input
}

interface AwsFlagValues {
  profile?: string
  region?: string
  'endpoint-url'?: string
}

export abstract class LxCommand<T> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = awsFlags

  private awsContext?: AwsContext
  private stopInterruptDefault?: () => void

  /**
   * Until the apply engine takes over (it journals what is in flight), a signal means nothing was
   * changed: say so and exit with the signal's code — never a stack trace or "a bug".
   */
  override async init(): Promise<void> {
    await super.init()
    this.stopInterruptDefault = onInterrupt((signal) => {
      process.stderr.write(`\nInterrupted (${signal}): nothing was changed.\n`)
      this.awsContext?.destroy()
      process.exit(exitCodeOfSignal(signal))
    })
  }

  /** The AWS context for these flags; the SDK is imported only now, never at start-up. */
  protected async aws(flags: AwsFlagValues): Promise<AwsContext> {
    if (!this.awsContext) {
      const endpoint = flags['endpoint-url'] ?? (process.env.AWS_ENDPOINT_URL ? parseEndpointUrl(process.env.AWS_ENDPOINT_URL) : undefined)
      // The flag was checked as oclif parsed it; a region from the environment is checked here, before any call.
      if (!flags.region) checkEnvironmentRegion(process.env)
      const {AwsContext} = await import('./aws/aws-context.js')
      this.awsContext = new AwsContext({
        profile: flags.profile,
        region: flags.region,
        endpointUrl: endpoint,
        version: this.config.version,
      })
    }

    return this.awsContext
  }

  abstract override run(): Promise<T>

  protected override async catch(error: any): Promise<any> {
    // this.exit(n) and oclif's own help/version exits.
    if (error?.code === 'EEXIT' || error?.oclif?.exit === 0) {
      process.exitCode = error?.oclif?.exit ?? 0
      return
    }

    const lxError = await toLxError(error, this.flagNames())
    if (this.verbose() && error?.stack) process.stderr.write(`${error.stack}\n${error.cause?.stack ? `Caused by: ${error.cause.stack}\n` : ''}`)
    process.exitCode = lxError.exitCode
    if (this.jsonEnabled()) {
      this.logJson({error: {code: lxError.code, message: lxError.message, hint: lxError.hint, exitCode: lxError.exitCode}})
      return
    }

    const prefix = lxError instanceof Interrupted ? '\n' : 'Error: '
    process.stderr.write(`${prefix}${lxError.message}\n${lxError.hint ? `  ${lxError.hint}\n` : ''}`)
  }

  protected override async finally(error: Error | undefined): Promise<any> {
    this.stopInterruptDefault?.()
    this.awsContext?.destroy()
    return super.finally(error)
  }

  /** Every flag this command takes, as typed (`--reserved`, `--no-wait`), for "did you mean". */
  private flagNames(): string[] {
    const ctor = this.ctor as typeof LxCommand
    const flags: Record<string, {allowNo?: boolean; type?: string}> = {...ctor.baseFlags, ...ctor.flags}
    const names = Object.entries(flags).flatMap(([name, flag]) => [`--${name}`, ...(flag.type === 'boolean' && flag.allowNo ? [`--no-${name}`] : [])])
    return ctor.enableJsonFlag ? [...names, '--json'] : names
  }

  protected verbose(): boolean {
    return this.argv.includes('--verbose') || /(^|,)\s*lx/.test(process.env.DEBUG ?? '')
  }
}

/** Any thrown value → UserError (exit 2) or Failure (exit 1 / 130). */
async function toLxError(error: any, flagNames: readonly string[] = []): Promise<LxError> {
  if (error instanceof Interrupted) return error
  if (error instanceof UserError || error instanceof Failure) {
    // oclif's parser rewrites the message of an error thrown by a flag's parse function.
    error.message = error.message.replace(/^Parsing --\S+\s*\n\t/, '').replace(/\nSee more help with --help$/, '')
    return error
  }

  // Our own UserError thrown from a flag's parse function arrives wrapped by oclif's parser.
  if (error?.cause instanceof UserError) return error.cause
  // oclif names the flag it does not know; the user most likely meant the closest one it does.
  if (Array.isArray(error?.flags) && /^Nonexistent flag/.test(error?.message ?? '')) return unknownFlagError(error.flags, flagNames)
  const parserError = error?.oclif?.exit !== undefined && !error?.$metadata
  if (parserError || /^(Nonexistent flag|Unexpected argument|Missing required|Expected|Parsing --)/.test(error?.message ?? '')) {
    const lines = String(error.message)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    const message = lines.filter((line) => !/^See more help/.test(line)).join(' ')
    return new UserError(message, {code: 'BadInput', hint: 'See --help for the flags this command takes.'})
  }

  const {isAwsError, translateAwsError} = await import('./aws/translate-error.js')
  if (isAwsError(error) || error?.name === 'CredentialsProviderError' || /Region is missing/.test(error?.message ?? '')) {
    return translateAwsError(error)
  }

  return new Failure(error?.message ?? String(error), {code: 'InternalError', hint: 'Run again with --verbose for details; this may be a bug in lx.'})
}

export function unknownFlagError(typed: readonly string[], flagNames: readonly string[]): UserError {
  const unknown = typed.map((flag) => flag.replace(/=.*$/, ''))
  const guesses = unknown.map((flag) => ({flag, guess: closestMatch(flag, flagNames)}))
  if (guesses.length === 1) {
    const [{flag, guess}] = guesses
    const question = guess ? `; did you mean ${guess}?` : '.'
    return new UserError(`Unknown flag ${flag}${question}`, {code: 'BadInput', hint: 'See --help for the flags this command takes.'})
  }

  const described = guesses.map(({flag, guess}) => (guess ? `${flag} (did you mean ${guess}?)` : flag))
  return new UserError(`Unknown flags ${described.join(', ')}.`, {code: 'BadInput', hint: 'See --help for the flags this command takes.'})
}
