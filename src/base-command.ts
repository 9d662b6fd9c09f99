// Every lx command extends LxCommand: the global AWS flags, the --json contract (the value run()
// returns is what --json prints), and the error → exit-code contract of docs/contract.md.
import {Command, Flags} from '@oclif/core'

import type {AwsContext} from './aws/aws-context.js'
import {Failure, Interrupted, UserError, type LxError} from './errors.js'
import type {EachPlace} from './fleet/each-place.js'
import type {Fleet, Place, Unreachable} from './fleet/place.js'
import {type FleetFlagValues, parseFleetFlags} from './fleet/fleet-request.js'
import {regionFlag} from './input/flags.js'
import {checkEnvironmentRegion} from './input/region.js'
import {closestMatch} from './lib/closest-match.js'
import {exitCodeOfSignal, onInterrupt} from './lib/interrupts.js'

export const awsFlags = {
  profile: Flags.string({
    description: 'AWS named profile; several (A,B or repeated) for a fleet (default: AWS_PROFILE, then the default credential chain).',
    helpGroup: 'AWS',
    multiple: true,
    delimiter: ',',
  }),
  region: regionFlag({
    description: 'AWS region; several (A,B or repeated) for a fleet (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile).',
    helpGroup: 'AWS',
    multiple: true,
    delimiter: ',',
  }),
  'all-regions': Flags.boolean({
    description: 'Every region enabled for each account (Account Management ListRegions).',
    helpGroup: 'FLEET',
  }),
  accounts: Flags.string({
    description: 'Account ids (ID,ID) or "org" (every ACTIVE account of the organization); lx assumes --role-name in each.',
    helpGroup: 'FLEET',
  }),
  'role-name': Flags.string({description: 'The IAM role lx assumes in each of --accounts, e.g. OrganizationAccountAccessRole.', helpGroup: 'FLEET'}),
  'external-id': Flags.string({description: 'ExternalId for assuming --role-name, when its trust policy asks for one.', helpGroup: 'FLEET'}),
  'skip-unreachable': Flags.boolean({
    description: 'Exit 0 even when an account-region could not be reached (it is still reported).',
    helpGroup: 'FLEET',
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

function toList(value: OneOrMany): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value]
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

interface AwsFlagValues extends FleetFlagValues {
  'endpoint-url'?: string
}

/** One region or profile, as `aws()` takes it (undo passes the journal's as plain strings). */
type OneOrMany = string | string[] | undefined

function first(value: OneOrMany): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export abstract class LxCommand<T> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = awsFlags

  private awsContext?: AwsContext
  /** The fleet of this run, once resolved (closed when the command ends). */
  protected fleetValue?: Fleet
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
      this.fleetValue?.dispose()
      process.exit(exitCodeOfSignal(signal))
    })
  }

  /**
   * The AWS context of a one-account-region command; the SDK is imported only now, never at
   * start-up. Fleet flags are refused here (exit 2): a command that works across a fleet calls
   * `fleet()` instead, and one that does not must never quietly use only the first region.
   */
  protected async aws(flags: Omit<AwsFlagValues, 'region' | 'profile'> & {region?: OneOrMany; profile?: OneOrMany}): Promise<AwsContext> {
    const request = parseFleetFlags({...flags, region: toList(flags.region), profile: toList(flags.profile)})
    if (request.isFleet) {
      throw new UserError(`lx ${this.id?.replaceAll(':', ' ') ?? 'this command'} works in one account and region.`, {
        code: 'NotAcrossFleet',
        hint: 'Give one --region and one --profile, without --accounts or --all-regions.',
      })
    }

    return this.oneContext(flags)
  }

  private async oneContext(flags: {region?: OneOrMany; profile?: OneOrMany; 'endpoint-url'?: string}): Promise<AwsContext> {
    if (!this.awsContext) {
      // The flag was checked as oclif parsed it; a region from the environment is checked here, before any call.
      if (!first(flags.region)) checkEnvironmentRegion(process.env)
      const {AwsContext} = await import('./aws/aws-context.js')
      this.awsContext = new AwsContext({
        profile: first(flags.profile),
        region: first(flags.region),
        endpointUrl: this.endpointOf(flags),
        version: this.config.version,
      })
    }

    return this.awsContext
  }

  private endpointOf(flags: {'endpoint-url'?: string}): string | undefined {
    return flags['endpoint-url'] ?? (process.env.AWS_ENDPOINT_URL ? parseEndpointUrl(process.env.AWS_ENDPOINT_URL) : undefined)
  }

  /**
   * The account-regions these flags select: one (the default, exactly as before fleets, with no
   * extra call) or a fleet, resolved through STS, Organizations and Account Management.
   */
  protected async fleet(flags: AwsFlagValues): Promise<Fleet> {
    if (this.fleetValue) return this.fleetValue
    const request = parseFleetFlags(flags)
    if (!request.isFleet) {
      const aws = await this.oneContext(flags)
      const region = await aws.region()
      const profile = first(flags.profile)
      this.fleetValue = {
        places: [{region, aws, access: profile ? {profile} : {}}],
        unreachable: [],
        isFleet: false,
        skipUnreachable: request.skipUnreachable,
        namedRegions: request.regions,
        dispose() {},
      }
    } else {
      if (!request.regions.length) checkEnvironmentRegion(process.env)
      const {resolveFleet} = await import('./fleet/resolve-fleet.js')
      this.fleetValue = await resolveFleet(request, {endpointUrl: this.endpointOf(flags), version: this.config.version})
    }

    return this.fleetValue
  }

  /**
   * A read in every account-region of the fleet (one place: exactly the read, as before fleets).
   * Places that could not be reached are reported on stderr by `reportUnreachable`.
   */
  protected async readFleet<V>(flags: AwsFlagValues, read: (place: Place) => Promise<V>): Promise<{fleet: Fleet} & EachPlace<V>> {
    const fleet = await this.fleet(flags)
    const {eachPlace} = await import('./fleet/each-place.js')
    return {fleet, ...(await eachPlace(fleet, read))}
  }

  /**
   * The account-regions a read could not reach, on stderr (the table and --json carry them too);
   * any of them makes the read exit 1 unless --skip-unreachable.
   */
  protected async reportUnreachable(fleet: Fleet, unreachable: readonly Unreachable[]): Promise<void> {
    if (unreachable.length === 0) return
    const {renderUnreachable} = await import('./ui/render-fleet.js')
    if (!this.jsonEnabled()) process.stderr.write(`${renderUnreachable(unreachable)}\n`)
    if (!fleet.skipUnreachable) process.exitCode = 1
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
    this.fleetValue?.dispose()
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
