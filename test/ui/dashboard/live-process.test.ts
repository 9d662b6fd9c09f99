import assert from 'node:assert/strict'

import {LIVE_NODE_FLAGS, needsLiveRelaunch} from '../../../src/ui/dashboard/live-process.js'

describe('needsLiveRelaunch (bin/run.js, before oclif loads)', () => {
  const terminal = {env: {}, stdoutIsTTY: true, stdinIsTTY: true, execArgv: []}

  it('relaunches `lx dashboard` in a terminal, with or without selection flags', () => {
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard']}), true)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard', '--match', '^checkout-', '--range', '6h']}), true)
  })

  it('does not for another command, a printed snapshot, help, a pipe, CI, or a process that already has the flags', () => {
    assert.equal(needsLiveRelaunch({...terminal, args: ['concurrency', 'list']}), false)
    assert.equal(needsLiveRelaunch({...terminal, args: []}), false)
    for (const flag of ['--once', '--json', '--help', '-h']) assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard', flag]}), false, flag)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard'], stdoutIsTTY: false}), false)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard'], stdinIsTTY: false}), false)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard'], env: {CI: 'true'}}), false)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard'], env: {CI: 'false'}}), true)
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard'], execArgv: LIVE_NODE_FLAGS}), false)
  })

  it('reads `--` as the end of the flags: a function named --once is a function', () => {
    assert.equal(needsLiveRelaunch({...terminal, args: ['dashboard', '--', '--once']}), true)
  })
})
