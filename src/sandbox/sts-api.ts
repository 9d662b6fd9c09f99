// STS (awsQuery, version 2011-06-15): GetCallerIdentity, so that a tool can learn which account
// its credentials belong to, and AssumeRole, so that it can reach the other accounts of the fleet.
// A static key signs in as the IAM user `lx-sandbox` of its account (fleet.ts says which account a
// key belongs to); a key AssumeRole issued signs in as the assumed role. No signature is checked.

import type {SandboxEnvironment} from './environment.js'
import {SANDBOX_USER, SANDBOX_USER_ID, type Caller} from './fleet.js'
import type {JsonOperationContext} from './protocol.js'
import {registerQueryService, shapes, type QueryServiceHandler} from './query-protocol.js'

export const STS_VERSION = '2011-06-15'
export {SANDBOX_USER, SANDBOX_USER_ID}

export function stsService(env: SandboxEnvironment): QueryServiceHandler {
  const callerOf = (context: JsonOperationContext): Caller =>
    context.request.caller ?? {accountId: env.account.id, arn: `arn:aws:iam::${env.account.id}:user/${SANDBOX_USER}`, userId: SANDBOX_USER_ID}
  return {
    operations: {
      GetCallerIdentity: {
        input: shapes.structure({}),
        output: shapes.structure({UserId: shapes.string, Account: shapes.string, Arn: shapes.string}),
        run: (_input, context) => {
          const caller = callerOf(context)
          return {UserId: caller.userId, Account: caller.accountId, Arn: caller.arn}
        },
      },
      AssumeRole: {
        input: shapes.structure({
          RoleArn: shapes.string,
          RoleSessionName: shapes.string,
          DurationSeconds: shapes.integer,
          ExternalId: shapes.string,
          Policy: shapes.string,
          SourceIdentity: shapes.string,
          SerialNumber: shapes.string,
          TokenCode: shapes.string,
        }),
        output: shapes.structure({
          Credentials: shapes.structure({
            AccessKeyId: shapes.string,
            SecretAccessKey: shapes.string,
            SessionToken: shapes.string,
            Expiration: shapes.timestamp,
          }),
          AssumedRoleUser: shapes.structure({AssumedRoleId: shapes.string, Arn: shapes.string}),
          PackedPolicySize: shapes.integer,
          SourceIdentity: shapes.string,
        }),
        run: (input, context) => {
          if (!env.fleet) throw new Error('AssumeRole needs the fleet')
          const issued = env.fleet.assumeRole(callerOf(context), input)
          return {
            Credentials: {
              AccessKeyId: issued.accessKeyId,
              SecretAccessKey: issued.secretAccessKey,
              SessionToken: issued.sessionToken,
              Expiration: issued.expiresAt / 1000,
            },
            AssumedRoleUser: {AssumedRoleId: issued.caller.userId, Arn: issued.caller.arn},
            ...(typeof input.SourceIdentity === 'string' ? {SourceIdentity: input.SourceIdentity} : {}),
          }
        },
      },
    },
  }
}

registerQueryService({
  signingName: 'sts',
  version: STS_VERSION,
  xmlNamespace: `https://sts.amazonaws.com/doc/${STS_VERSION}/`,
  create: stsService,
})
