import assert from 'node:assert/strict'

import {resample} from '../../../src/ui/dashboard/resample.js'
import {sparkline} from '../../../src/ui/dashboard/sparkline.js'

describe('sparkline and resample', () => {
  it('draws one bar per column, scaled to the maximum', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8), '▁▂▃▄▅▆▇█')
    assert.equal(sparkline([0, 0, 0], 3), '▁▁▁')
    assert.equal(sparkline([], 4), '▁▁▁▁')
  })

  it('never hides a small non-zero value next to a big one', () => {
    assert.equal(sparkline([0, 1, 1000], 3), '▁▂█')
  })

  it('is exactly as wide as asked, whatever the number of points', () => {
    for (const length of [1, 7, 24, 180, 361]) {
      assert.equal(
        [
          ...sparkline(
            Array.from({length}, (_, i) => i % 5),
            24,
          ),
        ].length,
        24,
        `${length} points`,
      )
    }
  })

  it('shows how dense sparse events are', () => {
    const everyFourth = Array.from({length: 180}, (_, i) => (i % 4 === 0 ? 1 : 0))
    const everyTenth = Array.from({length: 180}, (_, i) => (i % 10 === 0 ? 1 : 0))
    assert.notEqual(sparkline([...everyFourth, ...everyTenth], 24).slice(0, 12), sparkline([...everyFourth, ...everyTenth], 24).slice(12))
  })

  it('resamples to the peak (or mean) of each column, and stretches short series', () => {
    assert.deepEqual(resample([1, 9, 2, 2, 3, 1], 3), [9, 2, 3])
    assert.deepEqual(resample([1, 9, 2, 2, 3, 1], 3, 'mean'), [5, 2, 2])
    assert.deepEqual(resample([0, 0, 0, 0, 0, 7, 0, 0, 0, 0], 3), [0, 7, 0], 'a one-period burst survives')
    assert.deepEqual(resample([1, 2], 5), [1, 1, 1, 2, 2])
    assert.deepEqual(resample([1, 2, 3], 0), [])
  })
})
