// The one place lx builds AWS SDK clients. Every client for a given account+region shares one
// retry policy, one user agent and one rate budget, so concurrent reads and writes of different
// commands' services never add up to more than the account's quota.
import {Agent as HttpAgent} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import type {ApplicationAutoScalingClient} from '@aws-sdk/client-application-auto-scaling'
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import type {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import type {AccountClient} from '@aws-sdk/client-account'
import type {LambdaClient} from '@aws-sdk/client-lambda'
import type {OrganizationsClient} from '@aws-sdk/client-organizations'
import type {STSClient} from '@aws-sdk/client-sts'

import {UserError} from '../errors.js'
import {writeLeaving} from '../lib/write-gate.js'
import {retryBaseMsSetting} from '../lib/settings.js'
import {RateBudget, rateLimitsFromEnv} from './rate-budget.js'
import {PerRequestRetryStrategy} from './retry-strategy.js'

export interface AwsContextOptions {
  profile?: string
  region?: string
  endpointUrl?: string
  /** lx's version, for the user agent. */
  version: string
  env?: NodeJS.ProcessEnv
  /**
   * Credentials other than the profile's (a role assumed in another account of a fleet). The
   * provider is asked again when what it returned is about to expire.
   */
  credentials?: CredentialsProvider
  /** The account these credentials belong to, when already known (STS told the fleet resolver). */
  account?: string
}

/** Temporary credentials as the SDK takes them; it asks again shortly before `expiration`. */
export interface TemporaryCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

export type CredentialsProvider = () => Promise<TemporaryCredentials>

type ServiceName = 'lambda' | 'autoscaling' | 'cloudwatch' | 'logs' | 'sts' | 'organizations' | 'account'

/** What every lx error path wants to know about the AWS call that failed. */
export interface AwsCallInfo {
  service: ServiceName
  operation: string
  functionName?: string
  endpoint?: string
  attempts?: number
}

const budgets = new Map<string, RateBudget>()

/** Retries on throttling and transient faults; update conflicts (409) are the apply engine's job. */
export const MAX_ATTEMPTS = 6
/** Backoff ceiling between attempts, and the longest Retry-After lx waits out. */
const MAX_BACKOFF_MS = 5000
const MAX_RETRY_AFTER_MS = 30_000

export class AwsContext {
  readonly profile?: string
  readonly endpointUrl?: string
  readonly budget: RateBudget
  private readonly explicitRegion?: string
  private readonly version: string
  private readonly clients = new Map<ServiceName, Promise<unknown>>()
  private resolvedRegion?: Promise<string>
  private callerAccount?: Promise<string>
  private readonly retryStrategy: PerRequestRetryStrategy
  private readonly credentials?: CredentialsProvider
  private writesStopped = false
  private readonly agents = {
    httpAgent: new HttpAgent({keepAlive: true, maxSockets: 64}),
    httpsAgent: new HttpsAgent({keepAlive: true, maxSockets: 64}),
  }

  constructor(options: AwsContextOptions) {
    const env = options.env ?? process.env
    // lx pins its SDK version; the SDK's notice about its future Node support is not something an
    // lx user can act on, and it would break the one-or-two-line error contract on stderr.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    this.profile = options.profile || env.AWS_PROFILE || undefined
    // The SDK reads AWS_REGION but not AWS_DEFAULT_REGION, which the AWS CLI made common.
    this.explicitRegion = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
    this.endpointUrl = options.endpointUrl || env.AWS_ENDPOINT_URL || undefined
    this.version = options.version
    this.credentials = options.credentials
    if (options.account) this.callerAccount = Promise.resolve(options.account)
    // AWS meters per account and region: contexts of a fleet are told their account.
    const who = options.account ?? this.profile ?? env.AWS_ACCESS_KEY_ID ?? 'default'
    const key = [this.endpointUrl ?? 'aws', who, this.explicitRegion ?? '?'].join('|')
    let budget = budgets.get(key)
    if (!budget) {
      budget = new RateBudget(rateLimitsFromEnv(env))
      budgets.set(key, budget)
    }

    this.budget = budget
    // Full jitter, capped; a Retry-After from the service wins when it is longer.
    // The context's own env wins (tests pass one); what it leaves out, the process's.
    const base = retryBaseMsSetting({...process.env, ...env})
    this.retryStrategy = new PerRequestRetryStrategy({
      maxAttempts: MAX_ATTEMPTS,
      baseMs: base,
      capMs: MAX_BACKOFF_MS,
      maxRetryAfterMs: MAX_RETRY_AFTER_MS,
    })
  }

  /** The region in effect: flag, env, then the profile's config file. */
  region(): Promise<string> {
    this.resolvedRegion ??= (async () => {
      if (this.explicitRegion) return this.explicitRegion
      const lambda = await this.lambda()
      try {
        return await lambda.config.region()
      } catch {
        throw new UserError('No AWS region is set.', {
          code: 'MissingRegion',
          hint: 'Pass --region (e.g. --region us-east-1), set AWS_REGION, or set a region in your profile.',
        })
      }
    })()
    return this.resolvedRegion
  }

  lambda(): Promise<LambdaClient> {
    return this.client('lambda', async () => {
      const {LambdaClient} = await import('@aws-sdk/client-lambda')
      return new LambdaClient(this.clientConfig())
    })
  }

  autoscaling(): Promise<ApplicationAutoScalingClient> {
    return this.client('autoscaling', async () => {
      const {ApplicationAutoScalingClient} = await import('@aws-sdk/client-application-auto-scaling')
      return new ApplicationAutoScalingClient(this.clientConfig())
    })
  }

  cloudwatch(): Promise<CloudWatchClient> {
    return this.client('cloudwatch', async () => {
      const {CloudWatchClient} = await import('@aws-sdk/client-cloudwatch')
      return new CloudWatchClient(this.clientConfig())
    })
  }

  logs(): Promise<CloudWatchLogsClient> {
    return this.client('logs', async () => {
      const {CloudWatchLogsClient} = await import('@aws-sdk/client-cloudwatch-logs')
      return new CloudWatchLogsClient(this.clientConfig())
    })
  }

  sts(): Promise<STSClient> {
    return this.client('sts', async () => {
      const {STSClient} = await import('@aws-sdk/client-sts')
      return new STSClient(this.clientConfig())
    })
  }

  organizations(): Promise<OrganizationsClient> {
    return this.client('organizations', async () => {
      const {OrganizationsClient} = await import('@aws-sdk/client-organizations')
      return new OrganizationsClient(this.clientConfig())
    })
  }

  /** Account Management (ListRegions). */
  account(): Promise<AccountClient> {
    return this.client('account', async () => {
      const {AccountClient} = await import('@aws-sdk/client-account')
      return new AccountClient(this.clientConfig())
    })
  }

  /**
   * The account of the credentials (STS GetCallerIdentity, once per run). Called only when an ARN
   * or a journal entry names an account: a run that names none makes no STS call.
   */
  accountId(): Promise<string> {
    this.callerAccount ??= (async () => {
      const [sts, {GetCallerIdentityCommand}] = await Promise.all([this.sts(), import('@aws-sdk/client-sts')])
      const identity = await sts.send(new GetCallerIdentityCommand({}))
      if (!identity.Account) throw new Error('STS GetCallerIdentity answered without an Account')
      return identity.Account
    })()
    // A failed look-up (no credentials, no network) may be retried by a later caller.
    this.callerAccount.catch(() => (this.callerAccount = undefined))
    return this.callerAccount
  }

  /**
   * After Ctrl-C: writes already sent complete, but a write still waiting for its turn in the rate
   * budget is not sent (it fails with WriteNotSentError). Reads go on, so waits can finish.
   */
  stopNewWrites(): void {
    this.writesStopped = true
  }

  destroy(): void {
    this.agents.httpAgent.destroy()
    this.agents.httpsAgent.destroy()
  }

  private clientConfig() {
    return {
      region: this.explicitRegion,
      profile: this.profile,
      ...(this.credentials ? {credentials: this.credentials} : {}),
      endpoint: this.endpointUrl,
      retryStrategy: this.retryStrategy,
      maxAttempts: MAX_ATTEMPTS,
      customUserAgent: `lx/${this.version}`,
      requestHandler: {connectionTimeout: 5000, requestTimeout: 60_000, ...this.agents},
    }
  }

  private client<T extends {middlewareStack: any}>(service: ServiceName, build: () => Promise<T>): Promise<T> {
    let client = this.clients.get(service) as Promise<T> | undefined
    if (!client) {
      client = build().then((built) => {
        this.instrument(service, built)
        return built
      })
      this.clients.set(service, client)
    }

    return client
  }

  /** Rate budget per attempt (inside the SDK's retry loop) and call info on every error. */
  private instrument(service: ServiceName, client: {middlewareStack: any}): void {
    const endpoint = this.endpointUrl
    client.middlewareStack.add(
      (next: any, context: any) => async (args: any) => {
        const operation = String(context.commandName ?? '').replace(/Command$/, '')
        try {
          return await next(args)
        } catch (error: any) {
          if (error && typeof error === 'object') {
            const info: AwsCallInfo = {
              service,
              operation,
              functionName: args?.input?.FunctionName,
              endpoint,
              attempts: error.$metadata?.attempts,
            }
            Object.defineProperty(error, '$lx', {value: info, enumerable: false, configurable: true})
          }

          throw error
        }
      },
      {step: 'initialize', name: 'lxCallInfo', priority: 'high'},
    )
    client.middlewareStack.add(
      (next: any, context: any) => async (args: any) => {
        const operation = String(context.commandName ?? '').replace(/Command$/, '')
        const bucket = this.budget.bucketFor(service, operation)
        const grantedAt = await bucket.take()
        if (isWriteOperation(operation)) {
          if (this.writesStopped) throw new WriteNotSentError(operation)
          writeLeaving()
        }

        try {
          const result = await next(args)
          bucket.succeeded()
          return result
        } catch (error: any) {
          const status: number | undefined = error?.$metadata?.httpStatusCode
          // A throttle slows the whole budget down (this call itself waits out Retry-After in the
          // retry strategy); an answer below 500 shows the pace was accepted. A 5xx says nothing
          // about the pace.
          if (status === 429 || THROTTLE_ERRORS.has(error?.name)) bucket.throttled(grantedAt)
          else if (status !== undefined && status < 500) bucket.succeeded()
          throw error
        }
      },
      {step: 'finalizeRequest', name: 'lxRateBudget', priority: 'low'},
    )
  }
}

const THROTTLE_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded'])

const WRITE_OPERATION = /^(Put|Delete|Update|Register|Deregister|Create|Publish|Tag|Untag|Add|Remove)/

export function isWriteOperation(operation: string): boolean {
  return WRITE_OPERATION.test(operation)
}

/** A write that was never sent because the run was interrupted. */
export class WriteNotSentError extends Error {
  constructor(operation: string) {
    super(`${operation} was not sent: interrupted`)
    this.name = 'WriteNotSentError'
  }
}
