// End to end: `lx memory set` (built CLI) against the sandbox: plan, apply with the RevisionId,
// wait, journal, undo; bad input refused before any call.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'

describe('lx memory set (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let env: Record<string, string>

  beforeEach(async () => {
    sandbox = await startSandbox({rate: 'off', log: () => {}})
    env = {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome(), LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}
  })
  afterEach(() => sandbox.stop())

  const lx = async (...args: string[]) => runCli(args, {env})
  const memory = (name: string) => sandbox.state(name).functions[0].memorySize
  const updates = () => sandbox.stats().operations['lambda:UpdateFunctionConfiguration'] ?? 0

  it('sets, waits for the update, journals, undoes; a second run changes nothing', async () => {
    const dry = await lx('memory', 'set', 'pricing-model', 'invoice-processor', '--mb', '640', '--dry-run')
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /pricing-model\s+memory 3008 MB → memory 640 MB/)
    assert.equal(updates(), 0)

    const set = await lx('memory', 'set', 'pricing-model', 'invoice-processor', '--mb', '640', '--yes', '--json')
    assert.equal(set.code, 0, set.stderr)
    const report = JSON.parse(set.stdout)
    assert.deepEqual(report.summary, {changed: 2, unverified: 0, unchanged: 0, skipped: 0, conflict: 0, failed: 0, notRun: 0})
    assert.deepEqual([memory('pricing-model'), memory('invoice-processor')], [640, 640])

    const again = await lx('memory', 'set', 'pricing-model', '--mb', '640', '--json')
    assert.equal(JSON.parse(again.stdout).summary.unchanged, 1)

    const undo = await lx('undo', '--yes')
    assert.equal(undo.code, 0, undo.stderr)
    assert.deepEqual([memory('pricing-model'), memory('invoice-processor')], [3008, 512])
  })

  it('bad input: exit 2, one line, no call; several functions without a TTY need --yes', async () => {
    for (const mb of ['100', '10241', '1.5', 'lots']) {
      const result = await lx('memory', 'set', 'pricing-model', '--mb', mb)
      assert.equal(result.code, 2, `${mb}: ${result.stderr}`)
      assert.match(result.stderr, /--mb/)
    }

    assert.equal(sandbox.stats().total, 0, 'no call reached AWS')
    const qualified = await lx('memory', 'set', 'pricing-model:live', '--mb', '640')
    assert.equal(qualified.code, 2)
    assert.match(qualified.stderr, /\$LATEST/)
    const unconfirmed = await lx('memory', 'set', 'pricing-model', 'invoice-processor', '--mb', '640')
    assert.equal(unconfirmed.code, 2)
    assert.equal(updates(), 0)
  })
})
