// How much traffic a function receives at a given moment, from its TrafficProfile: a daily shape
// peaking at `peakHourUtc`, day-to-day and minute-to-minute noise, and occasional short bursts
// toward `burstRps`. Pure and deterministic for a (profile, seed): the live simulation asks per
// second, history per minute, and both see the same traffic.

import type {TrafficProfile} from '../account.js'
import {Channel, signed, unit} from './noise.js'

/** Minute-to-minute variation of the rate (±). */
export const MINUTE_NOISE = 0.12
/** Second-to-second variation on top (±), which averages out over a minute. */
export const SECOND_NOISE = 0.06
/** Day-to-day variation (±): Tuesdays are not all alike. */
export const DAY_NOISE = 0.08
/** Bursts are drawn per 10-minute slot, so a minute overlaps at most one. */
export const BURST_SLOT_SECONDS = 600
export const BURST_PROBABILITY = 0.2
export const BURST_MIN_SECONDS = 20
export const BURST_MAX_SECONDS = 120
/** Duration varies this much from minute to minute (±). */
export const DURATION_NOISE = 0.08

/** 0 at the quietest hour, 1 at the peak hour: a raised cosine, squared so the peak is narrower than the trough. */
export function dailyShape(peakHourUtc: number, epochSeconds: number): number {
  const hour = (((epochSeconds % 86_400) + 86_400) % 86_400) / 3600
  const c = (1 + Math.cos(((hour - peakHourUtc) / 24) * 2 * Math.PI)) / 2
  return c * c
}

/** The profile's rate at a moment, before noise and bursts. */
export function levelRps(profile: TrafficProfile, epochSeconds: number): number {
  return profile.baselineRps + Math.max(0, profile.peakRps - profile.baselineRps) * dailyShape(profile.peakHourUtc, epochSeconds)
}

/** Everything about one minute of a function's traffic that does not change within the minute. */
export interface MinuteTraffic {
  minute: number
  /** Mean arrival rate over the minute without bursts, requests per second. */
  base: number
  /** The burst overlapping this minute's 10-minute slot: [start, end) in epoch seconds; extra 0 when none. */
  burstStart: number
  burstEnd: number
  burstExtra: number
  durationMs: number
  errorRate: number
  initMs: number
  /** Time extensions run after each invoke (ms); 0 without extensions. */
  postRuntimeMs: number
}

export function emptyMinuteTraffic(): MinuteTraffic {
  return {minute: Number.NaN, base: 0, burstStart: 0, burstEnd: 0, burstExtra: 0, durationMs: 0, errorRate: 0, initMs: 0, postRuntimeMs: 0}
}

export function minuteTraffic(profile: TrafficProfile, seed: number, minute: number, out: MinuteTraffic = emptyMinuteTraffic()): MinuteTraffic {
  const start = minute * 60
  const level = levelRps(profile, start + 30)
  const noise = 1 + MINUTE_NOISE * (0.6 * signed(seed, minute, Channel.minuteNoise) + 0.4 * signed(seed, minute - 1, Channel.minuteNoise))
  const day = 1 + DAY_NOISE * signed(seed, Math.floor(minute / 1440), Channel.dayNoise)
  out.minute = minute
  out.base = Math.max(0, level * noise * day)
  out.burstStart = 0
  out.burstEnd = 0
  out.burstExtra = 0
  const slot = Math.floor(start / BURST_SLOT_SECONDS)
  if (profile.burstRps > 0 && unit(seed, slot, Channel.burst) < BURST_PROBABILITY) {
    const length = Math.round(BURST_MIN_SECONDS + unit(seed, slot, Channel.burstLength) * (BURST_MAX_SECONDS - BURST_MIN_SECONDS))
    const burstStart = slot * BURST_SLOT_SECONDS + Math.floor(unit(seed, slot, Channel.burstAt) * (BURST_SLOT_SECONDS - length))
    const atLevel = levelRps(profile, burstStart)
    // Bursts are gentler off-peak: a spike at 3 am rarely reaches the daytime ceiling.
    const intensity = (0.5 + 0.5 * unit(seed, slot, Channel.burstIntensity)) * (0.4 + 0.6 * dailyShape(profile.peakHourUtc, burstStart))
    // A burst shorter than one invocation cannot pile up rate × duration executions: scale it down.
    const extra = (profile.burstRps - atLevel) * intensity * Math.min(1, (length * 1000) / Math.max(1, profile.avgDurationMs))
    if (extra > 0) {
      out.burstStart = burstStart
      out.burstEnd = burstStart + length
      out.burstExtra = extra
    }
  }
  out.durationMs = profile.avgDurationMs * (1 + DURATION_NOISE * signed(seed, minute, Channel.duration))
  out.errorRate = Math.min(1, profile.errorRate * (0.5 + unit(seed, minute, Channel.errors)))
  // Init durations spread per environment (±15 %, in the REPORT lines); what a whole minute shares is
  // small, or a burst of cold starts in one minute would move every percentile together.
  out.initMs = profile.initDurationMs * (0.95 + 0.1 * unit(seed, minute, Channel.init))
  out.postRuntimeMs = (profile.postRuntimeMs ?? 0) * (1 + DURATION_NOISE * signed(seed, minute, Channel.duration))
  return out
}

export interface Rate {
  /** Mean arrivals per second over the step. */
  rps: number
  /** The highest rate within the step (a burst's top, or the noisy second). */
  peak: number
}

/**
 * The arrival rate over [t, t + seconds), a step inside `traffic.minute`. One-second steps carry the
 * second's own noise; longer steps average it out but keep a noisy peak.
 */
export function rateOver(traffic: MinuteTraffic, seed: number, t: number, seconds: number, out: Rate): Rate {
  let rps = traffic.base
  let peak = rps
  if (seconds === 1) {
    rps *= 1 + SECOND_NOISE * signed(seed, t, Channel.secondNoise)
    peak = rps
  } else {
    peak = rps * (1 + SECOND_NOISE)
  }
  if (traffic.burstExtra > 0) {
    const overlap = Math.min(t + seconds, traffic.burstEnd) - Math.max(t, traffic.burstStart)
    if (overlap > 0) {
      rps += (traffic.burstExtra * overlap) / seconds
      peak += traffic.burstExtra
    }
  }
  out.rps = rps
  out.peak = peak
  return out
}

/**
 * The most this profile can ask for at any moment (rate × duration with every noise at its top):
 * when the account's unreserved pool covers every function's bound, no minute needs the others.
 */
export function concurrencyBound(profile: TrafficProfile): number {
  const rate = Math.max(profile.peakRps, profile.baselineRps) * (1 + MINUTE_NOISE) * (1 + DAY_NOISE) * (1 + SECOND_NOISE)
  const withBurst = Math.max(rate, rate + Math.max(0, profile.burstRps - profile.baselineRps))
  return (withBurst * profile.avgDurationMs * (1 + DURATION_NOISE)) / 1000
}
