import assert from 'node:assert/strict'

import {createClock} from '../../src/sandbox/clock.js'
import {RateLimiter, parseRateSpec} from '../../src/sandbox/rate-limit.js'

describe('sandbox rate limits and clock', () => {
  describe('parseRateSpec', () => {
    it('merges classes over the AWS defaults', () => {
      assert.deepEqual(parseRateSpec('control=5'), {getfunction: 100, control: 5})
      assert.deepEqual(parseRateSpec('getfunction=100,control=15'), {getfunction: 100, control: 15})
      assert.deepEqual(parseRateSpec('logs=5, control=off'), {getfunction: 100, logs: 5})
    })

    it('takes lambda=N for the shared control plane and class names in any case', () => {
      assert.deepEqual(parseRateSpec('lambda=2,GetFunction=5'), {getfunction: 5, control: 2})
      assert.deepEqual(parseRateSpec('LAMBDA=2'), {getfunction: 100, control: 2})
      assert.deepEqual(parseRateSpec('GetFunction=off'), {control: 15})
      assert.throws(() => parseRateSpec('lamda=2'), /unknown class "lamda"; use getfunction, control, lambda/)
    })

    it('turns limits off', () => {
      assert.equal(parseRateSpec('off'), 'off')
      assert.equal(parseRateSpec('OFF'), 'off')
    })

    it('refuses malformed specs', () => {
      assert.throws(() => parseRateSpec('control'), /invalid rate "control"/)
      assert.throws(() => parseRateSpec('control=0'), /above 0/)
      assert.throws(() => parseRateSpec('control=-1'), /invalid rate/)
    })
  })

  describe('RateLimiter', () => {
    it('allows a one-second burst, then the steady rate, and says how long to wait', () => {
      let now = 0
      const limiter = new RateLimiter({control: 15}, () => now)
      for (let i = 0; i < 15; i++) assert.equal(limiter.take('control'), 0, `call ${i + 1}`)
      const wait = limiter.take('control')
      assert.ok(wait > 60 && wait <= 67, `wait ${wait} ms for the next token at 15/s`)
      now += 67
      assert.equal(limiter.take('control'), 0)
      assert.ok(limiter.take('control') > 0)
      now += 10_000
      for (let i = 0; i < 15; i++) assert.equal(limiter.take('control'), 0)
      assert.ok(limiter.take('control') > 0, 'tokens never exceed the burst')
    })

    it('keeps classes apart and never limits an unknown class', () => {
      const limiter = new RateLimiter({control: 1, getfunction: 1}, () => 0)
      assert.equal(limiter.take('control'), 0)
      assert.ok(limiter.take('control') > 0)
      assert.equal(limiter.take('getfunction'), 0)
      for (let i = 0; i < 100; i++) assert.equal(limiter.take('other'), 0)
      assert.equal(limiter.take(undefined), 0)
    })

    it('does nothing when off', () => {
      const limiter = new RateLimiter('off', () => 0)
      assert.equal(limiter.enabled, false)
      for (let i = 0; i < 100; i++) assert.equal(limiter.take('control'), 0)
    })
  })

  describe('simulated clock', () => {
    it('runs `speed` times faster than real time and can jump forward', () => {
      let real = 1000
      const clock = createClock(60, 1_700_000_000_000, () => real)
      assert.equal(clock.now(), 1_700_000_000_000)
      real += 1000
      assert.equal(clock.now(), 1_700_000_060_000)
      clock.advance(5000)
      assert.equal(clock.now(), 1_700_000_065_000)
      assert.throws(() => clock.advance(-1), /backwards/)
      assert.throws(() => createClock(0), /positive/)
    })
  })
})
