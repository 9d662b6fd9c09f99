import assert from 'node:assert/strict'
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {once} from 'node:events'
import {fileURLToPath} from 'node:url'

// The command runs in a child process, as a user runs it: it blocks until a signal arrives.
const root = fileURLToPath(new URL('../..', import.meta.url))
const commandFile = fileURLToPath(new URL('../../src/commands/sandbox.ts', import.meta.url))
// Like bin/run.js, but for this command alone (it does not depend on the committed manifest).
const launcher = [
  `const {handle} = await import('@oclif/core')`,
  `const {default: Sandbox} = await import(${JSON.stringify(commandFile)})`,
  `await Sandbox.run(process.argv.slice(1), ${JSON.stringify(root)}).catch(handle)`,
].join('\n')

function startCommand(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launcher, '--', ...args], {
    cwd: root,
    env: {...process.env, NODE_NO_WARNINGS: '1'},
  })
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let buffered = ''
  for await (const chunk of child.stdout) {
    buffered += chunk
    const newline = buffered.indexOf('\n')
    if (newline >= 0) return buffered.slice(0, newline)
  }
  throw new Error(`the command exited before printing anything`)
}

describe('lx sandbox (command)', function () {
  const children: ChildProcessWithoutNullStreams[] = []
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`serves the endpoint it prints and exits 0 on ${signal}`, async () => {
      const child = startCommand(['--port', '0', '--quiet', '--functions', '12', '--rate', 'off'])
      children.push(child)
      const stderr: string[] = []
      child.stderr.on('data', (chunk) => stderr.push(String(chunk)))
      const url = await firstLine(child)
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const settings = (await (await fetch(`${url}/2016-08-19/account-settings`)).json()) as {AccountUsage: {FunctionCount: number}}
      assert.equal(settings.AccountUsage.FunctionCount, 12)
      const exited = once(child, 'exit')
      child.kill(signal)
      const [code] = await exited
      assert.equal(code, 0, stderr.join(''))
      await assert.rejects(fetch(`${url}/_sandbox/stats`))
    })
  }

  it('prints the endpoint and an example lx command', async () => {
    const child = startCommand(['--port', '0', '--speed', '60'])
    children.push(child)
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    while (!out.includes('Ctrl-C')) await once(child.stdout, 'data')
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    assert.ok(url, out)
    assert.ok(out.includes(`AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x lx account --endpoint-url ${url} --region us-east-1`), out)
    assert.match(out, /40 functions/)
    assert.match(out, /getfunction 100\/s, control 15\/s/)
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0)
  })

  it('serves a fleet with --accounts and --regions, and prints its accounts, regions and rules', async () => {
    const fleet = ['--accounts', '3', '--regions', 'us-east-1,eu-west-1', '--deny-role', '222222222222', '--deny-role', '111111111111:Admin']
    const child = startCommand(['--port', '0', '--functions', '5', ...fleet, '--omit-layer', 'eu-west-1:log-shipper-extension'])
    children.push(child)
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    while (!out.includes('Ctrl-C')) await once(child.stdout, 'data')
    assert.match(out, /organization o-[a-z0-9]{10}, in us-east-1, eu-west-1/)
    assert.match(out, /management account 123456789012\n/)
    assert.match(out, /members 111111111111, 222222222222\n/)
    assert.match(out, /suspended 999999999999/)
    assert.match(out, /AssumeRole denied: 222222222222 \(every role\), 111111111111:Admin/)
    assert.match(out, /layers not published: eu-west-1:log-shipper-extension/)
    assert.match(out, /AKIAFLEET<ACCOUNT_ID>/)
    assert.match(out, /every account-region: 5 functions/)
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]
    const fleetState = (await (await fetch(`${url}/_sandbox/fleet`)).json()) as {accounts: string[]; regions: string[]}
    assert.deepEqual(fleetState.accounts, ['123456789012', '111111111111', '222222222222'])
    assert.deepEqual(fleetState.regions, ['us-east-1', 'eu-west-1'])
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0)
  })

  it('starts simulated time at --start-time: the metrics of that hour are there at once', async () => {
    const child = startCommand(['--port', '0', '--quiet', '--rate', 'off', '--start-time', '2026-06-01T06:30:00Z'])
    children.push(child)
    const url = await firstLine(child)
    const start = Date.UTC(2026, 5, 1, 6, 30) / 1000
    const query = {
      Id: 'thr',
      MetricStat: {
        Metric: {Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{Name: 'FunctionName', Value: 'checkout-api'}]},
        Period: 60,
        Stat: 'Sum',
      },
    }
    const response = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData'},
      body: JSON.stringify({MetricDataQueries: [query], StartTime: start - 600, EndTime: start + 600}),
    })
    const result = ((await response.json()) as {MetricDataResults: Array<{Timestamps: number[]; Values: number[]}>}).MetricDataResults[0]
    // Ten minutes of history before the start, and nothing after it yet: the sandbox's present is 06:30.
    assert.equal(result.Timestamps.length, 10, JSON.stringify(result))
    assert.ok(result.Timestamps.every((t) => t < start))
    assert.ok(
      result.Values.every((v) => v > 0),
      'checkout-api throttles at 06:30 too',
    )
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0)
  })

  for (const bad of ['yesterday', '2026-13-01', '2026-12-06T18:00']) {
    it(`refuses --start-time ${bad} before starting (exit 2)`, async () => {
      const child = startCommand(['--port', '0', '--start-time', bad])
      children.push(child)
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const [code] = await once(child, 'exit')
      assert.equal(code, 2)
      // oclif wraps the message to the terminal's width.
      assert.match(stderr.replaceAll(/\s*\n\s*(›\s*)?/g, ' '), new RegExp(`--start-time expected an ISO 8601 time such as 2026-12-06T18:00:00Z, got "${bad}"`))
    })
  }

  it('refuses a bad --rate before starting (exit 2)', async () => {
    const child = startCommand(['--port', '0', '--rate', 'control=fast'])
    children.push(child)
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const [code] = await once(child, 'exit')
    assert.equal(code, 2)
    assert.match(stderr, /invalid rate "control=fast"/)
  })

  it('takes --rate lambda=N,GetFunction=N and --fault OPERATION=FRACTION:STATUS, and prints them', async () => {
    const faults = ['--fault', 'GetFunction=1:429', '--fault', 'ListFunctions=0.5']
    const child = startCommand(['--port', '0', '--functions', '5', '--rate', 'lambda=2,GetFunction=5', ...faults])
    children.push(child)
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    while (!out.includes('Ctrl-C')) await once(child.stdout, 'data')
    assert.match(out, /getfunction 5\/s, control 2\/s/)
    assert.match(out, /faults: GetFunction=1:429, ListFunctions=0\.5:500 \(seed 7/)
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]
    assert.equal((await fetch(`${url}/2015-03-31/functions/fn-1`)).status, 429)
    assert.equal((await fetch(`${url}/2016-08-19/account-settings`)).status, 200, 'other operations are left alone')
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0)
  })

  for (const [args, message] of [
    [['--fault', 'GetFunction=1.5'], /the fraction must be between 0 and 1/],
    [['--fault', 'GetFunction=0.5:503'], /the status must be 500 or 429/],
    [['--fault', 'GetFunction'], /invalid fault "GetFunction": expected OPERATION=FRACTION/],
    [['--fault', 'GetFuntion=0.5'], /no operation "GetFuntion" to inject faults into/],
    [['--rate', 'lamda=2'], /unknown class "lamda"/],
    [['--regions', 'us-east-1,Europe'], /"Europe" is not a region name/],
    [['--accounts', '3', '--deny-role', '2222'], /invalid role to deny "2222": expected ACCOUNT or ACCOUNT:ROLE_NAME/],
    [['--deny-role', '222222222222'], /cannot deny roles in 222222222222: it is not an account of the fleet/],
    [['--omit-layer', 'eu-west-1'], /cannot omit layers in "eu-west-1": expected REGION\[:LAYER_NAME\] with a served region/],
  ] as const) {
    it(`refuses ${args.join(' ')} before serving anything (exit 2)`, async () => {
      const child = startCommand(['--port', '0', ...args])
      children.push(child)
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const [code] = await once(child, 'exit')
      assert.equal(code, 2, stderr)
      // oclif wraps long messages with a `›` margin.
      assert.match(stderr.replaceAll('›', ' ').replaceAll(/\s+/g, ' '), message)
    })
  }
})
