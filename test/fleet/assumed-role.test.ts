import assert from 'node:assert/strict'

import type {AwsContext} from '../../src/aws/aws-context.js'
import {assumedRoleCredentials, roleArn, sessionName} from '../../src/fleet/resolve-fleet.js'

/** A source context whose STS answers AssumeRole with credentials valid for `validMs`. */
function stsSource(validMs: number) {
  const calls: Array<Record<string, unknown>> = []
  const source = {
    async sts() {
      return {
        async send(command: {input: Record<string, unknown>}) {
          calls.push(command.input)
          return {
            Credentials: {
              AccessKeyId: `ASIA${String(calls.length).padStart(16, '0')}`,
              SecretAccessKey: 'secret',
              SessionToken: 'token',
              Expiration: new Date(Date.now() + validMs),
            },
          }
        },
      }
    },
  } as unknown as AwsContext
  return {source, calls}
}

describe('assumed-role credentials', () => {
  it('assumes the role once while its credentials are fresh, with the external id and a session name naming lx', async () => {
    const {source, calls} = stsSource(60 * 60_000)
    const credentials = assumedRoleCredentials(source, {roleArn: roleArn('111111111111', 'lx-operator'), externalId: 'ext-123'})
    const first = await credentials()
    const second = await credentials()
    assert.equal(first.accessKeyId, second.accessKeyId)
    assert.equal(calls.length, 1)
    assert.equal(calls[0].RoleArn, 'arn:aws:iam::111111111111:role/lx-operator')
    assert.equal(calls[0].ExternalId, 'ext-123')
    assert.equal(calls[0].DurationSeconds, 3600)
    assert.match(String(calls[0].RoleSessionName), /^lx-[\w+=,.@-]{1,61}$/)
    assert.equal(calls[0].RoleSessionName, sessionName())
  })

  it('assumes it again before the credentials expire, so a long run never sends expired keys', async () => {
    const {source, calls} = stsSource(2 * 60_000)
    const credentials = assumedRoleCredentials(source, {roleArn: roleArn('111111111111', 'lx-operator')})
    const first = await credentials()
    const second = await credentials()
    assert.equal(calls.length, 2)
    assert.notEqual(first.accessKeyId, second.accessKeyId)
    assert.equal(calls[0].ExternalId, undefined)
  })

  it('credentials STS says are for another account are refused: the account is never guessed', async () => {
    const source = {
      async sts() {
        return {
          async send() {
            return {
              Credentials: {AccessKeyId: 'ASIAX', SecretAccessKey: 's', Expiration: new Date(Date.now() + 3_600_000)},
              AssumedRoleUser: {Arn: 'arn:aws:sts::999999999999:assumed-role/R/lx-user', AssumedRoleId: 'AROAX:lx-user'},
            }
          },
        }
      },
    } as unknown as AwsContext
    await assert.rejects(assumedRoleCredentials(source, {roleArn: roleArn('111111111111', 'R')})(), /for account 999999999999, not 111111111111/)
  })

  it('a refused AssumeRole is not remembered: the next ask tries again', async () => {
    let refuse = true
    const source = {
      async sts() {
        return {
          async send() {
            if (refuse) throw Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {name: 'AccessDenied'})
            return {Credentials: {AccessKeyId: 'ASIAOK', SecretAccessKey: 's', Expiration: new Date(Date.now() + 3_600_000)}}
          },
        }
      },
    } as unknown as AwsContext
    const credentials = assumedRoleCredentials(source, {roleArn: roleArn('111111111111', 'R')})
    await assert.rejects(credentials(), /not authorized/)
    refuse = false
    assert.equal((await credentials()).accessKeyId, 'ASIAOK')
  })
})
