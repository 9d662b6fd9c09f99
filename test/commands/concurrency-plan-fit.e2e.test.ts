// `lx concurrency plan` on an account whose unreserved floor leaves no room for the whole plan: the
// built CLI against a sandbox that enforces a floor of 500. Every command it prints must then be
// accepted, and the one it held back must be the one the account would refuse.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

describe('lx concurrency plan when the account cannot take it all (built CLI against the sandbox)', function () {
  this.timeout(240_000)
  let sandbox: Sandbox
  let env: Record<string, string>
  const lx = (args: string[]) => runCli(args, {env, timeoutMs: 120_000})
  const shellWords = (line: string) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2])

  beforeEach(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 100, provisionLagMs: 500, minUnreserved: 500, log: () => {}})
    env = {...sandboxEnv(sandbox.url, freshLxHome()), LX_MIN_UNRESERVED: '500'}
  })

  afterEach(async () => {
    await sandbox.stop()
  })

  it('says what to change first, prints only commands that apply, and holds back the one that would be refused', async () => {
    // 635 unreserved, floor 500: 135 of room, 50 more once reports-nightly's provisioned concurrency goes.
    const selection = ['checkout-api', 'reports-nightly', 'video-transcode-worker']
    const human = await lx(['concurrency', 'plan', ...selection])
    assert.equal(human.code, 0, human.stderr)
    const json = await lx(['concurrency', 'plan', ...selection, '--json'])
    const report = JSON.parse(json.stdout)
    assert.equal(report.account.fits, false)
    assert.deepEqual(
      report.account.heldBack.map((item: {functionName: string}) => item.functionName),
      ['video-transcode-worker'],
    )
    assert.match(human.stdout, /does NOT fit\./)
    assert.match(human.stdout, /^Held back until the account has room: video-transcode-worker \(\+\d+\)\. To apply it too, first:$/m)
    assert.match(human.stdout, /^- ask AWS for a higher concurrency limit: at least \d+ instead of 1000/m)

    const lines = human.stdout.split('\n')
    const start = lines.findIndex((line) => line.startsWith('To apply ('))
    const printed = lines.slice(start + 1, lines.indexOf('', start))
    assert.ok(printed.length >= 2, human.stdout)
    assert.equal(
      printed.some((line) => line.includes('video-transcode-worker')),
      false,
      'no command for the held-back function',
    )
    for (const line of printed) {
      // Sequential on purpose: in the printed order: it is what makes them fit
      const applied = await lx([...shellWords(line).slice(1), '--yes'])
      assert.equal(applied.code, 0, `${line}\n${applied.stderr}`)
    }

    // What was held back is exactly what the account refuses now.
    const [held] = report.functions.find((fn: {functionName: string}) => fn.functionName === 'video-transcode-worker').commands as string[]
    const refused = await lx([...shellWords(held).slice(1), '--yes'])
    assert.equal(refused.code, 2, refused.stderr)
    assert.match(refused.stderr, /unreserved/i)
  })
})
