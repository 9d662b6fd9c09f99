// Metric math in the sandbox's GetMetricData: the evaluator on its own (series made by hand), then
// through the SDK against the traffic simulation, as error-rate alarms and change judgement use it.
import assert from 'node:assert/strict'

import {CloudWatchClient, GetMetricDataCommand, type MetricDataQuery} from '@aws-sdk/client-cloudwatch'

import type {Sandbox} from '../../src/sandbox/index.js'
import {evaluateExpression, type LabeledSeries, type MathValue, MetricMathError, parseExpression} from '../../src/sandbox/simulation/metric-math.js'
import {expectAwsError, quickSandbox, REGION} from './helpers.js'

/** Series over minutes 0..5 (epoch seconds 0, 60, …); undefined leaves a minute without a datapoint. */
function ts(label: string, values: Array<number | undefined>): LabeledSeries {
  const series: LabeledSeries = {label, timestamps: [], values: []}
  values.forEach((value, minute) => {
    if (value === undefined) return
    series.timestamps.push(minute * 60)
    series.values.push(value)
  })
  return series
}

const SERIES: Record<string, LabeledSeries> = {
  a: ts('A', [1, 2, 3, 4, 5, 6]),
  b: ts('B', [10, undefined, 30, undefined, 50, 60]),
  zero: ts('Zero', [0, 1, 0, 2, 0, 4]),
  errors_x: ts('ErrorsX', [1, 1, 1, 1, 1, 1]),
}

/** Minute by minute as a plain array (undefined where no datapoint), for the six minutes. */
function run(text: string): Array<Array<number | undefined>> | Array<number | undefined> {
  const result = evaluateExpression(parseExpression(text), {
    valueOf: (id): MathValue => ({kind: 'series', series: SERIES[id]}),
    metricIds: () => Object.keys(SERIES),
    bins: (period) => Array.from({length: 6 * (60 / period)}, (_, i) => i * period),
    period: 60,
  })
  const plain = (s: LabeledSeries) =>
    Array.from({length: 6}, (_, minute) => {
      const index = s.timestamps.indexOf(minute * 60)
      return index < 0 ? undefined : s.values[index]
    })
  return Array.isArray(result) ? result.map(plain) : plain(result)
}

describe('sandbox metric math', () => {
  describe('the evaluator', () => {
    const cases: Array<[string, unknown]> = [
      ['a * 2 + 1', [3, 5, 7, 9, 11, 13]],
      ['(a + 1) * 2', [4, 6, 8, 10, 12, 14]],
      ['-a + 10 / 2 ^ 2', [1.5, 0.5, -0.5, -1.5, -2.5, -3.5]],
      ['100 - 4 - 1', undefined], // a number alone is refused below
      // Between two series a missing value counts as 0.
      ['a + b', [11, 2, 33, 4, 55, 66]],
      // Dividing by zero drops the datapoint.
      ['a / zero', [undefined, 2, undefined, 2, undefined, 1.5]],
      // Over an array, timestamp by timestamp; AVG counts a missing value as 0, MIN/MAX look at values present.
      ['SUM([a, b])', [11, 2, 33, 4, 55, 66]],
      ['AVG([a, b])', [5.5, 1, 16.5, 2, 27.5, 33]],
      ['MIN([a, b])', [1, 2, 3, 4, 5, 6]],
      ['MAX([a, b])', [10, 2, 30, 4, 50, 60]],
      // Of one series, a number over all its datapoints.
      ['a - AVG(a)', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]],
      ['a / MAX(a) * SUM(a) / MIN(a)', [3.5, 7, 10.5, 14, 17.5, 21]],
      ['FILL(b, 0)', [10, 0, 30, 0, 50, 60]],
      ['FILL(b, REPEAT)', [10, 10, 30, 30, 50, 60]],
      ['FILL(b, LINEAR)', [10, 20, 30, 40, 50, 60]],
      ['FILL(b, -1) * 2', [20, -2, 60, -2, 100, 120]],
      [
        '[a, b] * 10',
        [
          [10, 20, 30, 40, 50, 60],
          [100, undefined, 300, undefined, 500, 600],
        ],
      ],
      ['METRICS("errors")', [[1, 1, 1, 1, 1, 1]]],
      ['SUM(METRICS()) - zero', [12, 3, 34, 5, 56, 67]],
      ['ABS(-a) + FLOOR(a / 4) + CEIL(0.5)', [2, 3, 4, 6, 7, 8]],
    ]
    for (const [text, expected] of cases) {
      if (expected === undefined) continue
      it(`${text} → ${JSON.stringify(expected)}`, () => {
        assert.deepEqual(run(text), expected)
      })
    }

    it('FILL with REPEAT leaves a gap at the start (nothing before it to repeat); LINEAR fills only between two values', () => {
      SERIES.late = ts('Late', [undefined, 2, undefined, 4, undefined, undefined])
      try {
        assert.deepEqual(run('FILL(late, REPEAT)'), [undefined, 2, 2, 4, 4, 4])
        assert.deepEqual(run('FILL(late, LINEAR)'), [undefined, 2, 3, 4, undefined, undefined])
      } finally {
        delete SERIES.late
      }
    })

    it('names the ids an expression uses', () => {
      assert.deepEqual(parseExpression('errors / (invocations + throttles) * 100').ids, ['errors', 'invocations', 'throttles'])
      assert.equal(parseExpression('SUM(METRICS())').readsAllMetrics, true)
    })

    const refused: Array<[string, RegExp]> = [
      ['a +', /expected|unexpected the end of the expression/],
      ['(a + b', /expected "\)", found the end of the expression/],
      ['a $ b', /unexpected character "\$" at position 3/],
      ['Upper + 1', /"Upper" at position 1 is neither a function nor an id/],
      ['STDDEV(a)', /the function STDDEV is not supported by the sandbox/],
      ['SUM(a)', /final result must be a time series/],
      ['100 - 4', /final result must be a time series/],
      ['SUM(3)', /SUM takes a time series or an array of time series, not a number/],
      ['FILL(a)', /FILL takes 2 arguments, got 1/],
      ['a + REPEAT', /REPEAT is only allowed as the second argument of FILL/],
      ['[a, b] + [a, b]', /cannot combine two arrays/],
    ]
    for (const [text, message] of refused) {
      it(`refuses ${text}`, () => {
        assert.throws(
          () => run(text),
          (error: Error) => error instanceof MetricMathError && message.test(error.message),
        )
      })
    }
  })

  describe('GetMetricData with expressions (SDK against the sandbox)', () => {
    const PEAK_S = Date.UTC(2024, 4, 1, 18, 0, 0) / 1000
    let sandbox: Sandbox
    let cw: CloudWatchClient

    const metric = (id: string, name: string, functionName: string, returnData = false): MetricDataQuery => ({
      Id: id,
      MetricStat: {Metric: {Namespace: 'AWS/Lambda', MetricName: name, Dimensions: [{Name: 'FunctionName', Value: functionName}]}, Period: 60, Stat: 'Sum'},
      ReturnData: returnData,
    })
    const get = (queries: MetricDataQuery[], fromS = PEAK_S - 600, toS = PEAK_S) => {
      const window = {StartTime: new Date(fromS * 1000), EndTime: new Date(toS * 1000)}
      return cw.send(new GetMetricDataCommand({MetricDataQueries: queries, ...window, ScanBy: 'TimestampAscending'}))
    }

    before(async () => {
      sandbox = await quickSandbox({startTime: PEAK_S * 1000})
      cw = new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})
    })
    after(async () => {
      cw.destroy()
      await sandbox.stop()
    })

    it('answers an error rate and a throttle rate; the metrics they use stay hidden (ReturnData false)', async () => {
      const out = await get([
        metric('invocations', 'Invocations', 'checkout-api'),
        metric('errors', 'Errors', 'checkout-api'),
        metric('throttles', 'Throttles', 'checkout-api'),
        {Id: 'error_rate', Expression: '100 * errors / invocations', Label: 'Error rate (%)'},
        {Id: 'throttle_rate', Expression: 'throttles / (invocations + throttles)'},
      ])
      assert.deepEqual(
        out.MetricDataResults!.map((r) => [r.Id, r.Label, r.StatusCode]),
        [
          ['error_rate', 'Error rate (%)', 'Complete'],
          ['throttle_rate', 'throttle_rate', 'Complete'],
        ],
      )
      const plain = await get(['Invocations', 'Errors', 'Throttles'].map((name, i) => metric(`q${i}`, name, 'checkout-api', true)))
      const [invocations, errors, throttles] = plain.MetricDataResults!.map((r) => r.Values!)
      const [errorRate, throttleRate] = out.MetricDataResults!
      assert.equal(errorRate.Values!.length, 10)
      assert.deepEqual(errorRate.Timestamps, plain.MetricDataResults![0].Timestamps)
      errorRate.Values!.forEach((value, i) => assert.ok(Math.abs(value - (100 * errors[i]) / invocations[i]) < 1e-9))
      throttleRate.Values!.forEach((value, i) => {
        assert.ok(Math.abs(value - throttles[i] / (invocations[i] + throttles[i])) < 1e-9)
        assert.ok(value > 0.5, `reserved 20 throttles most of checkout-api's peak: ${value}`)
      })
    })

    it('sums a list timestamp by timestamp, and fills a sparse metric over the window', async () => {
      const out = await get(
        [
          metric('a', 'Invocations', 'checkout-api', true),
          metric('b', 'Invocations', 'orders-api', true),
          {Id: 'both', Expression: 'SUM([a, b])'},
          // dev-playground runs about once in 17 minutes: most minutes have no datapoint.
          metric('rare', 'Invocations', 'dev-playground', true),
          {Id: 'filled', Expression: 'FILL(rare, 0)'},
          {Id: 'repeated', Expression: 'FILL(rare, REPEAT)'},
        ],
        PEAK_S - 3600,
      )
      const byId = new Map(out.MetricDataResults!.map((r) => [r.Id, r]))
      const [a, b, both] = ['a', 'b', 'both'].map((id) => byId.get(id)!.Values!)
      assert.deepEqual(
        both,
        a.map((value, i) => value + b[i]),
      )
      const rare = byId.get('rare')!
      assert.ok(rare.Values!.length < 30, `sparse: ${rare.Values!.length} datapoints in an hour`)
      assert.equal(byId.get('filled')!.Values!.length, 60, 'a datapoint every minute of the hour')
      assert.equal(
        byId.get('filled')!.Values!.reduce((s, v) => s + v, 0),
        rare.Values!.reduce((s, v) => s + v, 0),
      )
      assert.ok(byId.get('repeated')!.Values!.every((v) => v > 0))
    })

    it('an expression over METRICS() answers one result per metric, under the expression’s id', async () => {
      const out = await get([
        {...metric('m1', 'Invocations', 'checkout-api'), Label: 'checkout'},
        {...metric('m2', 'Invocations', 'orders-api'), Label: 'orders'},
        {Id: 'per_second', Expression: 'METRICS() / 60', Label: 'per second'},
      ])
      assert.deepEqual(
        out.MetricDataResults!.map((r) => [r.Id, r.Label, r.Values!.length]),
        [
          ['per_second', 'per second checkout', 10],
          ['per_second', 'per second orders', 10],
        ],
      )
    })

    it('refuses, as CloudWatch words it: unknown ids, cycles, a number as the result, syntax, both or neither of MetricStat and Expression', async () => {
      const cases: Array<[MetricDataQuery[], RegExp]> = [
        [[metric('m1', 'Invocations', 'checkout-api'), {Id: 'e1', Expression: 'm1 / m2'}], /^Error in expression e1: Unrecognized metric or expression id: m2/],
        [
          [
            {Id: 'e1', Expression: 'e2 + 1'},
            {Id: 'e2', Expression: 'e1 * 2'},
          ],
          /^Error in expression e1: circular reference: e1 -> e2 -> e1$/,
        ],
        [[{Id: 'e1', Expression: 'e1 + 1'}], /^Error in expression e1: an expression cannot use its own id/],
        [[metric('m1', 'Invocations', 'checkout-api'), {Id: 'e1', Expression: 'SUM(m1)'}], /^Error in expression e1: the final result must be/],
        [[metric('m1', 'Invocations', 'checkout-api'), {Id: 'e1', Expression: 'm1 +* 2'}], /^Error in expression e1: unexpected "\*" at position 5$/],
        [[{...metric('m1', 'Invocations', 'checkout-api'), Expression: 'm1'}], /Exactly one of MetricStat and Expression must be specified/],
        [[{Id: 'e1'}], /Exactly one of MetricStat and Expression must be specified/],
      ]
      for (const [queries, message] of cases) {
        await expectAwsError(get(queries), {name: 'ValidationException', status: 400, message})
      }
    })
  })
})
