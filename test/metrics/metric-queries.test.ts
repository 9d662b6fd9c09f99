import assert from 'node:assert/strict'

import {
  batchQueries,
  countGetMetricDataCalls,
  countMetricQueries,
  MAX_QUERIES_PER_CALL,
  type MetricTarget,
  periodForRange,
  planMetricQueries,
} from '../../src/metrics/metric-queries.js'

function targets(count: number, withProvisioned: Record<number, string[]> = {}): MetricTarget[] {
  return Array.from({length: count}, (_, index) => ({functionName: `fn-${index}`, provisionedQualifiers: withProvisioned[index] ?? []}))
}

describe('metric queries', () => {
  it('chooses the finest period (a multiple of 60) that keeps a series under 360 points', () => {
    assert.equal(periodForRange(15 * 60), 60)
    assert.equal(periodForRange(3 * 3600), 60)
    assert.equal(periodForRange(6 * 3600), 60)
    assert.equal(periodForRange(12 * 3600), 120)
    assert.equal(periodForRange(86_400), 300)
    assert.equal(periodForRange(2 * 86_400), 600)
    assert.equal(periodForRange(7 * 86_400), 1800)
    assert.equal(periodForRange(30 * 86_400), 10_800)
    for (const range of [900, 10_800, 86_400, 7 * 86_400, 30 * 86_400]) {
      const period = periodForRange(range)
      assert.equal(period % 60, 0)
      assert.ok(range / period <= 360)
    }
  })

  it('asks for 4 series per function, 5 for the account, and provisioned series only where configured', () => {
    const planned = planMetricQueries(targets(3, {1: ['live', '7']}), 60)
    assert.equal(planned.length, 5 + 4 * 3 + 1 + 2)
    assert.equal(planned.length, countMetricQueries(3, 1, 2))
    const byKey = new Map(planned.map((entry) => [entry.key, entry.query]))
    const throttles = byKey.get('fn/fn-0/throttles')!
    assert.deepEqual(throttles.MetricStat, {
      Metric: {Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{Name: 'FunctionName', Value: 'fn-0'}]},
      Period: 60,
      Stat: 'Sum',
    })
    assert.equal(byKey.get('fn/fn-0/concurrency')!.MetricStat!.Stat, 'Maximum')
    assert.deepEqual(byKey.get('fn/fn-1:live/provisionedUtilization')!.MetricStat!.Metric!.Dimensions, [
      {Name: 'FunctionName', Value: 'fn-1'},
      {Name: 'Resource', Value: 'fn-1:live'},
    ])
    assert.equal(byKey.get('fn/fn-1/spillover')!.MetricStat!.Metric!.MetricName, 'ProvisionedConcurrencySpilloverInvocations')
    assert.ok(!byKey.has('fn/fn-0/spillover'), 'no spillover series without provisioned concurrency')
    assert.deepEqual(byKey.get('account/claimed')!.MetricStat!.Metric, {Namespace: 'AWS/Lambda', MetricName: 'ClaimedAccountConcurrency', Dimensions: []})
  })

  it('gives every query a unique id that starts with a lowercase letter, whatever the function names', () => {
    const names: MetricTarget[] = [
      {functionName: 'Orders-API_v2', provisionedQualifiers: ['live']},
      {functionName: '9-lives', provisionedQualifiers: []},
    ]
    const ids = planMetricQueries(names, 60).map((entry) => entry.query.Id!)
    for (const id of ids) assert.match(id, /^[a-z][a-zA-Z0-9_]*$/)
    assert.equal(new Set(ids).size, ids.length)
  })

  it('batches at most 500 queries per call', () => {
    const planned = planMetricQueries(targets(200), 60)
    assert.equal(planned.length, 805)
    const batches = batchQueries(planned)
    assert.deepEqual(
      batches.map((batch) => batch.length),
      [500, 305],
    )
    assert.equal(batches.length, countGetMetricDataCalls(planned.length))
    assert.deepEqual(batches.flat(), planned, 'nothing lost or reordered')
    assert.deepEqual(batchQueries([], MAX_QUERIES_PER_CALL), [])
    assert.deepEqual(
      batchQueries(Array.from({length: 1000}, (_, i) => i)).map((batch) => batch.length),
      [500, 500],
    )
  })

  it('counts calls as ceil(queries / 500)', () => {
    assert.equal(countGetMetricDataCalls(0), 0)
    assert.equal(countGetMetricDataCalls(500), 1)
    assert.equal(countGetMetricDataCalls(501), 2)
    assert.equal(countGetMetricDataCalls(countMetricQueries(200)), 2)
    assert.equal(countGetMetricDataCalls(countMetricQueries(1000)), 9)
  })
})
