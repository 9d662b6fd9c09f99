import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {willRenderLive} from '../../../src/ui/dashboard/live-heap.js'

describe('willRenderLive (bin/run.js sizes the heap before oclif loads)', () => {
  const terminal = {env: {}, stdoutIsTTY: true, stdinIsTTY: true}

  it('is true for `lx dashboard` in a terminal, with or without selection flags', () => {
    assert.equal(willRenderLive({...terminal, args: ['dashboard']}), true)
    assert.equal(willRenderLive({...terminal, args: ['dashboard', '--match', '^checkout-', '--range', '6h']}), true)
  })

  it('is false for another command, a printed snapshot, help, a pipe or CI', () => {
    assert.equal(willRenderLive({...terminal, args: ['concurrency', 'list']}), false)
    assert.equal(willRenderLive({...terminal, args: []}), false)
    for (const flag of ['--once', '--json', '--help', '-h']) assert.equal(willRenderLive({...terminal, args: ['dashboard', flag]}), false, flag)
    assert.equal(willRenderLive({...terminal, args: ['dashboard'], stdoutIsTTY: false}), false)
    assert.equal(willRenderLive({...terminal, args: ['dashboard'], stdinIsTTY: false}), false)
    assert.equal(willRenderLive({...terminal, args: ['dashboard'], env: {CI: 'true'}}), false)
    assert.equal(willRenderLive({...terminal, args: ['dashboard'], env: {CI: 'false'}}), true)
  })

  it('reads `--` as the end of the flags: a function named --once is a function', () => {
    assert.equal(willRenderLive({...terminal, args: ['dashboard', '--', '--once']}), true)
  })
})

describe('tuneHeapForLiveView', () => {
  // A Node process that makes garbage the way a redrawing view does, asked for the size of its young
  // generation afterwards: by default V8 grows it (to 32 MB here), tuned it keeps its first size.
  const liveHeap = fileURLToPath(new URL('../../../dist/ui/dashboard/live-heap.js', import.meta.url))
  const youngGenerationMb = (tune: boolean): number => {
    const script = `
      import v8 from 'node:v8'
      if (${tune}) (await import(${JSON.stringify(liveHeap)})).tuneHeapForLiveView()
      let frame = []
      for (let i = 0; i < 200000; i++) { frame.push({i, text: 'row ' + i, cells: [i, i]}); if (frame.length > 20000) frame = [] }
      const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
      process.stdout.write(String(young.space_size / 1048576))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'})
    assert.equal(run.status, 0, run.stderr)
    return Number(run.stdout)
  }

  it('keeps the young generation from growing in a running process (no launch flags needed)', () => {
    const untuned = youngGenerationMb(false)
    const tuned = youngGenerationMb(true)
    assert.ok(tuned <= 4, `young generation ${tuned} MB when tuned`)
    assert.ok(untuned >= 2 * tuned, `young generation ${untuned} MB by default, ${tuned} MB tuned`)
  })
})
