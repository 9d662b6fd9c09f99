// End to end: a bulk layers attach with the built CLI against a sandbox whose quotas are far below
// the ones lx assumes (control plane 2/s instead of 15/s, GetFunction 5/s instead of 100/s), as when
// other tools share the account. lx must slow down to the quota rather than hammer it, and still
// finish every function. Counts come from the sandbox; nothing here depends on timing.
import assert from 'node:assert/strict'

import {type AccountState, type Sandbox, type SandboxStats, startSandbox} from '../../src/sandbox/index.js'
import {runCli, sandboxEnv} from '../helpers/run-cli.js'

const LOG3 = 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3'
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0)

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T
}

describe('lx under a tight API quota (built CLI against the sandbox)', function () {
  this.timeout(240_000)
  let sandbox: Sandbox

  before(async () => {
    sandbox = await startSandbox({rate: 'lambda=2,GetFunction=5', log: () => {}})
  })

  after(async () => {
    await sandbox.stop()
  })

  it('layers attach --all on the default account: 0 failed, throttled answers at most a quarter of the successful calls', async () => {
    const before = await getJson<AccountState>(`${sandbox.url}/_sandbox/state`)
    sandbox.resetStats()
    const {code, stdout, stderr} = await runCli(['layers', 'attach', LOG3, '--all', '--yes', '--json'], {env: sandboxEnv(sandbox.url)})
    assert.equal(code, 0, stderr || stdout.slice(0, 2000))
    const report = JSON.parse(stdout) as {summary: {changed: number; failed: number}}
    assert.equal(report.summary.failed, 0)
    assert.ok(report.summary.changed > 20, `changed ${report.summary.changed}`)

    const stats = await getJson<SandboxStats>(`${sandbox.url}/_sandbox/stats`)
    const throttled = sum(stats.throttled)
    const successful = stats.total - throttled - sum(stats.faults) - sum(stats.errors)
    assert.ok(throttled <= successful / 4, `${throttled} throttled answers against ${successful} successful calls: ${JSON.stringify(stats.throttled)}`)

    // Every function that could take the layer carries it now.
    const after = await getJson<AccountState>(`${sandbox.url}/_sandbox/state`)
    const eligible = before.functions.filter((fn) => fn.packageType !== 'Image' && fn.layers.length < 5)
    const without = eligible.filter((fn) => !after.functions.find((later) => later.name === fn.name)!.layers.includes(LOG3))
    assert.deepEqual(
      without.map((fn) => fn.name),
      [],
    )
  })
})
