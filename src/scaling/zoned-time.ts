// Wall-clock time in an IANA time zone, with nothing but Intl: scheduled actions run at local times
// ("08:00 in Europe/Paris"), and their next run is an instant.

export interface LocalDateTime {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }

  return format
}

/** The wall-clock time at an instant in a zone. */
export function toLocal(instant: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }

  return {year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second}
}

function asUtc(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000
  return asUtc(toLocal(whole, timeZone)) - whole
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second
}

const HALF_DAY = 12 * 3600 * 1000

/**
 * The instant a wall-clock time happens in a zone. When clocks go back, a time happens twice: the
 * first is returned. When they go forward, a skipped time is moved forward by the gap (02:30 on
 * the night of the change runs at 03:30), as most schedulers do.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const guess = asUtc(local)
  const before = offsetAt(guess - HALF_DAY, timeZone)
  const after = offsetAt(guess + HALF_DAY, timeZone)
  const candidates = [...new Set([guess - before, guess - after])].sort((a, b) => a - b)
  const valid = candidates.filter((instant) => sameLocal(toLocal(instant, timeZone), local))
  return valid[0] ?? guess - before
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** 1 = Sunday … 7 = Saturday, as cron expressions number them. */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1
}
