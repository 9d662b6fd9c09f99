// The alarms lx sets, their names, and the checks of what the user typed (all before any call).
import {UserError} from '../errors.js'
import {parseRange} from '../metrics/parse-range.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'

export const FUNCTION_KINDS = ['throttles', 'errors', 'duration', 'spillover'] as const
export const ACCOUNT_KINDS = ['concurrency', 'unreserved'] as const
export const ALARM_KINDS = [...FUNCTION_KINDS, ...ACCOUNT_KINDS] as const
export type FunctionAlarmKind = (typeof FUNCTION_KINDS)[number]
export type AccountAlarmKind = (typeof ACCOUNT_KINDS)[number]
export type AlarmKind = FunctionAlarmKind | AccountAlarmKind

/** Every lx alarm name starts with this: DescribeAlarms finds them all by prefix. */
export const ALARM_PREFIX = 'lx-'
/** Stands in for a function name in account alarms' names and plan rows. */
export const ACCOUNT_TARGET = 'account'

export function isAccountKind(kind: AlarmKind): kind is AccountAlarmKind {
  return (ACCOUNT_KINDS as readonly string[]).includes(kind)
}

/** `lx-<function>-<kind>`, or `lx-account-<kind>`. */
export function alarmName(kind: AlarmKind, functionName?: string): string {
  return isAccountKind(kind) ? `${ALARM_PREFIX}${ACCOUNT_TARGET}-${kind}` : `${ALARM_PREFIX}${functionName}-${kind}`
}

/** The function and kind an lx alarm name stands for (a function may itself be named `account`). */
export function parseAlarmName(name: string): {functionName?: string; kind: AlarmKind} | undefined {
  if (!name.startsWith(ALARM_PREFIX)) return undefined
  const rest = name.slice(ALARM_PREFIX.length)
  for (const kind of ALARM_KINDS) {
    if (!rest.endsWith(`-${kind}`)) continue
    const owner = rest.slice(0, -kind.length - 1)
    if (isAccountKind(kind)) return owner === ACCOUNT_TARGET ? {kind} : undefined
    return owner === '' ? undefined : {functionName: owner, kind}
  }

  return undefined
}

/** `--kind a --kind b` or `--kind a,b`; every kind when none is given. */
export function parseKinds(values: string[] | undefined): AlarmKind[] {
  if (!values || values.length === 0) return [...ALARM_KINDS]
  const kinds = new Set<AlarmKind>()
  for (const value of values.flatMap((item) => item.split(','))) {
    const kind = value.trim().toLowerCase()
    if (!(ALARM_KINDS as readonly string[]).includes(kind)) {
      throw new UserError(`--kind "${value}" is not an alarm kind lx sets.`, {code: 'BadAlarmKind', hint: `Use one or more of: ${ALARM_KINDS.join(', ')}.`})
    }

    kinds.add(kind as AlarmKind)
  }

  return ALARM_KINDS.filter((kind) => kinds.has(kind))
}

const SNS_TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):sns:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):([\w-]{1,251}(\.fifo)?)$/

/** The topic alarms notify: an SNS topic in the alarms' region. */
export function parseTopicArn(value: string, region?: string): string {
  const match = SNS_TOPIC_ARN.exec(value.trim())
  if (!match) {
    throw new UserError(`--notify "${value}" is not an SNS topic ARN.`, {
      code: 'BadTopicArn',
      hint: 'Give the ARN of an SNS topic, e.g. arn:aws:sns:us-east-1:123456789012:ops-alarms.',
    })
  }

  if (region !== undefined && match[2] !== region) {
    throw new UserError(`--notify ${value} is in ${match[2]}, but the alarms are set in ${region}: CloudWatch notifies topics of the alarm's own region.`, {
      code: 'BadTopicArn',
      hint: `Use a topic in ${region}, or run with --region ${match[2]}.`,
    })
  }

  return value.trim()
}

export interface ThresholdOverrides {
  /** Throttles per minute above which a minute counts (default 0: any throttle). */
  throttleThreshold?: number
  /** Minutes looked at; one bad minute in them alarms (throttles, spillover). */
  minutes: number
  /** Error rate in percent. */
  errorRate?: number
  /** p99 duration, percent of the timeout. */
  durationPercent: number
  spilloverThreshold?: number
  /** Account concurrency, percent of the account limit. */
  concurrencyPercent: number
  /** Unreserved concurrency in use, percent of the unreserved pool. */
  unreservedPercent: number
}

export const DEFAULTS = {minutes: 5, durationPercent: 80, concurrencyPercent: 90, unreservedPercent: 90}

interface Range {
  min: number
  max: number
  minExclusive?: boolean
  integer?: boolean
}

function numberFlag(flag: string, raw: string | undefined, range: Range, example: string): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  const low = range.minExclusive ? value <= range.min : value < range.min
  const wrongKind = raw.trim() === '' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value))
  if (wrongKind || low || value > range.max) {
    const bounds = `${range.minExclusive ? `above ${range.min}` : `from ${range.min}`} to ${range.max}`
    const kind = range.integer ? 'a whole number' : 'a number'
    throw new UserError(`${flag} "${raw}" is out of range: use ${kind} ${bounds}, e.g. ${flag} ${example}.`, {code: 'BadThreshold'})
  }

  return value
}

export interface ThresholdFlags {
  'throttle-threshold'?: string
  minutes?: string
  'error-rate'?: string
  'duration-percent'?: string
  'spillover-threshold'?: string
  'concurrency-percent'?: string
  'unreserved-percent'?: string
}

/** Every threshold flag checked; a value out of range is a one-line error (exit 2). */
export function parseThresholds(flags: ThresholdFlags): ThresholdOverrides {
  const percent = {min: 1, max: 100, integer: true}
  return {
    throttleThreshold: numberFlag('--throttle-threshold', flags['throttle-threshold'], {min: 0, max: 1_000_000, integer: true}, '10'),
    // A period of one minute, at most one day of them.
    minutes: numberFlag('--minutes', flags.minutes, {min: 1, max: 1440, integer: true}, '5') ?? DEFAULTS.minutes,
    errorRate: numberFlag('--error-rate', flags['error-rate'], {min: 0, max: 100, minExclusive: true}, '5'),
    durationPercent: numberFlag('--duration-percent', flags['duration-percent'], percent, '80') ?? DEFAULTS.durationPercent,
    spilloverThreshold: numberFlag('--spillover-threshold', flags['spillover-threshold'], {min: 0, max: 1_000_000, integer: true}, '10'),
    concurrencyPercent: numberFlag('--concurrency-percent', flags['concurrency-percent'], percent, '90') ?? DEFAULTS.concurrencyPercent,
    unreservedPercent: numberFlag('--unreserved-percent', flags['unreserved-percent'], percent, '90') ?? DEFAULTS.unreservedPercent,
  }
}

export const DEFAULT_WINDOW = '14d'

/**
 * The kinds asked for. Without --kind: every function kind, and the account's alarms too when the
 * selection is --all (naming a few functions should not touch the account's alarms).
 */
export function requestedKinds(kindFlags: string[] | undefined, selection: SelectionFlagValues): AlarmKind[] {
  if (kindFlags && kindFlags.length > 0) return parseKinds(kindFlags)
  return selection.all ? [...FUNCTION_KINDS, ...ACCOUNT_KINDS] : [...FUNCTION_KINDS]
}

export interface AlarmsSetFlags extends SelectionFlagValues, ThresholdFlags {
  notify: string
  kind?: string[]
  window?: string
}

/** Everything the user typed, checked before any call. */
export function validateSetFlags(flags: AlarmsSetFlags) {
  const kinds = requestedKinds(flags.kind, flags)
  const thresholds = parseThresholds(flags)
  const windowSeconds = parseRange(flags.window ?? DEFAULT_WINDOW, '--window')
  parseTopicArn(flags.notify)
  return {kinds, thresholds, windowSeconds}
}
