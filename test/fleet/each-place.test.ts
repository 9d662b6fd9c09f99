import assert from 'node:assert/strict'

import {emptyPlan, targetLabel} from '../../src/apply/plan.js'
import type {AwsContext} from '../../src/aws/aws-context.js'
import {UserError} from '../../src/errors.js'
import {eachPlace, mergePlans} from '../../src/fleet/each-place.js'
import type {Fleet, Place} from '../../src/fleet/place.js'

const noContext = {} as AwsContext

function place(account: string, region: string): Place {
  return {account, region, aws: noContext, access: {}}
}

function fleetOf(places: Place[], extra: Partial<Fleet> = {}): Fleet {
  return {places, unreachable: [], isFleet: true, skipUnreachable: false, namedRegions: [], dispose() {}, ...extra}
}

describe('across a fleet', () => {
  it('runs the work in every place and reports the ones that failed, with the reason', async () => {
    const fleet = fleetOf([place('111111111111', 'us-east-1'), place('111111111111', 'eu-west-1'), place('222222222222', 'us-east-1')], {
      unreachable: [{account: '333333333333', reason: 'could not assume the role'}],
    })
    const result = await eachPlace(fleet, async (where) => {
      if (where.account === '222222222222') throw Object.assign(new Error('no access'), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 403}})
      return `${where.account}/${where.region}`
    })
    assert.deepEqual(
      result.values.map(({value}) => value),
      ['111111111111/us-east-1', '111111111111/eu-west-1'],
    )
    assert.deepEqual(
      result.unreachable.map((item) => [item.account, item.region ?? null]),
      [
        ['333333333333', null],
        ['222222222222', 'us-east-1'],
      ],
    )
    assert.match(result.unreachable[1].reason, /Access denied/)
  })

  it('the same input mistake in every place is bad input (exit 2), not an unreachable fleet', async () => {
    const fleet = fleetOf([place('111111111111', 'us-east-1'), place('111111111111', 'eu-west-1')])
    await assert.rejects(
      eachPlace(fleet, async () => {
        throw new UserError('--reserved must be a whole number')
      }),
      /--reserved must be a whole number/,
    )
  })

  it('a region the user named that no account reached is exit 2, with what AWS said', async () => {
    const fleet = fleetOf([place('111111111111', 'us-east-1'), place('111111111111', 'us-east-9')], {namedRegions: ['us-east-1', 'us-east-9']})
    await assert.rejects(
      eachPlace(fleet, async (where) => {
        if (where.region === 'us-east-9') throw Object.assign(new Error('getaddrinfo ENOTFOUND lambda.us-east-9.amazonaws.com'), {code: 'ENOTFOUND'})
        return 1
      }),
      (error: unknown) => error instanceof UserError && /--region us-east-9 could not be reached in any selected account/.test(error.message),
    )
  })

  it('a place where the selection finds nothing is empty, not unreachable; AccessDenied in a named region is partial reach, not a typo', async () => {
    const fleet = fleetOf([place('111111111111', 'us-east-1'), place('111111111111', 'eu-west-1'), place('222222222222', 'eu-west-1')], {
      namedRegions: ['us-east-1', 'eu-west-1'],
    })
    const result = await eachPlace(fleet, async (where) => {
      if (where.region === 'us-east-1') return 'read'
      if (where.account === '111111111111') throw new UserError('No function matches --match ^checkout in eu-west-1', {code: 'EmptySelection'})
      throw Object.assign(new Error('User is not authorized'), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 403}})
    })
    assert.deepEqual(
      result.empty.map(({place: where, reason}) => [where.account, where.region, reason]),
      [['111111111111', 'eu-west-1', 'No function matches --match ^checkout in eu-west-1']],
    )
    assert.deepEqual(
      result.unreachable.map((item) => [item.account, item.region]),
      [['222222222222', 'eu-west-1']],
    )
  })

  it('the same mistake in every place is recognised by its code, even when each message names its region', async () => {
    const fleet = fleetOf([place('111111111111', 'us-east-1'), place('111111111111', 'eu-west-1')])
    await assert.rejects(
      eachPlace(fleet, async (where) => {
        throw new UserError(`No function named checkout in ${where.region}.`, {code: 'FunctionNotFound'})
      }),
      /No function named checkout in us-east-1/,
    )
  })

  it('one plan across places: targets carry account and region, notes and warnings name their place', () => {
    const one = emptyPlan<{value: number}>('fake')
    one.changes.push({kind: 'fake', target: {functionName: 'checkout'}, before: {value: 1}, after: {value: 2}})
    one.notes.push('unreserved 830 → 829')
    const two = emptyPlan<{value: number}>('fake')
    two.skipped.push({target: {functionName: 'orders'}, reason: 'container image'})
    const plan = mergePlans(
      'fake',
      [
        {place: place('111111111111', 'eu-west-1'), plan: one},
        {place: place('222222222222', 'us-east-1'), plan: two},
      ],
      [{account: '333333333333', reason: 'SUSPENDED in the organization; skipped'}],
    )
    assert.deepEqual(plan.changes[0].target, {functionName: 'checkout', account: '111111111111', region: 'eu-west-1'})
    assert.equal(targetLabel(plan.changes[0].target), '111111111111/eu-west-1 checkout')
    assert.equal(targetLabel(plan.skipped[0].target), '222222222222/us-east-1 orders')
    assert.deepEqual(plan.notes, ['111111111111/eu-west-1: unreserved 830 → 829'])
    assert.deepEqual(plan.warnings, ['333333333333 not planned: SUSPENDED in the organization; skipped'])
    assert.equal(one.changes[0].target.region, undefined, 'the place plans are left as they were')
  })

  it('a note every place has alike is said once; the others keep their place', () => {
    const plans = ['us-east-1', 'eu-west-1'].map((region) => {
      const one = emptyPlan('fake')
      one.notes.push('acme-apm-extension:2 supports runtimes: any', `unreserved in ${region}: 635 → 630`)
      return {place: place('111111111111', region), plan: one}
    })
    assert.deepEqual(mergePlans('fake', plans, []).notes, [
      'every account-region: acme-apm-extension:2 supports runtimes: any',
      '111111111111/us-east-1: unreserved in us-east-1: 635 → 630',
      '111111111111/eu-west-1: unreserved in eu-west-1: 635 → 630',
    ])
  })
})
