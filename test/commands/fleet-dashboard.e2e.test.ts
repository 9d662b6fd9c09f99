// `lx concurrency plan`, `lx advise` and `lx dashboard --once` across a fleet, built CLI at a pinned
// simulated time: over two regions of the default sandbox (one account that answers every region),
// then over an organization of the fleet sandbox with a role that cannot be assumed (partial reach).
// Each account-region is read on its own; the output says which is which.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {schemaErrors} from '../helpers/json-schema.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'

const REGIONS = ['--region', 'us-east-1,eu-west-1']

describe('fleet reads: concurrency plan, advise, dashboard --once over two regions (built CLI, sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) =>
    runCli(args, {env: {...sandboxEnv(sandbox.url, home), LX_LOGS_POLL_MS: '20', ...simulatedClockEnv(sandbox)}, timeoutMs: 120_000})

  before(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 0, startTime: Date.parse('2026-06-03T09:20:00Z'), log: () => {}})
    home = freshLxHome()
  })

  after(async () => {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('concurrency plan: a row per function per region, a pool check per region, commands that name their region', async () => {
    const run = await lx(['concurrency', 'plan', 'checkout-api', ...REGIONS, '--json'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout)
    assert.deepEqual(schemaErrors('concurrency-plan.schema.json', report), [])
    assert.deepEqual(
      report.functions.map((fn: any) => [fn.functionName, fn.account, fn.region]),
      [
        ['checkout-api', '123456789012', 'eu-west-1'],
        ['checkout-api', '123456789012', 'us-east-1'],
      ],
    )
    assert.deepEqual(
      report.places.map((place: any) => [place.region, place.limit]),
      [
        ['eu-west-1', 1000],
        ['us-east-1', 1000],
      ],
    )
    assert.equal(report.account, undefined, 'no pool check summed across account-regions')
    assert.ok(report.commands.length >= 2)
    for (const command of report.commands) assert.match(command, / --region (eu-west-1|us-east-1)$/)
    assert.ok(
      report.commands.some((command: string) => command.endsWith('--region eu-west-1')),
      'eu-west-1 has commands of its own',
    )
    const perPlace = report.places[0].monthlyCost.current + report.places[1].monthlyCost.current
    assert.ok(Math.abs(report.monthlyCost.current - perPlace) < 0.02, 'money is summed over the fleet')

    const text = await lx(['concurrency', 'plan', 'checkout-api', ...REGIONS, '--wide'])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /^ACCOUNT\s+REGION\s+FUNCTION\s+RESERVED/m)
    assert.match(text.stdout, /^123456789012\s+eu-west-1\s+checkout-api\s+20 → \d+/m)
    assert.match(text.stdout, /^- 123456789012\/us-east-1: limit 1000, unreserved \d+ → \d+ \(floor 100\)/m)
    assert.match(text.stdout, /^lx concurrency set checkout-api --reserved \d+ --region us-east-1$/m)
  })

  it('advise: findings of both regions ranked together, each with account, region and a fix for its region; --fail-on looks at all', async () => {
    const run = await lx(['advise', 'checkout-api', 'reports-nightly', ...REGIONS, '--json', '--fail-on', 'critical'])
    assert.equal(run.code, 1, 'a critical finding in some account-region')
    const report = JSON.parse(run.stdout)
    assert.deepEqual(schemaErrors('advise.schema.json', report), [])
    assert.deepEqual(
      report.places.map((place: any) => [place.region, place.functions]),
      [
        ['eu-west-1', 2],
        ['us-east-1', 2],
      ],
    )
    assert.equal(report.functions, 4)
    const regions = new Set(report.findings.map((finding: any) => finding.region))
    assert.deepEqual([...regions].sort(), ['eu-west-1', 'us-east-1'])
    for (const finding of report.findings) {
      assert.equal(finding.account, '123456789012')
      if (finding.fixKind === 'command') assert.ok(finding.fix.includes(`--region ${finding.region}`), finding.fix)
    }

    const underused = report.findings.filter((finding: any) => finding.id === 'provisioned-underused:reports-nightly:live')
    assert.equal(underused.length, 2, 'the same finding in each region')
    assert.equal(report.counts.critical + report.counts.warning + report.counts.info, report.findings.length)
  })

  it('dashboard --once: one table across both regions, totals over the fleet, each pool on its own row', async () => {
    const run = await lx(['dashboard', '--once', '--json', '--range', '1h', ...REGIONS])
    assert.equal(run.code, 0, run.stderr)
    const data = JSON.parse(run.stdout)
    assert.deepEqual(schemaErrors('dashboard.schema.json', data), [])
    assert.equal(data.functions.length, 80)
    assert.deepEqual(
      data.places.map((place: any) => [place.region, place.limit, place.functions]),
      [
        ['eu-west-1', 1000, 40],
        ['us-east-1', 1000, 40],
      ],
    )
    assert.equal(data.account.throttles, data.places[0].throttles + data.places[1].throttles)
    assert.equal(data.account.invocations, data.places[0].invocations + data.places[1].invocations)
    assert.equal(data.account.limit, null)
    const ranks = data.functions.map((fn: any) => [fn.recentThrottles, fn.throttles])
    assert.deepEqual(
      ranks,
      [...ranks].sort((a: number[], b: number[]) => b[0] - a[0] || b[1] - a[1]),
      'ranked across the fleet',
    )

    const text = await lx(['dashboard', '--once', '--range', '1h', ...REGIONS])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /^Range .*\(2 account-regions: eu-west-1, us-east-1\)$/m)
    assert.match(text.stdout, /^123456789012\s+eu-west-1\s+\d[\d,]* \/ 1,000 claimed/m)
    assert.match(text.stdout, /^ACCOUNT\s+REGION\s+FUNCTION\s+THROTTLES 5M/m)
  })

  it('one region stays as it was: no places, and per-function records gain account and region', async () => {
    const run = await lx(['concurrency', 'plan', 'checkout-api', '--json'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout)
    assert.equal(report.places, undefined)
    assert.equal(report.account.region, 'us-east-1')
    assert.deepEqual([report.functions[0].account, report.functions[0].region], ['123456789012', 'us-east-1'])
    assert.ok(
      report.commands.every((command: string) => !command.includes('--region')),
      'commands as before',
    )
  })
})

describe('fleet reads across an organization with a role that cannot be assumed (built CLI, fleet sandbox)', function () {
  this.timeout(180_000)
  let sandbox: Sandbox
  let home: string
  const ORG = ['--accounts', 'org', '--role-name', 'lx-reader', '--all-regions']
  const lx = (args: string[]) =>
    runCli(args, {env: {...sandboxEnv(sandbox.url, home), LX_LOGS_POLL_MS: '20', ...simulatedClockEnv(sandbox)}, timeoutMs: 120_000})

  before(async () => {
    sandbox = await startSandbox({
      accounts: 3,
      regions: ['us-east-1', 'eu-west-1'],
      denyRoles: ['222222222222'],
      rate: 'off',
      updateLagMs: 0,
      startTime: Date.parse('2026-06-03T09:20:00Z'),
      log: () => {},
    })
    home = freshLxHome()
  })

  after(async () => {
    await sandbox.stop()
    rmSync(home, {recursive: true, force: true})
  })

  it('reads each reached account-region on its own and reports the denied and the suspended account: exit 1, or 0 with --skip-unreachable', async () => {
    const reached = ['111111111111/eu-west-1', '111111111111/us-east-1', '123456789012/eu-west-1', '123456789012/us-east-1']
    const plan = await lx(['concurrency', 'plan', 'checkout-api', ...ORG, '--json'])
    assert.equal(plan.code, 1, plan.stderr)
    const report = JSON.parse(plan.stdout)
    assert.deepEqual(schemaErrors('concurrency-plan.schema.json', report), [])
    assert.deepEqual(
      report.functions.map((fn: any) => `${fn.account}/${fn.region}`),
      reached,
    )
    assert.deepEqual(
      report.places.filter((place: any) => place.unreachable).map((place: any) => place.account),
      ['999999999999', '222222222222'],
    )
    assert.ok(
      report.commands.some((command: string) => command.endsWith('--region eu-west-1 --accounts 111111111111 --role-name lx-reader')),
      report.commands.join('\n'),
    )

    const dashboard = await lx(['dashboard', '--once', '--json', '--range', '1h', ...ORG, '--skip-unreachable'])
    assert.equal(dashboard.code, 0, dashboard.stderr)
    const data = JSON.parse(dashboard.stdout)
    assert.deepEqual(schemaErrors('dashboard.schema.json', data), [])
    assert.deepEqual(
      data.places.filter((place: any) => !place.unreachable).map((place: any) => `${place.account}/${place.region}`),
      reached,
    )
    assert.equal(data.functions.length, 4 * 40)
    assert.match(data.places.find((place: any) => place.account === '222222222222').unreachable, /could not assume arn:aws:iam::222222222222:role\/lx-reader/)

    const advise = await lx(['advise', 'checkout-api', ...ORG, '--min-severity', 'warning'])
    assert.equal(advise.code, 1)
    assert.match(advise.stdout, /^4 functions in 4 account-regions \(eu-west-1, us-east-1\)/m)
    assert.match(advise.stderr, /^Not reached \(2\):/m)
    assert.match(advise.stdout, /^\d+\. \w+ {2}1{12}\/(eu-west-1|us-east-1) {2}checkout-api/m)
  })
})
