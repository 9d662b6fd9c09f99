/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The live dashboard across a fleet: a FleetDashboardFeed over one fake feed per account-region,
// refreshed together on each tick; rows with ACCOUNT and REGION, the selection kept per row.
import assert from 'node:assert/strict'
import {cleanup, render} from 'ink-testing-library'

import {FleetDashboardFeed} from '../../../src/dashboard/fleet-dashboard.js'
import {App} from '../../../src/ui/dashboard/app.js'
import {headerLine, rowLine, tableLayout} from '../../../src/ui/dashboard/function-table.js'
import {KEYS, plain, waitFor} from './ink-helpers.js'
import {FakeFeed, MODEL, NOW} from './snapshot-fixture.js'

const SIZE = {columns: 150, rows: 45}
const US = {account: '111111111111', region: 'us-east-1'}
const EU = {account: '222222222222', region: 'eu-west-1'}

function mount() {
  const feeds = {us: new FakeFeed(), eu: new FakeFeed()}
  const feed = new FleetDashboardFeed(
    [
      {...US, feed: feeds.us},
      {...EU, feed: feeds.eu},
    ],
    [{account: '333333333333', reason: 'the role could not be assumed'}],
  )
  const instance = render(<App feed={feed} rangeSeconds={3 * 3600} refreshSeconds={60} size={SIZE} now={() => NOW} />)
  const frame = () => plain(instance.lastFrame())
  return {...instance, feeds, frame}
}

async function press(app: ReturnType<typeof mount>, key: string, until: (frame: string) => boolean, what: string) {
  app.stdin.write(key)
  await waitFor(() => until(app.frame()), what)
}

/** The selected row: name, account and region. */
const selectedRow = (frame: string) => /^› (\S+)\s+(\d{12})\s+(\S+)/m.exec(frame)?.slice(1).join(' ')

describe('App (live dashboard) across a fleet', () => {
  afterEach(() => cleanup())

  it('shows every account-region: the busiest pool, the fleet’s throttles, rows with ACCOUNT and REGION', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    const frame = app.frame()
    const lines = frame.split('\n')
    assert.ok(lines.length <= SIZE.rows - 1, `fits the terminal (${lines.length} lines)`)
    assert.match(lines[0], /^lx dashboard · 2 account-regions \(us-east-1, eu-west-1\) · last 3h in 1m periods · 10 functions/)
    assert.match(frame, /Concurrency [█░]+ busiest 111111111111\/us-east-1: 612 \/ 1,000 claimed/)
    assert.match(frame, /Throttles {3}0 in the last 5m · 986 in 3h \(all account-regions\)/)
    assert.match(frame, /^ {2}FUNCTION\s+ACCOUNT\s+REGION\s+THR 5M▼\s+THR 3H/m)
    assert.equal(selectedRow(frame), 'orders-api 111111111111 us-east-1')
    assert.match(frame, /^ {2}orders-api\s+222222222222\s+eu-west-1\s+0\s+475/m)
    assert.match(frame, /Throttles · all account-regions per 1m · total 986/)
    assert.match(frame, /Not reached \(1\): 333333333333: the role could not be assumed/)
    assert.doesNotMatch(frame, /Refresh at .* failed/, 'a place never reached is not a failed refresh')
    assert.equal(app.feeds.us.requests.length, 1)
    assert.equal(app.feeds.eu.requests.length, 1)
    app.unmount()
  })

  it('moves between the same function in two account-regions, focuses the right one, and filters by region', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, 'j', (frame) => selectedRow(frame) === 'orders-api 222222222222 eu-west-1', 'j to the other orders-api')
    await press(app, KEYS.enter, (frame) => frame.includes('orders-api · 222222222222/eu-west-1 (Enter or Esc'), 'focus')
    await press(app, KEYS.escape, (frame) => frame.includes('THR 5M▼'), 'back to the table')
    await press(app, '/eu-west\r', (frame) => frame.includes('filter "eu-west"'), 'a region filter')
    const rows = app
      .frame()
      .split('\n')
      .filter((line) => /^[› ] [a-z][\w-]+\s+\d{12}/.test(line))
    assert.equal(rows.length, MODEL.length)
    assert.ok(
      rows.every((line) => line.includes('eu-west-1')),
      rows.join('\n'),
    )
    app.unmount()
  })

  it('r refreshes every account-region; one that fails says so under its name and keeps its last rows', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    app.feeds.eu.failNext = 'Access denied: the credentials in use may not call cloudwatch:GetMetricData.'
    await press(app, 'r', (frame) => frame.includes('failed'), 'the failure')
    assert.equal(app.feeds.us.requests.length, 2)
    assert.equal(app.feeds.eu.requests.length, 2)
    assert.match(app.frame().replaceAll('\n', ' '), /failed \(showing data from \d\d:\d\d:\d\d\): 222222222222\/eu-west-1: Metrics: Access denied/)
    assert.match(app.frame(), /^ {2}orders-api\s+222222222222\s+eu-west-1/m)
    app.unmount()
  })

  it('the table layout: ACCOUNT and REGION after the name, kept while the numbers give way', () => {
    const row = {...(MODEL[0] as object), functionName: 'orders-api', account: '111111111111', region: 'eu-west-1'}
    assert.deepEqual(
      tableLayout(55, true).columns.map((column) => column.header),
      ['ACCOUNT', 'REGION'],
    )
    assert.match(headerLine(150, 'throttles', undefined, true), /^ {2}FUNCTION\s+ACCOUNT\s+REGION\s+THR 5M▼/)
    assert.doesNotMatch(headerLine(150, 'throttles'), /ACCOUNT/, 'one region: no place columns')
    assert.match(rowLine(row as never, 55, true, true), /^› orders-api\s+111111111111 {2}eu-west-1\s*$/)
  })
})
