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
  type SnapshotInput,
  sortFunctions,
} from '../../src/metrics/dashboard-data.js'
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
      {limit: snapshot.account.limit, unreserved: snapshot.account.unreserved, claimed: snapshot.account.claimedConcurrency, peak: snapshot.account.peakConcurrency},
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
        coldStartStatus: {state: 'unreadable', reason: 'Logs not readable: Access denied: the credentials in use may not call logs:StartQuery', missingLogGroups: []},
      }),
    )
    assert.equal(snapshot.functions[0].coldStarts, null)
    assert.match(snapshot.functions[0].coldStartsReason!, /logs:StartQuery/)
    assert.equal(snapshot.account.coldStarts, null)
    assert.equal(snapshot.series.accountColdStarts, null)
    assert.deepEqual(snapshot.coldStarts, {available: false, reason: 'Logs not readable: Access denied: the credentials in use may not call logs:StartQuery', asOf: null, missingLogGroups: []})
  })

  it('makes one function\'s cold starts null when its log group is missing', () => {
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

describe('sorting and filtering', () => {
  const row = (name: string, throttles: number, coldStarts: number | null, invocations = 0): FunctionSummary => ({
    functionName: name,
    invocations,
    throttles,
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
    assert.deepEqual(sortFunctions(rows).map((fn) => fn.functionName), ['b', 'a', 'c', 'd'])
  })

  it('sorts by cold starts with unknown counts last', () => {
    assert.deepEqual(sortFunctions(rows, 'coldStarts').map((fn) => fn.functionName), ['c', 'b', 'a', 'd'])
    assert.deepEqual(sortFunctions(rows, 'invocations').map((fn) => fn.functionName), ['d', 'c', 'b', 'a'])
    assert.deepEqual(sortFunctions(rows, 'name').map((fn) => fn.functionName), ['a', 'b', 'c', 'd'])
    assert.deepEqual(rows.map((fn) => fn.functionName), ['c', 'a', 'b', 'd'], 'input untouched')
  })

  it('cycles sort keys and filters by name', () => {
    assert.equal(nextSortKey('throttles'), 'coldStarts')
    assert.equal(nextSortKey('name'), 'throttles')
    assert.deepEqual(filterFunctions([row('Orders-API', 0, 0), row('billing', 0, 0)], 'orders').map((fn) => fn.functionName), ['Orders-API'])
    assert.equal(filterFunctions(rows, '  ').length, 4)
  })
})
