// `lx advise` names the alarms an account is missing (lx alarms), and the fix it prints makes the
// finding go away. Built CLI against the sandbox.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts'

describe('lx advise and lx alarms (built CLI, sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  before(async () => {
    sandbox = await startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}})
    home = freshLxHome()
  })
  after(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  const findingIds = async (...args: string[]): Promise<string[]> => {
    const run = await runCli(['advise', '--json', ...args], {env: sandboxEnv(sandbox.url, home)})
    return JSON.parse(run.stdout).findings.map((finding: {id: string}) => finding.id)
  }

  it('a throttling function without a throttle alarm, and no account concurrency alarm: listed, and gone once lx alarms set has run', async () => {
    const before = await findingIds()
    assert.ok(before.includes('alarm-missing:checkout-api:throttles'), before.join(', '))
    assert.ok(before.includes('alarm-missing:account:concurrency'), before.join(', '))
    const env = sandboxEnv(sandbox.url, home)
    const set = await runCli(['alarms', 'set', '--all', '--notify', TOPIC, '--kind', 'throttles', '--kind', 'concurrency', '--yes'], {env})
    assert.equal(set.code, 0, set.stderr)
    const after = await findingIds()
    assert.ok(!after.some((id) => id.startsWith('alarm-missing:')), after.filter((id) => id.startsWith('alarm-missing:')).join(', '))
  })
})
