import assert from 'node:assert/strict'

import {parseMemoryMb, planMemory} from '../../src/memory/plan-memory.js'

describe('lx memory set: input and plan (pure)', () => {
  it('--mb takes whole MB from 128 to 10240', () => {
    assert.deepEqual(
      ['128', '640', '10240', '512MB'].map((text) => parseMemoryMb(text)),
      [128, 640, 10_240, 512],
    )
    for (const bad of ['127', '10241', '12.5', 'abc', '', '-256']) {
      assert.throws(
        () => parseMemoryMb(bad),
        (error: any) => error.exitCode === 2 && /--mb/.test(error.message),
        bad,
      )
    }
  })

  it('changes what differs, keeps the RevisionId read, leaves the rest unchanged', () => {
    const plan = planMemory(
      [
        {functionName: 'a', memoryMb: 3008, revisionId: 'r1'},
        {functionName: 'b', memoryMb: 640},
      ],
      640,
    )
    assert.equal(plan.kind, 'memory')
    assert.deepEqual(
      plan.changes.map((change) => [change.target.functionName, change.before, change.after]),
      [['a', {memoryMb: 3008, revisionId: 'r1'}, {memoryMb: 640}]],
    )
    assert.deepEqual(
      plan.unchanged.map((entry) => entry.target.functionName),
      ['b'],
    )
    assert.deepEqual(plan.changes[0].replan!({memoryMb: 640}), {unchanged: 'already 640 MB'})
    assert.deepEqual(plan.changes[0].replan!({memoryMb: 1024, revisionId: 'r2'}), {after: {memoryMb: 640}})
  })
})
