import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {parseFleetFlags} from '../../src/fleet/fleet-request.js'

function refused(flags: Parameters<typeof parseFleetFlags>[0], message: RegExp): void {
  assert.throws(
    () => parseFleetFlags(flags),
    (error: unknown) => error instanceof UserError && error.exitCode === 2 && message.test(error.message) && Boolean(error.hint),
  )
}

describe('fleet flags', () => {
  it('one region and one profile are not a fleet: the run behaves exactly as before fleets', () => {
    assert.equal(parseFleetFlags({}).isFleet, false)
    assert.equal(parseFleetFlags({region: ['eu-west-1'], profile: ['prod']}).isFleet, false)
    assert.equal(parseFleetFlags({region: ['eu-west-1', 'eu-west-1']}).isFleet, false, 'the same region twice is one region')
  })

  it('several regions or profiles, --all-regions or --accounts make a fleet', () => {
    assert.deepEqual(parseFleetFlags({region: ['us-east-1', 'eu-west-1']}).regions, ['us-east-1', 'eu-west-1'])
    assert.equal(parseFleetFlags({region: ['us-east-1', 'eu-west-1']}).isFleet, true)
    assert.equal(parseFleetFlags({profile: ['a', 'b']}).isFleet, true)
    assert.equal(parseFleetFlags({'all-regions': true}).isFleet, true)
    const org = parseFleetFlags({accounts: 'org', 'role-name': 'OrganizationAccountAccessRole', 'skip-unreachable': true})
    assert.equal(org.accounts, 'org')
    assert.equal(org.skipUnreachable, true)
    assert.deepEqual(parseFleetFlags({accounts: ' 111111111111, 222222222222,111111111111', 'role-name': 'R'}).accounts, ['111111111111', '222222222222'])
  })

  it('bad input is exit 2 with a hint, before any call', () => {
    refused({accounts: ''}, /--accounts is empty/)
    refused({accounts: ' , '}, /--accounts is empty/)
    refused({'role-name': 'R'}, /--role-name needs --accounts/)
    refused({accounts: '111111111111'}, /--accounts needs --role-name/)
    refused({accounts: '1111,abc', 'role-name': 'R'}, /"1111", "abc" are not account ids/)
    refused({accounts: '111111111111', 'role-name': 'arn:aws:iam::1:role/R'}, /not an IAM role name/)
    refused({'external-id': 'x1'}, /--external-id goes with --accounts/)
    refused({accounts: '111111111111', 'role-name': 'R', 'external-id': 'x'}, /--external-id must be/)
    refused({'all-regions': true, region: ['us-east-1']}, /--all-regions and --region/)
    refused({profile: ['prod', '']}, /--profile has an empty name/)
  })
})
