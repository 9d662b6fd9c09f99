/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {render} from 'ink-testing-library'

import {plotLineChart} from '../../../src/ui/dashboard/line-chart.js'
import {LineChartView} from '../../../src/ui/dashboard/line-chart-view.js'
import {plain} from './ink-helpers.js'

const series = Array.from({length: 180}, (_, minute) => (minute > 120 && minute < 140 ? 25 : minute % 30 === 0 ? 2 : 0))

describe('line chart', () => {
  for (const [width, height] of [
    [40, 6],
    [57, 12],
    [118, 3],
    [12, 2],
  ]) {
    it(`fills exactly ${width}×${height} characters`, () => {
      const lines = plotLineChart(series, {width, height})
      assert.equal(lines.length, height)
      for (const line of lines) assert.equal([...line].length, width, JSON.stringify(line))
    })
  }

  it('is sized by the terminal, not by the number of points (a short series is stretched)', () => {
    const lines = plotLineChart([0, 3, 0, 3], {width: 50, height: 5})
    assert.equal(lines.length, 5)
    assert.ok(lines.every((line) => line.length === 50))
    assert.ok(
      lines.some((line) => line.trimEnd().length > 40),
      'the plot reaches across the width',
    )
  })

  it('keeps a one-minute burst visible in a narrow chart and labels the peak', () => {
    const burst = Array.from({length: 360}, (_, minute) => (minute === 200 ? 17 : 0))
    const lines = plotLineChart(burst, {width: 30, height: 6})
    assert.match(lines[0], /^17┼|^17┤/)
    assert.ok(lines[0].slice(3).includes('╭') || lines[0].slice(3).includes('╮'), 'the peak reaches the top row')
    assert.match(lines.at(-1)!, /^ 0┼|^ 0┤/)
  })

  it('draws an all-zero series as a flat line', () => {
    const lines = plotLineChart([0, 0, 0], {width: 20, height: 4})
    assert.equal(lines.length, 4)
    assert.match(lines.at(-1)!, /^ 0┼─+/)
  })

  it('renders a titled chart in its box with Ink', () => {
    const {lastFrame, unmount} = render(<LineChartView title="Throttles · orders" values={series} period={60} width={48} height={7} />)
    const frame = plain(lastFrame())
    const lines = frame.split('\n')
    assert.equal(lines[0], 'Throttles · orders per 1m · total 487')
    assert.equal(lines.length, 7)
    assert.ok(lines.slice(1).every((line) => line.length <= 48))
    unmount()
  })

  it('says why when the series is unknown instead of drawing zeros', () => {
    const {lastFrame, unmount} = render(
      <LineChartView title="Cold starts · account" values={null} period={60} width={60} height={5} unavailable="Logs not readable: access denied" />,
    )
    const frame = plain(lastFrame())
    assert.match(frame, /Cold starts · account/)
    assert.match(frame, /Logs not readable: access denied/)
    assert.doesNotMatch(frame, /┤/)
    unmount()
  })
})
