// An account-region lx works in, with the credentials that reach it. A run covers one place (the
// default, exactly as before fleets) or several (a fleet): each place has its own AWS context and
// so its own rate budget, as AWS meters its quotas per account and region.
import type {AwsContext} from '../aws/aws-context.js'

/** How lx reached an account: a named profile, or a role assumed from the caller's credentials. */
export interface Access {
  profile?: string
  roleArn?: string
  externalId?: string
}

export interface Place {
  /** Known for every place of a fleet (from STS); in a one-place run only when something asked. */
  account?: string
  region: string
  aws: AwsContext
  access: Access
}

/** An account, region or account-region lx could not reach or read, and why. */
export interface Unreachable {
  account?: string
  region?: string
  profile?: string
  reason: string
}

export interface Fleet {
  places: Place[]
  /** Known before any read: suspended accounts, roles that could not be assumed, ListRegions refused. */
  unreachable: Unreachable[]
  /** Several account-regions may be selected: output carries account and region columns. */
  isFleet: boolean
  /** Reads exit 0 although a place could not be read (it is still reported). */
  skipUnreachable: boolean
  /** Regions the user named with --region, for telling a typo from a region one account lacks. */
  namedRegions: string[]
  /** Closes every connection the fleet opened. */
  dispose(): void
}

/** `111111111111/eu-west-1`, or the region alone when the account is not known. */
export function placeLabel(place: {account?: string; region?: string}): string {
  if (place.account && place.region) return `${place.account}/${place.region}`
  return place.account ?? place.region ?? 'default'
}

export function describeUnreachable(item: Unreachable): string {
  const where = item.account || item.region ? placeLabel(item) : item.profile ? `profile ${item.profile}` : 'the default credentials'
  return `${where}: ${item.reason}`
}
