// Bad input to the shared flags, through the built CLI against the sandbox: exit 2, one line that
// says what is wrong, and not one request reaches (the emulated) AWS.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, type SandboxStats, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

describe('bad input to shared flags is refused before any request (built CLI against the sandbox)', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let home: string

  before(async () => {
    sandbox = await startSandbox({rate: 'off', log: () => {}})
    home = freshLxHome()
  })

  after(async () => {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  const cases: Array<[string, string[], Record<string, string | undefined>, RegExp]> = [
    ['--region us_east', ['account', '--region', 'us_east'], {}, /--region "us_east" is not an AWS region name/],
    ['an availability zone for --region', ['concurrency', 'set', 'fn', '--reserved', '5', '--region', 'eu-west-1a'], {}, /did you mean eu-west-1\?/],
    [
      'AWS_REGION us_east_1',
      ['concurrency', 'list'],
      {AWS_REGION: 'us_east_1'},
      /AWS_REGION "us_east_1" is not an AWS region name \(did you mean us-east-1\?\)/,
    ],
    ['AWS_DEFAULT_REGION mars', ['account'], {AWS_REGION: undefined, AWS_DEFAULT_REGION: 'mars'}, /AWS_DEFAULT_REGION "mars"/],
    ['--min-unreserved abc', ['account', '--min-unreserved', 'abc'], {}, /--min-unreserved must be a whole number ≥ 0, not "abc"/],
    ['LX_MIN_UNRESERVED -5', ['concurrency', 'set', 'fn', '--reserved', '5'], {LX_MIN_UNRESERVED: '-5'}, /--min-unreserved must be a whole number ≥ 0/],
    ['--qualifier with a space (scaling list)', ['scaling', 'list', '--qualifier', 'live alias'], {}, /--qualifier "live alias" is not an alias name/],
    [
      '--qualifier with a slash (destinations set)',
      ['destinations', 'set', 'fn', '--qualifier', 'a/b', '--max-retries', '1'],
      {},
      /--qualifier "a\/b" is not an alias name/,
    ],
    [
      '--provisioned 1.5',
      ['concurrency', 'set', 'fn', '--provisioned', '1.5', '--qualifier', 'live'],
      {},
      /--provisioned must be a whole number ≥ 1, not "1.5"/,
    ],
  ]

  for (const [what, args, env, message] of cases) {
    it(`${what}: exit 2, no request`, async () => {
      await fetch(`${sandbox.url}/_sandbox/stats`, {method: 'DELETE'})
      const run = await runCli(args, {env: {...sandboxEnv(sandbox.url, home), ...env}})
      assert.equal(run.code, 2, run.stderr)
      assert.match(run.stderr, message)
      const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as SandboxStats
      assert.equal(stats.total, 0, JSON.stringify(stats.operations))
    })
  }

  it('--json: the error is the JSON document, with its code', async () => {
    const run = await runCli(['account', '--json', '--region', 'us_east'], {env: sandboxEnv(sandbox.url, home)})
    assert.equal(run.code, 2)
    assert.equal(JSON.parse(run.stdout).error.code, 'BadRegion')
  })

  it('a well-formed region still reaches AWS (the check is a shape, not a list)', async () => {
    await fetch(`${sandbox.url}/_sandbox/stats`, {method: 'DELETE'})
    const run = await runCli(['account', '--json'], {env: sandboxEnv(sandbox.url, home)})
    assert.equal(run.code, 0, run.stderr)
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as SandboxStats
    assert.ok(stats.total > 0)
  })
})
