// `lx concurrency list --aliases`, end to end: the built CLI against the sandbox.
import assert from 'node:assert/strict'

import {UpdateAliasCommand} from '@aws-sdk/client-lambda'

import type {Sandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {json} from '../helpers/run-command.js'
import {lambdaClient, quickSandbox} from '../sandbox/helpers.js'

describe('lx concurrency list --aliases (sandbox)', function () {
  this.timeout(60_000)
  let sandbox: Sandbox
  let home: string
  const lx = (...args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home}})
  const listAliasCalls = async () =>
    ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {operations: Record<string, number>}).operations['lambda:ListAliases'] ?? 0

  before(async () => {
    sandbox = await quickSandbox()
    home = freshLxHome()
    const lambda = lambdaClient(sandbox)
    // A canary: live serves version 4 and sends a quarter of its invocations to version 3.
    await lambda.send(
      new UpdateAliasCommand({FunctionName: 'checkout-api', Name: 'live', FunctionVersion: '4', RoutingConfig: {AdditionalVersionWeights: {'3': 0.25}}}),
    )
    lambda.destroy()
  })
  after(async () => {
    await sandbox.stop()
  })
  beforeEach(async () => {
    await fetch(`${sandbox.url}/_sandbox/stats/reset`, {method: 'POST'})
  })

  it('shows each alias with its version and weighted routing', async () => {
    const {stdout, code} = await lx('concurrency', 'list', 'checkout-api', 'orders-api', 'image-resizer', '--aliases')
    assert.equal(code, 0)
    const [header, ...lines] = stdout.split('\n')
    assert.match(header, /\sALIASES$/)
    assert.match(
      lines.find((line) => line.startsWith('checkout-api'))!,
      /\slive→4 \(3: 25%\)$/,
    )
    assert.match(
      lines.find((line) => line.startsWith('orders-api'))!,
      /\slive→3, prod→2$/,
    )
    assert.match(
      lines.find((line) => line.startsWith('image-resizer'))!,
      /\s-$/,
      'a function without aliases',
    )
    assert.equal(await listAliasCalls(), 3, 'one ListAliases per function')
  })

  it('--json carries aliases: [{name, version, routing?}]', async () => {
    const {stdout, code} = await lx('concurrency', 'list', 'checkout-api', 'orders-api', '--aliases', '--json')
    assert.equal(code, 0)
    const rows = json(stdout)
    assert.deepEqual(rows[0].aliases, [{name: 'live', version: '4', routing: [{version: '3', weight: 0.25}]}])
    assert.deepEqual(rows[1].aliases, [
      {name: 'live', version: '3'},
      {name: 'prod', version: '2'},
    ])
  })

  it('without --aliases: no ListAliases call, no ALIASES column, no aliases field', async () => {
    const human = await lx('concurrency', 'list', 'checkout-api')
    assert.doesNotMatch(human.stdout, /ALIASES/)
    const {stdout} = await lx('concurrency', 'list', 'checkout-api', '--json')
    assert.equal(json(stdout)[0].aliases, undefined)
    assert.equal(await listAliasCalls(), 0)
  })
})
