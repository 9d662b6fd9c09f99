// The fleet: the accounts of one AWS Organization and the regions the sandbox serves, and who is
// calling. AWS tells accounts apart by the credentials that sign a request and regions by the
// region the request is signed for; the sandbox does the same:
//
// - an access key issued by AssumeRole (`ASIA…`) belongs to the role's account, until it expires
//   by the wall clock (the SDKs refresh credentials by the wall clock too);
// - a static key whose last 12 characters are the id of an active account of the fleet
//   (`AKIAFLEET111111111111`) belongs to that account, so tests can put accounts in profiles;
// - any other key (or an unsigned request) belongs to the management account.
//
// The management account is the one the account description names; members are 111111111111,
// 222222222222, …; with members, the organization also lists a suspended account 999999999999
// that nobody can sign in to or assume a role in. Roles need not be created: any role name can be
// assumed in an active account, except the ones denied with `denyRoles` (`ACCOUNT` denies every
// role of that account, `ACCOUNT:ROLE` one role), so a caller can meet partial reach.

import {createHash, randomBytes} from 'node:crypto'

import {AwsError} from './aws-error.js'

export const DEFAULT_ACCOUNT_ID = '123456789012'
export const SUSPENDED_ACCOUNT_ID = '999999999999'
/** The IAM user every static key signs in as. */
export const SANDBOX_USER = 'lx-sandbox'
/** IAM user ids are `AIDA` and 16 upper-case letters and digits. */
export const SANDBOX_USER_ID = 'AIDASANDBOXLX0000001'

/** Services answered in whichever region a request is signed for (their endpoints are global). */
export const GLOBAL_SERVICES: ReadonlySet<string> = new Set(['sts', 'organizations', 'account'])

export interface FleetAccount {
  id: string
  name: string
  email: string
  status: 'ACTIVE' | 'SUSPENDED'
  joinedMethod: 'INVITED' | 'CREATED'
  /** Simulated epoch ms. */
  joinedAt: number
}

/** Who signed a request. */
export interface Caller {
  accountId: string
  /** `arn:aws:iam::ACCOUNT:user/lx-sandbox` or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string
  /** `AIDA…` for the user, `AROA…:SESSION` for an assumed role. */
  userId: string
  accessKeyId?: string
  /** Set for the temporary credentials of an assumed role. */
  session?: {roleName: string; roleArn: string; sessionName: string}
}

export interface IssuedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** Wall-clock epoch ms. */
  expiresAt: number
  caller: Caller
}

export interface FleetSettings {
  managementAccountId: string
  /** Active accounts, the management account included (1 = no members, no suspended account). */
  accounts: number
  regions: string[]
  /** Refuse requests signed for a region the sandbox does not serve (false: answer them in the first region). */
  strictRegions: boolean
  /** `ACCOUNT` or `ACCOUNT:ROLE`. */
  denyRoles: string[]
  /** Simulated epoch ms the sandbox started at: accounts look like they joined before it. */
  startedAt: number
  /** The wall clock temporary credentials expire by. */
  wallNow: () => number
}

const DAY_MS = 86_400_000
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const DENY_SPEC = /^(\d{12})(?::([\w+=,.@-]{1,64}))?$/
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const CHAINED_MAX_SECONDS = 3600

/** The ids of a fleet's member accounts: 111111111111 … 999999999 (digit repeated), then 100000000010 and on. */
export function memberAccountIds(managementId: string, count: number): string[] {
  const ids: string[] = []
  for (let i = 1; ids.length < count; i++) {
    const id = i <= 9 ? String(i).repeat(12) : `10${String(i).padStart(10, '0')}`
    if (id !== managementId && id !== SUSPENDED_ACCOUNT_ID) ids.push(id)
  }
  return ids
}

/** Checks a `--deny-role` value: `ACCOUNT` or `ACCOUNT:ROLE_NAME`. */
export function parseDenyRole(spec: string): {accountId: string; roleName?: string} {
  const match = DENY_SPEC.exec(spec.trim())
  if (!match) throw new Error(`invalid role to deny "${spec}": expected ACCOUNT or ACCOUNT:ROLE_NAME, e.g. 111111111111:OrganizationAccountAccessRole`)
  return {accountId: match[1], ...(match[2] ? {roleName: match[2]} : {})}
}

/** Checks a region name's shape (`eu-west-1`, `us-gov-west-1`). */
export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name)
}

export class Fleet {
  readonly organizationId: string
  /** Every account of the organization: the management account, the members, the suspended one. */
  readonly members: FleetAccount[]
  readonly regions: string[]
  readonly strictRegions: boolean
  private readonly active = new Set<string>()
  private readonly issued = new Map<string, IssuedCredentials>()
  private readonly denied: Array<{accountId: string; roleName?: string}>

  constructor(private readonly settings: FleetSettings) {
    const management = settings.managementAccountId
    this.organizationId = `o-${createHash('sha256').update(management).digest('hex').slice(0, 10)}`
    this.regions = [...settings.regions]
    this.strictRegions = settings.strictRegions
    const joined = (daysAgo: number) => settings.startedAt - daysAgo * DAY_MS
    const members = memberAccountIds(management, Math.max(0, settings.accounts - 1))
    this.members = [
      {id: management, name: 'management', email: `aws+management@example.com`, status: 'ACTIVE', joinedMethod: 'INVITED', joinedAt: joined(1200)},
      ...members.map((id, index): FleetAccount => ({
        id,
        name: `member-${index + 1}`,
        email: `aws+member-${index + 1}@example.com`,
        status: 'ACTIVE',
        joinedMethod: 'CREATED',
        joinedAt: joined(900 - index * 20),
      })),
    ]
    if (members.length > 0) {
      const suspendedId = management === SUSPENDED_ACCOUNT_ID ? '999999999998' : SUSPENDED_ACCOUNT_ID
      this.members.push({
        id: suspendedId,
        name: 'suspended',
        email: 'aws+suspended@example.com',
        status: 'SUSPENDED',
        joinedMethod: 'CREATED',
        joinedAt: joined(1000),
      })
    }
    for (const account of this.members) if (account.status === 'ACTIVE') this.active.add(account.id)
    this.denied = settings.denyRoles.map(parseDenyRole)
  }

  get managementAccountId(): string {
    return this.settings.managementAccountId
  }

  /** Active accounts, management first. */
  get accountIds(): string[] {
    return this.members.filter((account) => account.status === 'ACTIVE').map((account) => account.id)
  }

  get suspendedAccountIds(): string[] {
    return this.members.filter((account) => account.status === 'SUSPENDED').map((account) => account.id)
  }

  /** The `--deny-role` rules, as given (`ACCOUNT` or `ACCOUNT:ROLE`). */
  get deniedRoles(): string[] {
    return this.denied.map(({accountId, roleName}) => (roleName ? `${accountId}:${roleName}` : accountId))
  }

  isActive(accountId: string): boolean {
    return this.active.has(accountId)
  }

  servesRegion(region: string): boolean {
    return this.regions.includes(region)
  }

  /** The static user of an account: what any key that is not temporary signs in as. */
  userOf(accountId: string, accessKeyId?: string): Caller {
    return {accountId, arn: `arn:aws:iam::${accountId}:user/${SANDBOX_USER}`, userId: SANDBOX_USER_ID, ...(accessKeyId ? {accessKeyId} : {})}
  }

  /** Who signs with this access key; throws the 403 AWS answers for expired or unusable credentials. */
  identify(accessKeyId: string | undefined): Caller {
    if (!accessKeyId) return this.userOf(this.managementAccountId)
    const issued = this.issued.get(accessKeyId)
    if (issued) {
      if (this.settings.wallNow() >= issued.expiresAt) throw expiredToken()
      return issued.caller
    }
    const suffix = accessKeyId.slice(-12)
    if (/^\d{12}$/.test(suffix) && this.members.some((account) => account.id === suffix)) {
      if (!this.isActive(suffix)) throw invalidToken()
      return this.userOf(suffix, accessKeyId)
    }
    return this.userOf(this.managementAccountId, accessKeyId)
  }

  /** STS AssumeRole, with the model's constraints and the fleet's rules on who may be assumed. */
  assumeRole(caller: Caller, input: {RoleArn?: unknown; RoleSessionName?: unknown; ExternalId?: unknown; DurationSeconds?: unknown}): IssuedCredentials {
    const roleArn = input.RoleArn
    const sessionName = input.RoleSessionName
    if (typeof roleArn !== 'string') throw validationError(notNull('roleArn'))
    if (typeof sessionName !== 'string') throw validationError(notNull('roleSessionName'))
    if (roleArn.length < 20) throw validationError(constraint(roleArn, 'roleArn', 'Member must have length greater than or equal to 20'))
    if (sessionName.length < 2 || sessionName.length > 64) {
      const bound = sessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'
      throw validationError(constraint(sessionName, 'roleSessionName', `Member must have length ${bound}`))
    }
    if (!SESSION_NAME.test(sessionName))
      throw validationError(constraint(sessionName, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'))
    if (input.ExternalId !== undefined && (typeof input.ExternalId !== 'string' || !EXTERNAL_ID.test(input.ExternalId))) {
      throw validationError(constraint(String(input.ExternalId), 'externalId', 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*'))
    }
    const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds)
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      const bound = duration < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200'
      throw validationError(constraint(String(input.DurationSeconds), 'durationSeconds', `Member must have value ${bound}`))
    }
    const match = ROLE_ARN.exec(roleArn)
    if (!match) throw validationError('Request ARN is invalid')
    if (caller.session && duration > CHAINED_MAX_SECONDS) {
      throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
    }
    const [, accountId, , roleName] = match
    const deniedHere = this.denied.some((rule) => rule.accountId === accountId && (rule.roleName === undefined || rule.roleName === roleName))
    if (!this.isActive(accountId) || deniedHere) {
      throw new AwsError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`)
    }
    const roleId = `AROA${base32(createHash('sha256').update(`${accountId}:${roleName}`).digest()).slice(0, 17)}`
    const accessKeyId = `ASIA${base32(randomBytes(10)).slice(0, 16)}`
    const credentials: IssuedCredentials = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
      expiresAt: Math.floor(this.settings.wallNow() / 1000) * 1000 + duration * 1000,
      caller: {
        accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
        userId: `${roleId}:${sessionName}`,
        accessKeyId,
        session: {roleName, roleArn, sessionName},
      },
    }
    this.issued.set(accessKeyId, credentials)
    return credentials
  }

  /** Ends temporary credentials now (one key, or every key issued so far); returns how many. */
  expire(accessKeyId?: string): number {
    let count = 0
    const now = this.settings.wallNow()
    for (const credentials of this.issued.values()) {
      if (accessKeyId !== undefined && credentials.accessKeyId !== accessKeyId) continue
      if (credentials.expiresAt > now) count++
      credentials.expiresAt = Math.min(credentials.expiresAt, now)
    }
    return count
  }
}

/** AWS's answer to a request signed with credentials it does not accept (a region not enabled, a closed account). */
export function invalidToken(): AwsError {
  return new AwsError('UnrecognizedClientException', 403, 'The security token included in the request is invalid.')
}

export function expiredToken(): AwsError {
  return new AwsError('ExpiredTokenException', 403, 'The security token included in the request is expired')
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', 400, message)
}

function notNull(member: string): string {
  return `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
}

function constraint(value: string, member: string, rule: string): string {
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}
