import assert from 'node:assert/strict'

import {type AccountState, type FunctionState, planProvisioned, planReserved, validateQualifierFlag} from '../../src/concurrency/plan-concurrency.js'
import {parseWholeNumber} from '../../src/input/numbers.js'
import {UserError} from '../../src/errors.js'

const account: AccountState = {limit: 1000, unreserved: 800, floor: 100}

function fn(
  name: string,
  reserved: number | null,
  provisioned: Array<[string, number]> = [],
  qualifier: FunctionState['qualifier'] = {exists: true, kind: 'alias', routing: false},
): FunctionState {
  return {functionName: name, reserved, provisioned: provisioned.map(([q, n]) => ({qualifier: q, requested: n, allocated: n, status: 'READY'})), qualifier}
}

function refusal(run: () => unknown, code: string, message: RegExp) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UserError, 'a UserError (exit 2)')
    assert.equal(error.code, code)
    assert.match(error.message, message)
    assert.ok(error.hint, 'says what to do')
    return true
  })
}

describe('concurrency planning', () => {
  describe('numbers and qualifiers', () => {
    const cases: Array<[string, string, number, number | RegExp]> = [
      ['reserved', '0', 0, 0],
      ['reserved', '250', 0, 250],
      ['reserved', '-1', 0, /whole number ≥ 0, not "-1"/],
      ['reserved', '2.5', 0, /whole number ≥ 0, not "2.5"/],
      ['reserved', 'ten', 0, /not "ten"/],
      ['reserved', '', 0, /whole number/],
      ['provisioned', '0', 1, /whole number ≥ 1, not 0/],
      ['provisioned', '1', 1, 1],
      ['provisioned', '1e3', 1, /not "1e3"/],
    ]
    for (const [flag, raw, min, expected] of cases) {
      it(`--${flag} ${JSON.stringify(raw)} → ${expected}`, () => {
        if (typeof expected === 'number') assert.equal(parseWholeNumber(flag, raw, {min}), expected)
        else refusal(() => parseWholeNumber(flag, raw, {min}), 'BadNumber', expected)
      })
    }

    it('refuses $LATEST, a missing qualifier and a malformed one', () => {
      refusal(() => validateQualifierFlag('$LATEST'), 'LatestQualifier', /\$LATEST/)
      refusal(() => validateQualifierFlag(undefined), 'MissingQualifier', /needs --qualifier/)
      refusal(() => validateQualifierFlag('live alias'), 'BadQualifier', /not an alias name or version/)
      assert.equal(validateQualifierFlag('live'), 'live')
      assert.equal(validateQualifierFlag('12'), '12')
    })
  })

  describe('reserved', () => {
    it('plans before → after and the account unreserved before → after', () => {
      const plan = planReserved([fn('a', null), fn('b', 20)], 50, {account, named: true})
      assert.deepEqual(
        plan.changes.map((c) => [c.target.functionName, c.before, c.after]),
        [
          ['a', {reserved: null}, {reserved: 50}],
          ['b', {reserved: 20}, {reserved: 50}],
        ],
      )
      // a takes 50 from the pool, b 30 more.
      assert.match(plan.notes[0], /unreserved concurrency: 800 → 720 \(floor 100/)
    })

    it('leaves functions already at the value unchanged (idempotent)', () => {
      const plan = planReserved([fn('a', 50)], 50, {account, named: true})
      assert.equal(plan.changes.length, 0)
      assert.equal(plan.unchanged.length, 1)
    })

    it('counts provisioned concurrency of a function without reservation as already out of the pool', () => {
      // b runs 30 provisioned with no reservation: reserving 40 takes only 10 more.
      const plan = planReserved([fn('b', null, [['live', 30]])], 40, {account, named: true})
      assert.match(plan.notes[0], /800 → 790/)
    })

    it('refuses to go below the unreserved floor, saying how much is left', () => {
      refusal(
        () => planReserved([fn('a', null), fn('b', null)], 400, {account, named: true}),
        'BelowUnreservedFloor',
        /leave 0 unreserved, below the account's floor of 100; only 700 more/,
      )
    })

    it('uses a lower floor when told', () => {
      const plan = planReserved([fn('a', null)], 790, {account: {...account, floor: 10}, named: true})
      assert.equal(plan.changes.length, 1)
    })

    it('allows lowering reservations on an account already below its floor', () => {
      const plan = planReserved([fn('a', 500)], 100, {account: {...account, unreserved: 50}, named: true})
      assert.equal(plan.changes.length, 1)
    })

    it('refuses reserved below the provisioned concurrency already configured', () => {
      refusal(
        () =>
          planReserved(
            [
              fn('a', 100, [
                ['live', 30],
                ['2', 20],
              ]),
            ],
            40,
            {account, named: true},
          ),
        'BelowProvisioned',
        /40 is below the provisioned concurrency of a \(50 provisioned\)/,
      )
    })

    it('unset returns the reservation to the pool', () => {
      const plan = planReserved([fn('a', 100, [['live', 30]])], null, {account, named: true})
      assert.deepEqual(plan.changes[0].after, {reserved: null})
      assert.match(plan.notes[0], /800 → 870/)
    })
  })

  describe('provisioned', () => {
    it('plans a new config and takes it from the pool when the function has no reservation', () => {
      const plan = planProvisioned([fn('a', null)], 'live', 25, {account, named: true})
      assert.deepEqual(plan.changes[0], {
        kind: 'provisioned',
        target: {functionName: 'a', qualifier: 'live'},
        before: {requested: null},
        after: {requested: 25},
      })
      assert.match(plan.notes[0], /800 → 775/)
    })

    it('does not touch the pool inside a reservation', () => {
      const plan = planProvisioned([fn('a', 100)], 'live', 25, {account, named: true})
      assert.match(plan.notes[0], /800 → 800/)
    })

    it('refuses more than the reservation, summed over the other qualifiers', () => {
      refusal(
        () => planProvisioned([fn('a', 50, [['2', 30]])], 'live', 25, {account, named: true}),
        'AboveReserved',
        /exceed the reserved concurrency of a \(reserved 50, 30 provisioned elsewhere\)/,
      )
      // Replacing the config on the same qualifier is measured without its old value.
      assert.equal(planProvisioned([fn('a', 50, [['live', 30]])], 'live', 50, {account, named: true}).changes.length, 1)
    })

    it('refuses what the account cannot give', () => {
      refusal(() => planProvisioned([fn('a', null)], 'live', 750, {account, named: true}), 'BelowUnreservedFloor', /only 700 more/)
    })

    it('refuses an unknown qualifier or a routing alias for named functions', () => {
      refusal(
        () => planProvisioned([fn('a', null, [], {exists: false})], 'live', 5, {account, named: true}),
        'BadQualifier',
        /a: has no alias or version "live"/,
      )
      refusal(
        () => planProvisioned([fn('a', null, [], {exists: true, kind: 'alias', routing: true})], 'live', 5, {account, named: true}),
        'BadQualifier',
        /routing config/,
      )
    })

    it('points at lx, not the AWS CLI, to see the aliases of the refused functions', () => {
      assert.throws(
        () => planProvisioned([fn('a', null, [], {exists: false}), fn('b', null, [], {exists: false})], 'live', 5, {account, named: true}),
        (error: unknown) => error instanceof UserError && /`lx concurrency list a b --aliases`/.test(error.hint ?? '') && !/aws lambda/.test(error.hint ?? ''),
      )
    })

    it('skips them, with the reason, for a selector', () => {
      const plan = planProvisioned([fn('a', null, [], {exists: false}), fn('b', null)], 'live', 5, {account, named: false})
      assert.deepEqual(plan.skipped, [{target: {functionName: 'a', qualifier: 'live'}, reason: 'has no alias or version "live"'}])
      assert.equal(plan.changes.length, 1)
    })

    it('is unchanged when already at the value, and unset removes the config', () => {
      assert.equal(planProvisioned([fn('a', null, [['live', 5]])], 'live', 5, {account, named: true}).unchanged.length, 1)
      const unset = planProvisioned([fn('a', null, [['live', 5]])], 'live', null, {account, named: true})
      assert.deepEqual(unset.changes[0].after, {requested: null})
      assert.match(unset.notes[0], /800 → 805/)
      assert.equal(planProvisioned([fn('a', null)], 'live', null, {account, named: true}).unchanged.length, 1)
    })
  })
})
