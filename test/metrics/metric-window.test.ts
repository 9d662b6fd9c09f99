import assert from 'node:assert/strict'

import {afterFetch, displayWindow, planFetch, SeriesStore, SETTLE_SECONDS} from '../../src/metrics/metric-window.js'

const T0 = 1_700_000_000 - (1_700_000_000 % 3600) // on the hour

describe('metric window', () => {
  it('covers the range in whole periods, the open one included', () => {
    const window = displayWindow(T0 + 30, 3 * 3600, 60)
    assert.equal(window.end, T0 + 60)
    assert.equal(window.end - window.start, 3 * 3600)
    assert.equal(window.start % 60, 0)
  })

  it('fetches the whole range the first time', () => {
    const plan = planFetch(undefined, T0 + 30, 3 * 3600, 60)
    assert.equal(plan.full, true)
    assert.deepEqual({start: plan.start, end: plan.end}, plan.display)
  })

  it('then only the new periods plus the ones that had not settled', () => {
    const first = planFetch(undefined, T0 + 30, 3 * 3600, 60)
    const state = afterFetch(first, T0 + 30)
    const next = planFetch(state, T0 + 90, 3 * 3600, 60)
    assert.equal(next.full, false)
    assert.equal(next.end, T0 + 120)
    // Unsettled at the last fetch: everything from (T0 + 30 − 180 s), aligned down.
    assert.equal(next.start, T0 + 30 - SETTLE_SECONDS - 30)
    assert.equal((next.end - next.start) / 60, 5, 'five one-minute periods instead of 180')
    assert.equal(next.display.end - next.display.start, 3 * 3600)
  })

  it('fetches everything again when the period changes or the range widens, not when it narrows', () => {
    const state = afterFetch(planFetch(undefined, T0, 3 * 3600, 60), T0)
    assert.equal(planFetch(state, T0 + 60, 12 * 3600, 120).full, true, 'new period')
    assert.equal(planFetch(state, T0 + 60, 6 * 3600, 60).full, true, 'wider range, same period')
    const narrower = planFetch(state, T0 + 60, 3600, 60)
    assert.equal(narrower.full, false)
    assert.equal(narrower.display.end - narrower.display.start, 3600)
  })

  it('falls back to a full fetch after a long gap (e.g. the laptop slept)', () => {
    const state = afterFetch(planFetch(undefined, T0, 3600, 60), T0)
    const plan = planFetch(state, T0 + 5 * 3600, 3600, 60)
    assert.equal(plan.full, true)
    assert.equal(plan.start, plan.display.start)
  })

  describe('SeriesStore', () => {
    it('replaces a window: periods that came back empty lose their old provisional value', () => {
      const store = new SeriesStore()
      store.replace('s', {start: 0, end: 300}, [0, 60, 120, 180, 240], [1, 2, 3, 4, 5])
      store.replace('s', {start: 180, end: 360}, [300], [9])
      assert.deepEqual(store.grid('s', {start: 0, end: 360}, 60), [1, 2, 3, 0, 0, 9])
      assert.deepEqual(store.grid('s', {start: 0, end: 360}, 60, null), [1, 2, 3, null, null, 9])
      assert.equal(store.sum('s', {start: 0, end: 360}), 15)
      assert.equal(store.max('s', {start: 0, end: 360}), 9)
      assert.equal(store.latest('s', {start: 0, end: 360}), 9)
      assert.equal(store.mean('s', {start: 0, end: 180}), 2)
    })

    it('ignores datapoints outside the window it was given', () => {
      const store = new SeriesStore()
      store.replace('s', {start: 60, end: 120}, [0, 60, 120], [1, 2, 3])
      assert.deepEqual(store.grid('s', {start: 0, end: 180}, 60), [0, 2, 0])
    })

    it('prunes what scrolled out of the range', () => {
      const store = new SeriesStore()
      store.replace('a', {start: 0, end: 180}, [0, 60, 120], [1, 1, 1])
      store.prune(120)
      assert.equal(store.size(), 1)
      assert.equal(store.max('missing', {start: 0, end: 180}), null)
      assert.equal(store.hasData('a', {start: 0, end: 120}), false)
      assert.equal(store.hasData('a', {start: 0, end: 180}), true)
    })
  })
})
