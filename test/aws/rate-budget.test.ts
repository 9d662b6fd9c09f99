import assert from 'node:assert/strict'

import {DEFAULT_RATE_LIMITS, MIN_RATE, RateBudget, TokenBucket} from '../../src/aws/rate-budget.js'

/** A bucket on a fake clock: `send()` waits (in simulated time) for a token and returns when it was granted. */
function fakeBucket(limit: number) {
  const clock = {now: 1_000_000}
  const bucket = new TokenBucket(limit, {now: () => clock.now})
  const send = (): number => {
    for (let wait = bucket.tryTake(); wait > 0; wait = bucket.tryTake()) clock.now += wait
    return clock.now
  }

  /** Sends as fast as the bucket allows for `seconds`, every request succeeding; returns how many went. */
  const sendFor = (seconds: number): number => {
    const end = clock.now + seconds * 1000
    let sent = 0
    while (clock.now < end) {
      send()
      bucket.succeeded()
      sent++
    }

    return sent
  }

  return {bucket, clock, send, sendFor}
}

/**
 * lx's bucket against a service whose real quota is lower than lx's limit (a token bucket of
 * `quota`/s with a one-second burst, as AWS and the sandbox meter it), with demand that never lets
 * up: returns the throttled and successful answers over `seconds` of simulated time.
 */
function againstQuota(limit: number, quota: number, seconds: number) {
  const {bucket, clock, send} = fakeBucket(limit)
  let serviceTokens = quota
  let refilledAt = clock.now
  let throttled = 0
  let ok = 0
  const end = clock.now + seconds * 1000
  while (clock.now < end) {
    const grantedAt = send()
    clock.now += 3 // the answer's round trip
    serviceTokens = Math.min(quota, serviceTokens + ((clock.now - refilledAt) / 1000) * quota)
    refilledAt = clock.now
    if (serviceTokens >= 1) {
      serviceTokens -= 1
      ok++
      bucket.succeeded()
    } else {
      throttled++
      bucket.throttled(grantedAt)
    }
  }

  return {throttled, ok, bucket}
}

describe('rate budget (adaptive pacing)', () => {
  it('starts at a tenth of the limit and reaches the limit within a couple of seconds of answers', () => {
    const {bucket, sendFor} = fakeBucket(100)
    assert.equal(bucket.ratePerSecond, 10)
    const first = sendFor(1)
    assert.ok(first < 60, `the first second sends ${first}, not the full 100`)
    sendFor(2)
    assert.equal(bucket.ratePerSecond, 100)
    const steady = sendFor(5)
    assert.ok(steady >= 490 && steady <= 510, `${steady} requests in 5 s at 100/s`)
  })

  it('halves the pace on a throttle, once for all the requests already sent at the old pace', () => {
    const {bucket, clock, send, sendFor} = fakeBucket(20)
    sendFor(6)
    assert.equal(bucket.ratePerSecond, 20)
    const inFlight = [send(), send(), send()]
    clock.now += 5
    for (const grantedAt of inFlight) bucket.throttled(grantedAt)
    assert.equal(bucket.ratePerSecond, 10, 'three throttles of one burst cut the pace once')
    const after = send()
    bucket.throttled(after)
    assert.equal(bucket.ratePerSecond, 5, 'a request sent after the cut and throttled again cuts again')
    for (let i = 0; i < 20; i++) bucket.throttled(send())
    assert.equal(bucket.ratePerSecond, MIN_RATE, 'never below the floor')
  })

  it('recovers gradually while calls succeed, up to the limit and never beyond', () => {
    const {bucket, send, sendFor} = fakeBucket(15)
    sendFor(6)
    bucket.throttled(send())
    bucket.throttled(send())
    assert.equal(bucket.ratePerSecond, 7.5)
    sendFor(0.5)
    const early = bucket.ratePerSecond
    assert.ok(early > 7.5 && early < 15, `half a second after the throttle the pace is ${early}`)
    sendFor(10)
    assert.equal(bucket.ratePerSecond, 15)
  })

  it('does not grow the pace while lx sends less than it allows', () => {
    const {bucket, clock, send, sendFor} = fakeBucket(100)
    sendFor(6)
    bucket.throttled(send())
    bucket.throttled(send())
    assert.equal(bucket.ratePerSecond, 50)
    // One request a second for a minute: nothing says 100/s would pass, so once the busy seconds
    // before the throttle are out of the measurement, the pace stays put.
    const paceAt: number[] = []
    for (let i = 0; i < 60; i++) {
      clock.now += 1000
      send()
      bucket.succeeded()
      paceAt.push(bucket.ratePerSecond)
    }

    assert.ok(paceAt[59] < 100, `pace ${paceAt[59]}`)
    assert.equal(paceAt[59], paceAt[4])
  })

  it('against a quota far below the limit, throttled answers stay under a quarter of the successful ones', () => {
    const control = againstQuota(15, 2, 60)
    assert.ok(control.ok >= 100, `${control.ok} successful calls in 60 s at a 2/s quota`)
    assert.ok(control.throttled <= control.ok / 4, `${control.throttled} throttled vs ${control.ok} successful`)
    const getFunction = againstQuota(100, 5, 60)
    assert.ok(getFunction.ok >= 250, `${getFunction.ok} successful calls in 60 s at a 5/s quota`)
    assert.ok(getFunction.throttled <= getFunction.ok / 4, `${getFunction.throttled} throttled vs ${getFunction.ok} successful`)
  })

  it('a lone throttle among many successes does not cut the pace; a few random ones keep it near the limit', () => {
    const {bucket, send, sendFor} = fakeBucket(15)
    sendFor(6)
    bucket.throttled(send())
    assert.equal(bucket.ratePerSecond, 15, 'one throttle in twenty answers: retried, not a reason to halve the run')
    // 2.5 % of the answers throttled at random (5 % faults, half of them 429s), for a simulated minute.
    for (let i = 0; i < 15 * 60; i++) {
      send()
      if (i % 40 === 17) bucket.throttled(send())
      else bucket.succeeded()
    }

    assert.ok(bucket.ratePerSecond >= 14, `pace ${bucket.ratePerSecond} after a minute of scattered throttles`)
  })

  it('take() grants at once while tokens are left; a limit of 0 or Infinity never waits', async () => {
    const bucket = new TokenBucket(100)
    const granted = await bucket.take()
    assert.ok(granted > 0)
    for (const limit of [0, Number.POSITIVE_INFINITY]) {
      const unlimited = new TokenBucket(limit)
      for (let i = 0; i < 1000; i++) assert.equal(unlimited.tryTake(), 0)
    }
  })

  it('Lambda calls other than GetFunction share one bucket; each CloudWatch Logs operation has its own', () => {
    const budget = new RateBudget(DEFAULT_RATE_LIMITS)
    // Lambda's 15/s is one quota for the whole control plane: a throttle on one call slows them all.
    assert.equal(budget.bucketFor('lambda', 'UpdateFunctionConfiguration'), budget.bucketFor('lambda', 'GetAlias'))
    assert.notEqual(budget.bucketFor('lambda', 'GetFunction'), budget.bucketFor('lambda', 'GetAlias'))
    // Logs meters each API action on its own: polling forty queries must not delay the next StartQuery.
    const start = budget.bucketFor('logs', 'StartQuery')
    const poll = budget.bucketFor('logs', 'GetQueryResults')
    assert.notEqual(start, poll)
    assert.equal(budget.bucketFor('logs', 'StartQuery'), start)
    assert.equal(start.limit, DEFAULT_RATE_LIMITS.logs)
    assert.equal(poll.limit, DEFAULT_RATE_LIMITS.logs)
  })
})
