import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {nextRun, parseSchedule, validateTimezone} from '../../src/scaling/schedule-expression.js'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
// Saturday 28 March 2026, 12:00 UTC — the night before Europe's clocks go forward.
const NOW = Date.parse('2026-03-28T12:00:00Z')

function refused(expression: string, reason: RegExp) {
  assert.throws(
    () => parseSchedule(expression),
    (error: unknown) => error instanceof UserError && error.exitCode === 2 && reason.test(error.message),
    `${expression} should be refused with ${reason}`,
  )
}

describe('schedule expressions', () => {
  describe('accepted', () => {
    const valid: Array<[string, string]> = [
      ['cron(0 8 ? * MON-FRI *)', 'cron'],
      ['cron(0 8 * * ? *)', 'cron'],
      ['cron(*/15 9-17 ? * 2-6 *)', 'cron'],
      ['cron(0,30 8 1,15 JAN-JUN ? 2026-2030)', 'cron'],
      ['cron(0 0 L * ? *)', 'cron'],
      ['cron(0 0 LW * ? *)', 'cron'],
      ['cron(0 0 15W * ? *)', 'cron'],
      ['cron(0 9 ? * 2#1 *)', 'cron'],
      ['cron(0 9 ? * 6L *)', 'cron'],
      ['cron(0 9 ? * mon *)', 'cron'],
      ['cron(5/10 * * * ? *)', 'cron'],
      ['rate(1 minute)', 'rate'],
      ['rate(5 minutes)', 'rate'],
      ['rate(1 hour)', 'rate'],
      ['rate(12 hours)', 'rate'],
      ['rate(1 day)', 'rate'],
      ['rate(7 days)', 'rate'],
      ['at(2030-11-29T06:00:00)', 'at'],
      ['at(2028-02-29T00:00:00)', 'at'],
    ]
    for (const [expression, type] of valid) {
      it(expression, () => assert.equal(parseSchedule(expression).type, type))
    }
  })

  describe('refused before any call (exit 2)', () => {
    const invalid: Array<[string, RegExp]> = [
      ['0 8 * * ? *', /must be at\(\.\.\.\), rate\(\.\.\.\) or cron/],
      ['cron(0 8 * * ?)', /6 fields/],
      ['cron(0 0 8 * * ? *)', /6 fields .*got 7/],
      ['cron()', /6 fields .*got 0/],
      ['cron(0 8 * * * *)', /not both: use \?/],
      ['cron(0 8 ? * ? *)', /cannot both be \?/],
      ['cron(60 8 * * ? *)', /minutes 60 is outside 0–59/],
      ['cron(0 24 * * ? *)', /hours 24 is outside 0–23/],
      ['cron(0 8 0 * ? *)', /day-of-month 0 is outside 1–31/],
      ['cron(0 8 32 * ? *)', /day-of-month 32/],
      ['cron(0 8 * 13 ? *)', /month 13 is outside 1–12/],
      ['cron(0 8 ? * 8 *)', /day-of-week 8 is outside 1–7/],
      ['cron(0 8 ? * FUNDAY *)', /"FUNDAY" is not a valid day-of-week/],
      ['cron(0 8 * * ? 1969)', /year 1969 is outside 1970–2199/],
      ['cron(0 8 * * ? 2200)', /year 2200/],
      ['cron(0 17-9 * * ? *)', /runs backwards/],
      ['cron(*/0 * * * ? *)', /step "0"/],
      ['cron(0 8 1,,2 * ? *)', /empty item/],
      ['cron(0 8 L,15 * ? *)', /L and W stand alone/],
      ['cron(0 8 ? * 2#6 *)', /1–5/],
      ['cron(0 8 ? * 1,L *)', /L and # stand alone/],
      ['cron(0 8 * * ? x)', /"x" is not a valid year/],
      ['rate(0 minutes)', /at least 1/],
      ['rate(1 minutes)', /rate\(1 minute\), singular/],
      ['rate(5 minute)', /rate\(5 minutes\), plural/],
      ['rate(5 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
      ['rate(1.5 hours)', /whole number/],
      ['rate(-1 hours)', /whole number/],
      ['at(2030-11-29 06:00:00)', /yyyy-mm-ddThh:mm:ss/],
      ['at(2030-11-29T06:00)', /yyyy-mm-ddThh:mm:ss/],
      ['at(2030-11-29T06:00:00Z)', /without a zone/],
      ['at(2027-02-29T00:00:00)', /does not exist|not a date and time that exists/],
      ['at(2030-13-01T00:00:00)', /not a date and time that exists/],
      ['at(2030-01-01T24:00:00)', /not a date and time that exists/],
    ]
    for (const [expression, reason] of invalid) {
      it(expression, () => refused(expression, reason))
    }
  })

  describe('next run', () => {
    const cases: Array<{expression: string; timezone?: string; expected: string | null; start?: string; end?: string; created?: string}> = [
      {expression: 'cron(0 8 ? * MON-FRI *)', expected: '2026-03-30T08:00:00.000Z'},
      // Paris is UTC+2 from Sunday: Monday 08:00 there is 06:00 UTC.
      {expression: 'cron(0 8 ? * MON-FRI *)', timezone: 'Europe/Paris', expected: '2026-03-30T06:00:00.000Z'},
      {expression: 'cron(0 13 * * ? *)', expected: '2026-03-28T13:00:00.000Z'},
      {expression: 'cron(0 12 * * ? *)', expected: '2026-03-29T12:00:00.000Z'},
      {expression: 'cron(*/15 * * * ? *)', expected: '2026-03-28T12:15:00.000Z'},
      {expression: 'cron(0 0 L * ? *)', expected: '2026-03-31T00:00:00.000Z'},
      // The last weekday of April 2026 is Thursday the 30th.
      {expression: 'cron(0 0 LW 4 ? *)', expected: '2026-04-30T00:00:00.000Z'},
      // 1 August 2026 is a Saturday; 1W never crosses into July, so it runs Monday the 3rd.
      {expression: 'cron(0 0 1W 8 ? *)', expected: '2026-08-03T00:00:00.000Z'},
      {expression: 'cron(0 9 ? * 2#1 *)', expected: '2026-04-06T09:00:00.000Z'},
      {expression: 'cron(0 9 ? * 6L *)', expected: '2026-04-24T09:00:00.000Z'},
      {expression: 'cron(0 0 29 2 ? *)', expected: '2028-02-29T00:00:00.000Z'},
      {expression: 'cron(0 0 30 2 ? *)', expected: null},
      {expression: 'cron(0 0 * * ? 2025)', expected: null},
      // 02:30 does not exist in Paris on 29 March 2026: it runs at 03:30 local (01:30 UTC).
      {expression: 'cron(30 2 29 3 ? 2026)', timezone: 'Europe/Paris', expected: '2026-03-29T01:30:00.000Z'},
      {expression: 'cron(0 8 ? * MON-FRI *)', start: '2026-06-01T00:00:00Z', expected: '2026-06-01T08:00:00.000Z'},
      {expression: 'cron(0 8 ? * MON-FRI *)', end: '2026-03-29T00:00:00Z', expected: null},
      {expression: 'at(2026-04-01T09:00:00)', timezone: 'America/New_York', expected: '2026-04-01T13:00:00.000Z'},
      {expression: 'at(2026-03-28T11:59:00)', expected: null},
      {expression: 'rate(1 hour)', created: '2026-03-28T10:30:00Z', expected: '2026-03-28T12:30:00.000Z'},
      {expression: 'rate(1 day)', start: '2026-04-02T00:00:00Z', expected: '2026-04-03T00:00:00.000Z'},
      {expression: 'rate(5 minutes)', expected: null},
    ]
    for (const c of cases) {
      it(
        `${c.expression}${c.timezone ? ` in ${c.timezone}` : ''}${c.start ? ` from ${c.start}` : ''}${c.end ? ` until ${c.end}` : ''} → ` +
          `${c.expected ?? 'none'}`,
        () => {
          const at = (text?: string) => (text ? Date.parse(text) : null)
          assert.equal(
            iso(nextRun(parseSchedule(c.expression), {timezone: c.timezone ?? null, now: NOW, start: at(c.start), end: at(c.end), created: at(c.created)})),
            c.expected,
          )
        },
      )
    }

    // How quickly is measured by `npm run bench` (scripts/bench-sandbox.js).
    it('finds that a cron whose date never comes has no next run', () => {
      assert.equal(nextRun(parseSchedule('cron(0 0 30 2 ? *)'), {timezone: 'Europe/Paris', now: NOW}), null)
    })
  })

  describe('time zones', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5', 'US/Eastern']) {
      it(`accepts ${zone}`, () => assert.equal(validateTimezone(zone), zone))
    }

    const bad: Array<[string, RegExp]> = [
      ['Mars/Olympus', /not a time zone lx knows/],
      ['+05:00', /not a time zone lx knows/],
      ['', /not a time zone lx knows/],
      ['europe/paris', /must be written Europe\/Paris/],
      ['utc', /must be written UTC/],
    ]
    for (const [zone, reason] of bad) {
      it(`refuses "${zone}"`, () => {
        assert.throws(
          () => validateTimezone(zone),
          (error: unknown) => error instanceof UserError && reason.test(error.message),
        )
      })
    }
  })
})
