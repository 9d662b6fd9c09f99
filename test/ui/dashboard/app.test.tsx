/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {cleanup, render} from 'ink-testing-library'

import {App, splitHeight} from '../../../src/ui/dashboard/app.js'
import {KEYS, plain, waitFor} from './ink-helpers.js'
import {FakeFeed, NOW} from './snapshot-fixture.js'

const SIZE = {columns: 120, rows: 40}

function mount(feed = new FakeFeed(), size = SIZE) {
  let quit = 0
  const instance = render(<App feed={feed} rangeSeconds={3 * 3600} refreshSeconds={60} size={size} now={() => NOW} onQuit={() => quit++} />)
  const frame = () => plain(instance.lastFrame())
  return {...instance, feed, frame, quits: () => quit}
}

async function press(app: ReturnType<typeof mount>, key: string, until: (frame: string) => boolean, what: string) {
  app.stdin.write(key)
  await waitFor(() => until(app.frame()), what)
}

const selectedName = (frame: string) => /^› (\S+)/m.exec(frame)?.[1]

describe('App (live dashboard)', () => {
  // A failed assertion must not leave an app (and its refresh timer) running.
  afterEach(() => cleanup())

  it('renders header, table, charts and status for the terminal size', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    const frame = app.frame()
    const lines = frame.split('\n')
    assert.ok(lines.length <= SIZE.rows - 1, `fits the terminal (${lines.length} lines)`)
    assert.ok(
      lines.every((line) => line.length <= SIZE.columns),
      'no line wider than the terminal',
    )
    assert.match(lines[0], /^lx dashboard · us-east-1 · last 3h/)
    assert.match(frame, /Concurrency [█░]+ 612 \/ 1,000 claimed/)
    assert.match(frame, /Throttles · account per 1m · total 493 +Throttles · orders-api per 1m · total 475/)
    assert.match(frame, /Cold starts · account per 1m/)
    assert.match(frame, /q quit/)
    assert.equal(selectedName(frame), 'orders-api')
    app.unmount()
  })

  it('moves the selection with j/k and the arrow keys, and the function charts follow', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, 'j', (frame) => selectedName(frame) === 'billing-worker', 'j')
    assert.match(app.frame(), /Throttles · billing-worker per 1m/)
    await press(app, KEYS.down, (frame) => selectedName(frame) === 'thumbnailer', 'down arrow')
    await press(app, 'k', (frame) => selectedName(frame) === 'billing-worker', 'k')
    await press(app, KEYS.up, (frame) => selectedName(frame) === 'orders-api', 'up arrow')
    await press(app, KEYS.up, (frame) => selectedName(frame) === 'orders-api', 'stays at the top')
    app.unmount()
  })

  it('handles keys that arrive together in one read (a fast typist, a paste)', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, 'jj', (frame) => selectedName(frame) === 'thumbnailer', 'two moves')
    await press(app, '/auth\r', (frame) => frame.includes('filter "auth"') && !frame.includes('Filter /'), 'a typed filter, kept with Enter')
    assert.equal(selectedName(app.frame()), 'auth-edge')
    app.unmount()
  })

  it('s changes the sort; the selection stays on the same function', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, 's', (frame) => frame.includes('COLD STARTS▼'), 'sort by cold starts')
    const frame = app.frame()
    assert.match(frame, /sorted by cold starts/)
    const order = frame
      .split('\n')
      .filter((line) => /^[› ] [a-z]/.test(line))
      .map((line) => line.slice(2).split(/\s+/)[0])
    assert.deepEqual(order, ['thumbnailer', 'billing-worker', 'orders-api', 'auth-edge', 'reports-nightly'])
    assert.equal(selectedName(frame), 'orders-api')
    app.unmount()
  })

  it('/ filters by name; Esc clears the filter', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, '/', (frame) => /^Filter \/▌/m.test(frame), 'the filter prompt')
    for (const char of 'bill') app.stdin.write(char)
    await waitFor(() => app.frame().includes('filter "bill"') && !app.frame().includes('auth-edge'), 'filtered rows')
    assert.equal(selectedName(app.frame()), 'billing-worker')
    await press(app, KEYS.escape, (frame) => frame.includes('auth-edge') && !frame.includes('filter "'), 'filter cleared')
    app.unmount()
  })

  it('Enter focuses the selected function; Esc goes back', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, KEYS.enter, (frame) => frame.includes('Enter or Esc: back to the table'), 'focus')
    const frame = app.frame()
    assert.match(frame, /invocations 162,000 · throttles 475 \(<1% of requests\)|invocations 162,000 · throttles 475 \(\d+% of requests\)/)
    assert.match(frame, /peak concurrency 60\/100 reserved · provisioned 20 · utilisation peak 93%/)
    assert.doesNotMatch(frame, /Throttles · account/, 'focus shows the function alone')
    await press(app, KEYS.escape, (frame) => frame.includes('FUNCTION') && frame.includes('Throttles · account'), 'back to the table')
    app.unmount()
  })

  it('+ and - change the range and refresh for it; r refreshes now, cold starts included', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    assert.deepEqual(app.feed.requests, [{rangeSeconds: 10_800, forceColdStarts: false}])
    await press(app, '+', (frame) => frame.includes('last 6h'), 'a wider range')
    assert.deepEqual(app.feed.requests.at(-1), {rangeSeconds: 21_600, forceColdStarts: false})
    await press(app, '-', (frame) => frame.includes('last 3h'), 'back to 3h')
    await press(app, '-', (frame) => frame.includes('last 1h'), 'a narrower range')
    const before = app.feed.requests.length
    await press(app, 'r', () => app.feed.requests.length === before + 1, 'a refresh')
    assert.deepEqual(app.feed.requests.at(-1), {rangeSeconds: 3600, forceColdStarts: true})
    app.unmount()
  })

  it('? shows the help; any key closes it; q quits', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    await press(app, '?', (frame) => frame.includes('Keys') && frame.includes('widen / narrow'), 'help')
    await press(app, 'x', (frame) => frame.includes('FUNCTION'), 'help closed')
    app.stdin.write('q')
    await waitFor(() => app.quits() === 1, 'quit')
    app.unmount()
  })

  it('a failed refresh keeps the last data on screen and says why', async () => {
    const app = mount()
    await waitFor(() => app.frame().includes('orders-api'), 'the first snapshot')
    app.feed.failNext = 'Access denied: the credentials in use may not call cloudwatch:GetMetricData.'
    await press(app, 'r', (frame) => frame.includes('failed'), 'the failure')
    const frame = app.frame()
    assert.match(
      frame.replace(/\n/g, ' '),
      /Refresh at \d\d:\d\d:\d\d failed \(showing data from \d\d:\d\d:\d\d\): Metrics: Access denied: the credentials in use may not call cloudwatch:GetMetricData\./,
    )
    assert.ok(frame.split('\n').length <= SIZE.rows - 1, 'the wrapped status still fits')
    assert.match(frame, /orders-api\s+0\s+475\s+stopped 39m ago\s+162,000/, 'the numbers are still there')
    app.unmount()
  })

  it('re-lays the screen when the terminal is resized', async () => {
    const feed = new FakeFeed()
    const app = render(<App feed={feed} rangeSeconds={10_800} refreshSeconds={60} now={() => NOW} />)
    const frame = () => plain(app.lastFrame())
    await waitFor(() => frame().includes('orders-api'), 'the first snapshot')
    assert.match(frame(), /COLD STARTS/, '100 columns: cold starts fit')
    assert.match(frame(), /Throttles · account/)
    Object.defineProperty(app.stdout, 'columns', {value: 70, configurable: true})
    app.stdout.emit('resize')
    await waitFor(() => !frame().includes('COLD STARTS'), 'the narrow layout')
    assert.ok(
      frame()
        .split('\n')
        .every((line) => line.length <= 70),
    )
    assert.doesNotMatch(frame(), /Throttles · account/, 'narrow: only the selected function is charted')
    assert.match(frame(), /Throttles · orders-api/)
    app.unmount()
  })

  it('keeps the selected row in view after sorting, and the header within 80 columns', async () => {
    const model = Array.from({length: 40}, (_, index) => ({name: `fn-${String(index).padStart(2, '0')}`, invocationsPerMinute: 100 + index}))
    const app = mount(new FakeFeed(model), {columns: 80, rows: 30})
    await waitFor(() => app.frame().includes('fn-'), 'the first snapshot')
    for (const line of app.frame().split('\n')) assert.ok(line.length <= 80, `wider than 80: ${line}`)
    // Sorted by recent throttles (none), then by name: go down to fn-03, then sort by cold starts, then by invocations (fn-03 near the bottom).
    for (let i = 0; i < 3; i++) await press(app, 'j', (frame) => selectedName(frame) === `fn-0${i + 1}`, `j ${i}`)
    await press(app, 's', (frame) => /sorted by cold starts/.test(frame), 'sort by cold starts')
    await press(app, 's', (frame) => /sorted by invocations/.test(frame), 'sort by invocations')
    assert.equal(selectedName(app.frame()), 'fn-03', 'the same function stays selected, and on screen')
    app.unmount()
  })

  it('ranks a function whose throttles just stopped below one still throttling, and says when they stopped', async () => {
    const model = [
      {name: 'fixed-api', throttlesPerMinute: (m: number) => (m < 170 ? 1000 : 0), invocationsPerMinute: 500},
      {name: 'still-throttling', throttlesPerMinute: () => 2, invocationsPerMinute: 50},
    ]
    const app = mount(new FakeFeed(model), {columns: 80, rows: 30})
    await waitFor(() => app.frame().includes('fixed-api'), 'the first snapshot')
    const frame = app.frame()
    assert.equal(selectedName(frame), 'still-throttling', 'on top: it throttles now')
    assert.match(frame, /still-throttling\s+10\s+360\s+[▁-█]+ →/)
    assert.match(frame, /fixed-api\s+0\s+170,000\s+stopped 9m ago/)
    assert.match(frame, /Throttles +10 in the last 5m · 170,360 in 3h/)
    app.unmount()
  })

  it('splits the height between table and charts', () => {
    assert.deepEqual(splitHeight(10, 50), {table: 10, charts: 0}, 'too short for charts')
    assert.deepEqual(splitHeight(40, 100), {table: 22, charts: 18})
    assert.deepEqual(splitHeight(60, 5), {table: 36, charts: 24}, 'a short table: charts get their maximum')
  })
})
