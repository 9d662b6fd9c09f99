import assert from 'node:assert/strict'

import {impactWindows} from '../../src/impact/impact-service.js'
import {DEFAULT_GUARD_THRESHOLDS, judgeCount, judgeGuard, judgeImpact, judgeLevel} from '../../src/impact/judge-impact.js'
import {emptyFigures, totalFigures, type WindowFigures} from '../../src/impact/window-figures.js'

const figures = (overrides: Partial<WindowFigures>): WindowFigures => ({...emptyFigures(), ...overrides})
const base = figures({
  invocations: 10_000,
  errors: 20,
  durationAvg: 200,
  durationP50: 180,
  durationP90: 300,
  durationP99: 400,
  reports: 10_000,
  coldStarts: 30,
  initP50: 350,
  initP99: 420,
  maxMemoryMb: 200,
})

describe('judging before → after', () => {
  describe('the count test (errors, throttles, cold starts)', () => {
    const options = {minEvents: 5, rateRise: 0.005}
    for (const [before, after, verdict] of [
      [{events: 20, trials: 10_000}, {events: 22, trials: 10_000}, 'no change'],
      [{events: 20, trials: 10_000}, {events: 120, trials: 10_000}, 'worse'],
      // Far beyond 3σ but the rate rose by less than half a point: not worth a revert.
      [{events: 20, trials: 10_000}, {events: 60, trials: 10_000}, 'no change'],
      [{events: 120, trials: 10_000}, {events: 10, trials: 10_000}, 'better'],
      // Bursty failures: far beyond 3σ and 5 points up, but not even doubled — a busy minute, not the change.
      [{events: 2000, trials: 10_000}, {events: 2500, trials: 10_000}, 'no change'],
      // Throttles appearing from nothing: fewer than the minimum is noise, more is a regression.
      [{events: 0, trials: 1000}, {events: 4, trials: 1000}, 'no change'],
      [{events: 0, trials: 10}, {events: 0, trials: 10}, 'not enough data'],
    ] as const) {
      it(`${before.events}/${before.trials} → ${after.events}/${after.trials} is ${verdict}`, () => {
        assert.equal(judgeCount(before, after, options).verdict, verdict)
      })
    }

    it('calls throttles appearing worse (no rate floor)', () => {
      assert.equal(judgeCount({events: 0, trials: 1000}, {events: 40, trials: 1000}, {minEvents: 5, rateRise: 0}).verdict, 'worse')
    })
  })

  describe('the margin test (percentiles)', () => {
    const options = {relative: 0.25, absolute: 50, enoughSamples: true}
    it('needs both the relative and the absolute margin', () => {
      assert.equal(judgeLevel(100, 140, options).verdict, 'no change') // +40 %, but only 40 ms
      assert.equal(judgeLevel(1000, 1200, options).verdict, 'no change') // +200 ms, but only 20 %
      assert.equal(judgeLevel(400, 820, options).verdict, 'worse')
      assert.equal(judgeLevel(820, 400, options).verdict, 'better')
    })

    it('says not enough data without samples or values', () => {
      assert.equal(judgeLevel(null, 400, options).verdict, 'not enough data')
      assert.equal(judgeLevel(400, 900, {...options, enoughSamples: false}).verdict, 'not enough data')
    })
  })

  it('judges every signal of a bad extension worse, and leaves invocations unjudged', () => {
    const slower = {durationAvg: 380, durationP50: 360, durationP90: 560, durationP99: 800}
    const after = figures({...base, ...slower, errors: 800, coldStarts: 60, initP50: 1250, initP99: 1420, maxMemoryMb: 270, postRuntimeAvg: 150})
    const signals = judgeImpact(base, after, undefined, {memoryMb: 512, requestsPerMillion: 0.2, durationPerGbSecond: 0.000_016_666_7})
    const verdicts = Object.fromEntries(signals.map((signal) => [signal.key, signal.verdict]))
    assert.equal(verdicts.invocations, null)
    for (const key of ['errors', 'durationP50', 'durationP90', 'durationP99', 'initP50', 'initP99', 'maxMemory', 'postRuntime', 'costPerMillion']) {
      assert.equal(verdicts[key], 'worse', key)
    }

    assert.equal(verdicts.throttles, 'no change')
  })

  it('shows provisioned signals only where there is provisioned concurrency', () => {
    assert.ok(!judgeImpact(base, base).some((signal) => signal.key === 'spillover' || signal.key === 'provisionedUtilization'))
    const pc = figures({...base, provisionedInvocations: 5000, spillover: 0, provisionedUtilization: 0.4})
    const keys = judgeImpact(pc, {...pc, spillover: 600, provisionedUtilization: 0.95})
      .filter((s) => s.verdict !== null)
      .map((s) => [s.key, s.verdict])
    const provisioned = keys.filter(([key]) => key === 'spillover' || key === 'provisionedUtilization')
    assert.deepEqual(provisioned, [
      ['provisionedUtilization', 'better'],
      ['spillover', 'worse'],
    ])
  })

  it('the guard watches errors, throttles, p99 duration and p99 init duration under its own thresholds', () => {
    const after = figures({...base, durationP99: 480})
    assert.deepEqual(
      judgeGuard(base, after).map((s) => s.key),
      ['errors', 'throttles', 'durationP99', 'initP99'],
    )
    assert.equal(judgeGuard(base, after).find((s) => s.key === 'durationP99')!.verdict, 'no change')
    const stricter = {...DEFAULT_GUARD_THRESHOLDS, latencyRelative: 0.1, latencyAbsoluteMs: 50}
    assert.equal(judgeGuard(base, after, stricter).find((s) => s.key === 'durationP99')!.verdict, 'worse')
  })

  it('adds counts into the total and leaves percentiles out', () => {
    const total = totalFigures([base, figures({invocations: 100, errors: 1, durationAvg: 100, durationP99: 900})])
    assert.equal(total.invocations, 10_100)
    assert.equal(total.errors, 21)
    assert.equal(total.durationP99, null)
  })

  it('windows: complete minutes after the change, as long a window before it, and none past an undo', () => {
    const at = (text: string) => Date.parse(`2026-03-10T${text}Z`)
    const seconds = (text: string) => at(text) / 1000
    const windows = impactWindows(at('14:00:20'), at('14:00:50'), at('14:30:10'))
    assert.deepEqual(windows.after, {start: seconds('14:01:00'), end: seconds('14:30:00')})
    assert.deepEqual(windows.before, {start: seconds('13:31:00'), end: seconds('14:00:00')})
    assert.deepEqual(impactWindows(at('14:00:20'), at('14:00:50'), at('18:00:00'), 600).after, {start: seconds('14:01:00'), end: seconds('14:11:00')})
    const undone = impactWindows(at('14:00:20'), at('14:00:50'), at('18:00:00'), undefined, at('14:03:10'))
    assert.deepEqual(undone.after, {start: seconds('14:01:00'), end: seconds('14:03:00')})
  })
})
