// The "what if" replay on hand-made demand: throttles beyond the cap, cold starts above the warm
// pool, provisioned concurrency pre-warmed, and the usage the cost is priced from.
import assert from 'node:assert/strict'

import {constantLevel, replay, utilisation, WARM_SECONDS} from '../../src/recommend/replay.js'
import {type DemandSeries, estimateDemand} from '../../src/recommend/traffic-demand.js'

/** Demand at 5-minute periods; average defaults to the peak (steady traffic). */
function demand(peak: number[], options: {attempted?: number[]; average?: number[]; period?: number} = {}): DemandSeries {
  return {
    period: options.period ?? 300,
    start: 0,
    peak,
    average: options.average ?? peak,
    attempted: options.attempted ?? peak.map((value) => value * 1000),
    meanDurationMs: 100,
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000

describe('concurrency plan: replay (what if)', () => {
  const throttleCases: Array<{name: string; peak: number[]; attempted: number[]; cap: number; throttles: number; requests: number}> = [
    {name: 'demand under the cap: nothing throttled', peak: [10, 20], attempted: [1000, 2000], cap: 30, throttles: 0, requests: 3000},
    {name: 'demand twice the cap: half the requests throttled', peak: [40], attempted: [8000], cap: 20, throttles: 4000, requests: 4000},
    {name: 'cap 0: everything throttled', peak: [5], attempted: [500], cap: 0, throttles: 500, requests: 0},
    {name: 'only the periods above the cap throttle', peak: [10, 50, 10], attempted: [1000, 5000, 1000], cap: 25, throttles: 2500, requests: 4500},
  ]
  for (const row of throttleCases) {
    it(`throttles: ${row.name}`, () => {
      const result = replay(demand(row.peak, {attempted: row.attempted}), {cap: row.cap, provisioned: constantLevel(0)})
      assert.equal(round(result.throttles), row.throttles)
      assert.equal(round(result.requests), row.requests)
    })
  }

  it('under the cap that throttled, the replay gives back the throttles CloudWatch counted', () => {
    const traffic = {
      period: 300,
      start: 0,
      invocations: [24_000, 20_000, 10_000],
      throttles: [6000, 0, 2500],
      durationAvgMs: [250, 250, 250],
      durationP99Ms: [400, 400, 400],
      concurrencyMax: [20, 18, 20],
    }
    const result = replay(estimateDemand(traffic), {cap: 20, provisioned: constantLevel(0)})
    assert.equal(round(result.throttles), 8500)
  })

  const coldCases: Array<{name: string; peak: number[]; provisioned: number; period?: number; cold: number}> = [
    {name: 'steady traffic: no cold starts', peak: [10, 10, 10, 10], provisioned: 0, cold: 0},
    {name: 'a rise from 10 to 25 starts 15 environments', peak: [10, 25, 25], provisioned: 0, cold: 15},
    {name: 'a dip shorter than the warm time costs nothing when traffic comes back', peak: [20, 5, 20], provisioned: 0, cold: 0},
    {name: 'after more than WARM_SECONDS idle the environments are gone', peak: [20, 0, 0, 0, 20], provisioned: 0, cold: 20},
    {name: 'provisioned 15 pre-warms: only the 10 above it are cold', peak: [5, 25], provisioned: 15, cold: 10},
    {name: 'provisioned above the peak: none at all', peak: [0, 30, 0, 0, 0, 30], provisioned: 30, cold: 0},
    {
      name: 'at 1-minute periods the warm time spans ten periods',
      peak: [8, ...new Array(9).fill(0), 8, ...new Array(11).fill(0), 8],
      provisioned: 0,
      period: 60,
      cold: 8,
    },
  ]
  for (const row of coldCases) {
    it(`cold starts: ${row.name}`, () => {
      const result = replay(demand(row.peak, {period: row.period}), {cap: 1000, provisioned: constantLevel(row.provisioned)})
      assert.equal(round(result.coldStarts), row.cold)
    })
  }

  it('the warm time is 10 minutes (documented assumption)', () => {
    assert.equal(WARM_SECONDS, 600)
  })

  it('a cap also limits what can start cold', () => {
    const result = replay(demand([10, 60]), {cap: 30, provisioned: constantLevel(0)})
    assert.equal(round(result.coldStarts), 20)
  })

  it('a scheduled level pre-warms when it rises, and its environment-time is what is paid for', () => {
    const result = replay(demand([2, 2, 12, 12], {average: [2, 2, 10, 10]}), {cap: 100, provisioned: (i) => (i >= 2 ? 12 : 2)})
    assert.equal(result.coldStarts, 0)
    assert.equal(result.provisionedSeconds, (2 + 2 + 12 + 12) * 300)
    assert.equal(result.provisionedUsedSeconds, (2 + 2 + 10 + 10) * 300)
    assert.equal(round(utilisation(result)), round(24 / 28))
    assert.equal(result.computeSeconds, 24 * 300)
  })

  it('provisioned concurrency above the cap counts only up to the cap', () => {
    const result = replay(demand([5]), {cap: 10, provisioned: constantLevel(50)})
    assert.equal(result.provisionedSeconds, 10 * 300)
  })

  it('utilisation is 0 when nothing was provisioned', () => {
    assert.equal(utilisation(replay(demand([5]), {cap: 10, provisioned: constantLevel(0)})), 0)
  })
})
