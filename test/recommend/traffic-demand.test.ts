// The demand model of `lx concurrency plan` on hand-made series: Little's law, what a cap hides,
// the typical day, the busy hour and the busy span a schedule covers.
import assert from 'node:assert/strict'

import {
  busyHour,
  busySpan,
  dailyShapeRatio,
  estimateDemand,
  hourOfDayProfile,
  inSpan,
  littleConcurrency,
  meanDuration,
  type TrafficSeries,
  troughConcurrency,
} from '../../src/recommend/traffic-demand.js'

const DAY = 86_400
/** Midnight UTC, so hour h of day d starts at START + d·DAY + h·3600. */
const START = 1_700_006_400 - (1_700_006_400 % DAY)

function series(partial: Partial<TrafficSeries> & {invocations: number[]}): TrafficSeries {
  const n = partial.invocations.length
  return {
    period: 300,
    start: START,
    throttles: new Array(n).fill(0),
    durationAvgMs: new Array(n).fill(100),
    durationP99Ms: new Array(n).fill(200),
    concurrencyMax: new Array(n).fill(0),
    ...partial,
  }
}

/** One value per hour for `days` days, at 1-hour periods. */
function hourly(days: number, perHour: (hour: number) => number): number[] {
  return Array.from({length: days * 24}, (_, i) => perHour(i % 24))
}

describe('concurrency plan: demand (Little, caps, the typical day)', () => {
  it('Little: concurrency = requests per second × duration in seconds', () => {
    const cases: Array<[number, number, number]> = [
      [100, 0.25, 25],
      [0.02, 240, 4.8],
      [0, 5, 0],
      [40, 0.5, 20],
    ]
    for (const [rps, seconds, expected] of cases) assert.ok(Math.abs(littleConcurrency(rps, seconds) - expected) < 1e-9, `${rps} req/s × ${seconds} s`)
  })

  it('the mean duration is weighted by invocations and skips periods without any', () => {
    const traffic = series({invocations: [100, 300, 0], durationAvgMs: [200, 100, null]})
    assert.equal(meanDuration(traffic), 125)
    assert.equal(meanDuration(series({invocations: [0, 0], durationAvgMs: [null, null]})), null)
  })

  const table: Array<{name: string; traffic: TrafficSeries; attempted: number[]; average: number[]; peak: number[]}> = [
    {
      name: 'unthrottled: the peak is the observed maximum',
      traffic: series({invocations: [30_000], durationAvgMs: [250], concurrencyMax: [40]}),
      attempted: [30_000],
      average: [25], // 100 req/s × 0.25 s
      peak: [40],
    },
    {
      name: 'throttled at a cap of 20: demand = 20 × attempted / served',
      traffic: series({invocations: [24_000], throttles: [24_000], durationAvgMs: [250], concurrencyMax: [20]}),
      attempted: [48_000],
      average: [40],
      peak: [40],
    },
    {
      name: 'a missing ConcurrentExecutions datapoint falls back to Little',
      traffic: series({invocations: [6000], durationAvgMs: [500], concurrencyMax: [0]}),
      attempted: [6000],
      average: [10],
      peak: [10],
    },
    {
      name: 'every request throttled (reserved 0): Little with the window mean duration',
      traffic: series({invocations: [3000, 0], throttles: [0, 3000], durationAvgMs: [100, null], concurrencyMax: [2, 0]}),
      attempted: [3000, 3000],
      average: [1, 1],
      peak: [2, 1],
    },
  ]
  for (const row of table) {
    it(row.name, () => {
      const demand = estimateDemand(row.traffic)
      assert.deepEqual(demand.attempted, row.attempted)
      assert.deepEqual(
        demand.average.map((v) => Math.round(v * 1000) / 1000),
        row.average,
      )
      assert.deepEqual(
        demand.peak.map((v) => Math.round(v * 1000) / 1000),
        row.peak,
      )
    })
  }

  it('the hour-of-day profile averages each UTC hour over the days; the busy hour is its highest', () => {
    // Two days: hour 18 carries 36 000 requests (10 req/s) × 1 s on day one and 20 req/s on day two.
    const invocations = hourly(2, (hour) => (hour === 18 ? 36_000 : 3600))
    invocations[24 + 18] = 72_000
    const traffic = series({period: 3600, invocations, durationAvgMs: new Array(48).fill(1000), concurrencyMax: new Array(48).fill(1)})
    const profile = hourOfDayProfile(estimateDemand(traffic))
    assert.equal(profile.length, 24)
    assert.equal(profile[18], 15) // (10 + 20) / 2
    assert.equal(profile[3], 1)
    assert.deepEqual(busyHour(profile), {hour: 18, concurrency: 15})
    assert.equal(troughConcurrency(profile), 1)
    assert.equal(dailyShapeRatio(profile), 15)
  })

  it('a window shorter than a day covers only some hours (null elsewhere)', () => {
    const traffic = series({period: 3600, invocations: [3600, 7200, 3600], durationAvgMs: [1000, 1000, 1000]})
    const profile = hourOfDayProfile(estimateDemand(traffic))
    assert.deepEqual(profile.slice(0, 4), [1, 2, 1, null])
    assert.deepEqual(busyHour(profile), {hour: 1, concurrency: 2})
    assert.equal(busySpan(profile, 1), undefined, 'no schedule from a partial day')
  })

  it('daily shape: flat traffic is 1, silent nights are infinite, no traffic is 1', () => {
    assert.equal(dailyShapeRatio(new Array(24).fill(5)), 1)
    assert.equal(dailyShapeRatio([...new Array(23).fill(0), 4]), Number.POSITIVE_INFINITY)
    assert.equal(dailyShapeRatio(new Array(24).fill(0)), 1)
  })

  const spans: Array<{name: string; profile: number[]; threshold: number; expected: ReturnType<typeof busySpan>}> = [
    {name: 'afternoon', profile: hourly(1, (h) => (h >= 13 && h < 23 ? 30 : 10)), threshold: 20, expected: {startHour: 13, endHour: 23, hours: 10}},
    {name: 'across midnight', profile: hourly(1, (h) => (h >= 22 || h < 5 ? 5 : 0.2)), threshold: 3, expected: {startHour: 22, endHour: 5, hours: 7}},
    {name: 'one hour', profile: hourly(1, (h) => (h === 9 ? 8 : 1)), threshold: 5, expected: {startHour: 9, endHour: 10, hours: 1}},
    {name: 'every hour busy: no quiet hours to schedule', profile: hourly(1, () => 10), threshold: 5, expected: undefined},
    {name: 'even the busy hour is under the threshold', profile: hourly(1, (h) => h), threshold: 30, expected: undefined},
  ]
  for (const row of spans) {
    it(`busy span: ${row.name}`, () => {
      assert.deepEqual(busySpan(row.profile, row.threshold), row.expected)
    })
  }

  it('the busy span only takes the run of hours around the busy hour, not a separate bump', () => {
    const profile = hourly(1, (h) => (h === 6 ? 9 : h >= 16 && h < 20 ? (h === 18 ? 12 : 10) : 1))
    assert.deepEqual(busySpan(profile, 8), {startHour: 16, endHour: 20, hours: 4})
  })

  it('inSpan: the span starts `lead` seconds early and ends on time, across midnight too', () => {
    const span = {startHour: 22, endHour: 5, hours: 7}
    const at = (h: number, m = 0) => START + 3 * DAY + h * 3600 + m * 60
    assert.equal(inSpan(span, at(21, 44), 900), false)
    assert.equal(inSpan(span, at(21, 45), 900), true)
    assert.equal(inSpan(span, at(23, 59), 900), true)
    assert.equal(inSpan(span, at(4, 59), 900), true)
    assert.equal(inSpan(span, at(5, 0), 900), false)
    assert.equal(inSpan(span, at(12, 0)), false)
  })
})
