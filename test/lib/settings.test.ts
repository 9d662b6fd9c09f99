import {strict as assert} from 'node:assert'

import {homeSetting, logsPollMsSetting, pollMsSetting, rateSetting, retryBaseMsSetting, stepBackoffMsSetting} from '../../src/lib/settings.js'

describe('settings (LX_* environment variables)', () => {
  it('reads the environment at call time, not at import', () => {
    const saved = process.env.LX_POLL_MS
    try {
      process.env.LX_POLL_MS = '7'
      assert.equal(pollMsSetting(250), 7)
      process.env.LX_POLL_MS = '9'
      assert.equal(pollMsSetting(250), 9)
    } finally {
      if (saved === undefined) delete process.env.LX_POLL_MS
      else process.env.LX_POLL_MS = saved
    }
  })

  it('falls back to the default on unset, empty or non-numeric values', () => {
    assert.equal(pollMsSetting(250, {}), 250)
    assert.equal(pollMsSetting(250, {LX_POLL_MS: ''}), 250)
    assert.equal(pollMsSetting(250, {LX_POLL_MS: 'fast'}), 250)
    assert.equal(pollMsSetting(250, {LX_POLL_MS: '0'}), 250)
    assert.equal(retryBaseMsSetting({}), 250)
    assert.equal(retryBaseMsSetting({LX_RETRY_BASE_MS: '0'}), 0)
    assert.equal(stepBackoffMsSetting(500, {LX_STEP_BACKOFF_MS: '-1'}), 500)
    assert.equal(stepBackoffMsSetting(500, {LX_STEP_BACKOFF_MS: '0'}), 0)
    assert.equal(rateSetting('control', 15, {LX_RATE_CONTROL: '40'}), 40)
    assert.equal(rateSetting('logs', 5, {LX_RATE_LOGS: '0'}), 5)
    assert.equal(logsPollMsSetting({}), undefined)
    assert.equal(logsPollMsSetting({LX_LOGS_POLL_MS: '20'}), 20)
    assert.equal(homeSetting({LX_HOME: ''}), undefined)
    assert.equal(homeSetting({LX_HOME: '/tmp/lx'}), '/tmp/lx')
  })
})
