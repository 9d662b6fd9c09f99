import assert from 'node:assert/strict'

import {renderDashboardText} from '../../../src/ui/dashboard/render-dashboard-text.js'
import {makeSnapshot} from './snapshot-fixture.js'

describe('renderDashboardText (--once)', () => {
  it('prints the account summary and one row per function, with sparklines, most throttled first', () => {
    const text = renderDashboardText(makeSnapshot())
    assert.match(text, /^Range {8}last 3h, 1m periods: 2024-05-01 09:01 UTC → 2024-05-01 12:01 UTC \(us-east-1\)$/m)
    assert.match(text, /^Concurrency {2}612 \/ 1,000 claimed · peak 259 · unreserved 470$/m)
    assert.match(text, /^Throttles {4}[▁-█]{24} {2}0 in the last 5m, 493 in 3h \(account\)$/m)
    assert.match(text, /^Cold starts {2}[▁-█]{24} {2}156 \(selected functions\)$/m)
    const rows = text.split('\n').filter((line) => /^(orders|billing|thumb|auth|reports)/.test(line))
    assert.deepEqual(
      rows.map((line) => line.split(/\s+/)[0]),
      ['orders-api', 'billing-worker', 'thumbnailer', 'auth-edge', 'reports-nightly'],
    )
    assert.match(rows[0], /^orders-api\s+0\s+475\s+stopped 39m ago\s+162,000\s+4\s+18\s+60\/100\s+93%\s+18\s+[▁-█]{24}\s+[▁-█]{24}$/)
    // eslint-disable-next-line no-control-regex -- ESC [ starts every colour and cursor code
    assert.doesNotMatch(text, /\u001B\[/, 'no colour or cursor codes')
  })

  it('says why cold starts are missing instead of printing zeros', () => {
    const text = renderDashboardText(makeSnapshot({coldStartStatus: {state: 'unreadable', reason: 'Logs not readable: Access denied', missingLogGroups: []}}))
    assert.match(text, /^Cold starts {2}unavailable: Logs not readable: Access denied$/m)
    assert.match(text, /^orders-api\s+0\s+475\s+stopped 39m ago\s+162,000\s+4\s+n\/a\s/m)
    assert.match(text, /Cold starts are n\/a: Logs not readable: Access denied\./)
  })

  it('ranks by the recent minutes, with the range total, the trend and when throttles stopped', () => {
    const model = [
      {name: 'fixed-api', throttlesPerMinute: (m: number) => (m < 170 ? 1000 : 0), invocationsPerMinute: 500},
      {name: 'rising-api', throttlesPerMinute: (m: number) => (m > 170 ? 20 : 1), invocationsPerMinute: 50},
    ]
    const text = renderDashboardText(makeSnapshot({model}))
    const rows = text.split('\n').filter((line) => /^(fixed|rising)-api/.test(line))
    assert.match(rows[0], /^rising-api\s+100\s+351\s+[▁-█]{8} ↑\s/)
    assert.match(rows[1], /^fixed-api\s+0\s+170,000\s+stopped 9m ago\s/)
    assert.match(text, /^FUNCTION\s+THROTTLES 5M\s+THROTTLES 3H\s+TREND\s+INVOCATIONS/m)
    assert.match(text, /^Ranked by throttles in the last 5m of complete minutes \(2024-05-01 11:55 UTC → 2024-05-01 12:00 UTC\)/m)
  })

  it('says so when nothing matches', () => {
    assert.match(renderDashboardText(makeSnapshot({model: []})), /No functions match\./)
  })
})
