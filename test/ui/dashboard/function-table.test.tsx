/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {render} from 'ink-testing-library'

import {sortFunctions} from '../../../src/dashboard/dashboard-data.js'
import {FunctionTable, headerText, scrollOffset, tableLayout} from '../../../src/ui/dashboard/function-table.js'
import {plain} from './ink-helpers.js'
import {makeSnapshot, type ModelFunction} from './snapshot-fixture.js'

const snapshot = makeSnapshot()
const names = (frame: string) =>
  frame
    .split('\n')
    .slice(1)
    .map((line) => /^[› ] (\S+)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name) && !/^(sorted|No)$/.test(name!))

describe('FunctionTable', () => {
  it('lists functions most-throttled first, marks the sort column and the selected row', () => {
    const rows = sortFunctions(snapshot.functions, 'throttles')
    const {lastFrame, unmount} = render(<FunctionTable rows={rows} selected={1} width={110} height={9} sortKey="throttles" />)
    const frame = plain(lastFrame())
    assert.deepEqual(names(frame), ['orders-api', 'billing-worker', 'thumbnailer', 'auth-edge', 'reports-nightly'])
    assert.match(frame.split('\n')[0], /THR 5M▼ +THR RANGE +TREND/)
    assert.match(frame, /^› billing-worker/m)
    assert.match(frame, /^ {2}orders-api\s+0\s+475\s+stopped 39m ago\s+162,000\s+4\s+18\s+60\/100$/m)
    assert.match(frame, /sorted by recent throttles · 1–5 of 5/)
    unmount()
  })

  it('follows another sort key', () => {
    const rows = sortFunctions(snapshot.functions, 'coldStarts')
    const {lastFrame, unmount} = render(<FunctionTable rows={rows} selected={0} width={110} height={9} sortKey="coldStarts" />)
    const frame = plain(lastFrame())
    assert.deepEqual(names(frame), ['thumbnailer', 'billing-worker', 'orders-api', 'auth-edge', 'reports-nightly'])
    assert.match(frame.split('\n')[0], /COLD STARTS▼/)
    assert.doesNotMatch(frame.split('\n')[0], /THR 5M▼/)
    unmount()
  })

  it('scrolls so the selected row stays visible', () => {
    const model: ModelFunction[] = Array.from({length: 40}, (_, index) => ({name: `fn-${String(index).padStart(2, '0')}`, invocationsPerMinute: index}))
    const rows = sortFunctions(makeSnapshot({model}).functions, 'name')
    const {lastFrame, unmount} = render(<FunctionTable rows={rows} selected={30} width={100} height={10} sortKey="name" />)
    const frame = plain(lastFrame())
    assert.equal(names(frame).length, 8)
    assert.match(frame, /^› fn-30/m)
    assert.match(frame, /24–31 of 40/)
    unmount()
    assert.equal(scrollOffset(0, 8, 40), 0)
    assert.equal(scrollOffset(39, 8, 40), 32)
    assert.equal(scrollOffset(5, 8, 40, 3), 3, 'stays put while the selection is in view')
    assert.equal(scrollOffset(5, 8, 4), 0)
  })

  it('drops columns from the right when the terminal is narrow, and never overflows', () => {
    assert.equal(tableLayout(140).columns.length, 9)
    assert.deepEqual(
      tableLayout(80).columns.map((column) => headerText(column, {recent: '5m', range: '3h'})),
      ['THR 5M', 'THR 3H', 'TREND', 'INVOCATIONS', 'ERRORS'],
    )
    assert.equal(tableLayout(80).nameWidth, 17)
    assert.deepEqual(
      tableLayout(70).columns.map((column) => headerText(column)),
      ['THR 5M', 'THR RANGE', 'TREND', 'INVOCATIONS'],
    )
    const {lastFrame, unmount} = render(<FunctionTable rows={snapshot.functions} selected={0} width={70} height={8} sortKey="throttles" />)
    const frame = plain(lastFrame())
    assert.ok(frame.split('\n').every((line) => line.length <= 70))
    assert.doesNotMatch(frame, /SPILLOVER/)
    unmount()
  })

  it('shows n/a, not 0, for cold starts that could not be counted', () => {
    const unreadable = makeSnapshot({coldStartStatus: {state: 'unreadable', reason: 'Logs not readable', missingLogGroups: []}})
    const {lastFrame, unmount} = render(<FunctionTable rows={unreadable.functions} selected={0} width={110} height={9} sortKey="throttles" />)
    assert.match(plain(lastFrame()), /^› orders-api\s+0\s+475\s+stopped 39m ago\s+162,000\s+4\s+n\/a/m)
    unmount()
  })

  it('says so when the filter matches nothing', () => {
    const {lastFrame, unmount} = render(<FunctionTable rows={[]} selected={0} width={80} height={6} sortKey="throttles" filter="zzz" />)
    assert.match(plain(lastFrame()), /No function matches "zzz"/)
    unmount()
  })
})
