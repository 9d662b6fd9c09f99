// End to end (built CLI against the sandbox, whose account is 123456789012): an ARN of another
// account never changes the same-named function here, and a catastrophic --match answers.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {ACCOUNT as HERE} from '../helpers/aws-ids.js'

const OTHER = '999999999999'
const foreign = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:${OTHER}:function:${name}${qualifier ? `:${qualifier}` : ''}`

describe('ARNs of another account (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let env: Record<string, string>

  beforeEach(async () => {
    sandbox = await startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}})
    env = sandboxEnv(sandbox.url, freshLxHome())
  })
  afterEach(() => sandbox.stop())

  const lx = (...args: string[]) => runCli(args, {env})
  /** Every write the sandbox answered, by operation. */
  const writes = () => Object.entries(sandbox.stats().operations).filter(([op]) => /:(Put|Delete|Update|Register|Create|Publish)/.test(op))

  const refused: Array<[string, string[]]> = [
    ['concurrency set', ['concurrency', 'set', foreign('checkout-api'), '--reserved', '60', '--yes']],
    ['layers attach', ['layers', 'attach', `arn:aws:lambda:us-east-1:${HERE}:layer:log-shipper-extension:3`, foreign('checkout-api'), '--yes']],
    ['extensions detach', ['extensions', 'detach', `arn:aws:lambda:us-east-1:${HERE}:layer:log-shipper-extension`, `${OTHER}:function:checkout-api`, '--yes']],
    ['destinations set', ['destinations', 'set', foreign('slack-alerts'), '--on-failure', `arn:aws:sqs:us-east-1:${HERE}:failed-events-dlq`, '--yes']],
    ['scaling set', ['scaling', 'set', foreign('cart-service', 'live'), '--min', '1', '--max', '5', '--yes']],
    ['concurrency list', ['concurrency', 'list', foreign('checkout-api')]],
  ]
  for (const [family, args] of refused) {
    it(`lx ${family}: exit 2 naming both accounts, nothing written`, async () => {
      const before = sandbox.state()
      const result = await lx(...args)
      assert.equal(result.code, 2, result.stderr)
      assert.match(result.stderr, new RegExp(`is in account ${OTHER}, but lx is working in account ${HERE}`))
      assert.deepEqual(writes(), [])
      assert.deepEqual(sandbox.state().functions, before.functions)
    })
  }

  it('an ARN of the sandbox account changes the function', async () => {
    const result = await lx('concurrency', 'set', `arn:aws:lambda:us-east-1:${HERE}:function:checkout-api`, '--reserved', '60', '--yes')
    assert.equal(result.code, 0, result.stderr)
    assert.equal(sandbox.state('checkout-api').functions[0].reserved, 60)
  })
})

describe('a catastrophic --match (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox

  before(async () => {
    // 50 a's then "-x": ^(a+)+$ fails on it only after 2^50 steps of a backtracking engine.
    const seed = {functions: [{name: `${'a'.repeat(50)}-x`}, {name: 'a'.repeat(50)}, {name: 'orders'}]}
    sandbox = await startSandbox({seed, rate: 'off', log: () => {}})
  })
  after(() => sandbox.stop())

  it("lx concurrency list --match '^(a+)+$' answers with the one matching function", async () => {
    // The kill is only a guard against a hang; the assertion is on the answer.
    const result = await runCli(['concurrency', 'list', '--match', '^(a+)+$', '--json'], {env: sandboxEnv(sandbox.url), timeoutMs: 60_000})
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(
      JSON.parse(result.stdout).map((row: {functionName: string}) => row.functionName),
      ['a'.repeat(50)],
    )
  })
})
