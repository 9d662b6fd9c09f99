// `lx concurrency plan` when the recommendations do not fit the account: what to change first, and
// only commands that AWS would accept, in an order that keeps the pool above its floor throughout.
import assert from 'node:assert/strict'

import {currentClaim, recommendedClaim} from '../../src/recommend/recommend-account.js'
import {renderConcurrencyPlan} from '../../src/ui/render-concurrency-plan.js'
import {planReport, printedCommands} from './plan-report-fixture.js'

/** Apply printed commands to a pool the way the account would, refusing any that crosses the floor. */
function replayOnPool(report: ReturnType<typeof planReport>, commands: string[]): {unreserved: number; refused: string[]} {
  let {unreserved} = report.account
  const refused: string[] = []
  const applied = new Set<string>()
  for (const command of commands) {
    const plan = report.functions.find((fn) => command.includes(` ${fn.functionName} `))!
    if (applied.has(plan.functionName)) continue
    applied.add(plan.functionName)
    const after = unreserved - (recommendedClaim(plan) - currentClaim(plan))
    if (after < report.account.unreservedFloor) refused.push(command)
    else unreserved = after
  }

  return {unreserved, refused}
}

describe('concurrency plan output: an account that cannot take the whole plan', () => {
  // 635 unreserved, floor 100: 535 of room. The increases want 200 + 300 + 150 = 650, 50 comes back.
  const sketches = [
    {name: 'batch-export', reserved: [300, 300] as [number, null | number]},
    {name: 'checkout-api', reserved: [20, 220] as [number, number], throttles: [11_000_000, 0] as [number, number]},
    {name: 'video-transcode', reserved: [null, 300] as [null, number], throttles: [5000, 0] as [number, number]},
    {name: 'search-api', reserved: [null, 150] as [null, number], throttles: [90_000, 0] as [number, number]},
    {name: 'reports-nightly', reserved: [null, null] as [null, null], provisioned: [50, null] as [number, null]},
  ]

  it('holds back the changes that would take the pool below its floor and says what to change first', () => {
    const report = planReport(sketches)
    assert.equal(report.account.fits, false)
    const output = renderConcurrencyPlan(report)
    assert.match(output, /Account: limit 1000, unreserved 635 → 35 \(floor 100\); does NOT fit\./)
    assert.match(output, /^Held back until the account has room: video-transcode \(\+300\)\. To apply it too, first:$/m)
    assert.match(output, /^- ask AWS for a higher concurrency limit: at least 1065 instead of 1000 /m)
    assert.match(output, /^- or free 65 by lowering other reservations \(largest unchanged here: batch-export 300; /m)
    assert.deepEqual(printedCommands(output), [
      'lx concurrency unset reports-nightly --provisioned --qualifier live',
      'lx concurrency set checkout-api --reserved 220',
      'lx concurrency set search-api --reserved 150',
    ])
    assert.match(output, /^To apply \(3 functions that fit now; the rest are held back\):$/m)
  })

  it('every printed command is accepted when run top to bottom, and the held-back one would not be', () => {
    const report = planReport(sketches)
    const printed = printedCommands(renderConcurrencyPlan(report))
    const run = replayOnPool(report, printed)
    assert.deepEqual(run.refused, [])
    assert.equal(run.unreserved, 635 + 50 - 200 - 150)
    const after = replayOnPool(report, [...printed, 'lx concurrency set video-transcode --reserved 300'])
    assert.deepEqual(after.refused, ['lx concurrency set video-transcode --reserved 300'])
  })

  it('gives concurrency back before taking it, even when the whole plan fits', () => {
    // 40 of room: the +60 only fits after the −50 that is listed after it.
    const report = planReport(
      [
        {name: 'api', reserved: [null, 60]},
        {name: 'reports-nightly', reserved: [null, null], provisioned: [50, null]},
      ],
      {unreserved: 140},
    )
    assert.equal(report.account.fits, true)
    assert.deepEqual(report.account.heldBack, [])
    const printed = printedCommands(renderConcurrencyPlan(report))
    assert.deepEqual(printed, ['lx concurrency unset reports-nightly --provisioned --qualifier live', 'lx concurrency set api --reserved 60'])
    assert.deepEqual(replayOnPool(report, printed).refused, [])
  })

  it('prints no command at all when not even one change fits', () => {
    const report = planReport([{name: 'video-transcode', reserved: [null, 900]}])
    const output = renderConcurrencyPlan(report)
    assert.deepEqual(printedCommands(output), [])
    assert.doesNotMatch(output, /^lx /m)
    assert.match(output, /No command to apply yet: none of the changes fits until the account has room\./)
    assert.match(output, /at least 1365 instead of 1000/)
  })
})
