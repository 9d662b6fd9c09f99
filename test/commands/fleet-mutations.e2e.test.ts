// End to end: every converted mutating command with `--region us-east-1,eu-west-1` (the built CLI
// against the sandbox, which without its fleet settings answers every region as its one account):
// one plan across both account-regions, labels that name them, --json that conforms to the
// command's schema; and one change applied to both places and undone from the journal.
// Needs `npm run build`.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {layerArn} from '../helpers/aws-ids.js'
import {schemaErrors} from '../helpers/json-schema.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

const FLEET = ['--region', 'us-east-1,eu-west-1']
const LOG = layerArn('log-shipper-extension')
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts'
const PLACES = [/^\d{12}\/us-east-1 /, /^\d{12}\/eu-west-1 /]

/** Dry runs: each must plan in both account-regions (`both`), or at least run and conform. */
const RUNS: Array<{schema: string; args: string[]; both: boolean; setup?: string[]}> = [
  {schema: 'concurrency-set', args: ['concurrency', 'set', 'email-sender', '--reserved', '7'], both: true},
  {schema: 'concurrency-set', args: ['concurrency', 'set', 'checkout-api', '--provisioned', '3', '--qualifier', 'live'], both: true},
  {schema: 'concurrency-unset', args: ['concurrency', 'unset', 'email-sender', '--reserved'], both: true},
  {schema: 'scaling-set', args: ['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5', '--target', '0.7'], both: true},
  {
    schema: 'scaling-schedule',
    args: ['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'morning', '--schedule', 'cron(0 8 * * ? *)', '--min', '2'],
    both: true,
    // A schedule needs a scalable target: one, registered in the one region the sandbox really is.
    setup: ['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5', '--yes'],
  },
  {schema: 'scaling-remove', args: ['scaling', 'remove', 'checkout-api', '--qualifier', 'live'], both: true},
  {schema: 'destinations-set', args: ['destinations', 'set', 'email-sender', '--on-failure', 'arn:aws:sqs:us-east-1:123456789012:dlq'], both: true},
  {schema: 'destinations-remove', args: ['destinations', 'remove', 'email-sender'], both: false},
  {schema: 'memory-set', args: ['memory', 'set', 'checkout-api', '--mb', '256'], both: true},
  {schema: 'alarms-set', args: ['alarms', 'set', 'checkout-api', '--kind', 'throttles', '--notify', TOPIC], both: true},
  {schema: 'alarms-remove', args: ['alarms', 'remove', 'checkout-api'], both: false},
  {schema: 'layers-upgrade', args: ['layers', 'upgrade', LOG, '--all'], both: false},
  {schema: 'extensions-upgrade', args: ['extensions', 'upgrade', LOG, '--all'], both: false},
]

interface Report {
  plan: {changes: Array<{target: string; after: any}>; unchanged: Array<{target: string}>; skipped: Array<{target: string}>; notes: string[]}
  results: Array<{target: {account?: string; region?: string}; status: string}>
  journalId?: string
}

describe('mutations across two regions (built CLI, sandbox)', function () {
  this.timeout(300_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli([...args, '--json'], {env: sandboxEnv(sandbox.url, home)})

  before(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', updateLagMs: 0, log: () => {}})
    home = freshLxHome()
  })

  after(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  for (const run of RUNS) {
    it(`lx ${run.args.join(' ')} ${FLEET.join(' ')} --dry-run`, async () => {
      if (run.setup) assert.equal((await lx(run.setup)).code, 0)
      const result = await lx([...run.args, ...FLEET, '--dry-run'])
      assert.equal(result.code, 0, result.stdout + result.stderr)
      const report = JSON.parse(result.stdout) as Report
      assert.deepEqual(schemaErrors(`${run.schema}.schema.json`, report), [])
      const labels = [...report.plan.changes, ...report.plan.unchanged, ...report.plan.skipped].map((item) => item.target)
      for (const label of labels)
        assert.ok(
          PLACES.some((place) => place.test(label)),
          label,
        )
      if (run.both)
        for (const place of PLACES)
          assert.ok(
            labels.some((label) => place.test(label)),
            `${place} in ${labels.join(', ')}`,
          )
      assert.ok(!report.results.some((result) => result.status === 'changed'), 'a dry run changes nothing')
      assert.equal(report.journalId, undefined)
    })
  }

  it('alarms set: each region notifies the topic of its own region', async () => {
    const result = await lx(['alarms', 'set', 'checkout-api', '--kind', 'throttles', '--notify', TOPIC, ...FLEET, '--dry-run'])
    assert.equal(result.code, 0, result.stdout + result.stderr)
    const {plan} = JSON.parse(result.stdout) as Report
    const actions = Object.fromEntries(plan.changes.map((change) => [change.target.split(' ')[0].split('/')[1], change.after.alarm.AlarmActions]))
    assert.deepEqual(actions, {'us-east-1': [TOPIC], 'eu-west-1': [TOPIC.replace('us-east-1', 'eu-west-1')]})
  })

  it('applies once across both places (--yes), results carry account and region, and lx undo reverses both', async () => {
    const reserved = () => sandbox.state('email-sender').functions[0].reserved
    const before = reserved()
    const applied = await lx(['concurrency', 'set', 'email-sender', '--reserved', '9', ...FLEET, '--yes'])
    assert.equal(applied.code, 0, applied.stdout + applied.stderr)
    const report = JSON.parse(applied.stdout) as Report
    assert.deepEqual(schemaErrors('concurrency-set.schema.json', report), [])
    assert.deepEqual(report.results.map((result) => result.target.region).sort(), ['eu-west-1', 'us-east-1'])
    assert.ok(report.results.every((result) => /^\d{12}$/.test(result.target.account ?? '')))
    assert.equal(reserved(), 9)

    const undone = await lx(['undo', '--yes'])
    assert.equal(undone.code, 0, undone.stdout + undone.stderr)
    assert.equal(reserved(), before)
  })
})
