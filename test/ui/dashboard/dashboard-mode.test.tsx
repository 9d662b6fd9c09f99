import assert from 'node:assert/strict'

import {shouldRenderLive} from '../../../src/ui/dashboard/dashboard-mode.js'

describe('dashboard mode', () => {
  const tty = {stdoutIsTTY: true, stdinIsTTY: true, env: {}}

  it('renders live only with a terminal on both ends, outside CI, without --once or --json', () => {
    assert.equal(shouldRenderLive(tty), true)
    assert.equal(shouldRenderLive({...tty, once: true}), false)
    assert.equal(shouldRenderLive({...tty, json: true}), false)
    assert.equal(shouldRenderLive({...tty, stdoutIsTTY: false}), false, 'piped to a file')
    assert.equal(shouldRenderLive({...tty, stdinIsTTY: undefined}), false, 'input from a pipe')
    assert.equal(shouldRenderLive({...tty, env: {CI: 'true'}}), false)
    assert.equal(shouldRenderLive({...tty, env: {CI: '1'}}), false)
    assert.equal(shouldRenderLive({...tty, env: {CI: 'false'}}), true)
  })
})
