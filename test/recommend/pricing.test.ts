// Lambda's price arithmetic: the table, the ~60 % break-even, and costs of hand-made usage.
import assert from 'node:assert/strict'

import {breakEvenUtilisation, costOf, monthly, PRICE_TABLE, pricesFor, pricingNote, roundUsd, SECONDS_PER_MONTH} from '../../src/recommend/pricing.js'

const close = (actual: number, expected: number, epsilon = 1e-6) => assert.ok(Math.abs(actual - expected) < epsilon, `${actual} ≈ ${expected}`)

describe('concurrency plan: pricing', () => {
  it('holds the published us-east-1 x86_64 figures and arm64 about 20 % lower', () => {
    const x86 = PRICE_TABLE['us-east-1'].x86_64
    const arm = PRICE_TABLE['us-east-1'].arm64
    assert.deepEqual(x86, {
      requestsPerMillion: 0.2,
      durationPerGbSecond: 0.0000166667,
      provisionedPerGbSecond: 0.0000041667,
      provisionedDurationPerGbSecond: 0.0000097222,
    })
    assert.deepEqual(arm, {
      requestsPerMillion: 0.2,
      durationPerGbSecond: 0.0000133334,
      provisionedPerGbSecond: 0.0000033334,
      provisionedDurationPerGbSecond: 0.0000077778,
    })
    close(arm.durationPerGbSecond / x86.durationPerGbSecond, 0.8, 1e-4)
  })

  it('break-even utilisation is about 60 % on both architectures', () => {
    for (const arch of ['x86_64', 'arm64']) close(breakEvenUtilisation(pricesFor('us-east-1', arch).prices), 0.6, 1e-3)
  })

  it('an unknown region falls back to us-east-1 and says so; unknown architectures price as x86_64', () => {
    assert.deepEqual(pricesFor('eu-west-3', 'arm64'), {prices: PRICE_TABLE['us-east-1'].arm64, priceRegion: 'us-east-1', fallback: true})
    assert.equal(pricesFor('us-east-1', undefined).prices, PRICE_TABLE['us-east-1'].x86_64)
    assert.match(pricingNote('eu-west-3')!, /eu-west-3.*us-east-1/)
    assert.equal(pricingNote('us-east-1'), undefined)
  })

  const x86 = PRICE_TABLE['us-east-1'].x86_64
  const cases: Array<{name: string; usage: Parameters<typeof costOf>[0]; memoryMb: number; expected: number}> = [
    {
      name: '1M requests of 1 s at 1 GB on demand',
      usage: {requests: 1e6, computeSeconds: 1e6, provisionedSeconds: 0, provisionedUsedSeconds: 0},
      memoryMb: 1024,
      expected: 0.2 + 16.6667,
    },
    {
      name: 'half a GB halves the duration charge',
      usage: {requests: 0, computeSeconds: 1e6, provisionedSeconds: 0, provisionedUsedSeconds: 0},
      memoryMb: 512,
      expected: 8.33335,
    },
    {
      name: 'provisioned 10 for an hour, fully used, at 1 GB',
      usage: {requests: 0, computeSeconds: 36_000, provisionedSeconds: 36_000, provisionedUsedSeconds: 36_000},
      memoryMb: 1024,
      expected: 36_000 * (0.0000041667 + 0.0000097222),
    },
    {
      name: 'provisioned 10 for an hour, 60 % used: the same as on demand',
      usage: {requests: 0, computeSeconds: 21_600, provisionedSeconds: 36_000, provisionedUsedSeconds: 21_600},
      memoryMb: 1024,
      expected: 21_600 * 0.0000166667,
    },
    {
      name: 'spillover above provisioned is billed on demand',
      usage: {requests: 0, computeSeconds: 50_000, provisionedSeconds: 36_000, provisionedUsedSeconds: 36_000},
      memoryMb: 1024,
      expected: 36_000 * (0.0000041667 + 0.0000097222) + 14_000 * 0.0000166667,
    },
  ]
  for (const row of cases) {
    it(`cost: ${row.name}`, () => {
      close(costOf(row.usage, row.memoryMb, x86), row.expected, 1e-3)
    })
  }

  it('a week scales to a 730-hour month; money rounds to cents', () => {
    assert.equal(SECONDS_PER_MONTH, 2_628_000)
    close(monthly(7, 7 * 86_400), (7 * 2_628_000) / 604_800)
    assert.equal(monthly(5, 0), 0)
    assert.equal(roundUsd(12.345_6), 12.35)
  })
})
