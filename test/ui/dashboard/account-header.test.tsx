/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {render} from 'ink-testing-library'

import {AccountHeader} from '../../../src/ui/dashboard/account-header.js'
import {gauge} from '../../../src/ui/dashboard/gauge.js'
import {plain} from './ink-helpers.js'
import {makeSnapshot} from './snapshot-fixture.js'

describe('AccountHeader', () => {
  it('shows claimed concurrency against the limit as a gauge, with unreserved, and throttles now against the range', () => {
    const snapshot = makeSnapshot()
    const {lastFrame, unmount} = render(<AccountHeader snapshot={snapshot} width={120} functionCount={5} />)
    const [title, concurrency, throttles] = plain(lastFrame()).split('\n')
    assert.equal(title, 'lx dashboard · us-east-1 · last 3h in 1m periods · 5 functions')
    assert.match(concurrency, /^Concurrency [█░]+ 612 \/ 1,000 claimed · peak 259 · unreserved 470$/)
    assert.equal(throttles, 'Throttles   0 in the last 5m · 493 in 3h · stopped 28m ago')
    const bar = /[█░]+/.exec(concurrency)![0]
    assert.equal([...bar].filter((cell) => cell === '█').length / bar.length, 0.6)
    unmount()
  })

  it('falls back to peak concurrent executions when ClaimedAccountConcurrency has no data', () => {
    const snapshot = makeSnapshot()
    const withoutClaimed = {...snapshot, account: {...snapshot.account, claimedConcurrency: null}}
    const {lastFrame, unmount} = render(<AccountHeader snapshot={withoutClaimed} width={120} functionCount={5} />)
    assert.match(plain(lastFrame()), /259 \/ 1,000 peak concurrent · unreserved 470/)
    unmount()
  })

  it('fits 80 columns and less, dropping the least important facts, never cutting a number', () => {
    const snapshot = makeSnapshot()
    for (const width of [80, 60, 50]) {
      const {lastFrame, unmount} = render(<AccountHeader snapshot={snapshot} width={width} functionCount={2000} />)
      const lines = plain(lastFrame()).split('\n')
      for (const line of lines) assert.ok(line.length <= width, `${width} columns: ${line}`)
      assert.match(lines[1], /612 \/ 1,000 claimed/)
      assert.match(lines[2], /^Throttles +0 in (the last )?5m · 493 in 3h/)
      unmount()
    }

    const {lastFrame, unmount} = render(<AccountHeader snapshot={snapshot} width={80} functionCount={2000} />)
    assert.match(plain(lastFrame()), /2,000 functions/)
    assert.match(plain(lastFrame()).split('\n')[1], /claimed · peak 259 · unreserved 470$/)
    unmount()
  })

  it('gauge: any use shows, full only at the limit', () => {
    assert.equal(gauge(0, 1000, 10), '░░░░░░░░░░')
    assert.equal(gauge(1, 1000, 10), '█░░░░░░░░░')
    assert.equal(gauge(999, 1000, 10), '█████████░')
    assert.equal(gauge(1000, 1000, 10), '██████████')
    assert.equal(gauge(5, 0, 4), '█░░░', 'an unknown limit still shows use')
  })
})
