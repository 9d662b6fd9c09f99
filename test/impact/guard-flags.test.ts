import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {parseGuardFlags, parseMinutes} from '../../src/impact/guard-flags.js'

describe('--guard flags', () => {
  it('reads durations in whole minutes, 1m to 24h', () => {
    assert.equal(parseMinutes('10m', '--guard'), 600)
    assert.equal(parseMinutes('2h', '--guard'), 7200)
    assert.equal(parseMinutes('120s', '--guard'), 120)
    assert.equal(parseMinutes('5', '--guard'), 300)
    for (const bad of ['0', '0m', 'abc', '30s', '90s', '25h', '-5m', '']) assert.throws(() => parseMinutes(bad, '--guard'), UserError, bad)
  })

  it('no --guard: no guard, and a stray threshold flag is refused', () => {
    assert.equal(parseGuardFlags({}), undefined)
    assert.throws(() => parseGuardFlags({'guard-latency': '30'}), /--guard-latency only means something with --guard/)
  })

  it('turns thresholds into fractions and checks their range', () => {
    const flags = {
      guard: '10m',
      'guard-error-rate': '1',
      'guard-latency': '40',
      'guard-latency-ms': '100',
      'guard-min-errors': '10',
      'guard-revert': 'regressed',
    }
    assert.deepEqual(parseGuardFlags(flags), {
      seconds: 600,
      revert: 'regressed',
      thresholds: {errorRateRise: 0.01, minErrors: 10, minThrottles: 5, latencyRelative: 0.4, latencyAbsoluteMs: 100},
    })
    assert.throws(() => parseGuardFlags({guard: '10m', 'guard-error-rate': '101'}), /--guard-error-rate "101" is out of range/)
    assert.throws(() => parseGuardFlags({guard: '10m', 'guard-min-throttles': '0'}), /--guard-min-throttles "0" is out of range/)
    assert.throws(() => parseGuardFlags({guard: '10m', 'guard-latency-ms': 'x'}), /--guard-latency-ms "x" is out of range/)
  })

  it('refuses --guard with --dry-run', () => {
    assert.throws(
      () => parseGuardFlags({guard: '10m', 'dry-run': true}),
      (error: UserError) => error.exitCode === 2 && /--dry-run/.test(error.message),
    )
  })
})
