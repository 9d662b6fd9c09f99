// Which account-regions a run covers, as typed: `--region A,B`, `--all-regions`, `--profile A,B`,
// `--accounts ID,ID|org` with `--role-name` and `--external-id`, `--skip-unreachable`. Checked
// before any AWS call; a mistake is a UserError (exit 2). Resolving it into account-regions takes
// AWS calls and lives in resolve-fleet.ts.
import {UserError} from '../errors.js'

export interface FleetFlagValues {
  region?: string[]
  profile?: string[]
  'all-regions'?: boolean
  accounts?: string
  'role-name'?: string
  'external-id'?: string
  'skip-unreachable'?: boolean
}

export interface FleetRequest {
  /** Regions named with --region (deduplicated, in the order typed); empty: the default region. */
  regions: string[]
  /** --all-regions: every region enabled for each account (Account Management ListRegions). */
  allRegions: boolean
  /** Named profiles; empty: the default credential chain. */
  profiles: string[]
  /** Account ids to assume --role-name in, or every ACTIVE account of the organization. */
  accounts?: string[] | 'org'
  roleName?: string
  externalId?: string
  skipUnreachable: boolean
  /** More than one account-region may be selected: lx resolves and reports account and region. */
  isFleet: boolean
}

const ACCOUNT_ID = /^\d{12}$/
/** IAM role names: 1–64 of letters, digits and + = , . @ _ - (a path is not part of the name). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
/** STS ExternalId: 2–1224 of letters, digits and + = , . @ : / - _ */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))]
}

export function parseFleetFlags(flags: FleetFlagValues): FleetRequest {
  const regions = unique(flags.region ?? [])
  if ((flags.profile ?? []).some((profile) => profile.trim() === '')) {
    throw new UserError('--profile has an empty name.', {hint: 'Give profile names from ~/.aws/config: --profile prod or --profile prod,staging'})
  }

  const profiles = unique(flags.profile ?? [])
  const allRegions = Boolean(flags['all-regions'])
  if (allRegions && regions.length > 0) {
    throw new UserError('--all-regions and --region cannot be used together.', {
      hint: 'Name the regions with --region A,B, or take every enabled region with --all-regions.',
    })
  }

  const accounts = parseAccounts(flags.accounts)
  const roleName = flags['role-name']
  const externalId = flags['external-id']
  if (roleName !== undefined && accounts === undefined) {
    throw new UserError('--role-name needs --accounts: it names the role lx assumes in each of them.', {
      hint: 'e.g. --accounts 111111111111,222222222222 --role-name lx-operator, or --accounts org --role-name OrganizationAccountAccessRole',
    })
  }

  if (accounts !== undefined && roleName === undefined) {
    throw new UserError('--accounts needs --role-name: the role lx assumes in each account.', {
      hint: 'e.g. --role-name OrganizationAccountAccessRole (the role AWS Organizations creates in new accounts)',
    })
  }

  if (roleName !== undefined && !ROLE_NAME.test(roleName)) {
    throw new UserError(`--role-name "${roleName}" is not an IAM role name.`, {
      hint: 'A role name is 1–64 letters, digits and + = , . @ _ - (just the name, not the ARN or a path).',
    })
  }

  if (externalId !== undefined && roleName === undefined) {
    throw new UserError('--external-id goes with --accounts and --role-name.', {hint: 'It is passed to STS AssumeRole for the role in each account.'})
  }

  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new UserError('--external-id must be 2–1224 letters, digits and + = , . @ : / - _.', {hint: 'Use the external id the role’s trust policy requires.'})
  }

  return {
    regions,
    allRegions,
    profiles,
    ...(accounts === undefined ? {} : {accounts}),
    ...(roleName === undefined ? {} : {roleName}),
    ...(externalId === undefined ? {} : {externalId}),
    skipUnreachable: Boolean(flags['skip-unreachable']),
    isFleet: regions.length > 1 || allRegions || profiles.length > 1 || accounts !== undefined,
  }
}

function parseAccounts(input: string | undefined): string[] | 'org' | undefined {
  if (input === undefined) return undefined
  const items = input
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  if (items.length === 0) {
    throw new UserError('--accounts is empty.', {
      hint: 'Give account ids (--accounts 111111111111,222222222222) or --accounts org for every account of the organization.',
    })
  }

  if (items.length === 1 && items[0].toLowerCase() === 'org') return 'org'
  const bad = items.filter((item) => !ACCOUNT_ID.test(item))
  if (bad.length > 0) {
    throw new UserError(`--accounts: ${bad.map((item) => `"${item}"`).join(', ')} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'}.`, {
      hint: 'An AWS account id is 12 digits; or give --accounts org for every account of the organization.',
    })
  }

  return unique(items)
}
