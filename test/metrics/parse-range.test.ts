import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {formatRange, parseRange, stepRange} from '../../src/metrics/parse-range.js'

describe('parseRange', () => {
  it('reads minutes, hours, days and weeks', () => {
    assert.equal(parseRange('15m'), 900)
    assert.equal(parseRange('3h'), 10_800)
    assert.equal(parseRange('2d'), 172_800)
    assert.equal(parseRange('1w'), 604_800)
    assert.equal(parseRange(' 6H '), 21_600)
  })

  for (const bad of ['', '3', 'h', '3x', '1.5h', '-3h', '3 hours', 'PT3H']) {
    it(`refuses ${JSON.stringify(bad)} with a one-line UserError that shows the format`, () => {
      assert.throws(
        () => parseRange(bad),
        (error: unknown) => {
          assert.ok(error instanceof UserError)
          assert.equal(error.exitCode, 2)
          assert.doesNotMatch(error.message, /\n/)
          assert.match(error.message, /15m, 3h, 2d/)
          return true
        },
      )
    })
  }

  it('refuses ranges out of bounds', () => {
    assert.throws(() => parseRange('1m'), /between 5m and 30d/)
    assert.throws(() => parseRange('31d'), /between 5m and 30d/)
  })

  it('formats seconds back to the shortest exact unit', () => {
    assert.equal(formatRange(10_800), '3h')
    assert.equal(formatRange(5400), '90m')
    assert.equal(formatRange(604_800), '7d')
  })

  it('steps to the next wider or narrower range', () => {
    assert.equal(stepRange(10_800, 1), 21_600)
    assert.equal(stepRange(10_800, -1), 3600)
    assert.equal(stepRange(5400, 1), 10_800, 'from a range between steps')
    assert.equal(stepRange(900, -1), 900, 'stays at the narrowest')
    assert.equal(stepRange(30 * 86_400, 1), 30 * 86_400, 'stays at the widest')
  })
})
