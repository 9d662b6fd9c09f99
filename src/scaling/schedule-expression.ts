// Schedule expressions of scheduled actions — `at(yyyy-mm-ddThh:mm:ss)`, `rate(N unit)` and
// `cron(6 fields)` — and IANA time zones, checked before any call; and when a schedule runs next.
import {UserError} from '../errors.js'
import {CronSyntaxError, type CronFields, nextCronRun, parseCron} from './cron-expression.js'
import {daysInMonth, fromLocal, type LocalDateTime} from './zoned-time.js'

export type RateUnit = 'minute' | 'hour' | 'day'

export type Schedule = {type: 'at'; local: LocalDateTime} | {type: 'rate'; value: number; unit: RateUnit; periodMs: number} | {type: 'cron'; fields: CronFields}

const UNIT_MS: Record<RateUnit, number> = {minute: 60_000, hour: 3_600_000, day: 86_400_000}
const EXAMPLES = 'e.g. cron(0 8 ? * MON-FRI *), rate(1 hour), rate(15 minutes) or at(2030-11-28T08:00:00)'

function badSchedule(expression: string, why: string): UserError {
  return new UserError(`--schedule "${expression}" is not a valid schedule: ${why}.`, {code: 'BadSchedule', hint: EXAMPLES})
}

function parseAt(expression: string, body: string): Schedule {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body)
  if (!match) throw badSchedule(expression, 'at() takes a date and time as yyyy-mm-ddThh:mm:ss, without a zone (use --timezone)')
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw badSchedule(expression, `${body} is not a date and time that exists`)
  }

  return {type: 'at', local: {year, month, day, hour, minute, second}}
}

function parseRate(expression: string, body: string): Schedule {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body)
  if (!match) throw badSchedule(expression, 'rate() takes a whole number and a unit: minute(s), hour(s) or day(s)')
  const value = Number(match[1])
  const plural = match[2].endsWith('s')
  const unit = match[2].replace(/s$/, '') as RateUnit
  if (!Number.isSafeInteger(value) || value < 1) throw badSchedule(expression, 'the rate must be at least 1')
  if (value === 1 && plural) throw badSchedule(expression, `write rate(1 ${unit}), singular, for a value of 1`)
  if (value > 1 && !plural) throw badSchedule(expression, `write rate(${value} ${unit}s), plural, for a value above 1`)
  return {type: 'rate', value, unit, periodMs: value * UNIT_MS[unit]}
}

export function parseSchedule(expression: string): Schedule {
  const match = /^(at|rate|cron)\((.*)\)$/s.exec(expression.trim())
  if (!match) throw badSchedule(expression, 'it must be at(...), rate(...) or cron(...)')
  const [, type, body] = match
  if (type === 'at') return parseAt(expression, body.trim())
  if (type === 'rate') return parseRate(expression, body.trim())
  try {
    return {type: 'cron', fields: parseCron(body)}
  } catch (error) {
    if (error instanceof CronSyntaxError) throw badSchedule(expression, error.message)
    throw error
  }
}

/**
 * An IANA zone name as AWS takes it. Intl knows the zones (and their old aliases, like
 * US/Eastern); it is also lenient about case, which AWS is not.
 */
export function validateTimezone(timeZone: string): string {
  let resolved: string
  try {
    if (!/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(timeZone)) throw new RangeError('not a zone name')
    resolved = new Intl.DateTimeFormat('en', {timeZone}).resolvedOptions().timeZone
  } catch {
    throw new UserError(`--timezone "${timeZone}" is not a time zone lx knows.`, {
      code: 'BadTimezone',
      hint: 'Use an IANA name, e.g. --timezone Europe/Paris or --timezone America/New_York (UTC when omitted).',
    })
  }

  const canonical = (Intl.supportedValuesOf('timeZone') as string[]).find((name) => name.toLowerCase() === timeZone.toLowerCase()) ?? resolved
  if (timeZone !== canonical && timeZone.toLowerCase() === canonical.toLowerCase()) {
    throw new UserError(`--timezone "${timeZone}" must be written ${canonical}.`, {
      code: 'BadTimezone',
      hint: `AWS matches time zone names exactly: --timezone ${canonical}`,
    })
  }

  return timeZone
}

export interface NextRunContext {
  /** IANA zone of at() and cron(); null = UTC. */
  timezone: string | null
  now: number
  /** Bounds of a recurring schedule, and when the action was created (where a rate counts from). */
  start?: number | null
  end?: number | null
  created?: number | null
}

/** When the schedule runs next (epoch ms), or null: never again, or not knowable. */
export function nextRun(schedule: Schedule, context: NextRunContext): number | null {
  const zone = context.timezone ?? 'UTC'
  let next: number | null
  switch (schedule.type) {
    case 'at': {
      const instant = fromLocal(schedule.local, zone)
      return instant > context.now ? instant : null
    }

    case 'rate': {
      const base = context.start ?? context.created
      if (base === null || base === undefined) return null
      const periods = Math.max(1, Math.floor((context.now - base) / schedule.periodMs) + 1)
      next = base + periods * schedule.periodMs
      break
    }

    case 'cron': {
      const after = Math.max(context.now, (context.start ?? 0) - 1)
      next = nextCronRun(schedule.fields, zone, after)
      break
    }
  }

  if (next !== null && context.end !== null && context.end !== undefined && next > context.end) return null
  return next
}
