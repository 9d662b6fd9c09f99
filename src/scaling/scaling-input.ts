// What the user typed for `lx scaling …`, checked before any call: capacities, the target value,
// cooldowns, schedule names, expressions and zones. Each failure is a UserError (exit 2).
import {UserError} from '../errors.js'
import {parseWholeNumber} from '../input/numbers.js'
import {nextRun, parseSchedule, type Schedule, validateTimezone} from './schedule-expression.js'

export interface SetRequest {
  min: number
  max: number
  /** undefined: 0.7 for a new policy; an existing policy keeps its target. */
  targetValue?: number
  /** undefined: a new policy takes AWS's default; an existing one keeps its own. */
  scaleInCooldown?: number
  scaleOutCooldown?: number
}

export interface ScheduleRequest {
  name: string
  expression: string
  schedule: Schedule
  timezone: string | null
  min: number | null
  max: number | null
}

export interface RemoveRequest {
  /** One schedule; undefined removes the policies, the schedules and the target. */
  schedule?: string
}

export function parseTargetValue(raw: string): number {
  const text = raw.trim()
  const percent = text.endsWith('%')
  const number = Number(percent ? text.slice(0, -1) : text)
  const value = percent ? number / 100 : number
  if (text === '' || !Number.isFinite(number) || !(value > 0 && value <= 1)) {
    throw new UserError(`--target must be a fraction above 0 and at most 1, not "${raw}".`, {
      code: 'BadTarget',
      hint: 'It is the share of provisioned concurrency in use that scaling aims for: --target 0.7 means 70 %.',
    })
  }

  return Math.round(value * 10_000) / 10_000
}

function checkMinMax(min: number | null, max: number | null): void {
  if (min !== null && max !== null && min > max) {
    throw new UserError(`--min ${min} is above --max ${max}.`, {code: 'MinAboveMax', hint: 'The minimum must not exceed the maximum.'})
  }
}

export function parseSetRequest(flags: {min: string; max: string; target?: string; 'scale-in-cooldown'?: string; 'scale-out-cooldown'?: string}): SetRequest {
  const min = parseWholeNumber('min', flags.min, {min: 0})
  const max = parseWholeNumber('max', flags.max, {min: 1})
  checkMinMax(min, max)
  return {
    min,
    max,
    targetValue: flags.target === undefined ? undefined : parseTargetValue(flags.target),
    scaleInCooldown: flags['scale-in-cooldown'] === undefined ? undefined : parseWholeNumber('scale-in-cooldown', flags['scale-in-cooldown'], {min: 0}),
    scaleOutCooldown: flags['scale-out-cooldown'] === undefined ? undefined : parseWholeNumber('scale-out-cooldown', flags['scale-out-cooldown'], {min: 0}),
  }
}

/** AWS: 1–256 characters, no `:`, `/` or `|`, no control characters, no leading or trailing space. */
export function validateActionName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what AWS refuses
  if (name.length === 0 || name.length > 256 || /[:/|\u0000-\u001F\u007F-\u009F]/.test(name) || name !== name.trim()) {
    throw new UserError(`--name "${name}" is not a valid schedule name.`, {
      code: 'BadScheduleName',
      hint: 'Use 1–256 characters without :, / or |, e.g. --name weekday-morning',
    })
  }

  return name
}

export function parseScheduleRequest(flags: {name: string; schedule: string; min?: string; max?: string; timezone?: string}, now: number): ScheduleRequest {
  const name = validateActionName(flags.name)
  const expression = flags.schedule.trim()
  const schedule = parseSchedule(expression)
  const timezone = flags.timezone === undefined ? null : validateTimezone(flags.timezone)
  if (timezone !== null && schedule.type === 'rate') {
    throw new UserError('--timezone applies to at() and cron() schedules; a rate() runs every interval wherever you are.', {
      code: 'BadTimezone',
      hint: 'Drop --timezone.',
    })
  }

  if (flags.min === undefined && flags.max === undefined) {
    throw new UserError('A schedule needs --min, --max or both: the capacities it sets when it runs.', {
      code: 'MissingCapacity',
      hint: 'e.g. --min 20 --max 100',
    })
  }

  const min = flags.min === undefined ? null : parseWholeNumber('min', flags.min, {min: 0})
  const max = flags.max === undefined ? null : parseWholeNumber('max', flags.max, {min: 0})
  checkMinMax(min, max)
  if (schedule.type === 'at' && nextRun(schedule, {timezone, now}) === null) {
    throw new UserError(`${expression} is in the past${timezone ? ` (${timezone})` : ' (UTC)'}; it would never run.`, {
      code: 'ScheduleInPast',
      hint: 'Give a future time, or --timezone if you meant local time.',
    })
  }

  if (schedule.type === 'cron' && nextRun(schedule, {timezone, now}) === null) {
    throw new UserError(`${expression} never runs again (no future date matches).`, {code: 'ScheduleNeverRuns', hint: 'Check the day, month and year fields.'})
  }

  return {name, expression, schedule, timezone, min, max}
}
