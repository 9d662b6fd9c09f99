import assert from 'node:assert/strict'
import {rmSync, writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'

import {GetAccountSettingsCommand, GetFunctionCommand, LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'

import {AwsError, registerJsonService, startSandbox, unregisterJsonService, type AccountState, type SandboxStats} from '../../src/sandbox/index.js'
import {expectAwsError, getJson, lambdaClient, quickSandbox} from './helpers.js'
import {scratchDir} from '../helpers/scratch-dir.js'

describe('sandbox server', () => {
  describe('rate limits', () => {
    it('answers 429 TooManyRequestsException with Retry-After once a bucket is empty, like AWS', async () => {
      const sandbox = await quickSandbox({rate: {control: 3, getfunction: 5}})
      const lambda = lambdaClient(sandbox)
      try {
        for (let i = 0; i < 3; i++) await lambda.send(new GetAccountSettingsCommand({}))
        const error = await expectAwsError(lambda.send(new ListFunctionsCommand({})), {name: 'TooManyRequestsException', status: 429, message: 'Rate exceeded'})
        assert.equal(error.Reason, 'CallerRateLimitExceeded')
        assert.equal(error.retryAfterSeconds, '1')

        const raw = await fetch(`${sandbox.url}/2016-08-19/account-settings`)
        assert.equal(raw.status, 429)
        assert.equal(raw.headers.get('retry-after'), '1')
        assert.equal(raw.headers.get('x-amzn-errortype'), 'TooManyRequestsException')
        assert.deepEqual(await raw.json(), {Reason: 'CallerRateLimitExceeded', Type: 'User', message: 'Rate exceeded'})

        // GetFunction has a bucket of its own.
        await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))
        const stats = sandbox.stats()
        assert.equal(stats.throttled['lambda:ListFunctions'], 1)
        assert.equal(stats.throttled['lambda:GetAccountSettings'], 1)
        assert.equal(stats.operations['lambda:GetAccountSettings'], 4)
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })

    it('refills in real time: a caller pacing itself under the rate is never throttled', async () => {
      const sandbox = await quickSandbox({rate: 'control=20'})
      const lambda = lambdaClient(sandbox)
      try {
        for (let i = 0; i < 30; i++) {
          await lambda.send(new GetAccountSettingsCommand({}))
          await new Promise((resolve) => setTimeout(resolve, 55))
        }
        assert.deepEqual(sandbox.stats().throttled, {})
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })

    it("lets the SDK's own retries get through a short burst", async () => {
      const sandbox = await quickSandbox({rate: {control: 2}})
      const lambda = lambdaClient(sandbox, 5)
      try {
        const results = await Promise.all(Array.from({length: 4}, () => lambda.send(new GetAccountSettingsCommand({}))))
        assert.equal(results.length, 4)
        assert.ok((sandbox.stats().throttled['lambda:GetAccountSettings'] ?? 0) >= 1)
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })
  })

  describe('fault injection', () => {
    it('answers a chosen fraction of requests with 429 or 500, and counts them', async () => {
      const sandbox = await quickSandbox({faultRate: 1})
      const lambda = lambdaClient(sandbox)
      try {
        const names = new Set<string>()
        for (let i = 0; i < 20; i++) {
          try {
            await lambda.send(new GetAccountSettingsCommand({}))
            assert.fail('every request should fail at fault rate 1')
          } catch (error) {
            const {name, $metadata} = error as {name: string; $metadata: {httpStatusCode: number}}
            names.add(`${name} ${$metadata.httpStatusCode}`)
          }
        }
        assert.deepEqual([...names].sort(), ['ServiceException 500', 'TooManyRequestsException 429'])
        const stats = sandbox.stats()
        assert.equal((stats.faults['lambda:GetAccountSettings'] ?? 0) + (stats.throttled['lambda:GetAccountSettings'] ?? 0), 20)
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })

    it('leaves most requests alone at a low rate', async () => {
      const sandbox = await quickSandbox({faultRate: 0.1})
      try {
        let failed = 0
        for (let i = 0; i < 200; i++) if ((await fetch(`${sandbox.url}/2016-08-19/account-settings`)).status !== 200) failed++
        assert.ok(failed > 5 && failed < 45, `${failed} of 200 failed`)
      } finally {
        await sandbox.stop()
      }
    })
  })

  describe('faults on chosen operations', () => {
    it('fails the chosen fraction of one operation only, with the chosen status, the same way for the same seed', async () => {
      const run = async (faultSeed: number) => {
        const sandbox = await quickSandbox({faults: ['GetFunction=0.5:500', 'ListFunctions=1:429'], faultSeed})
        try {
          const statuses: number[] = []
          for (let i = 0; i < 40; i++) {
            statuses.push((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status)
            // Calls of other operations in between do not shift GetFunction's faults.
            if (i % 3 === 0) assert.equal((await fetch(`${sandbox.url}/2016-08-19/account-settings`)).status, 200)
          }
          assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions`)).status, 429)
          const stats = sandbox.stats()
          assert.equal(stats.faults['lambda:GetFunction'], statuses.filter((status) => status === 500).length)
          assert.equal(stats.throttled['lambda:ListFunctions'], 1)
          assert.equal(stats.faults['lambda:GetAccountSettings'], undefined)
          return statuses
        } finally {
          await sandbox.stop()
        }
      }

      const first = await run(3)
      const failed = first.filter((status) => status === 500).length
      assert.ok(failed >= 10 && failed <= 30, `${failed} of 40 failed at 0.5`)
      assert.ok(first.every((status) => status === 200 || status === 500))
      assert.deepEqual(await run(3), first)
      assert.notDeepEqual(await run(4), first)
    })

    it('changes faults at runtime through POST /_sandbox/faults, and refuses a misspelt operation', async () => {
      const sandbox = await quickSandbox()
      try {
        const url = `${sandbox.url}/_sandbox/faults`
        assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status, 200)
        const set = await fetch(url, {method: 'POST', body: JSON.stringify({faults: ['lambda:GetFunction=1:500']})})
        assert.equal(set.status, 200)
        assert.deepEqual(await set.json(), {faults: ['lambda:GetFunction=1:500']})
        assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status, 500)
        assert.deepEqual(await getJson(url), {faults: ['lambda:GetFunction=1:500']})

        const bad = await fetch(url, {method: 'POST', body: JSON.stringify({faults: ['GetFuntion=1']})})
        assert.equal(bad.status, 400)
        assert.match(((await bad.json()) as {message: string}).message, /no operation "GetFuntion"/)
        assert.equal((await fetch(url, {method: 'POST', body: JSON.stringify({faults: ['GetFunction=2']})})).status, 400)
        assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status, 500, 'a refused change keeps the faults in place')

        assert.equal((await fetch(url, {method: 'DELETE'})).status, 204)
        assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status, 200)
        sandbox.setFaults(['GetFunction=1:429'])
        assert.equal((await fetch(`${sandbox.url}/2015-03-31/functions/orders-api`)).status, 429)
        await fetch(url, {method: 'POST', body: JSON.stringify({faultRate: 1})})
        assert.deepEqual(await getJson(url), {faults: ['*=1']})
      } finally {
        await sandbox.stop()
      }
    })

    it('refuses to start with a fault on an operation it does not serve', async () => {
      await assert.rejects(quickSandbox({faults: ['GetFuntion=0.5']}), /no operation "GetFuntion"/)
    })
  })

  describe('stats and state endpoints', () => {
    it('counts requests per operation and resets', async () => {
      const sandbox = await quickSandbox()
      const lambda = lambdaClient(sandbox)
      try {
        await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))
        await lambda.send(new GetFunctionCommand({FunctionName: 'orders-api'}))
        await expectAwsError(lambda.send(new GetFunctionCommand({FunctionName: 'ghost'})), {name: 'ResourceNotFoundException', status: 404})
        const stats = (await getJson(`${sandbox.url}/_sandbox/stats`)) as SandboxStats
        assert.equal(stats.total, 3)
        assert.deepEqual(stats.operations, {'lambda:GetFunction': 3})
        assert.deepEqual(stats.errors, {'lambda:GetFunction': 1})
        assert.deepEqual(sandbox.stats(), stats)
        assert.equal((await fetch(`${sandbox.url}/_sandbox/stats`, {method: 'DELETE'})).status, 204)
        assert.equal(sandbox.stats().total, 0)
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })

    it('dumps functions with layers, environment, concurrency and destinations', async () => {
      const sandbox = await quickSandbox()
      try {
        const state = (await getJson(`${sandbox.url}/_sandbox/state`)) as AccountState
        assert.equal(state.functions.length, 40)
        assert.equal(state.concurrency.unreserved, 635)
        const orders = state.functions.find((fn) => fn.name === 'orders-api')!
        assert.deepEqual(orders.provisioned, [{qualifier: 'live', requested: 25, allocated: 25, status: 'READY'}])
        assert.equal(orders.layers.length, 2)
        const one = (await getJson(`${sandbox.url}/_sandbox/state?function=image-resizer`)) as AccountState
        assert.deepEqual(
          one.functions.map((fn) => fn.name),
          ['image-resizer'],
        )
        assert.equal(one.functions[0].eventInvokeConfigs[0].onFailure, 'arn:aws:sqs:us-east-1:123456789012:failed-events-dlq')
        assert.equal(sandbox.stats().total, 0, 'internal endpoints are not counted')
      } finally {
        await sandbox.stop()
      }
    })

    it('advances the simulated clock on request', async () => {
      const sandbox = await quickSandbox()
      try {
        const before = sandbox.clock.now()
        const response = await fetch(`${sandbox.url}/_sandbox/clock/advance?ms=3600000`, {method: 'POST'})
        assert.equal(response.status, 200)
        assert.ok(sandbox.clock.now() - before >= 3_600_000)
      } finally {
        await sandbox.stop()
      }
    })
  })

  describe('requests that match nothing', () => {
    it('answers unknown REST operations with 404 UnknownOperationException and logs them when verbose', async () => {
      const lines: string[] = []
      const sandbox = await quickSandbox({verbose: true, log: (line) => lines.push(line)})
      try {
        const response = await fetch(`${sandbox.url}/2099-01-01/teleport`, {method: 'POST', body: '{}'})
        assert.equal(response.status, 404)
        assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException')
        assert.ok(response.headers.get('x-amzn-requestid'))
        assert.deepEqual(sandbox.stats().unknown, [{method: 'POST', path: '/2099-01-01/teleport'}])
        assert.ok(lines.some((line) => line.includes('unknown operation POST /2099-01-01/teleport')))
        await fetch(`${sandbox.url}/2016-08-19/account-settings`)
        assert.ok(lines.some((line) => /^200 lambda:GetAccountSettings/.test(line)))
        const client = new LambdaClient({endpoint: sandbox.url, region: 'eu-west-1', credentials: {accessKeyId: 'x', secretAccessKey: 'x'}})
        await client.send(new GetAccountSettingsCommand({}))
        client.destroy()
        assert.ok(
          lines.some((line) => line.includes('signed for eu-west-1; the sandbox account is in us-east-1')),
          'a region mismatch is pointed out',
        )
      } finally {
        await sandbox.stop()
      }
    })

    it('answers an unknown X-Amz-Target in the awsJson format', async () => {
      const sandbox = await quickSandbox()
      try {
        const response = await fetch(sandbox.url, {
          method: 'POST',
          headers: {'x-amz-target': 'NoSuchService_2020.DoThing', 'content-type': 'application/x-amz-json-1.1'},
          body: '{}',
        })
        assert.equal(response.status, 400)
        assert.equal(((await response.json()) as {__type: string}).__type, 'UnknownOperationException')
        assert.equal(sandbox.stats().unknown[0].target, 'NoSuchService_2020.DoThing')
      } finally {
        await sandbox.stop()
      }
    })

    it('refuses a malformed JSON body with 400 SerializationException', async () => {
      const sandbox = await quickSandbox()
      try {
        const response = await fetch(`${sandbox.url}/2017-10-31/functions/orders-api/concurrency`, {method: 'PUT', body: '{"ReservedConcurrentExecutions":'})
        assert.equal(response.status, 400)
        assert.equal(response.headers.get('x-amzn-errortype'), 'SerializationException')
      } finally {
        await sandbox.stop()
      }
    })
  })

  describe('awsJson service registry', () => {
    const prefix = 'SandboxTestService_20240101'
    before(() => {
      registerJsonService({
        targetPrefix: prefix,
        signingName: 'sandbox-test',
        version: '1.1',
        create: (env) => ({
          operations: {
            CountFunctions: () => ({count: env.account.functions.size}),
            Echo: (input) => ({echo: input}),
            Missing: () => {
              throw new AwsError('ObjectNotFoundException', 400, 'No scalable target')
            },
          },
          rateClass: (operation) => (operation === 'Echo' ? 'echo' : undefined),
        }),
      })
    })
    after(() => unregisterJsonService(prefix))

    const call = (url: string, operation: string, body: unknown = {}) =>
      fetch(url, {
        method: 'POST',
        headers: {'x-amz-target': `${prefix}.${operation}`, 'content-type': 'application/x-amz-json-1.1'},
        body: JSON.stringify(body),
      })

    it('dispatches by X-Amz-Target to a registered service, with its errors, rate class and stats', async () => {
      const sandbox = await quickSandbox({rate: {echo: 1}})
      try {
        const counted = await call(sandbox.url, 'CountFunctions')
        assert.equal(counted.status, 200)
        assert.equal(counted.headers.get('content-type'), 'application/x-amz-json-1.1')
        assert.deepEqual(await counted.json(), {count: 40})

        const missing = await call(sandbox.url, 'Missing')
        assert.equal(missing.status, 400)
        assert.deepEqual(await missing.json(), {__type: 'ObjectNotFoundException', message: 'No scalable target'})

        assert.equal((await call(sandbox.url, 'Echo', {a: 1})).status, 200)
        const throttled = await call(sandbox.url, 'Echo', {a: 2})
        assert.equal(throttled.status, 429)
        assert.equal(((await throttled.json()) as {__type: string}).__type, 'TooManyRequestsException')

        const stats = sandbox.stats()
        assert.equal(stats.operations['sandbox-test:CountFunctions'], 1)
        assert.equal(stats.operations['sandbox-test:Echo'], 2)
        assert.equal(stats.throttled['sandbox-test:Echo'], 1)
      } finally {
        await sandbox.stop()
      }
    })
  })

  describe('per-sandbox services', () => {
    it('serves awsJson services passed in the options, in the 1.0 flavour too', async () => {
      const sandbox = await quickSandbox({
        jsonServices: [
          {
            targetPrefix: 'SandboxOnly_20100801',
            signingName: 'sandbox-only',
            version: '1.0',
            queryCompatible: true,
            create: () => ({
              operations: {
                Fail: () => {
                  throw new AwsError('InvalidParameterValue', 400, 'bad period')
                },
              },
            }),
          },
        ],
      })
      try {
        const response = await fetch(sandbox.url, {
          method: 'POST',
          headers: {'x-amz-target': 'SandboxOnly_20100801.Fail', 'content-type': 'application/x-amz-json-1.0'},
          body: '{}',
        })
        assert.equal(response.status, 400)
        assert.equal(response.headers.get('content-type'), 'application/x-amz-json-1.0')
        assert.equal(response.headers.get('x-amzn-query-error'), 'InvalidParameterValue;Sender')
        assert.deepEqual(await response.json(), {__type: 'InvalidParameterValue', message: 'bad period'})
      } finally {
        await sandbox.stop()
      }
      const other = await quickSandbox()
      try {
        const response = await fetch(other.url, {method: 'POST', headers: {'x-amz-target': 'SandboxOnly_20100801.Fail'}, body: '{}'})
        assert.equal(response.status, 400)
        assert.equal(((await response.json()) as {__type: string}).__type, 'UnknownOperationException', 'not served by other sandboxes')
      } finally {
        await other.stop()
      }
    })
  })

  describe('accounts', () => {
    // How fast it starts is for `npm run bench` (scripts/bench-sandbox.js), not a time limit here.
    it('starts 1,000 functions', async () => {
      const sandbox = await startSandbox({functions: 1000, log: () => {}})
      try {
        assert.equal(sandbox.account.functions.size, 1000)
        const state = sandbox.state()
        assert.ok(state.concurrency.unreserved >= state.concurrency.minUnreserved + 100, 'the generated account keeps headroom above its floor')
        assert.ok(state.functions.some((fn) => fn.packageType === 'Image'))
        assert.ok(state.functions.filter((fn) => fn.reserved !== null).length > 20)
        assert.ok(state.functions.every((fn) => fn.layers.length <= 5))
        const again = await startSandbox({functions: 1000, log: () => {}})
        assert.deepEqual(
          again.state().functions.map((fn) => [fn.name, fn.layers, fn.reserved]),
          state.functions.map((fn) => [fn.name, fn.layers, fn.reserved]),
        )
        await again.stop()
      } finally {
        await sandbox.stop()
      }
    })

    it('loads an account from a seed file', async () => {
      const dir = scratchDir('lx-sandbox-')
      const file = join(dir, 'seed.json')
      writeFileSync(
        file,
        JSON.stringify({
          accountId: '210987654321',
          region: 'eu-west-1',
          concurrencyLimit: 200,
          minUnreserved: 50,
          layers: [{name: 'ext', versions: [{compatibleArchitectures: ['arm64']}]}],
          functions: [
            {
              name: 'alpha',
              runtime: 'python3.12',
              layers: ['arn:aws:lambda:eu-west-1:210987654321:layer:ext:1'],
              reserved: 30,
              versions: 1,
              aliases: [{name: 'live', version: '1'}],
              provisioned: [{qualifier: 'live', requested: 5, ready: false}],
            },
            {name: 'beta', packageType: 'Image'},
          ],
        }),
      )
      const sandbox = await quickSandbox({seed: file, provisionLagMs: 60_000})
      const lambda = lambdaClient(sandbox)
      try {
        const settings = await lambda.send(new GetAccountSettingsCommand({}))
        assert.equal(settings.AccountLimit?.ConcurrentExecutions, 200)
        assert.equal(settings.AccountLimit?.UnreservedConcurrentExecutions, 170)
        const alpha = await lambda.send(new GetFunctionCommand({FunctionName: 'alpha'}))
        assert.equal(alpha.Configuration?.FunctionArn, 'arn:aws:lambda:eu-west-1:210987654321:function:alpha')
        assert.equal(sandbox.state('alpha').functions[0].provisioned[0].status, 'IN_PROGRESS')
      } finally {
        lambda.destroy()
        await sandbox.stop()
        rmSync(dir, {recursive: true, force: true})
      }
    })

    it('refuses a seed that references what it does not describe', async () => {
      await assert.rejects(quickSandbox({seed: {functions: [{name: 'x', aliases: [{name: 'live', version: '3'}]}]}}), /alias live points at version 3/)
      await assert.rejects(
        quickSandbox({seed: {functions: [{name: 'x', layers: ['arn:aws:lambda:us-east-1:123456789012:layer:nope:1']}]}}),
        /layer version .* is not described/,
      )
      await assert.rejects(quickSandbox({seed: '/nonexistent/seed.json'}), /cannot read seed file/)
    })
  })

  describe('lifecycle', () => {
    it('stops even with keep-alive connections open, closing them itself', async () => {
      const sandbox = await quickSandbox()
      const lambda = lambdaClient(sandbox)
      await lambda.send(new GetAccountSettingsCommand({}))
      // And a request still in flight (its body never finishes): a server that only stopped
      // listening would wait for it for minutes, past the test's timeout.
      const stalled = connect(Number(new URL(sandbox.url).port), '127.0.0.1')
      await new Promise((resolve) => stalled.once('connect', resolve))
      const closed = new Promise((resolve) => stalled.once('close', resolve))
      stalled.on('error', () => {})
      stalled.write('POST /2015-03-31/functions HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 100\r\n\r\n{')
      await sandbox.stop()
      await closed
      await assert.rejects(fetch(`${sandbox.url}/2016-08-19/account-settings`))
      lambda.destroy()
      await sandbox.stop()
    })

    it('answers many concurrent requests', async () => {
      const sandbox = await quickSandbox({functions: 1000})
      const lambda = lambdaClient(sandbox)
      try {
        const names = sandbox.account.functionNames().slice(0, 300)
        const results = await Promise.all(names.map((FunctionName) => lambda.send(new GetFunctionCommand({FunctionName}))))
        assert.deepEqual(
          results.map((r) => r.Configuration?.FunctionName),
          names,
        )
      } finally {
        lambda.destroy()
        await sandbox.stop()
      }
    })
  })
})
