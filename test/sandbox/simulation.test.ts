import assert from 'node:assert/strict'

import {LambdaClient, PutFunctionConcurrencyCommand, PutProvisionedConcurrencyConfigCommand} from '@aws-sdk/client-lambda'

import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {step, type StepInput} from '../../src/sandbox/simulation/arithmetic.js'
import {ACCOUNT, FN, PC} from '../../src/sandbox/simulation/records.js'
import {RING_MINUTES} from '../../src/sandbox/simulation/simulation.js'
import {dailyShape, minuteTraffic} from '../../src/sandbox/simulation/traffic.js'
import {lambdaClient, quickSandbox} from './helpers.js'

/** 18:00 UTC on a Wednesday: checkout-api's peak hour. */
const PEAK = Date.UTC(2024, 4, 1, 18, 0, 0)
const minuteOf = (epochMs: number) => Math.floor(epochMs / 60_000)

function input(overrides: Partial<StepInput>): StepInput {
  return {
    rps: 0,
    peakRps: 0,
    durationMs: 500,
    errorRate: 0,
    seconds: 1,
    reserved: null,
    poolFactor: 1,
    provisioned: [],
    warm: Number.POSITIVE_INFINITY,
    recycleSeconds: Number.POSITIVE_INFINITY,
    ...overrides,
  }
}

/** Copies a record out of the simulation's scratch buffer. */
const copy = (record: Float64Array | undefined) => (record ? Array.from(record) : undefined)

function sum(sandbox: Sandbox, name: string, field: number, fromMinute: number, toMinute: number): number {
  let total = 0
  for (let minute = fromMinute; minute < toMinute; minute++) total += sandbox.simulation.functionRecord(name, minute)![field]
  return total
}

describe('sandbox traffic simulation', () => {
  describe('the arithmetic of one step', () => {
    it('follows Little’s law: 200 req/s × 0.5 s = 100 concurrent, all served', () => {
      const r = step(input({rps: 200, peakRps: 200}))
      assert.equal(r.demand, 100)
      assert.equal(r.concurrency, 100)
      assert.equal(r.invocations, 200)
      assert.equal(r.throttles, 0)
    })

    it('throttles what exceeds a reservation: a cap of 60 serves 120 req/s and throttles 80', () => {
      const r = step(input({rps: 200, peakRps: 200, reserved: 60}))
      assert.equal(r.concurrency, 60)
      assert.equal(r.invocations, 120)
      assert.equal(r.throttles, 80)
      const off = step(input({rps: 200, peakRps: 200, reserved: 0}))
      assert.deepEqual([off.invocations, off.throttles], [0, 200], 'reserved 0 throttles everything')
    })

    it('shares the unreserved pool by its factor when the account runs out', () => {
      const r = step(input({rps: 100, peakRps: 100, poolFactor: 0.25}))
      assert.equal(r.concurrency, 12.5)
      assert.equal(r.invocations, 25)
      assert.equal(r.throttles, 75)
    })

    it('serves provisioned concurrency first: PC 50 with 30 concurrent is 60 % used, no spillover', () => {
      const r = step(input({rps: 60, peakRps: 60, provisioned: [{allocated: 50, share: 1}]}))
      assert.equal(r.provisioned[0].utilization, 0.6)
      assert.equal(r.provisioned[0].invocations, 60)
      assert.equal(r.provisioned[0].spillover, 0)
      assert.equal(r.onDemand, 0)
    })

    it('spills over what PC cannot hold: 80 concurrent on PC 50 sends 30 to on-demand', () => {
      const r = step(input({rps: 160, peakRps: 160, provisioned: [{allocated: 50, share: 1}]}))
      assert.equal(r.provisioned[0].utilization, 1)
      assert.equal(r.onDemand, 30)
      assert.equal(r.provisioned[0].spillover, 60, '30 concurrent of 0.5 s = 60 spillover invocations a second')
      assert.equal(r.invocations, 160)
    })

    it('keeps provisioned concurrency inside the reservation: reserved 60 with PC 50 leaves 10 on-demand', () => {
      const r = step(input({rps: 160, peakRps: 160, reserved: 60, provisioned: [{allocated: 50, share: 1}]}))
      assert.equal(r.concurrency, 60)
      assert.equal(r.provisioned[0].spillover, 20)
      assert.equal(r.throttles, 40)
    })

    it('starts environments only above the warm pool; provisioned ones are pre-warmed', () => {
      assert.equal(step(input({rps: 160, peakRps: 160, warm: 100})).coldStarts, 0, '80 needed, 100 warm')
      assert.equal(step(input({rps: 160, peakRps: 160, warm: 60})).coldStarts, 20, '80 needed, 60 warm')
      const withPc = step(input({rps: 160, peakRps: 160, warm: 0, provisioned: [{allocated: 50, share: 1}]}))
      assert.equal(withPc.coldStarts, 30, 'only the 30 spilling to on-demand start cold')
      assert.equal(step(input({rps: 160, peakRps: 240, warm: 80})).coldStarts, 40, 'the step’s peak (120 concurrent) decides')
    })

    it('counts errors of the invocations that ran, never of throttled requests', () => {
      const r = step(input({rps: 200, peakRps: 200, reserved: 60, errorRate: 0.1}))
      assert.equal(r.errors, 12)
    })

    it('makes rare requests start cold after an idle gap, and recycles busy environments now and then', () => {
      const rare = step(input({rps: 0.001, peakRps: 0.001, seconds: 60, warm: 1, recycleSeconds: undefined}))
      assert.ok(rare.coldStarts / (0.001 * 60) > 0.6, 'most requests minutes apart find no warm environment')
      const busy = step(input({rps: 200, peakRps: 200, seconds: 60, warm: 100, recycleSeconds: 7200}))
      assert.ok(busy.coldStarts > 0 && busy.coldStarts < 2, `a few recycled environments a minute, got ${busy.coldStarts}`)
    })
  })

  describe('traffic', () => {
    const profile = {baselineRps: 10, peakRps: 100, peakHourUtc: 18, burstRps: 200, avgDurationMs: 200, errorRate: 0.01, initDurationMs: 400}

    it('is deterministic for a seed and peaks at the profile’s hour', () => {
      const minute = minuteOf(PEAK)
      assert.deepEqual(minuteTraffic(profile, 7, minute), minuteTraffic(profile, 7, minute))
      assert.notDeepEqual(minuteTraffic(profile, 7, minute), minuteTraffic(profile, 8, minute))
      assert.equal(dailyShape(18, (PEAK / 1000) % 86_400), 1)
      assert.equal(dailyShape(18, 6 * 3600), 0)
      const peak = minuteTraffic(profile, 7, minute).base
      const night = minuteTraffic(profile, 7, minute - 12 * 60).base
      assert.ok(peak > 70 && night < 15, `peak ${peak}, night ${night}`)
    })

    it('has occasional bursts toward burstRps', () => {
      let bursts = 0
      for (let minute = minuteOf(PEAK); minute < minuteOf(PEAK) + 24 * 60; minute += 10) if (minuteTraffic(profile, 7, minute).burstExtra > 0) bursts++
      assert.ok(bursts > 10 && bursts < 60, `${bursts} of 144 ten-minute slots burst`)
    })
  })

  describe('history before the start', () => {
    let sandbox: Sandbox
    before(async () => {
      sandbox = await quickSandbox({startTime: PEAK})
    })
    after(async () => {
      await sandbox.stop()
    })

    it('throttles a function whose reservation is below its demand: at its peak hours, or all day when even its quiet hours need more', () => {
      const start = minuteOf(PEAK)
      // payments-webhook: reserved 10 against ~5 concurrent at night and ~24 at 18:00.
      const evening = sum(sandbox, 'payments-webhook', FN.throttles, start - 60, start)
      const morning = sum(sandbox, 'payments-webhook', FN.throttles, start - 13 * 60, start - 12 * 60)
      assert.ok(evening > 10_000, `${evening} throttles in the hour before 18:00`)
      assert.equal(morning, 0)
      // checkout-api: reserved 20 below its demand at every hour, so any scenario built on it holds whenever it runs.
      for (let hour = 0; hour < 24; hour++) {
        const from = start - 24 * 60 + hour * 60
        let quietest = Number.POSITIVE_INFINITY
        for (let minute = from; minute < from + 60; minute++)
          quietest = Math.min(quietest, sandbox.simulation.functionRecord('checkout-api', minute)![FN.throttles])
        assert.ok(quietest > 500, `checkout-api throttles every minute of ${hour}:00–${hour + 1}:00 (least: ${quietest})`)
      }
      assert.ok(sum(sandbox, 'legacy-billing', FN.throttles, start - 1440, start) > 0, 'reserved 0: every invoke throttled')
      assert.equal(sum(sandbox, 'legacy-billing', FN.invocations, start - 1440, start), 0)
    })

    it('has a clear daily shape', () => {
      const start = minuteOf(PEAK)
      const atPeak = sum(sandbox, 'orders-api', FN.invocations, start - 30, start)
      const atNight = sum(sandbox, 'orders-api', FN.invocations, start - 12 * 60 - 30, start - 12 * 60)
      assert.ok(atPeak > 2 * atNight, `17:30-18:00 ${atPeak} vs 05:30-06:00 ${atNight}`)
    })

    it('shows the idle provisioned function reports-nightly barely used', () => {
      const start = minuteOf(PEAK)
      let highest = 0
      let minutes = 0
      for (let minute = start - 1440; minute < start; minute++) {
        const record = sandbox.simulation.qualifierRecord('reports-nightly', 'live', minute)
        if (!record) continue
        minutes++
        highest = Math.max(highest, record[PC.utilizationMax])
      }
      assert.equal(minutes, 1440, 'utilisation reported every minute while PC is allocated')
      assert.ok(highest > 0 && highest <= 0.3, `highest utilisation over a day: ${highest}`)
    })

    it('is the same for the same seed and differs for another', async () => {
      const other = await quickSandbox({startTime: PEAK})
      const reseeded = await quickSandbox({startTime: PEAK, trafficSeed: 2})
      try {
        const minute = minuteOf(PEAK) - 500
        assert.deepEqual(copy(other.simulation.functionRecord('catalog-api', minute)), copy(sandbox.simulation.functionRecord('catalog-api', minute)))
        assert.notDeepEqual(copy(reseeded.simulation.functionRecord('catalog-api', minute)), copy(sandbox.simulation.functionRecord('catalog-api', minute)))
      } finally {
        await other.stop()
        await reseeded.stop()
      }
    })

    it('adds the functions up into the account-wide series', () => {
      const minute = minuteOf(PEAK) - 10
      const account = copy(sandbox.simulation.accountRecord(minute))!
      const invocations = sandbox.simulation
        .functionNames()
        .reduce((total, name) => total + sandbox.simulation.functionRecord(name, minute)![FN.invocations], 0)
      assert.equal(account[ACCOUNT.invocations], invocations)
      // 280 reserved + 85 provisioned outside reservations are claimed whatever runs.
      assert.ok(account[ACCOUNT.claimedMax] >= 365 + account[ACCOUNT.unreservedMax] - 1)
      assert.ok(account[ACCOUNT.concurrencyMax] >= account[ACCOUNT.unreservedMax])
    })
  })

  describe('live simulation', () => {
    let sandbox: Sandbox
    let lambda: LambdaClient
    beforeEach(async () => {
      sandbox = await quickSandbox({startTime: PEAK, provisionLagMs: 120_000})
      lambda = lambdaClient(sandbox)
    })
    afterEach(async () => {
      lambda.destroy()
      await sandbox.stop()
    })

    it('advances only when asked: no timer runs, even at a high speed', async () => {
      const fast = await startSandbox({speed: 100_000, startTime: PEAK, log: () => {}})
      try {
        const reached = fast.simulation.simulatedTo
        await new Promise((resolve) => setTimeout(resolve, 50))
        assert.equal(fast.simulation.simulatedTo, reached, 'nothing moved between requests')
        await fetch(`${fast.url}/2016-08-19/account-settings`)
        assert.ok(fast.simulation.simulatedTo - reached >= 60 * 60_000, 'a request brought it up to the clock (an hour or more later)')
      } finally {
        await fast.stop()
      }
    })

    it('lets a raised reservation end the throttles from the next minute on', async () => {
      sandbox.clock.advance(120_000)
      sandbox.simulation.sync()
      const before = sandbox.simulation.openMinute - 1
      assert.ok(sandbox.simulation.functionRecord('checkout-api', before)![FN.throttles] > 1000)
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'checkout-api', ReservedConcurrentExecutions: 200}))
      const changedIn = minuteOf(sandbox.clock.now())
      sandbox.clock.advance(120_000)
      sandbox.simulation.sync()
      const after = copy(sandbox.simulation.functionRecord('checkout-api', changedIn + 1))!
      assert.equal(after[FN.throttles], 0)
      assert.ok(after[FN.concurrencyMax] > 20, `concurrency rises above the old cap: ${after[FN.concurrencyMax]}`)
      // History keeps the settings of its time.
      assert.ok(sandbox.simulation.functionRecord('checkout-api', minuteOf(PEAK) - 30)![FN.throttles] > 1000)
    })

    it('starts cold the environments a higher cap makes room for', async () => {
      sandbox.clock.advance(60_000)
      sandbox.simulation.sync()
      const changedIn = minuteOf(sandbox.clock.now())
      await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'checkout-api', ReservedConcurrentExecutions: 200}))
      sandbox.clock.advance(180_000)
      sandbox.simulation.sync()
      const logs = sandbox.simulation.logMinutes('checkout-api', changedIn, changedIn + 2)!
      assert.ok(logs.coldStarts[0] + logs.coldStarts[1] >= 10, `new environments start cold: ${logs.coldStarts.join(', ')}`)
    })

    it('uses new provisioned concurrency once allocated, not while IN_PROGRESS', async () => {
      sandbox.clock.advance(60_000)
      await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'catalog-api', Qualifier: 'live', ProvisionedConcurrentExecutions: 20}))
      const asked = minuteOf(sandbox.clock.now())
      sandbox.clock.advance(4 * 60_000)
      sandbox.simulation.sync()
      assert.equal(sandbox.simulation.qualifierRecord('catalog-api', 'live', asked + 1), undefined, 'allocating: nothing to use yet')
      const ready = copy(sandbox.simulation.qualifierRecord('catalog-api', 'live', asked + 3))!
      assert.equal(ready[PC.allocated], 20)
      assert.ok(ready[PC.invocations] > 0 && ready[PC.utilizationMax] > 0)
    })

    it('follows a traffic change made during the run', () => {
      sandbox.clock.advance(60_000)
      sandbox.simulation.setTraffic('geo-lookup', {baselineRps: 2000, peakRps: 2000, burstRps: 0, avgDurationMs: 50})
      const from = minuteOf(sandbox.clock.now()) + 1
      sandbox.clock.advance(3 * 60_000)
      sandbox.simulation.sync()
      const record = sandbox.simulation.functionRecord('geo-lookup', from)!
      assert.ok(record[FN.invocations] > 100_000, `${record[FN.invocations]} invocations a minute at ~2000/s`)
      assert.ok(record[FN.concurrencyMax] >= 90 && record[FN.concurrencyMax] <= 130, `2000/s × 50 ms ≈ 100 concurrent: ${record[FN.concurrencyMax]}`)
    })

    // How quickly is measured by `npm run bench` (scripts/bench-sandbox.js).
    it('catches up over days, and minutes older than its live window come back as history', () => {
      sandbox.clock.advance(3 * 86_400_000)
      sandbox.simulation.sync()
      const latest = sandbox.simulation.openMinute
      const dayAgoPeak = minuteOf(PEAK) + 2 * 1440 - 30
      assert.ok(latest - dayAgoPeak > RING_MINUTES, 'outside the live window')
      assert.ok(sandbox.simulation.functionRecord('checkout-api', dayAgoPeak)![FN.throttles] > 1000, 'still throttled at the peak a day earlier')
      assert.ok(sandbox.simulation.functionRecord('checkout-api', latest - 1)![FN.throttles] > 1000, 'and at the latest peak')
    })
  })

  describe('performance', () => {
    // How fast is for `npm run bench` to measure: on a shared CI machine a time limit here fails at random.
    it('catches up 20 simulated minutes of the default account within one request', async () => {
      const sandbox = await quickSandbox({startTime: PEAK})
      try {
        sandbox.clock.advance(60_000)
        await fetch(`${sandbox.url}/2016-08-19/account-settings`)
        sandbox.clock.advance(20 * 60_000)
        const response = await fetch(`${sandbox.url}/2016-08-19/account-settings`)
        assert.equal(response.status, 200)
        assert.ok(sandbox.simulation.openMinute >= minuteOf(PEAK) + 21, 'the simulation reached the clock')
        assert.ok(sandbox.simulation.functionRecord('checkout-api', sandbox.simulation.openMinute - 1)![FN.throttles] > 0)
      } finally {
        await sandbox.stop()
      }
    })
  })
})
