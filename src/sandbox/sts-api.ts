// STS (awsQuery, version 2011-06-15): GetCallerIdentity, so that a tool can learn which account
// its credentials belong to. Every caller is the same IAM user of the sandbox's account; the
// sandbox checks no signature, so any access key works.

import type {SandboxEnvironment} from './environment.js'
import {registerQueryService, shapes, type QueryServiceHandler} from './query-protocol.js'

export const STS_VERSION = '2011-06-15'
export const SANDBOX_USER = 'lx-sandbox'
/** IAM user ids are `AIDA` and 17 upper-case letters and digits. */
export const SANDBOX_USER_ID = 'AIDASANDBOXLX0000001'

export function stsService(env: SandboxEnvironment): QueryServiceHandler {
  return {
    operations: {
      GetCallerIdentity: {
        input: shapes.structure({}),
        output: shapes.structure({UserId: shapes.string, Account: shapes.string, Arn: shapes.string}),
        run: () => ({UserId: SANDBOX_USER_ID, Account: env.account.id, Arn: `arn:aws:iam::${env.account.id}:user/${SANDBOX_USER}`}),
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
