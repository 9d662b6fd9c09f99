// A fleet request → the account-regions it covers, each with an AWS context of its own. The
// calls: STS GetCallerIdentity once per source of credentials (profile, or the default chain);
// with --accounts org, Organizations ListAccounts (paginated); with --role-name, STS AssumeRole
// once per account (again only when its credentials are about to expire); with --all-regions,
// Account Management ListRegions once per account. Whatever cannot be reached is reported, and
// the rest goes on. The account of every place comes from STS, never from a guess.
import {userInfo} from 'node:os'

import {AwsContext, type CredentialsProvider, type TemporaryCredentials} from '../aws/aws-context.js'
import {translateAwsError} from '../aws/translate-error.js'
import {UserError} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import type {FleetRequest} from './fleet-request.js'
import {targetPlaceKey} from '../apply/plan.js'
import {type Access, type Fleet, type Place, type Unreachable} from './place.js'

export interface ContextOptions {
  endpointUrl?: string
  version: string
  env?: NodeJS.ProcessEnv
}

/** Ask again this long before temporary credentials expire (the SDK's own margin is 5 minutes). */
const REFRESH_MARGIN_MS = 10 * 60_000
/** One hour: what AWS allows for a role chained from assumed-role credentials too. */
const SESSION_SECONDS = 3600
/** Accounts resolved at once (each is a few STS and Account calls on the shared STS budget). */
const ACCOUNTS_IN_FLIGHT = 8

/** Where the global services (STS, Organizations, Account) are asked when no region is given. */
const GLOBAL_REGION = 'us-east-1'

/** The session name shows in the member accounts' CloudTrail: who ran lx. */
export function sessionName(): string {
  let user = 'user'
  try {
    user = userInfo().username
  } catch {
    // No user entry (some containers): the session is still named after lx.
  }

  return `lx-${user}`.replaceAll(/[^\w+=,.@-]/g, '-').slice(0, 64)
}

/**
 * Credentials for a role in another account, assumed from `source`, kept until shortly before they
 * expire and then assumed again, so a run longer than the session never stalls on expired keys.
 */
export function assumedRoleCredentials(source: AwsContext, access: Required<Pick<Access, 'roleArn'>> & Access): CredentialsProvider {
  let current: Promise<TemporaryCredentials> | undefined
  const fresh = (credentials: TemporaryCredentials) => !credentials.expiration || credentials.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS
  return async () => {
    const held = await current?.catch(() => undefined)
    if (held && fresh(held)) return held
    current = (async () => {
      const [sts, {AssumeRoleCommand}] = await Promise.all([source.sts(), import('@aws-sdk/client-sts')])
      const answer = await sts.send(
        new AssumeRoleCommand({
          RoleArn: access.roleArn,
          RoleSessionName: sessionName(),
          DurationSeconds: SESSION_SECONDS,
          ...(access.externalId ? {ExternalId: access.externalId} : {}),
        }),
      )
      const credentials = answer.Credentials
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error(`STS AssumeRole ${access.roleArn} answered without credentials`)
      // The account comes from STS: the assumed role's ARN must name the account lx was asked for.
      const assumedAccount = answer.AssumedRoleUser?.Arn?.split(':')[4]
      const wanted = access.roleArn.split(':')[4]
      if (assumedAccount && assumedAccount !== wanted) {
        throw new Error(`STS AssumeRole ${access.roleArn} gave credentials for account ${assumedAccount}, not ${wanted}`)
      }

      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
      }
    })()
    return current
  }
}

export function roleArn(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`
}

function reasonOf(error: unknown): string {
  const translated = translateAwsError(error)
  return translated.message
}

/** Every ACTIVE account of the caller's organization; the others are reported. */
async function organizationAccounts(source: AwsContext, unreachable: Unreachable[]): Promise<string[]> {
  const [organizations, {ListAccountsCommand}] = await Promise.all([source.organizations(), import('@aws-sdk/client-organizations')])
  const active: string[] = []
  let token: string | undefined
  do {
    let page
    try {
      // eslint-disable-next-line no-await-in-loop -- pages follow one another
      page = await organizations.send(new ListAccountsCommand({MaxResults: 20, NextToken: token}))
    } catch (error) {
      const name = (error as Error)?.name
      if (name === 'AccessDeniedException' || name === 'AWSOrganizationsNotInUseException') {
        // eslint-disable-next-line no-await-in-loop -- the loop ends here with this error
        const account = await source.accountId().catch(() => undefined)
        const who = account ? `; ${account} may not list the accounts` : ''
        throw new UserError(`--accounts org needs the organization's management account (or a delegated administrator)${who}: ${reasonOf(error)}`, {
          code: 'NotOrganizationManagement',
          hint: "Run with the management account's credentials (--profile), or name the accounts: --accounts ID,ID",
        })
      }

      throw error
    }

    for (const account of page.Accounts ?? []) {
      const state = account.State ?? account.Status
      if (!account.Id) continue
      if (state === 'ACTIVE') active.push(account.Id)
      else unreachable.push({account: account.Id, reason: `${state ?? 'not ACTIVE'} in the organization; skipped`})
    }

    token = page.NextToken
  } while (token)
  return active
}

/** Regions enabled for the account of `context` (ENABLED or ENABLED_BY_DEFAULT), as AWS lists them. */
async function enabledRegions(context: AwsContext): Promise<string[]> {
  const [account, {ListRegionsCommand}] = await Promise.all([context.account(), import('@aws-sdk/client-account')])
  const regions: string[] = []
  let token: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages follow one another
    const page = await account.send(new ListRegionsCommand({MaxResults: 50, NextToken: token, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT']}))
    for (const region of page.Regions ?? []) {
      if (region.RegionName && (region.RegionOptStatus === 'ENABLED' || region.RegionOptStatus === 'ENABLED_BY_DEFAULT')) regions.push(region.RegionName)
    }

    token = page.NextToken
  } while (token)
  return regions.sort()
}

interface ReachedAccount {
  account: string
  access: Access
  credentials?: CredentialsProvider
  profile?: string
}

export async function resolveFleet(request: FleetRequest, options: ContextOptions): Promise<Fleet> {
  const unreachable: Unreachable[] = []
  const contextFor = (extra: {profile?: string; region?: string; credentials?: CredentialsProvider; account?: string}) =>
    new AwsContext({endpointUrl: options.endpointUrl, version: options.version, env: options.env, ...extra})
  const firstRegion = request.regions[0]
  const sources = (request.profiles.length > 0 ? request.profiles : [undefined]).map((profile) => ({
    profile,
    aws: contextFor({profile, region: firstRegion}),
  }))
  // The default region when none is named: the environment's or the profile's.
  const defaultRegion = async (aws: AwsContext) => aws.region().catch(() => undefined)
  const globalContext = async (source: {profile?: string; aws: AwsContext}) =>
    firstRegion || (await defaultRegion(source.aws)) ? source.aws : contextFor({profile: source.profile, region: GLOBAL_REGION})

  // 1. The accounts: each source's own, or the ones --accounts names, reached through --role-name.
  const reached: ReachedAccount[] = []
  for (const source of sources) {
    // eslint-disable-next-line no-await-in-loop -- a handful of profiles; STS answers fast
    const global = await globalContext(source)
    let caller: string
    try {
      // eslint-disable-next-line no-await-in-loop -- see above
      caller = await global.accountId()
    } catch (error) {
      if (request.profiles.length <= 1 && !request.accounts) throw error
      unreachable.push({...(source.profile ? {profile: source.profile} : {}), reason: reasonOf(error)})
      continue
    }

    if (!request.accounts) {
      reached.push({account: caller, access: source.profile ? {profile: source.profile} : {}, profile: source.profile})
      continue
    }

    // eslint-disable-next-line no-await-in-loop -- the organization is listed once per source
    const accounts = request.accounts === 'org' ? await organizationAccounts(global, unreachable) : request.accounts
    // eslint-disable-next-line no-await-in-loop -- accounts are assumed in parallel within a source
    await mapPool(accounts, ACCOUNTS_IN_FLIGHT, async (account) => {
      const access: Access = {
        ...(source.profile ? {profile: source.profile} : {}),
        roleArn: roleArn(account, request.roleName!),
        ...(request.externalId ? {externalId: request.externalId} : {}),
      }
      const credentials = assumedRoleCredentials(global, {...access, roleArn: access.roleArn!})
      try {
        await credentials()
      } catch (error) {
        unreachable.push({account, reason: `could not assume ${access.roleArn}: ${reasonOf(error)}`})
        return
      }

      reached.push({account, access, credentials, profile: source.profile})
    })
  }

  // 2. The regions of each account, then one context per account-region.
  const places: Place[] = []
  const seen = new Set<string>()
  await mapPool(reached, ACCOUNTS_IN_FLIGHT, async (item) => {
    let regions = request.regions
    if (request.allRegions) {
      try {
        const probe = contextFor({
          profile: item.credentials ? undefined : item.profile,
          credentials: item.credentials,
          account: item.account,
          region: GLOBAL_REGION,
        })
        regions = await enabledRegions(probe).finally(() => probe.destroy())
      } catch (error) {
        unreachable.push({account: item.account, reason: `could not list its enabled regions: ${reasonOf(error)}`})
        return
      }
    } else if (regions.length === 0) {
      const region = await defaultRegion(sources.find((source) => source.profile === item.profile)!.aws)
      if (!region) {
        throw new UserError('No AWS region is set.', {
          code: 'MissingRegion',
          hint: 'Pass --region (e.g. --region us-east-1 or several: --region us-east-1,eu-west-1), --all-regions, or set AWS_REGION.',
        })
      }

      regions = [region]
    }

    for (const region of regions) {
      const key = targetPlaceKey({account: item.account, region})
      if (seen.has(key)) continue
      seen.add(key)
      places.push({
        account: item.account,
        region,
        access: item.access,
        aws: contextFor({
          profile: item.credentials ? undefined : item.profile,
          credentials: item.credentials,
          account: item.account,
          region,
        }),
      })
    }
  })

  places.sort((a, b) => a.account!.localeCompare(b.account!) || a.region.localeCompare(b.region))
  return {
    places,
    unreachable,
    isFleet: true,
    skipUnreachable: request.skipUnreachable,
    namedRegions: request.regions,
    // The sources stay open until the end: assumed roles are refreshed through them.
    dispose() {
      for (const place of places) place.aws.destroy()
      for (const source of sources) source.aws.destroy()
    },
  }
}
