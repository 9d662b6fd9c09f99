import assert from 'node:assert/strict'

import {
  buildSnapshot,
  coldStartKey,
  type ColdStartStatus,
  filterFunctions,
  type FunctionFacts,
  type FunctionSummary,
  initMsKey,
  nextSortKey,
  recentPeriods,
  type SnapshotInput,
  sortFunctions,
  throttleRecency,
} from '../../src/dashboard/dashboard-data.js'
import {accountKey, functionKey, qualifierKey} from '../../src/metrics/metric-queries.js'
import {SeriesStore} from '../../src/metrics/metric-window.js'

const START = 1_700_000_000 - (1_700_000_000 % 3600)
const DISPLAY = {start: START, end: START + 600}
const OK: ColdStartStatus = {state: 'ok', asOf: START + 600, missingLogGroups: []}

function facts(name: string, extra: Partial<FunctionFacts> = {}): FunctionFacts {
  return {functionName: name, reserved: null, provisioned: [], logGroup: `/aws/lambda/${name}`, ...extra}
}

function input(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    region: 'us-east-1',
    rangeSeconds: 600,
    period: 60,
    display: DISPLAY,
    account: {limit: 1000, unreserved: 800, functionCount: 3},
    functions: [],
    metrics: new SeriesStore(),
    coldStarts: new SeriesStore(),
    coldStartStatus: OK,
    ...overrides,
  }
}

const at = (minute: number) => START + minute * 60

describe('buildSnapshot', () => {
  it('sums counts over the range, takes peaks, and relates them to reserved and provisioned', () => {
    const metrics = new SeriesStore()
    metrics.replace(functionKey('a', 'invocations'), DISPLAY, [at(0), at(1), at(9)], [100, 200, 300])
    metrics.replace(functionKey('a', 'throttles'), DISPLAY, [at(1), at(2)], [5, 7])
    metrics.replace(functionKey('a', 'errors'), DISPLAY, [at(3)], [2])
    metrics.replace(functionKey('a', 'concurrency'), DISPLAY, [at(0), at(1)], [40, 95])
    metrics.replace(functionKey('a', 'spillover'), DISPLAY, [at(1)], [12])
    metrics.replace(qualifierKey('a', 'live', 'provisionedUtilization'), DISPLAY, [at(0), at(1)], [0.5, 0.9])
    // Outside the range: must not count.
    metrics.replace(functionKey('a', 'throttles'), {start: at(-5), end: at(0)}, [at(-1)], [1000])
    const coldStarts = new SeriesStore()
    coldStarts.replace(coldStartKey('a'), DISPLAY, [at(0), at(5)], [3, 1])
    coldStarts.replace(initMsKey('a'), DISPLAY, [at(0), at(5)], [900, 500])
    metrics.replace(accountKey('claimed'), DISPLAY, [at(0), at(8)], [300, 250])
    metrics.replace(accountKey('concurrency'), DISPLAY, [at(0), at(8)], [120, 180])
    metrics.replace(accountKey('throttles'), DISPLAY, [at(1)], [40])

    const snapshot = buildSnapshot(
      input({
        metrics,
        coldStarts,
        functions: [facts('a', {reserved: 100, provisioned: [{qualifier: 'live', requested: 20, allocated: 20, available: 20, status: 'READY'}]}), facts('b')],
      }),
    )
    const a = snapshot.functions.find((fn) => fn.functionName === 'a')!
    assert.equal(a.invocations, 600)
    assert.equal(a.throttles, 12)
    assert.equal(a.errors, 2)
    assert.equal(a.coldStarts, 4)
    assert.equal(a.avgInitMs, 350)
    assert.equal(a.peakConcurrency, 95)
    assert.equal(a.reserved, 100)
    assert.equal(a.provisioned, 20)
    assert.equal(a.provisionedUtilization, 0.9)
    assert.equal(a.provisionedUtilizationAvg, 0.7)
    assert.equal(a.spillover, 12)
    assert.equal(a.throttleRate, 12 / 612)
    assert.deepEqual(a.series.throttles, [0, 5, 7, 0, 0, 0, 0, 0, 0, 0])
    assert.deepEqual(a.series.coldStarts, [3, 0, 0, 0, 0, 1, 0, 0, 0, 0])

    const b = snapshot.functions.find((fn) => fn.functionName === 'b')!
    assert.equal(b.coldStarts, 0, 'logs readable, no cold starts: a real zero')
    assert.equal(b.provisioned, null)
    assert.equal(b.provisionedUtilization, null)
    assert.equal(b.spillover, null, 'no spillover figure without provisioned concurrency')
    assert.equal(b.throttleRate, null)

    assert.deepEqual(
      {
        limit: snapshot.account.limit,
        unreserved: snapshot.account.unreserved,
        claimed: snapshot.account.claimedConcurrency,
        peak: snapshot.account.peakConcurrency,
      },
      {limit: 1000, unreserved: 800, claimed: 250, peak: 180},
      'claimed is the latest datapoint; peak the largest',
    )
    assert.equal(snapshot.account.throttles, 40)
    assert.equal(snapshot.account.throttlesScope, 'account')
    assert.equal(snapshot.account.coldStarts, 4)
    assert.equal(snapshot.range, '10m')
    assert.equal(snapshot.from, new Date(START * 1000).toISOString())
    assert.equal(snapshot.series.accountThrottles.length, 10)
  })

  it('makes cold starts null, with the reason, when Logs could not be read', () => {
    const snapshot = buildSnapshot(
      input({
        functions: [facts('a')],
        coldStartStatus: {
          state: 'unreadable',
          reason: 'Logs not readable: Access denied: the credentials in use may not call logs:StartQuery',
          missingLogGroups: [],
        },
      }),
    )
    assert.equal(snapshot.functions[0].coldStarts, null)
    assert.match(snapshot.functions[0].coldStartsReason!, /logs:StartQuery/)
    assert.equal(snapshot.account.coldStarts, null)
    assert.equal(snapshot.series.accountColdStarts, null)
    assert.deepEqual(snapshot.coldStarts, {
      available: false,
      reason: 'Logs not readable: Access denied: the credentials in use may not call logs:StartQuery',
      asOf: null,
      missingLogGroups: [],
    })
  })

  it("makes one function's cold starts null when its log group is missing", () => {
    const snapshot = buildSnapshot(
      input({
        functions: [facts('a'), facts('b', {coldStartsUnavailable: 'log group /aws/lambda/b does not exist'})],
        coldStartStatus: {...OK, missingLogGroups: ['/aws/lambda/b']},
      }),
    )
    assert.equal(snapshot.functions.find((fn) => fn.functionName === 'a')!.coldStarts, 0)
    const b = snapshot.functions.find((fn) => fn.functionName === 'b')!
    assert.equal(b.coldStarts, null)
    assert.equal(b.coldStartsReason, 'log group /aws/lambda/b does not exist')
    assert.equal(snapshot.coldStarts.available, true)
  })

  it('sums the selected functions when CloudWatch sent no account-wide throttles', () => {
    const metrics = new SeriesStore()
    metrics.replace(functionKey('a', 'throttles'), DISPLAY, [at(1)], [3])
    metrics.replace(functionKey('b', 'throttles'), DISPLAY, [at(1), at(2)], [4, 1])
    const snapshot = buildSnapshot(input({metrics, functions: [facts('a'), facts('b')]}))
    assert.equal(snapshot.account.throttlesScope, 'selected functions')
    assert.equal(snapshot.account.throttles, 8)
    assert.deepEqual(snapshot.series.accountThrottles.slice(0, 3), [0, 7, 1])
  })
})

describe('throttleRecency', () => {
  // Minute-periods; the last value is the open minute.
  const series = (...values: number[]) => throttleRecency(values, START, 60)

  it('counts the last 5 complete minutes, not the open one, against the 5 before', () => {
    const result = series(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 99)
    assert.equal(result.recent, 10)
    assert.equal(result.previous, 5)
    assert.equal(result.trend, 'rising')
    assert.equal(result.stoppedAt, null)
  })

  it('says falling, steady and none', () => {
    assert.equal(series(9, 9, 9, 9, 9, 1, 1, 1, 1, 1, 0).trend, 'falling')
    assert.equal(series(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3).trend, 'steady')
    assert.equal(series(0, 0, 0, 0, 0, 0).trend, 'none')
  })

  it('says when throttles stopped: the end of the last throttled minute', () => {
    const result = series(50, 50, 50, 0, 0, 0, 0, 0)
    assert.equal(result.trend, 'stopped')
    assert.equal(result.stoppedAt, START + 3 * 60)
    assert.equal(result.recent, 50, 'two of the last five complete minutes still throttled')
  })

  it('is not stopped while the latest complete minute or the open one throttles', () => {
    assert.equal(series(50, 0, 0, 4, 0).trend === 'stopped', false)
    assert.equal(series(50, 0, 0, 0, 2).trend === 'stopped', false)
  })

  it('takes one period as recent when periods are 5 minutes or longer', () => {
    assert.equal(recentPeriods(60), 5)
    assert.equal(recentPeriods(300), 1)
    assert.equal(recentPeriods(3600), 1)
    assert.equal(throttleRecency([7, 3, 1], START, 300).recent, 3)
  })
})

describe('buildSnapshot: recent throttles', () => {
  it('gives each function its recent throttles, trend and when they stopped, beside the range total', () => {
    const metrics = new SeriesStore()
    // 10-minute range of 1-minute periods (minute 9 is open); "fixed" throttled hard until minute 3, "still" a little throughout.
    metrics.replace(functionKey('fixed', 'throttles'), DISPLAY, [at(0), at(1), at(2)], [900, 900, 900])
    metrics.replace(functionKey('still', 'throttles'), DISPLAY, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(at), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    const snapshot = buildSnapshot(input({metrics, functions: [facts('fixed'), facts('still')]}))
    assert.deepEqual(
      snapshot.functions.map((fn) => [fn.functionName, fn.recentThrottles, fn.throttles]),
      [
        ['still', 5, 10],
        ['fixed', 0, 2700],
      ],
      'the one still throttling on top, each with its range total',
    )
    const fixed = snapshot.functions.find((fn) => fn.functionName === 'fixed')!
    assert.equal(fixed.throttleTrend, 'stopped')
    assert.equal(fixed.throttlesStoppedAt, new Date(at(3) * 1000).toISOString())
    assert.equal(fixed.throttlesStoppedMinutesAgo, 6, 'the latest complete minute is minute 8, which ends at minute 9')
    assert.equal(snapshot.functions[0].throttleTrend, 'steady')
    assert.equal(snapshot.account.recentThrottles, 5)
    assert.equal(snapshot.recent.seconds, 300)
    assert.equal(snapshot.recent.to, new Date(at(9) * 1000).toISOString())
    assert.equal(snapshot.recent.from, new Date(at(4) * 1000).toISOString())
  })
})

describe('sorting and filtering', () => {
  const row = (name: string, throttles: number, coldStarts: number | null, invocations = 0, recentThrottles = 0): FunctionSummary => ({
    functionName: name,
    invocations,
    throttles,
    recentThrottles,
    throttleTrend: throttles > 0 ? 'steady' : 'none',
    throttlesStoppedAt: null,
    throttlesStoppedMinutesAgo: null,
    errors: 0,
    coldStarts,
    avgInitMs: null,
    throttleRate: null,
    peakConcurrency: 0,
    reserved: null,
    provisioned: null,
    provisionedUtilization: null,
    provisionedUtilizationAvg: null,
    spillover: null,
    series: {throttles: [], coldStarts: null},
  })
  const rows = [row('c', 0, 9, 50), row('a', 5, 1), row('b', 5, 3, 10), row('d', 0, null, 99)]

  it('puts the most throttled first, then the most cold starts, then by name', () => {
    assert.deepEqual(
      sortFunctions(rows).map((fn) => fn.functionName),
      ['b', 'a', 'c', 'd'],
    )
  })

  it('ranks by the recent minutes first: a function fixed a minute ago falls below one still throttling', () => {
    const fixed = row('fixed', 213_000, 0, 0, 0)
    const still = row('still', 40, 0, 0, 8)
    assert.deepEqual(
      sortFunctions([fixed, still]).map((fn) => fn.functionName),
      ['still', 'fixed'],
    )
  })

  it('sorts by cold starts with unknown counts last', () => {
    assert.deepEqual(
      sortFunctions(rows, 'coldStarts').map((fn) => fn.functionName),
      ['c', 'b', 'a', 'd'],
    )
    assert.deepEqual(
      sortFunctions(rows, 'invocations').map((fn) => fn.functionName),
      ['d', 'c', 'b', 'a'],
    )
    assert.deepEqual(
      sortFunctions(rows, 'name').map((fn) => fn.functionName),
      ['a', 'b', 'c', 'd'],
    )
    assert.deepEqual(
      rows.map((fn) => fn.functionName),
      ['c', 'a', 'b', 'd'],
      'input untouched',
    )
  })

  it('cycles sort keys and filters by name', () => {
    assert.equal(nextSortKey('throttles'), 'coldStarts')
    assert.equal(nextSortKey('name'), 'throttles')
    assert.deepEqual(
      filterFunctions([row('Orders-API', 0, 0), row('billing', 0, 0)], 'orders').map((fn) => fn.functionName),
      ['Orders-API'],
    )
    assert.equal(filterFunctions(rows, '  ').length, 4)
  })
})
