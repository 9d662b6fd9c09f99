// The --guard flags every mutating command takes, and their checks: all before any AWS call.
import {Flags} from '@oclif/core'

import {UserError} from '../errors.js'
import {DEFAULT_GUARD_THRESHOLDS, type GuardThresholds} from './judge-impact.js'

/** Longest a guard may watch: beyond a day an operator wants an alarm, not a terminal. */
export const MAX_GUARD_SECONDS = 24 * 3600

/** `90s`, `10m`, `1h` → seconds: whole minutes (metrics come per minute), 1m to 24h. */
export function parseMinutes(input: string, flag: string, max = MAX_GUARD_SECONDS): number {
  const match = /^\s*(\d+)\s*(s|m|h)?\s*$/i.exec(input)
  if (!match) throw new UserError(`${flag} "${input}" is not a duration: use minutes or hours, e.g. ${flag} 10m or ${flag} 1h.`, {code: 'BadDuration'})
  const unit = (match[2] ?? 'm').toLowerCase()
  const seconds = Number(match[1]) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1)
  if (seconds < 60 || seconds > max || seconds % 60 !== 0) {
    const range = `whole minutes from 1m to ${max / 3600}h`
    throw new UserError(`${flag} "${input}" is out of range: Lambda metrics come per minute, so give ${range}, e.g. ${flag} 10m.`, {
      code: 'BadDuration',
    })
  }

  return seconds
}

export function parseGuardDuration(input: string): number {
  return parseMinutes(input, '--guard')
}

function numberIn(flag: string, input: string, min: number, max: number, example: string): number {
  const value = Number(input)
  if (input.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UserError(`--${flag} "${input}" is out of range: give a number from ${min} to ${max}, e.g. --${flag} ${example}.`, {code: 'BadGuardThreshold'})
  }

  return value
}

function wholeIn(flag: string, input: string, min: number, max: number, example: string): number {
  const value = numberIn(flag, input, min, max, example)
  if (!Number.isInteger(value)) throw new UserError(`--${flag} "${input}" must be a whole number, e.g. --${flag} ${example}.`, {code: 'BadGuardThreshold'})
  return value
}

export const guardFlags = {
  guard: Flags.string({
    description: 'After applying, watch the changed functions for this long (e.g. 10m) and undo the change by itself if they regress.',
    helpGroup: 'GUARD',
  }),
  'guard-revert': Flags.string({
    description: 'On a regression, undo the whole change (all) or only the targets that regressed.',
    options: ['all', 'regressed'],
    default: 'all',
    helpGroup: 'GUARD',
  }),
  'guard-error-rate': Flags.string({
    description: 'Error-rate rise, in percentage points, that counts as a regression (besides a 3σ count test and a doubled rate). Default 0.5.',
    helpGroup: 'GUARD',
  }),
  'guard-min-errors': Flags.string({description: 'Fewest errors after the change before it can regress on errors. Default 5.', helpGroup: 'GUARD'}),
  'guard-min-throttles': Flags.string({description: 'Fewest throttles after the change before it can regress on throttles. Default 5.', helpGroup: 'GUARD'}),
  'guard-latency': Flags.string({
    description: 'Rise of p99 duration or p99 init duration, in percent, that counts as a regression. Default 25.',
    helpGroup: 'GUARD',
  }),
  'guard-latency-ms': Flags.string({description: 'Rise of p99 duration or p99 init duration, in ms, needed as well. Default 50.', helpGroup: 'GUARD'}),
}

export interface GuardFlagValues {
  guard?: string
  'guard-revert'?: string
  'guard-error-rate'?: string
  'guard-min-errors'?: string
  'guard-min-throttles'?: string
  'guard-latency'?: string
  'guard-latency-ms'?: string
  'dry-run'?: boolean
}

export interface GuardRequest {
  seconds: number
  revert: 'all' | 'regressed'
  thresholds: GuardThresholds
}

/** The guard asked for, or undefined; every mistake is a UserError (exit 2) before any call. */
export function parseGuardFlags(flags: GuardFlagValues): GuardRequest | undefined {
  const thresholdFlags = ['guard-error-rate', 'guard-min-errors', 'guard-min-throttles', 'guard-latency', 'guard-latency-ms'] as const
  const thresholds: GuardThresholds = {...DEFAULT_GUARD_THRESHOLDS}
  const given = (flag: (typeof thresholdFlags)[number]) => flags[flag]
  if (given('guard-error-rate') !== undefined) thresholds.errorRateRise = numberIn('guard-error-rate', given('guard-error-rate')!, 0, 100, '0.5') / 100
  if (given('guard-min-errors') !== undefined) thresholds.minErrors = wholeIn('guard-min-errors', given('guard-min-errors')!, 1, 1_000_000, '5')
  if (given('guard-min-throttles') !== undefined) thresholds.minThrottles = wholeIn('guard-min-throttles', given('guard-min-throttles')!, 1, 1_000_000, '5')
  if (given('guard-latency') !== undefined) thresholds.latencyRelative = numberIn('guard-latency', given('guard-latency')!, 0, 1000, '25') / 100
  if (given('guard-latency-ms') !== undefined) thresholds.latencyAbsoluteMs = numberIn('guard-latency-ms', given('guard-latency-ms')!, 0, 900_000, '50')
  if (flags.guard === undefined) {
    const stray = thresholdFlags.find((flag) => flags[flag] !== undefined)
    if (stray) {
      throw new UserError(`--${stray} only means something with --guard.`, {
        code: 'BadGuard',
        hint: 'Add --guard 10m (or another duration), or leave the flag out.',
      })
    }

    return undefined
  }

  const seconds = parseGuardDuration(flags.guard)
  if (flags['dry-run']) {
    throw new UserError('--guard watches a change after it is applied; with --dry-run nothing is applied.', {
      code: 'BadGuard',
      hint: 'Leave out --dry-run to apply and guard, or --guard to only see the plan.',
    })
  }

  return {seconds, revert: flags['guard-revert'] === 'regressed' ? 'regressed' : 'all', thresholds}
}
