// Back to where a fleet change went: the account-regions a journal entry records, each reached
// the way the change reached it (the same profile, or the same role assumed again from the
// caller's credentials). A place whose credentials now lead to another account, or whose role
// cannot be assumed, is reported and its targets are not touched.
import type {JournalPlace} from '../apply/journal.js'
import {AwsContext, type AwsContextOptions} from '../aws/aws-context.js'
import {translateAwsError} from '../aws/translate-error.js'
import {mapPool} from '../lib/map-pool.js'
import {type Fleet, type Place, type Unreachable} from './place.js'
import {assumedRoleCredentials, type ContextOptions} from './resolve-fleet.js'

const PLACES_IN_FLIGHT = 8

export async function fleetOfJournal(places: readonly JournalPlace[], options: ContextOptions & {profile?: string}): Promise<Fleet> {
  const opened: AwsContext[] = []
  const open = (extra: Partial<AwsContextOptions>) => {
    const context = new AwsContext({endpointUrl: options.endpointUrl, version: options.version, env: options.env, ...extra})
    opened.push(context)
    return context
  }

  const sources = new Map<string, AwsContext>()
  const sourceFor = (profile: string | undefined, region: string) => {
    const key = `${profile ?? ''}|${region}`
    let source = sources.get(key)
    if (!source) {
      source = open({profile, region})
      sources.set(key, source)
    }

    return source
  }

  const unreachable: Unreachable[] = []
  const reached: Place[] = []
  await mapPool(places, PLACES_IN_FLIGHT, async (journaled) => {
    const profile = options.profile ?? journaled.profile
    const where = {account: journaled.account, region: journaled.region}
    try {
      if (journaled.roleArn) {
        const access = {roleArn: journaled.roleArn, ...(journaled.externalId ? {externalId: journaled.externalId} : {}), ...(profile ? {profile} : {})}
        const credentials = assumedRoleCredentials(sourceFor(profile, journaled.region), access)
        await credentials()
        reached.push({...where, access, aws: open({credentials, account: journaled.account, region: journaled.region})})
        return
      }

      const aws = open({profile, region: journaled.region})
      const account = await aws.accountId()
      if (account !== journaled.account) {
        unreachable.push({
          ...where,
          reason: `the credentials in use are for account ${account}; run lx undo with credentials for ${journaled.account} (--profile)`,
        })
        return
      }

      reached.push({...where, access: profile ? {profile} : {}, aws})
    } catch (error) {
      unreachable.push({...where, reason: translateAwsError(error).message})
    }
  })
  reached.sort((a, b) => a.account!.localeCompare(b.account!) || a.region.localeCompare(b.region))
  return {
    places: reached,
    unreachable,
    isFleet: true,
    skipUnreachable: false,
    namedRegions: [],
    dispose() {
      for (const context of opened) context.destroy()
    },
  }
}
