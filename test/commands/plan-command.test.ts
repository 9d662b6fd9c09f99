// `lx concurrency plan` in-process against nock: the reads it makes (and the writes it never makes),
// its --json contract, the human table and commands, and bad input refused before any call.
import assert from 'node:assert/strict'

import nock from 'nock'

import {ACCOUNT, autoscaling, cloudwatch, fnConfig, functionArn, lambda, lambdaError} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {answerMetricData, type MetricDataRequestBody, type SeriesRef} from '../metrics/cloudwatch-fixtures.js'

const shape = (time: number, peakHour: number) => {
  const hour = Math.floor((time % 86_400) / 3600)
  return (1 + Math.cos(((hour - peakHour) / 24) * 2 * Math.PI)) / 2
}

/**
 * checkout-api: 40 → 150 req/s (peak 18:00 UTC) × 250 ms behind reserved 20, so it throttles every
 * afternoon. reports-nightly: a 240-second job around 02:00 UTC with 50 provisioned, mostly idle.
 */
function traffic(series: SeriesRef, time: number): number | undefined {
  if (series.metric === 'UnreservedConcurrentExecutions') return 120
  if (series.functionName === 'checkout-api') {
    const rps = 40 + 110 * shape(time, 18)
    const demand = rps * 0.25 * 1.2
    const served = Math.min(1, 20 / demand)
    switch (series.metric) {
      case 'Invocations': {
        return rps * 300 * served
      }

      case 'Throttles': {
        return rps * 300 * (1 - served)
      }

      case 'ConcurrentExecutions': {
        return Math.min(20, demand)
      }

      case 'Duration': {
        return 250
      }

      default: {
        return undefined
      }
    }
  }

  if (series.functionName === 'reports-nightly') {
    const rps = 0.02 * shape(time, 2) ** 4
    if (rps < 0.001) return undefined
    switch (series.metric) {
      case 'Invocations': {
        return rps * 300
      }

      case 'Throttles': {
        return 0
      }

      case 'ConcurrentExecutions': {
        return Math.ceil(rps * 240 * 1.5)
      }

      case 'Duration': {
        return 240_000
      }

      case 'ProvisionedConcurrencyUtilization': {
        return Math.ceil(rps * 240 * 1.5) / 50
      }

      case 'ProvisionedConcurrencySpilloverInvocations': {
        return 0
      }

      default: {
        return undefined
      }
    }
  }

  return undefined
}

const apiPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: {Service: 'apigateway.amazonaws.com'},
      Action: 'lambda:InvokeFunction',
      Condition: {ArnLike: {'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc/*`}},
    },
  ],
})

/** Every read the plan of these two functions makes; nothing else is answered. */
function serveAccount() {
  const bodies: MetricDataRequestBody[] = []
  const scopes = [
    lambda()
      .get('/2015-03-31/functions/checkout-api')
      .reply(200, {Configuration: fnConfig('checkout-api', {MemorySize: 1024, Architectures: ['arm64']}), Concurrency: {ReservedConcurrentExecutions: 20}})
      .get('/2015-03-31/functions/reports-nightly')
      .reply(200, {Configuration: fnConfig('reports-nightly', {MemorySize: 2048, Runtime: 'java21'})})
      .get('/2016-08-19/account-settings')
      .reply(200, {AccountLimit: {ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 635}, AccountUsage: {FunctionCount: 2}})
      .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
      .query({List: 'ALL', MaxItems: '50'})
      .reply(200, {ProvisionedConcurrencyConfigs: []})
      .get('/2019-09-30/functions/reports-nightly/provisioned-concurrency')
      .query({List: 'ALL', MaxItems: '50'})
      .reply(200, {
        ProvisionedConcurrencyConfigs: [
          {
            FunctionArn: functionArn('reports-nightly', 'live'),
            RequestedProvisionedConcurrentExecutions: 50,
            AllocatedProvisionedConcurrentExecutions: 50,
            AvailableProvisionedConcurrentExecutions: 50,
            Status: 'READY',
          },
        ],
      })
      // checkout-api earns provisioned concurrency: who calls it, and which alias it goes on.
      .get('/2015-03-31/functions/checkout-api/policy')
      .reply(200, {Policy: apiPolicy, RevisionId: 'r1'})
      .get('/2015-03-31/functions/checkout-api/aliases')
      .query({MaxItems: '50'})
      .reply(200, {Aliases: [{Name: 'live', FunctionVersion: '4'}]})
      .get('/2015-03-31/functions/checkout-api/policy')
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.'))
      .get('/2015-03-31/event-source-mappings')
      .query({FunctionName: 'checkout-api', MaxItems: '100'})
      .reply(200, {EventSourceMappings: []}),
    autoscaling('DescribeScalableTargets', (body: {ResourceIds: string[]}) => {
      assert.deepEqual(body.ResourceIds, ['function:reports-nightly:live'])
      return {ScalableTargets: []}
    }),
    cloudwatch('GetMetricData', (body: MetricDataRequestBody) => {
      bodies.push(body)
      return answerMetricData(body, traffic)
    }),
  ]
  return {bodies, done: () => scopes.every((scope) => scope.isDone())}
}

describe('lx concurrency plan (nock)', () => {
  it('--json: per function current, recommended, reason, monthly cost and what-if, an account summary and the commands', async () => {
    const served = serveAccount()
    const {stdout, exitCode, stderr} = await runLx(['concurrency', 'plan', 'checkout-api', 'reports-nightly', '--json'])
    assert.equal(exitCode, 0, stderr + stdout)
    assert.ok(served.done(), 'every read was made')
    assert.equal(served.bodies.length, 1, 'one GetMetricData call for two functions over a week')
    assert.ok(served.bodies[0].MetricDataQueries.every((query) => query.MetricStat.Period === 300))

    const report = json(stdout)
    assert.equal(report.window, '7d')
    assert.equal(report.period, 300)
    const [checkout, reports] = report.functions
    assert.equal(checkout.functionName, 'checkout-api')
    assert.deepEqual(checkout.current, {reserved: 20, provisioned: null})
    assert.ok(checkout.recommended.reserved > 20, `reserved ${checkout.recommended.reserved}`)
    assert.equal(checkout.qualifier, 'live', 'its only alias')
    assert.ok(checkout.recommended.provisioned >= 30)
    assert.equal(checkout.recommended.autoScaling.target, 0.7)
    assert.ok(checkout.recommended.schedule.actions.length === 2)
    assert.match(checkout.reason, /^reserved 20 throttled [\d.]+[kM]? requests at its cap/)
    assert.deepEqual(Object.keys(checkout.monthlyCost).sort(), ['currency', 'current', 'onDemandOnly', 'recommended'])
    assert.equal(checkout.monthlyCost.currency, 'USD')
    assert.ok(checkout.whatIf.current.throttles > 0)
    assert.equal(checkout.whatIf.recommended.throttles, 0)
    assert.equal(checkout.commands[0], `lx concurrency set checkout-api --reserved ${checkout.recommended.reserved}`)

    assert.deepEqual(reports.current, {reserved: null, provisioned: 50})
    assert.deepEqual([reports.recommended.reserved, reports.recommended.provisioned], [null, null])
    assert.match(reports.reason, /runs average 240 s/)
    assert.ok(reports.monthlyCost.recommended < reports.monthlyCost.current)
    assert.deepEqual(reports.commands, ['lx concurrency unset reports-nightly --provisioned --qualifier live'])

    assert.equal(report.account.limit, 1000)
    assert.equal(report.account.unreserved, 635)
    assert.equal(report.account.unreservedFloor, 100)
    assert.equal(report.account.fits, true)
    assert.equal(report.account.unreservedAfter, 635 - (checkout.recommended.reserved - 20) + 50)
    // Releases first: reports-nightly gives concurrency back before checkout-api takes more.
    assert.deepEqual(report.commands, [...reports.commands, ...checkout.commands])
  })

  it('prints the table, the account check and the commands, one per line', async () => {
    const served = serveAccount()
    const {stdout, exitCode} = await runLx(['concurrency', 'plan', 'checkout-api', 'reports-nightly'])
    assert.equal(exitCode, 0)
    assert.ok(served.done())
    const lines = stdout.split('\n')
    assert.match(stdout, /^Concurrency plan from 7d of traffic/)
    assert.match(stdout, /FUNCTION\s+RESERVED\s+PROVISIONED\s+\$\/MONTH\s+Δ \$\/MONTH\s+THROTTLES\s+COLD STARTS\s+REASON/)
    assert.match(stdout, /checkout-api\s+20 → \d+\s+none → \d+ on live \(\d+–\d+, busy [\d:]+–[\d:]+ UTC\)/)
    assert.match(stdout, /reports-nightly\s+none\s+50 on live → none\s+/)
    assert.match(stdout, /Account: limit 1000, unreserved 635 → \d+ \(floor 100\); \d+ left to reserve afterwards\./)
    const start = lines.indexOf('To apply (2 functions):')
    assert.ok(start > 0)
    const commands = lines.slice(start + 1, lines.indexOf('', start))
    assert.ok(commands.length >= 4)
    for (const command of commands) assert.match(command, /^lx (concurrency set|concurrency unset|scaling set|scaling schedule) /)
    assert.ok(commands.includes('lx concurrency unset reports-nightly --provisioned --qualifier live'))
    assert.match(stdout, /Notes:\n(- .*\n)*- Estimates:/)
  })

  describe('bad input: exit 2 before any AWS call', () => {
    let unmatched: number
    const count = () => unmatched++
    beforeEach(() => {
      unmatched = 0
      nock.emitter.on('no match', count)
    })
    afterEach(() => {
      nock.emitter.removeListener('no match', count)
    })

    const cases: Array<[string[], RegExp]> = [
      [['--window', '10x'], /--window "10x" is not a duration/],
      [['--window', '30m'], /--window "30m" is too short: the busy hour needs at least 1h/],
      [['--window', '60d'], /--window "60d" is out of bounds/],
      [['--headroom', '-0.1'], /--headroom must be a fraction from 0 to 5/],
      [['--headroom', 'lots'], /--headroom must be a fraction/],
      [['--qualifier', '$LATEST'], /cannot be set on \$LATEST/],
      [['checkout-api', '--match', 'x'], /./],
    ]
    for (const [args, message] of cases) {
      it(args.join(' '), async () => {
        const {exitCode, stderr, stdout} = await runLx(['concurrency', 'plan', ...args])
        assert.equal(exitCode, 2, stderr + stdout)
        assert.match(stderr + stdout, message)
        assert.equal(unmatched, 0, 'no request was sent')
      })
    }
  })
})
