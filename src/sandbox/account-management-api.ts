// AWS Account Management (restJson1, signing name `account`): ListRegions, `POST /listRegions`.
//
// Every account of the fleet sees the same regions: the ones the sandbox serves, as
// ENABLED_BY_DEFAULT (or ENABLED for an opt-in region), and the opt-in regions it does not serve,
// as DISABLED, so that filtering on RegionOptStatusContains matters. Regions that are enabled by
// default on AWS but not served are left out rather than listed as enabled: a caller that went
// to them would only meet the 403 the sandbox answers for a region it does not serve.

import type {SandboxEnvironment} from './environment.js'
import {AwsError, registerRestService, type RestContext, type RestRoute} from './protocol.js'
import {nextToken, offsetOfNextToken} from './next-token.js'

/** Regions a new account must opt in to (the rest are enabled by default). */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]

const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']
const MAX_RESULTS = 50

export function regionsOf(served: readonly string[]): Array<{RegionName: string; RegionOptStatus: string}> {
  const listed = new Map<string, string>()
  for (const region of served) listed.set(region, OPT_IN_REGIONS.includes(region) ? 'ENABLED' : 'ENABLED_BY_DEFAULT')
  for (const region of OPT_IN_REGIONS) if (!listed.has(region)) listed.set(region, 'DISABLED')
  return [...listed.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([RegionName, RegionOptStatus]) => ({RegionName, RegionOptStatus}))
}

export function accountManagementRoutes(env: SandboxEnvironment): RestRoute[] {
  return [
    {
      operation: 'ListRegions',
      method: 'POST',
      path: '/listRegions',
      handle: (context) => ({status: 200, body: listRegions(env, context)}),
    },
  ]
}

function listRegions(env: SandboxEnvironment, {body, request}: RestContext): unknown {
  const fleet = env.fleet
  const regions = fleet ? fleet.regions : [env.account.region]
  const callerAccount = request.caller?.accountId ?? env.account.id
  if (body.AccountId !== undefined) {
    const target = String(body.AccountId)
    if (!/^\d{12}$/.test(target))
      throw validation('AccountId', `Value '${target}' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\d{12}$`)
    const management = fleet?.managementAccountId ?? env.account.id
    if (callerAccount !== management || !fleet?.isActive(target)) {
      throw new AwsError(
        'AccessDeniedException',
        403,
        `User: ${request.caller?.arn ?? callerAccount} is not authorized to perform: account:ListRegions on resource: ${target}`,
      )
    }
    if (target === management) throw validation('AccountId', 'The management account cannot specify its own AccountId; call the operation without it.')
  }
  const maxResults = body.MaxResults === undefined ? MAX_RESULTS : Number(body.MaxResults)
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw validation(
      'MaxResults',
      `Value '${String(body.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`,
    )
  }
  let filter: string[] | undefined
  if (body.RegionOptStatusContains !== undefined) {
    if (!Array.isArray(body.RegionOptStatusContains)) throw validation('RegionOptStatusContains', 'RegionOptStatusContains must be a list')
    filter = body.RegionOptStatusContains.map(String)
    const bad = filter.find((status) => !STATUSES.includes(status))
    if (bad !== undefined) {
      throw validation(
        'RegionOptStatusContains',
        `Value '${bad}' at 'regionOptStatusContains' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
      )
    }
  }
  const start = body.NextToken === undefined || body.NextToken === '' ? 0 : offsetOfNextToken('regions', body.NextToken)
  const listed = regionsOf(regions).filter((region) => !filter || filter.length === 0 || filter.includes(region.RegionOptStatus))
  if (start === undefined || start > listed.length) throw validation('NextToken', 'The NextToken is not valid.')
  const page = listed.slice(start, start + maxResults)
  const next = start + page.length
  return {Regions: page, ...(next < listed.length ? {NextToken: nextToken('regions', next)} : {})}
}

function validation(field: string, message: string): AwsError {
  return new AwsError('ValidationException', 400, message, {fields: {reason: 'fieldValidationFailed', fieldList: [{name: field, message}]}})
}

registerRestService({signingName: 'account', create: accountManagementRoutes})
