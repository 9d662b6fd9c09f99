import assert from 'node:assert/strict'

import {cloudwatch, fnConfig, jsonError, lambda, logs} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {answerMetricData, type FunctionModel, insightsRow, type MetricDataRequestBody, mockLambdaFacts, type Traffic} from '../metrics/cloudwatch-fixtures.js'

const FUNCTIONS: FunctionModel[] = [{name: 'orders', reserved: 50, provisioned: [{qualifier: 'live', allocated: 5}]}, {name: 'billing'}]

const traffic: Traffic = (series) => {
  if (series.functionName === 'orders') {
    return {
      Throttles: 1,
      Invocations: 20,
      Errors: 0,
      ConcurrentExecutions: 45,
      ProvisionedConcurrencyUtilization: 0.6,
      ProvisionedConcurrencySpilloverInvocations: 2,
    }[series.metric]
  }

  if (series.functionName === 'billing') return series.metric === 'Invocations' ? 3 : undefined
  return series.metric === 'ClaimedAccountConcurrency' ? 120 : undefined
}

/** Serve one full `lx dashboard` run: selection, settings, metrics and (unless denied) cold starts. */
function serveAccount(options: {logsDenied?: boolean} = {}) {
  const scope = lambda()
    .get('/2015-03-31/functions')
    .query({MaxItems: '50'})
    .reply(200, {Functions: FUNCTIONS.map((fn) => fnConfig(fn.name))})
  mockLambdaFacts(scope, FUNCTIONS, {limit: 1000, unreserved: 945})
  const metricBodies: MetricDataRequestBody[] = []
  cloudwatch('GetMetricData', (body: MetricDataRequestBody) => {
    metricBodies.push(body)
    return answerMetricData(body, traffic)
  })
  if (options.logsDenied) {
    logs('StartQuery', jsonError(400, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:StartQuery'))
  } else {
    const now = Math.floor(Date.now() / 1000)
    const minute = now - (now % 60) - 600
    logs('StartQuery', {queryId: 'cold-1'})
    logs('GetQueryResults', {
      status: 'Complete',
      results: [insightsRow('/aws/lambda/orders', minute, 4, 500), insightsRow('/aws/lambda/billing', minute, 1, 200)],
    })
  }

  return {scope, metricBodies}
}

/** Pretend stdout/stdin are (or are not) terminals for one run. */
async function withTerminal<T>(tty: boolean, run: () => Promise<T>): Promise<T> {
  const saved = {out: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'), in: Object.getOwnPropertyDescriptor(process.stdin, 'isTTY')}
  Object.defineProperty(process.stdout, 'isTTY', {value: tty, configurable: true})
  Object.defineProperty(process.stdin, 'isTTY', {value: tty, configurable: true})
  try {
    return await run()
  } finally {
    for (const [stream, descriptor] of [
      [process.stdout, saved.out],
      [process.stdin, saved.in],
    ] as const) {
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor)
      else delete (stream as {isTTY?: boolean}).isTTY
    }
  }
}

describe('lx dashboard', () => {
  before(() => {
    process.env.LX_LOGS_POLL_MS = '1'
  })
  after(() => {
    delete process.env.LX_LOGS_POLL_MS
  })

  it('--once --json returns the contract: account, range, and per-function counts summed over the range', async () => {
    const {scope, metricBodies} = serveAccount()
    const {stdout, exitCode, stderr} = await runLx(['dashboard', '--once', '--json', '--range', '1h'])
    assert.equal(exitCode, 0, stderr)
    assert.ok(scope.isDone())
    assert.equal(metricBodies.length, 1, 'one GetMetricData call for 2 functions')
    assert.equal(metricBodies[0].EndTime - metricBodies[0].StartTime, 3600)
    const body = json(stdout)
    assert.equal(body.range, '1h')
    assert.equal(body.period, 60)
    assert.deepEqual(
      {limit: body.account.limit, unreserved: body.account.unreserved, claimedConcurrency: body.account.claimedConcurrency},
      {limit: 1000, unreserved: 945, claimedConcurrency: 120},
    )
    const orders = body.functions[0]
    assert.deepEqual(
      {
        functionName: orders.functionName,
        invocations: orders.invocations,
        throttles: orders.throttles,
        errors: orders.errors,
        coldStarts: orders.coldStarts,
        peakConcurrency: orders.peakConcurrency,
        reserved: orders.reserved,
        provisionedUtilization: orders.provisionedUtilization,
        spillover: orders.spillover,
      },
      {
        functionName: 'orders',
        invocations: 20 * 60,
        throttles: 60,
        errors: 0,
        coldStarts: 4,
        peakConcurrency: 45,
        reserved: 50,
        provisionedUtilization: 0.6,
        spillover: 120,
      },
    )
    const billing = body.functions[1]
    assert.equal(billing.functionName, 'billing')
    assert.equal(billing.coldStarts, 1)
    assert.equal(billing.reserved, null)
    assert.equal(billing.provisionedUtilization, null)
    assert.equal(billing.spillover, null)
    assert.equal(body.coldStarts.available, true)
    assert.equal(orders.series.throttles.length, 60)
  })

  it('--json: coldStarts is null (not 0) with the reason when Logs cannot be read; still exit 0', async () => {
    serveAccount({logsDenied: true})
    const {stdout, exitCode} = await runLx(['dashboard', '--json'])
    assert.equal(exitCode, 0)
    const body = json(stdout)
    assert.equal(body.coldStarts.available, false)
    assert.match(body.coldStarts.reason, /Logs not readable: Access denied: the credentials in use may not call logs:StartQuery/)
    for (const fn of body.functions) {
      assert.equal(fn.coldStarts, null)
      assert.match(fn.coldStartsReason, /logs:StartQuery/)
    }

    assert.equal(body.account.coldStarts, null)
    assert.equal(body.functions[0].throttles, 180, 'metrics are unaffected (3h default range)')
  })

  it('prints one snapshot by itself when stdout is not a terminal', async () => {
    serveAccount()
    const {stdout, exitCode} = await withTerminal(false, () => runLx(['dashboard']))
    assert.equal(exitCode, 0)
    assert.match(stdout, /^Concurrency {2}120 \/ 1,000 claimed · unreserved 945$/m)
    assert.match(stdout, /^FUNCTION\s+THROTTLES 5M\s+THROTTLES 3H\s+TREND\s+INVOCATIONS/m)
    assert.match(stdout, /^orders\s+5\s+180\s+[▁-█]{8} →\s+3,600\s+0\s+4\s+45\/50\s+60%\s+360\s+[▁-█]{24}/m)
    // eslint-disable-next-line no-control-regex -- ESC [ ?1049h is the terminal's switch to the full screen
    assert.doesNotMatch(stdout, /\u001B\[\?1049h/, 'no full-screen switch')
  })

  it('prints one snapshot in CI even on a terminal', async () => {
    serveAccount()
    const saved = process.env.CI
    process.env.CI = 'true'
    try {
      const {stdout, exitCode} = await withTerminal(true, () => runLx(['dashboard']))
      assert.equal(exitCode, 0)
      assert.match(stdout, /^FUNCTION\s+THROTTLES 5M/m)
    } finally {
      if (saved === undefined) delete process.env.CI
      else process.env.CI = saved
    }
  })

  it('fails (exit 1) naming the IAM action when metrics cannot be read', async () => {
    const scope = lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [fnConfig('orders')]})
    mockLambdaFacts(scope, [{name: 'orders'}])
    cloudwatch(
      'GetMetricData',
      jsonError(400, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudwatch:GetMetricData'),
    )
    logs('StartQuery', {queryId: 'q'})
    logs('GetQueryResults', {status: 'Complete', results: []})
    const {stderr, exitCode} = await runLx(['dashboard', '--once'])
    assert.equal(exitCode, 1)
    assert.match(stderr, /Access denied: the credentials in use may not call cloudwatch:GetMetricData/)
  })

  it('refuses a bad --range before any call (exit 2, one line saying the format)', async () => {
    const {stderr, exitCode} = await runLx(['dashboard', '--once', '--range', '3hours'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /^Error: --range "3hours" is not a duration: use a number and a unit m, h, d or w, e\.g\. 15m, 3h, 2d\.$/m)
  })

  it('refuses a refresh faster than the metrics change (exit 2)', async () => {
    const {stderr, exitCode} = await runLx(['dashboard', '--refresh', '10'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /60/)
  })
})
