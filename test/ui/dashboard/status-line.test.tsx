/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {render} from 'ink-testing-library'

import {formatClock} from '../../../src/ui/dashboard/format.js'
import {problemLines, StatusLine, statusText} from '../../../src/ui/dashboard/status-line.js'
import {plain} from './ink-helpers.js'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)
const stats = {
  full: false,
  period: 60,
  window: {start: 0, end: 0},
  getMetricDataCalls: 2,
  metricQueries: 805,
  datapoints: 4025,
  coldStartsFetched: false,
  coldStartQueries: 0,
  logsBytesScanned: 0,
  durationMs: 800,
}
const coldOk = {available: true, reason: null, asOf: new Date(T - 120_000).toISOString(), missingLogGroups: []}

describe('StatusLine', () => {
  it('says when the data is from, when the next refresh is, and what it cost', () => {
    const status = {refreshing: false, lastAttemptAt: T, lastSuccessAt: T, nextAt: T + 60_000, errors: [], stats, coldStarts: coldOk}
    const {lastFrame, unmount} = render(<StatusLine status={status} width={140} />)
    const frame = plain(lastFrame())
    assert.match(
      frame,
      new RegExp(
        `Refreshed ${formatClock(T)} · next ${formatClock(T + 60_000)} · 2 GetMetricData calls, 805 queries \\(incremental\\) · cold starts as of ` +
          `${formatClock(T - 120_000)}`,
      ),
    )
    assert.match(frame, /q quit/)
    unmount()
  })

  it('after a failed refresh, says why and that the data on screen is older', () => {
    const status = {
      refreshing: false,
      lastAttemptAt: T + 60_000,
      lastSuccessAt: T,
      nextAt: T + 120_000,
      errors: ['Metrics: Could not reach AWS: ETIMEDOUT (GetMetricData).'],
      coldStarts: coldOk,
    }
    const {lastFrame, unmount} = render(<StatusLine status={status} width={160} />)
    const frame = plain(lastFrame())
    assert.match(
      frame,
      new RegExp(
        `Refresh at ${formatClock(T + 60_000)} failed \\(showing data from ${formatClock(T)}\\): Metrics: Could not reach AWS: ETIMEDOUT ` +
          `\\(GetMetricData\\)\\.`,
      ),
    )
    assert.match(frame, new RegExp(`Refreshed ${formatClock(T)}`))
    unmount()
  })

  it('says Logs are unreadable rather than showing zero cold starts', () => {
    const status = {
      refreshing: false,
      lastAttemptAt: T,
      lastSuccessAt: T,
      errors: ['Cold starts: Logs not readable: Access denied: the credentials in use may not call logs:StartQuery'],
      coldStarts: {
        available: false,
        reason: 'Logs not readable: Access denied: the credentials in use may not call logs:StartQuery',
        asOf: null,
        missingLogGroups: [],
      },
    }
    const {lastFrame, unmount} = render(<StatusLine status={status} width={160} />)
    const frame = plain(lastFrame())
    assert.match(frame, /Cold starts unavailable: Logs not readable: Access denied: the credentials in use may not call logs:StartQuery/)
    assert.doesNotMatch(frame, /Refresh at .* failed/, 'metrics are fine; only cold starts are missing')
    unmount()
  })

  it('names functions without a log group', () => {
    const lines = problemLines({
      refreshing: false,
      errors: [],
      coldStarts: {...coldOk, missingLogGroups: ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/aws/lambda/d']},
    })
    assert.deepEqual(lines, ['No log group for 4 functions (/aws/lambda/a, /aws/lambda/b, /aws/lambda/c, …): cold starts n/a'])
  })

  it('wraps a long failure instead of cutting its reason, and counts the lines for the layout', () => {
    const status = {refreshing: false, lastAttemptAt: T, lastSuccessAt: T, errors: [`Metrics: ${'x'.repeat(150)}`]}
    const {lastFrame, unmount} = render(<StatusLine status={status} width={80} />)
    const frame = plain(lastFrame())
    assert.ok(frame.includes('x'.repeat(40)))
    assert.equal(frame.replace(/\n/g, '').split('x').length - 1, 150, 'every character of the reason is on screen')
    unmount()
  })

  it('before the first answer', () => {
    assert.equal(statusText({refreshing: true, errors: []}), 'Refreshing…')
    assert.deepEqual(problemLines({refreshing: false, lastAttemptAt: T, errors: ['Metrics: Access denied.']}), [
      `Refresh at ${formatClock(T)} failed (no data yet): Metrics: Access denied.`,
    ])
  })
})
