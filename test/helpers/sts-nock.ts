// STS at the HTTP level: the SDK's STS client speaks awsQuery (a form POST with
// Action=GetCallerIdentity, an XML answer).
import nock from 'nock'

import {ACCOUNT, REGION} from './aws-nock.js'

export const STS_HOST = `https://sts.${REGION}.amazonaws.com`

/** Answer GetCallerIdentity `times` times (default once) with `account`; a further call finds no answer. */
export function serveCallerIdentity(account = ACCOUNT, options: {times?: number} = {}): nock.Scope {
  return nock(STS_HOST)
    .post('/', (body) => typeof body === 'object' && body.Action === 'GetCallerIdentity')
    .times(options.times ?? 1)
    .reply(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${account}:user/ops</Arn>
    <UserId>AIDAEXAMPLEEXAMPLE</UserId>
    <Account>${account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>4f2a9c1e-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
      {'content-type': 'text/xml'},
    )
}
