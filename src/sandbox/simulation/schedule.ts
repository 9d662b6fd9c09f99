// Application Auto Scaling schedule expressions, and when they fire:
//   at(yyyy-mm-ddThh:mm:ss)            once, wall-clock time in the action's time zone
//   rate(N minute|minutes|hour|hours|day|days)   every N units from the action's start
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)   wall-clock time in the time zone
// Cron follows the AWS dialect: one of day-of-month and day-of-week must be `?`, day-of-week runs
// 1-7 from Sunday (or SUN-SAT), months may be JAN-DEC, `L` is the last day of the month.

export class ScheduleError extends Error {}

export type Schedule =
  | {kind: 'at'; year: number; month: number; day: number; hour: number; minute: number; second: number}
  | {kind: 'rate'; seconds: number}
  | {kind: 'cron'; cron: Cron}

interface Cron {
  minutes: number[]
  hours: number[]
  /** Day-of-month set, or 'any' ('?'/'*'); 'last' for L. */
  days: Set<number> | 'any'
  lastDay: boolean
  months: Set<number>
  /** Day-of-week (0 = Sunday), or 'any'. */
  weekdays: Set<number> | 'any'
  years: Set<number> | 'any'
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

export function parseSchedule(text: string): Schedule {
  const expression = text.trim()
  let match = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression)
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number)
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new ScheduleError(`Invalid at expression: ${text}. Expected at(yyyy-mm-ddThh:mm:ss) with a real date and time.`)
    }
    return {kind: 'at', year, month, day, hour, minute, second}
  }
  if (expression.startsWith('at(')) throw new ScheduleError(`Invalid at expression: ${text}. Expected at(yyyy-mm-ddThh:mm:ss).`)

  match = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(expression)
  if (match) {
    const value = Number(match[1])
    const unit = match[2]
    const seconds = {minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86_400, days: 86_400}[unit]
    if (!seconds || !(value >= 1))
      throw new ScheduleError(
        `Invalid rate expression: ${text}. Expected rate(value unit) with a positive integer and a unit of minute | minutes | hour | hours | day | days.`,
      )
    if ((value === 1) !== !unit.endsWith('s')) {
      throw new ScheduleError(`Invalid rate expression: ${text}. Use a singular unit for 1 (rate(1 hour)) and a plural one otherwise (rate(2 hours)).`)
    }
    return {kind: 'rate', seconds: value * seconds}
  }
  if (expression.startsWith('rate(')) throw new ScheduleError(`Invalid rate expression: ${text}. Expected rate(value unit).`)

  match = /^cron\((.*)\)$/.exec(expression)
  if (match) return {kind: 'cron', cron: parseCron(match[1], text)}
  throw new ScheduleError(`Invalid schedule expression: ${text}. Expected at(...), rate(...) or cron(...).`)
}

function parseCron(body: string, text: string): Cron {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6)
    throw new ScheduleError(`Invalid cron expression: ${text}. A cron expression has six fields: minutes hours day-of-month month day-of-week year.`)
  const [minutes, hours, days, months, weekdays, years] = fields
  const fail = (why: string): never => {
    throw new ScheduleError(`Invalid cron expression: ${text}. ${why}`)
  }
  const dayAny = days === '?'
  const weekdayAny = weekdays === '?'
  if (dayAny === weekdayAny) fail('Exactly one of day-of-month and day-of-week must be ?.')
  const cron: Cron = {
    minutes: [...field(minutes, 0, 59, [], 0, fail, 'minutes')].sort((a, b) => a - b),
    hours: [...field(hours, 0, 23, [], 0, fail, 'hours')].sort((a, b) => a - b),
    days: 'any',
    lastDay: false,
    months: field(months, 1, 12, MONTHS, 1, fail, 'month'),
    weekdays: 'any',
    years: years === '*' ? 'any' : field(years, 1970, 2199, [], 0, fail, 'year'),
  }
  if (!dayAny) {
    if (days === 'L') cron.lastDay = true
    else if (/[WL#]/.test(days)) fail(`The day-of-month value ${days} is not supported by the sandbox (only numbers, ranges, steps, lists, * and L).`)
    else if (days !== '*') cron.days = field(days, 1, 31, [], 0, fail, 'day-of-month')
  }
  if (!weekdayAny && weekdays !== '*') {
    if (/[L#]/.test(weekdays)) fail(`The day-of-week value ${weekdays} is not supported by the sandbox (only numbers, names, ranges, steps, lists and *).`)
    // 1-7 from Sunday on the wire; 0-6 inside.
    cron.weekdays = new Set([...field(weekdays, 1, 7, WEEKDAYS, 1, fail, 'day-of-week')].map((day) => day - 1))
  }
  return cron
}

function field(text: string, min: number, max: number, names: string[], nameBase: number, fail: (why: string) => never, label: string): Set<number> {
  const values = new Set<number>()
  const value = (token: string): number => {
    const upper = token.toUpperCase()
    const named = names.indexOf(upper)
    if (named >= 0) return named + nameBase
    if (!/^\d+$/.test(token)) fail(`${token} is not a valid ${label} value.`)
    const number = Number(token)
    if (number < min || number > max) fail(`${label} values run from ${min} to ${max}; got ${token}.`)
    return number
  }
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/')
    const stepBy = stepText === undefined ? 1 : Number(stepText)
    if (!(stepBy >= 1) || !Number.isInteger(stepBy)) fail(`${part} has an invalid step.`)
    let from: number
    let to: number
    if (range === '*' || range === '?') {
      from = min
      to = max
    } else if (range.includes('-')) {
      const [a, b] = range.split('-')
      from = value(a)
      to = value(b)
      if (from > to) fail(`${part} is an empty range.`)
    } else {
      from = value(range)
      to = stepText === undefined ? from : max
    }
    for (let v = from; v <= to; v += stepBy) values.add(v)
  }
  return values
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>()

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone)
    return true
  } catch {
    return false
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, format)
  }
  return format
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms). */
function offsetAt(zone: string, epochMs: number): number {
  if (zone === 'UTC') return 0
  const parts: Record<string, number> = {}
  for (const part of formatter(zone).formatToParts(new Date(epochMs))) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second)
  return wall - Math.floor(epochMs / 1000) * 1000
}

/** The instant a wall-clock time in a zone designates (a time skipped by DST moves forward). */
export function zonedToEpoch(zone: string, year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const first = wall - offsetAt(zone, wall)
  return wall - offsetAt(zone, first)
}

// ---------------------------------------------------------------------------------------------
// Next run

export interface Firing {
  schedule: Schedule
  /** IANA zone for at and cron (default UTC). */
  timezone?: string
  /** Bounds of a recurring schedule (epoch ms). */
  startTime?: number
  endTime?: number
  /** When the action was created: rate schedules count from here unless startTime is set. */
  createdAt: number
}

/** The first run strictly after `afterMs`, or undefined when there is none (past at(), past end). */
export function nextRun(firing: Firing, afterMs: number): number | undefined {
  const zone = firing.timezone ?? 'UTC'
  const from = Math.max(afterMs, (firing.startTime ?? Number.NEGATIVE_INFINITY) - 1)
  let run: number | undefined
  const {schedule} = firing
  if (schedule.kind === 'at') {
    const at = zonedToEpoch(zone, schedule.year, schedule.month, schedule.day, schedule.hour, schedule.minute, schedule.second)
    run = at > afterMs ? at : undefined
  } else if (schedule.kind === 'rate') {
    // From a start time the first run is at the start; from creation, one interval later.
    const anchor = firing.startTime ?? firing.createdAt
    const interval = schedule.seconds * 1000
    const k = Math.max(firing.startTime === undefined ? 1 : 0, Math.floor((afterMs - anchor) / interval) + 1)
    run = anchor + k * interval
  } else {
    run = nextCron(schedule.cron, zone, from)
  }
  if (run !== undefined && firing.endTime !== undefined && run > firing.endTime) return undefined
  return run
}

function nextCron(cron: Cron, zone: string, afterMs: number): number | undefined {
  const startWall = afterMs + offsetAt(zone, afterMs)
  const start = new Date(startWall)
  const y0 = start.getUTCFullYear()
  const m0 = start.getUTCMonth()
  const d0 = start.getUTCDate()
  const h0 = start.getUTCHours()
  const min0 = start.getUTCMinutes()
  // Ten years of days is plenty for any expression that fires at all.
  for (let dayOffset = 0; dayOffset < 3700; dayOffset++) {
    const date = new Date(Date.UTC(y0, m0, d0 + dayOffset))
    const year = date.getUTCFullYear()
    if (cron.years !== 'any' && !cron.years.has(year)) continue
    const month = date.getUTCMonth() + 1
    if (!cron.months.has(month)) continue
    const day = date.getUTCDate()
    if (cron.lastDay) {
      if (new Date(Date.UTC(year, month, 0)).getUTCDate() !== day) continue
    } else if (cron.days !== 'any' && !cron.days.has(day)) continue
    if (cron.weekdays !== 'any' && !cron.weekdays.has(date.getUTCDay())) continue
    for (const hour of cron.hours) {
      if (dayOffset === 0 && hour < h0) continue
      for (const minute of cron.minutes) {
        if (dayOffset === 0 && hour === h0 && minute < min0) continue
        const run = zonedToEpoch(zone, year, month, day, hour, minute)
        if (run > afterMs) return run
      }
    }
  }
  return undefined
}
