// AWS Organizations (awsJson 1.1, `AWSOrganizationsV20161128`, signing name `organizations`):
// ListAccounts over the fleet (fleet.ts): the management account, the members and the suspended
// account, in that order. Only the management account may list them, as on AWS (without a
// delegated administrator); with a single account it is an organization of one.

import type {SandboxEnvironment} from './environment.js'
import type {Caller} from './fleet.js'
import {AwsError, registerJsonService, type JsonOperationContext, type JsonServiceHandler} from './protocol.js'
import {nextToken, offsetOfNextToken} from './next-token.js'

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128'
const DEFAULT_PAGE = 20

export function organizationsService(env: SandboxEnvironment): JsonServiceHandler {
  return {
    operations: {
      ListAccounts(input, context) {
        const fleet = env.fleet
        if (!fleet) throw new Error('Organizations needs the fleet')
        const caller = callerOf(env, context)
        if (caller.accountId !== fleet.managementAccountId) {
          throw organizationsError('AccessDeniedException', "You don't have permissions to access this resource.")
        }
        const maxResults = input.MaxResults === undefined ? DEFAULT_PAGE : Number(input.MaxResults)
        if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 20) {
          const reason = maxResults < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED'
          throw organizationsError(
            'InvalidInputException',
            `You provided a value that does not match the required pattern or range: MaxResults must be between 1 and 20.`,
            {
              Reason: reason,
            },
          )
        }
        const start = input.NextToken === undefined ? 0 : offsetOfNextToken('accounts', input.NextToken)
        if (start === undefined || start > fleet.members.length) {
          throw organizationsError('InvalidInputException', 'The provided pagination token is not valid.', {Reason: 'INVALID_NEXT_TOKEN'})
        }
        const page = fleet.members.slice(start, start + maxResults)
        const next = start + page.length
        return {
          Accounts: page.map((account) => ({
            Id: account.id,
            Arn: `arn:aws:organizations::${fleet.managementAccountId}:account/${fleet.organizationId}/${account.id}`,
            Email: account.email,
            Name: account.name,
            Status: account.status,
            State: account.status,
            JoinedMethod: account.joinedMethod,
            JoinedTimestamp: account.joinedAt / 1000,
          })),
          ...(next < fleet.members.length ? {NextToken: nextToken('accounts', next)} : {}),
        }
      },
    },
  }
}

function callerOf(env: SandboxEnvironment, context: JsonOperationContext): Caller {
  return context.request.caller ?? env.fleet!.userOf(env.account.id)
}

/** Organizations models its error message as `Message`; `message` is kept for clients that read that one. */
function organizationsError(code: string, message: string, fields: Record<string, unknown> = {}): AwsError {
  return new AwsError(code, 400, message, {fields: {...fields, Message: message}})
}

registerJsonService({
  targetPrefix: ORGANIZATIONS_TARGET_PREFIX,
  signingName: 'organizations',
  version: '1.1',
  create: organizationsService,
})
