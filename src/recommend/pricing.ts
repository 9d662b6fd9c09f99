// Lambda prices for the cost estimates of `lx concurrency plan`. Pure data and arithmetic.
//
// Source: AWS Lambda pricing (aws.amazon.com/lambda/pricing), published list prices for
// us-east-1 x86_64; arm64 is AWS's ~20 % lower Graviton rate. Only us-east-1 is in the table: other
// regions fall back to it and the plan says so in a note, rather than guessing figures. Tiered
// on-demand discounts (above 6 billion GB-s a month) are ignored: the estimates use the first tier.

export type Architecture = 'x86_64' | 'arm64'

export interface LambdaPrices {
  /** USD per million requests (on-demand and provisioned alike). */
  requestsPerMillion: number
  /** USD per GB-second of on-demand duration. */
  durationPerGbSecond: number
  /** USD per GB-second while provisioned concurrency is enabled, used or not. */
  provisionedPerGbSecond: number
  /** USD per GB-second of duration served by provisioned environments. */
  provisionedDurationPerGbSecond: number
}

export const PRICE_TABLE: Record<string, Record<Architecture, LambdaPrices>> = {
  'us-east-1': {
    x86_64: {
      requestsPerMillion: 0.2,
      durationPerGbSecond: 0.000_016_666_7,
      provisionedPerGbSecond: 0.000_004_166_7,
      provisionedDurationPerGbSecond: 0.000_009_722_2,
    },
    arm64: {
      requestsPerMillion: 0.2,
      durationPerGbSecond: 0.000_013_333_4,
      provisionedPerGbSecond: 0.000_003_333_4,
      provisionedDurationPerGbSecond: 0.000_007_777_8,
    },
  },
}

export const FALLBACK_PRICE_REGION = 'us-east-1'
/** AWS prices a month as 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600

export interface PriceLookup {
  prices: LambdaPrices
  /** The region whose prices were used. */
  priceRegion: string
  /** True when the region is not in the table and us-east-1's prices stand in. */
  fallback: boolean
}

export function normaliseArchitecture(value: string | undefined): Architecture {
  return value === 'arm64' ? 'arm64' : 'x86_64'
}

export function pricesFor(region: string, architecture: string | undefined): PriceLookup {
  const arch = normaliseArchitecture(architecture)
  const regional = PRICE_TABLE[region]
  if (regional) return {prices: regional[arch], priceRegion: region, fallback: false}
  return {prices: PRICE_TABLE[FALLBACK_PRICE_REGION][arch], priceRegion: FALLBACK_PRICE_REGION, fallback: true}
}

/** The note the plan prints when a region is priced with us-east-1's figures; undefined when exact. */
export function pricingNote(region: string): string | undefined {
  return PRICE_TABLE[region]
    ? undefined
    : `Prices for ${region} are not in lx's table; costs use ${FALLBACK_PRICE_REGION} prices (usually within a few per cent).`
}

/**
 * The utilisation above which provisioned concurrency costs less than on-demand: the always-on
 * charge must be covered by the cheaper duration rate. 0.0000041667 / (0.0000166667 − 0.0000097222)
 * = 0.60 for x86_64 (arm64 comes out the same), AWS's "about 60 %".
 */
export function breakEvenUtilisation(prices: LambdaPrices): number {
  return prices.provisionedPerGbSecond / (prices.durationPerGbSecond - prices.provisionedDurationPerGbSecond)
}

/** What a function used over some span, in the units Lambda bills. */
export interface Usage {
  requests: number
  /** Seconds of execution (all invocations, provisioned or not). */
  computeSeconds: number
  /** Environment-seconds of provisioned concurrency enabled. */
  provisionedSeconds: number
  /** Execution seconds served by provisioned environments (≤ computeSeconds and ≤ provisionedSeconds). */
  provisionedUsedSeconds: number
}

/** USD for that usage at `memoryMb`: requests, on-demand duration, provisioned enabled time and its duration. */
export function costOf(usage: Usage, memoryMb: number, prices: LambdaPrices): number {
  const gb = memoryMb / 1024
  const onDemandSeconds = Math.max(0, usage.computeSeconds - usage.provisionedUsedSeconds)
  return (
    (usage.requests / 1e6) * prices.requestsPerMillion +
    onDemandSeconds * gb * prices.durationPerGbSecond +
    usage.provisionedSeconds * gb * prices.provisionedPerGbSecond +
    usage.provisionedUsedSeconds * gb * prices.provisionedDurationPerGbSecond
  )
}

/** A cost over `windowSeconds` scaled to a 730-hour month. */
export function monthly(costInWindow: number, windowSeconds: number): number {
  return windowSeconds > 0 ? (costInWindow * SECONDS_PER_MONTH) / windowSeconds : 0
}

/** Cents are the precision an estimate deserves. */
export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100
}
