// The six-field cron of Application Auto Scaling (Minutes Hours Day-of-month Month Day-of-week
// Year), checked with AWS's rules before any call, and its next run computed in a time zone.
//
// Rules (as AWS documents them for scheduled actions): `,` lists, `-` ranges, `/` steps, `*` all;
// day-of-month and day-of-week cannot both be given — exactly one of them is `?`; `L` (last day
// of the month, or `5L` the last Thursday), `W` (`15W` the weekday nearest the 15th, `LW` the
// last weekday) and `#` (`2#1` the first Monday). Months JAN–DEC, days SUN–SAT (1 = Sunday).
import {dayOfWeek, daysInMonth, fromLocal, toLocal} from './zoned-time.js'

export class CronSyntaxError extends Error {}

export type DayOfMonthRule =
  {kind: 'any'} | {kind: 'days'; days: Set<number>} | {kind: 'last'} | {kind: 'last-weekday'} | {kind: 'nearest-weekday'; day: number}

export type DayOfWeekRule =
  {kind: 'any'} | {kind: 'days'; days: Set<number>} | {kind: 'last-of-month'; weekday: number} | {kind: 'nth'; weekday: number; nth: number}

export interface CronFields {
  minutes: number[]
  hours: number[]
  dayOfMonth: DayOfMonthRule
  months: number[]
  dayOfWeek: DayOfWeekRule
  /** null: every year. */
  years: number[] | null
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
export const MIN_YEAR = 1970
export const MAX_YEAR = 2199

interface FieldSpec {
  name: string
  min: number
  max: number
  names?: string[]
}

const FIELDS = {
  minutes: {name: 'minutes', min: 0, max: 59},
  hours: {name: 'hours', min: 0, max: 23},
  dayOfMonth: {name: 'day-of-month', min: 1, max: 31},
  months: {name: 'month', min: 1, max: 12, names: MONTHS},
  dayOfWeek: {name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS},
  years: {name: 'year', min: MIN_YEAR, max: MAX_YEAR},
} satisfies Record<string, FieldSpec>

function value(token: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1
  if (named >= 0) return named + 1
  if (!/^\d+$/.test(token)) throw new CronSyntaxError(`"${token}" is not a valid ${spec.name} value`)
  const number = Number(token)
  if (number < spec.min || number > spec.max) throw new CronSyntaxError(`${spec.name} ${token} is outside ${spec.min}–${spec.max}`)
  return number
}

/** `*`, `5`, `1-5`, `*\/15`, `0/10`, `8-18/2`, and comma lists of those. */
function parseList(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>()
  for (const item of text.split(',')) {
    if (item === '') throw new CronSyntaxError(`empty item in ${spec.name} "${text}"`)
    const [range, stepText, ...extra] = item.split('/')
    if (extra.length > 0) throw new CronSyntaxError(`"${item}" has more than one / in ${spec.name}`)
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronSyntaxError(`step "${stepText}" in ${spec.name} must be a whole number ≥ 1`)
      step = Number(stepText)
    }

    let from: number
    let to: number
    if (range === '*') {
      from = spec.min
      to = spec.max
    } else if (range.includes('-')) {
      const [a, b, ...more] = range.split('-')
      if (more.length > 0 || a === '' || b === '') throw new CronSyntaxError(`"${range}" is not a range in ${spec.name}`)
      from = value(a, spec)
      to = value(b, spec)
      if (from > to) throw new CronSyntaxError(`range ${range} in ${spec.name} runs backwards`)
    } else {
      from = value(range, spec)
      // `10/5` means from 10 to the end of the field, every 5.
      to = stepText === undefined ? from : spec.max
    }

    for (let v = from; v <= to; v += step) values.add(v)
  }

  return [...values].sort((a, b) => a - b)
}

function parseDayOfMonth(text: string): DayOfMonthRule {
  if (text === '?' || text === '*') return {kind: 'any'}
  const upper = text.toUpperCase()
  if (upper === 'L') return {kind: 'last'}
  if (upper === 'LW') return {kind: 'last-weekday'}
  const nearest = /^(\d+)W$/i.exec(text)
  if (nearest) return {kind: 'nearest-weekday', day: value(nearest[1], FIELDS.dayOfMonth)}
  if (/[LW]/i.test(text)) throw new CronSyntaxError(`"${text}": L and W stand alone in day-of-month (L, LW, 15W)`)
  return {kind: 'days', days: new Set(parseList(text, FIELDS.dayOfMonth))}
}

function parseDayOfWeek(text: string): DayOfWeekRule {
  if (text === '?' || text === '*') return {kind: 'any'}
  // `L` alone is the last day of the week, Saturday.
  if (text.toUpperCase() === 'L') return {kind: 'days', days: new Set([7])}
  const last = /^(\w+)L$/i.exec(text)
  if (last) return {kind: 'last-of-month', weekday: value(last[1], FIELDS.dayOfWeek)}
  const nth = /^(\w+)#(\d+)$/.exec(text)
  if (nth) {
    const n = Number(nth[2])
    if (n < 1 || n > 5) throw new CronSyntaxError(`"${text}": the week after # must be 1–5`)
    return {kind: 'nth', weekday: value(nth[1], FIELDS.dayOfWeek), nth: n}
  }

  // No day name contains an L, so any L or # left is misplaced.
  if (/[L#]/i.test(text)) throw new CronSyntaxError(`"${text}": L and # stand alone in day-of-week (6L, 2#1)`)
  return {kind: 'days', days: new Set(parseList(text, FIELDS.dayOfWeek))}
}

/** The inside of `cron(...)`. Throws CronSyntaxError with a message fit for the user. */
export function parseCron(body: string): CronFields {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) {
    throw new CronSyntaxError(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${body.trim() === '' ? 0 : fields.length}`)
  }

  const [minutes, hours, dom, month, dow, year] = fields
  const domAny = dom === '?'
  const dowAny = dow === '?'
  if (domAny === dowAny) {
    throw new CronSyntaxError(
      domAny
        ? 'day-of-month and day-of-week cannot both be ?'
        : 'give day-of-month or day-of-week, not both: use ? in the other (e.g. cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *))',
    )
  }

  return {
    minutes: parseList(minutes, FIELDS.minutes),
    hours: parseList(hours, FIELDS.hours),
    dayOfMonth: parseDayOfMonth(dom),
    months: parseList(month, FIELDS.months),
    dayOfWeek: parseDayOfWeek(dow),
    years: year === '*' ? null : parseList(year, FIELDS.years),
  }
}

function isWeekday(year: number, month: number, day: number): boolean {
  const weekday = dayOfWeek(year, month, day)
  return weekday >= 2 && weekday <= 6
}

function nearestWeekday(year: number, month: number, day: number): number | undefined {
  const last = daysInMonth(year, month)
  if (day > last) return undefined
  const weekday = dayOfWeek(year, month, day)
  // Never across a month boundary: the 1st on a Saturday runs Monday the 3rd.
  if (weekday === 7) return day === 1 ? 3 : day - 1
  if (weekday === 1) return day === last ? day - 2 : day + 1
  return day
}

export function dayMatches(fields: CronFields, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month)
  const dom = fields.dayOfMonth
  switch (dom.kind) {
    case 'days': {
      if (!dom.days.has(day)) return false
      break
    }

    case 'last': {
      if (day !== last) return false
      break
    }

    case 'last-weekday': {
      let lastWeekday = last
      while (!isWeekday(year, month, lastWeekday)) lastWeekday--
      if (day !== lastWeekday) return false
      break
    }

    case 'nearest-weekday': {
      if (nearestWeekday(year, month, dom.day) !== day) return false
      break
    }

    case 'any': {
      break
    }
  }

  const dow = fields.dayOfWeek
  const weekday = dayOfWeek(year, month, day)
  switch (dow.kind) {
    case 'days': {
      return dow.days.has(weekday)
    }

    case 'last-of-month': {
      return weekday === dow.weekday && day + 7 > last
    }

    case 'nth': {
      return weekday === dow.weekday && Math.ceil(day / 7) === dow.nth
    }

    case 'any': {
      return true
    }
  }
}

/** The first run strictly after `after` (epoch ms), in the zone; null if it never runs again. */
export function nextCronRun(fields: CronFields, timeZone: string, after: number): number | null {
  const now = toLocal(after, timeZone)
  const years = (fields.years ?? range(now.year, MAX_YEAR)).filter((year) => year >= now.year)
  for (const year of years) {
    for (const month of fields.months) {
      if (year === now.year && month < now.month) continue
      const last = daysInMonth(year, month)
      const firstDay = year === now.year && month === now.month ? now.day : 1
      for (let day = firstDay; day <= last; day++) {
        if (!dayMatches(fields, year, month, day)) continue
        const today = year === now.year && month === now.month && day === now.day
        for (const hour of fields.hours) {
          // Only an optimisation (the instant comparison below decides); the slack covers clock changes.
          if (today && hour < now.hour - 2) continue
          for (const minute of fields.minutes) {
            const instant = fromLocal({year, month, day, hour, minute, second: 0}, timeZone)
            if (instant > after) return instant
          }
        }
      }
    }
  }

  return null
}

function range(from: number, to: number): number[] {
  return Array.from({length: Math.max(0, to - from + 1)}, (_, index) => from + index)
}
