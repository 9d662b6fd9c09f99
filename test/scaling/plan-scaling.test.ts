import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {capacityOf, planScalingRemove, planScalingSchedule, planScalingSet, type ScalingState} from '../../src/scaling/plan-scaling.js'
import {parseScheduleRequest} from '../../src/scaling/scaling-input.js'
import {NOT_SUSPENDED, type ScalingPolicyState} from '../../src/scaling/scaling-model.js'
import {utilizationTracking} from '../../src/scaling/scaling-states.js'

const NOW = Date.parse('2026-03-28T12:00:00Z')
const account = {limit: 1000, unreserved: 900, floor: 100}

function state(name: string, extra: Partial<ScalingState> = {}): ScalingState {
  return {
    functionName: name,
    qualifier: 'live',
    qualifierInfo: {exists: true, kind: 'alias', routing: false},
    reserved: null,
    provisioned: [],
    target: null,
    policies: [],
    actions: [],
    ...extra,
  }
}

const registered = (min: number, max: number) => ({min, max, suspended: NOT_SUSPENDED})
const lxPolicy = (target: number, cooldowns: {scaleIn?: number; scaleOut?: number} = {}): {name: string; state: ScalingPolicyState} => ({
  name: 'lx-target-tracking',
  state: utilizationTracking(target, cooldowns),
})
const context = {account, named: true, strict: false}
const kinds = (plan: {changes: Array<{kind: string; target: any}>}) =>
  plan.changes.map(({kind, target}) => {
    const policy = target.policyName ? `/${target.policyName}` : ''
    const action = target.actionName ? `/${target.actionName}` : ''
    return `${kind} ${target.functionName}:${target.qualifier}${policy}${action}`
  })

function refuses(run: () => unknown, reason: RegExp) {
  assert.throws(run, (error: unknown) => error instanceof UserError && error.exitCode === 2 && reason.test(error.message), `expected ${reason}`)
}

describe('planning lx scaling', () => {
  describe('set', () => {
    it('registers the target, then puts the policy (in that order)', () => {
      const plan = planScalingSet([state('api')], {min: 1, max: 10}, context)
      assert.deepEqual(kinds(plan), ['scalable-target api:live', 'scaling-policy api:live/lx-target-tracking'])
      assert.deepEqual(plan.changes[0].before, null)
      assert.deepEqual(plan.changes[0].after, {min: 1, max: 10, suspended: NOT_SUSPENDED})
      assert.deepEqual(plan.changes[1].after, {
        name: 'lx-target-tracking',
        type: 'TargetTrackingScaling',
        targetTracking: {TargetValue: 0.7, PredefinedMetricSpecification: {PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization'}},
      })
    })

    it('plans nothing when target and policy already match (idempotent)', () => {
      const plan = planScalingSet([state('api', {target: registered(1, 10), policies: [lxPolicy(0.7)]})], {min: 1, max: 10}, context)
      assert.equal(plan.changes.length, 0)
      assert.deepEqual(
        plan.unchanged.map((item) => item.reason),
        ['already min 1, max 10', 'already policy lx-target-tracking: target utilization 70 %'],
      )
    })

    it('updates only what differs, and keeps the target value and cooldowns not asked for', () => {
      const plan = planScalingSet(
        [state('api', {target: registered(1, 10), policies: [lxPolicy(0.5, {scaleIn: 120})]})],
        {min: 2, max: 10, scaleOutCooldown: 30},
        context,
      )
      assert.deepEqual(kinds(plan), ['scalable-target api:live', 'scaling-policy api:live/lx-target-tracking'])
      assert.deepEqual(plan.changes[1].after, utilizationTracking(0.5, {scaleIn: 120, scaleOut: 30}))
      // The re-plan on fresh state keeps what somebody else changed meanwhile.
      assert.deepEqual(plan.changes[1].replan!(utilizationTracking(0.4, {scaleIn: 60})), {after: utilizationTracking(0.4, {scaleIn: 60, scaleOut: 30})})
    })

    it('keeps a suspended state as it is, and says so', () => {
      const suspended = {min: 1, max: 5, suspended: {dynamicIn: true, dynamicOut: true, scheduled: false}}
      const plan = planScalingSet([state('api', {target: suspended})], {min: 1, max: 8}, context)
      assert.deepEqual(plan.changes[0].after, {...suspended, max: 8})
      assert.match(plan.warnings.join('\n'), /dynamic scaling suspended/)
    })

    it('warns about other policies on the same target', () => {
      const plan = planScalingSet(
        [state('api', {target: registered(1, 10), policies: [{name: 'terraform-tt', state: utilizationTracking(0.5, {})}]})],
        {min: 1, max: 10},
        context,
      )
      assert.match(plan.warnings.join('\n'), /api:live also has policy terraform-tt/)
    })

    it('refuses a named function whose qualifier does not exist, or is a weighted alias', () => {
      refuses(
        () => planScalingSet([state('api', {qualifierInfo: {exists: false}})], {min: 1, max: 10}, context),
        /Cannot scale provisioned concurrency on api: has no alias or version "live"/,
      )
      refuses(() => planScalingSet([state('api', {qualifierInfo: {exists: true, kind: 'alias', routing: true}})], {min: 1, max: 10}, context), /routing config/)
    })

    it('skips them in a selection, with the reason', () => {
      const plan = planScalingSet([state('api-a'), state('api-b', {qualifierInfo: {exists: false}})], {min: 1, max: 10}, {...context, named: false})
      assert.deepEqual(kinds(plan), ['scalable-target api-a:live', 'scaling-policy api-a:live/lx-target-tracking'])
      assert.deepEqual(plan.skipped, [{target: {functionName: 'api-b', qualifier: 'live'}, reason: 'has no alias or version "live"'}])
    })

    describe('capacity: warn, or refuse with --strict', () => {
      const table: Array<{name: string; fn: Partial<ScalingState>; max: number; over: RegExp | null}> = [
        {name: 'within reserved', fn: {reserved: 20}, max: 20, over: null},
        {name: 'above reserved', fn: {reserved: 20}, max: 21, over: /max 21 is above the 20 it can get \(reserved concurrency 20\)/},
        {
          name: 'reserved shared with another alias',
          fn: {reserved: 20, provisioned: [{qualifier: 'prod', requested: 15}]},
          max: 10,
          over: /above the 5 it can get \(reserved concurrency 20, 15 provisioned on other qualifiers\)/,
        },
        {name: 'within the unreserved pool', fn: {}, max: 800, over: null},
        {name: 'above the unreserved pool', fn: {}, max: 801, over: /above the 800 it can get \(account unreserved 900 − floor 100\)/},
        {name: 'pool plus what this alias holds', fn: {provisioned: [{qualifier: 'live', requested: 50}]}, max: 850, over: null},
        {name: 'reserved 0', fn: {reserved: 0}, max: 1, over: /above the 0 it can get/},
      ]
      for (const row of table) {
        it(row.name, () => {
          const plan = planScalingSet([state('api', row.fn)], {min: 0, max: row.max}, context)
          if (row.over === null) {
            assert.deepEqual(plan.warnings, [])
            planScalingSet([state('api', row.fn)], {min: 0, max: row.max}, {...context, strict: true})
          } else {
            assert.match(plan.warnings.join('\n'), row.over)
            refuses(() => planScalingSet([state('api', row.fn)], {min: 0, max: row.max}, {...context, strict: true}), row.over)
          }
        })
      }

      it('a min above what the function can get is the worse problem, and is named as such', () => {
        const plan = planScalingSet([state('api', {reserved: 5})], {min: 8, max: 20}, context)
        assert.deepEqual(plan.warnings, [
          'api:live: min 8 is above the 5 it can get (reserved concurrency 5); provisioning the minimum will fail (--strict refuses this).',
        ])
      })

      it('notes when provisioned concurrency set by hand will be moved into the range', () => {
        const plan = planScalingSet([state('api', {provisioned: [{qualifier: 'live', requested: 25}]})], {min: 1, max: 10}, context)
        assert.match(plan.notes.join('\n'), /api:live has 25 provisioned now; auto scaling moves it into 1–10/)
      })

      it('capacityOf says where the limit comes from', () => {
        assert.deepEqual(capacityOf(state('api', {reserved: 30}), account), {limit: 30, why: 'reserved concurrency 30'})
      })
    })
  })

  describe('schedule', () => {
    const request = parseScheduleRequest({name: 'peak', schedule: 'cron(0 8 ? * MON-FRI *)', min: '5', max: '20', timezone: 'Europe/Paris'}, NOW)
    const wanted = {name: 'peak', schedule: 'cron(0 8 ? * MON-FRI *)', timezone: 'Europe/Paris', min: 5, max: 20, start: null, end: null}

    it('puts the scheduled action on a registered target', () => {
      const plan = planScalingSchedule([state('api', {target: registered(1, 10)})], request, context)
      assert.deepEqual(kinds(plan), ['scheduled-action api:live/peak'])
      assert.deepEqual(plan.changes[0].after, wanted)
    })

    it('is unchanged when the same schedule exists', () => {
      const plan = planScalingSchedule([state('api', {target: registered(1, 10), actions: [{name: 'peak', state: wanted}]})], request, context)
      assert.equal(plan.changes.length, 0)
      assert.match(plan.unchanged[0].reason!, /already schedule peak: cron\(0 8 \? \* MON-FRI \*\) Europe\/Paris, min 5, max 20/)
    })

    it('replaces a schedule of the same name, keeping start and end times set elsewhere', () => {
      const old = {...wanted, min: 1, start: '2026-01-01T00:00:00.000Z', end: null}
      const plan = planScalingSchedule([state('api', {target: registered(1, 10), actions: [{name: 'peak', state: old}]})], request, context)
      assert.deepEqual(plan.changes[0].after, {...wanted, start: '2026-01-01T00:00:00.000Z'})
    })

    it('refuses without a registered target, and says to run lx scaling set first', () => {
      refuses(() => planScalingSchedule([state('api')], request, context), /No scalable target for api:live; a schedule needs one/)
      try {
        planScalingSchedule([state('api')], request, context)
      } catch (error) {
        assert.match((error as UserError).hint!, /lx scaling set api --qualifier live --min N --max N/)
      }
    })

    it('skips functions without a target in a selection', () => {
      const plan = planScalingSchedule([state('a', {target: registered(1, 10)}), state('b')], request, {...context, named: false})
      assert.deepEqual(kinds(plan), ['scheduled-action a:live/peak'])
      assert.match(plan.skipped[0].reason, /no scalable target/)
    })

    it('warns when only a min above the target max is given', () => {
      const onlyMin = parseScheduleRequest({name: 'peak', schedule: 'rate(1 day)', min: '50'}, NOW)
      const plan = planScalingSchedule([state('api', {target: registered(1, 10)})], onlyMin, context)
      assert.match(plan.warnings.join('\n'), /min 50 is above the target's max 10; give --max too/)
    })

    it('checks capacity like set', () => {
      const big = parseScheduleRequest({name: 'peak', schedule: 'rate(1 day)', min: '5', max: '500'}, NOW)
      refuses(
        () => planScalingSchedule([state('api', {reserved: 100, target: registered(1, 10)})], big, {...context, strict: true}),
        /max 500 is above the 100/,
      )
    })
  })

  describe('remove', () => {
    const action = {schedule: 'rate(1 day)', timezone: null, min: 1, max: null, start: null, end: null}
    const full = state('api', {
      target: registered(1, 10),
      policies: [lxPolicy(0.7)],
      actions: [
        {name: 'night', state: action},
        {name: 'day', state: action},
      ],
    })

    it('removes schedules, then policies, then the target — each one its own change', () => {
      const plan = planScalingRemove([full], {})
      assert.deepEqual(kinds(plan), [
        'scheduled-action api:live/day',
        'scheduled-action api:live/night',
        'scaling-policy api:live/lx-target-tracking',
        'scalable-target api:live',
      ])
      assert.ok(plan.changes.every((change) => change.after === null))
      assert.match(plan.notes.join('\n'), /Provisioned concurrency stays at its current level/)
    })

    it('removes one schedule by name', () => {
      const plan = planScalingRemove([full], {schedule: 'night'})
      assert.deepEqual(kinds(plan), ['scheduled-action api:live/night'])
      assert.deepEqual(plan.changes[0].before, action)
    })

    it('is unchanged when there is nothing to remove (idempotent)', () => {
      assert.equal(planScalingRemove([state('api')], {}).unchanged[0].reason, 'no auto scaling registered')
      assert.equal(planScalingRemove([full], {schedule: 'lunch'}).unchanged[0].reason, 'no schedule "lunch" (it has: night, day)')
    })

    it('warns that step scaling alarms are not restored by undo', () => {
      const step = state('api', {
        target: registered(1, 10),
        policies: [{name: 'steps', state: {type: 'StepScaling', stepScaling: {AdjustmentType: 'ChangeInCapacity'}}}],
      })
      assert.match(planScalingRemove([step], {}).warnings.join('\n'), /step scaling policy steps/)
    })
  })
})
