// End to end: `lx advise` (built CLI, `npm run build` first) against the sandbox's default account,
// which holds at least one case of every finding; the fixes it prints, run as printed, make their
// findings disappear on the next run.
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'

interface Finding {
  id: string
  kind: string
  severity: string
  resource: string
  evidence: Record<string, unknown>
  monthlySaving?: number
  monthlyCost?: number
  fix: string
  fixKind: string
}

const KINDS = [
  'provisioned-underused',
  'provisioned-no-traffic',
  'provisioned-orphan-version',
  'throttling',
  'account-headroom',
  'async-no-failure-destination',
  'memory-oversized',
  'memory-near-limit',
  'runtime-deprecated',
  'snapstart',
]
const MONEY_KINDS = new Set([
  'provisioned-underused',
  'provisioned-no-traffic',
  'provisioned-orphan-version',
  'memory-oversized',
  'memory-near-limit',
  'snapstart',
])

/** The lx commands of a fix, as a user would paste them: split on &&, comment dropped, --yes added. */
function commandsOf(fix: string): string[][] {
  return fix
    .replace(/\s+#.*$/, '')
    .split(' && ')
    .map((command) => command.trim().split(/\s+/))
    .map((words) => {
      assert.equal(words[0], 'lx', `a pasteable lx command: ${fix}`)
      return [...words.slice(1), '--yes']
    })
}

describe('lx advise (built CLI against the sandbox)', function () {
  this.timeout(300_000)
  let sandbox: Sandbox
  let env: Record<string, string>

  before(async () => {
    sandbox = await startSandbox({rate: 'off', updateLagMs: 0, provisionLagMs: 0, log: () => {}})
    env = {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome(), LX_POLL_MS: '50', LX_STEP_BACKOFF_MS: '20'}
  })
  after(() => sandbox.stop())

  const lx = async (...args: string[]) => runCli(args, {env})
  const advise = async (...args: string[]): Promise<Finding[]> => {
    const result = await lx('advise', '--json', ...args)
    assert.equal(result.code, 0, result.stderr)
    return JSON.parse(result.stdout).findings
  }

  it('reports every finding on the default account, with evidence, dollars and a fix; the fixes, run as printed, make theirs disappear', async () => {
    const findings = await advise()
    for (const kind of KINDS)
      assert.ok(
        findings.some((finding) => finding.kind === kind),
        `a ${kind} finding`,
      )
    for (const finding of findings) {
      assert.ok(finding.id.startsWith(`${finding.kind}:`), finding.id)
      assert.ok(['critical', 'warning', 'info'].includes(finding.severity))
      assert.ok(Object.keys(finding.evidence).length > 0, `${finding.id} has evidence`)
      assert.ok(finding.fix.length > 0)
      if (MONEY_KINDS.has(finding.kind)) assert.ok((finding.monthlySaving ?? finding.monthlyCost ?? 0) > 0, `${finding.id} has dollars`)
    }

    assert.equal(new Set(findings.map((finding) => finding.id)).size, findings.length, 'ids are unique')
    const money = findings.map((finding) => finding.monthlySaving ?? finding.monthlyCost ?? 0)
    assert.deepEqual(
      money,
      [...money].sort((a, b) => b - a),
      'ranked by money first',
    )

    const byId = new Map(findings.map((finding) => [finding.id, finding]))
    const fixed = [
      'provisioned-no-traffic:graphql-gateway:live',
      'provisioned-orphan-version:graphql-gateway:1',
      'provisioned-underused:reports-nightly:live',
      'throttling:checkout-api',
      'async-no-failure-destination:slack-alerts',
      'memory-oversized:pricing-model',
      'memory-near-limit:invoice-processor',
    ]
    assert.equal(byId.get('throttling:checkout-api')?.evidence.cause, 'own reservation')
    assert.equal(byId.get('memory-oversized:pricing-model')?.evidence.maxMemoryUsedMb, 402)
    for (const id of fixed) {
      const finding = byId.get(id)
      assert.ok(finding, `${id} is reported`)
      for (const command of commandsOf(finding.fix)) {
        const run = await lx(...command)
        assert.equal(run.code, 0, `${command.join(' ')}: ${run.stderr}`)
      }
    }

    const after = new Set((await advise()).map((finding) => finding.id))
    for (const id of fixed) assert.ok(!after.has(id), `${id} is gone after its fix`)
    assert.ok(after.has('throttling:cart-service'), 'findings nobody fixed stay')
  })

  it('--min-severity filters, --fail-on gates with exit 1 and still prints the JSON', async () => {
    const critical = await advise('--min-severity', 'critical')
    assert.ok(critical.length > 0 && critical.every((finding) => finding.severity === 'critical'))
    // s3-virus-scan: the first test leaves it as it is.
    const gated = await lx('advise', 's3-virus-scan', '--fail-on', 'critical', '--json')
    assert.equal(gated.code, 1, 'the account is over its limit at peak: a critical finding')
    assert.ok(JSON.parse(gated.stdout).findings.some((finding: Finding) => finding.severity === 'critical'))
    const human = await lx('advise', 's3-virus-scan', '--min-severity', 'warning')
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /WARNING {2}s3-virus-scan {2}invoked asynchronously \(S3\)/)
    // One function selected: no destination of the account to offer, so a placeholder to fill in.
    assert.match(human.stdout, /^lx destinations set s3-virus-scan --on-failure QUEUE_OR_TOPIC_ARN$/m)
  })

  it('bad input is a one-line error, exit 2, before any AWS call', async () => {
    const before = sandbox.stats().total
    for (const [args, message] of [
      [['--window', '0d'], /--window/],
      [['--min-severity', 'urgent'], /--min-severity must be one of critical, warning, info, not "urgent"/],
      [['--fail-on', 'info'], /--fail-on must be one of warning, critical, not "info"/],
    ] as const) {
      const result = await lx('advise', ...args)
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, message)
    }

    assert.equal(sandbox.stats().total, before, 'no call reached AWS')
  })
})

describe('lx advise --fail-on on a tidy account', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  let env: Record<string, string>

  before(async () => {
    const tidy = {
      name: 'tidy-api',
      runtime: 'nodejs24.x',
      memorySize: 256,
      traffic: {baselineRps: 1, peakRps: 2, burstRps: 3, avgDurationMs: 50, maxMemoryUsedMb: 150},
    }
    const lossy = {...tidy, name: 'lossy-consumer', permissions: [{principal: 'sns.amazonaws.com', sourceArn: 'arn:aws:sns:us-east-1:123456789012:events'}]}
    sandbox = await startSandbox({
      rate: 'off',
      updateLagMs: 0,
      log: () => {},
      seed: {topics: ['arn:aws:sns:us-east-1:123456789012:events'], functions: [tidy, lossy]},
    })
    env = {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome(), LX_POLL_MS: '50'}
  })
  after(() => sandbox.stop())

  it('exits 0 when nothing reaches the threshold, 1 when something does', async () => {
    const clean = await runCli(['advise', 'tidy-api', '--fail-on', 'warning', '--json'], {env})
    assert.equal(clean.code, 0, clean.stderr)
    assert.deepEqual(JSON.parse(clean.stdout).findings, [])
    const lossy = await runCli(['advise', '--fail-on', 'warning', '--json'], {env})
    assert.equal(lossy.code, 1)
    assert.deepEqual(
      JSON.parse(lossy.stdout).findings.map((finding: Finding) => finding.id),
      ['async-no-failure-destination:lossy-consumer'],
    )
    const critical = await runCli(['advise', '--fail-on', 'critical'], {env})
    assert.equal(critical.code, 0, critical.stderr)
  })
})

describe('lx advise reads CloudWatch and Logs Insights beside the Lambda reads', function () {
  this.timeout(120_000)
  let sandbox: Sandbox
  const handled: string[] = []

  before(async () => {
    // The sandbox answers one request at a time and logs each (verbose): the log is the order lx's reads reached it.
    sandbox = await startSandbox({
      rate: 'off',
      verbose: true,
      log: (line) => {
        const operation = /^\d{3} ([a-z-]+:[A-Za-z]+)/.exec(line)?.[1]
        if (operation) handled.push(operation)
      },
    })
  })
  after(() => sandbox.stop())

  it('starts the traffic and the REPORT-line queries while the per-function settings are still being read', async () => {
    const result = await runCli(['advise', '--json'], {env: {AWS_ENDPOINT_URL: sandbox.url, LX_HOME: freshLxHome(), LX_POLL_MS: '50'}})
    assert.equal(result.code, 0, result.stderr)
    const first = (operation: string) => handled.indexOf(operation)
    const last = (operation: string) => handled.lastIndexOf(operation)
    for (const operation of ['monitoring:GetMetricData', 'logs:StartQuery', 'lambda:ListAliases', 'lambda:ListFunctionEventInvokeConfigs'])
      assert.ok(first(operation) >= 0, `${operation} was called`)
    // The control plane's 15/s is the slow part: metrics need only the names, not the settings.
    assert.ok(first('monitoring:GetMetricData') < last('lambda:ListAliases'), 'GetMetricData before the per-function reads end')
    assert.ok(first('logs:StartQuery') < first('lambda:ListFunctionEventInvokeConfigs'), 'Logs Insights before the last phase of Lambda reads')
  })
})
