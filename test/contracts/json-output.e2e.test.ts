// End to end: every command's --json output, from the built CLI against the sandbox, conforms to
// its committed schema (schemas/<command>.schema.json), errors to schemas/error.schema.json.
// Needs `npm run build`.
import assert from 'node:assert/strict'
import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {layerArn} from '../helpers/aws-ids.js'
import {schemaErrors, schemas} from '../helpers/json-schema.js'
import {freshLxHome, ROOT, runCli, sandboxEnv} from '../helpers/run-cli.js'
import {simulatedClockEnv} from '../helpers/simulated-clock.js'
import {scheduleCheckoutLive} from '../helpers/scaling-args.js'

const LOG = layerArn('log-shipper-extension')
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts'

/**
 * In order: later runs read what earlier ones wrote (scaling list after scaling set, undo last).
 * `advanceMinutes` moves the sandbox's clock first and runs lx in its time, so `lx impact` has
 * whole minutes of traffic after the change to judge (and prints signals, not only a note).
 */
const RUNS: Array<{schema: string; args: string[]; advanceMinutes?: number}> = [
  {schema: 'account', args: ['account']},
  {schema: 'concurrency-list', args: ['concurrency', 'list', '--aliases']},
  {schema: 'concurrency-set', args: ['concurrency', 'set', 'email-sender', '--reserved', '7', '--yes']},
  {schema: 'concurrency-set', args: ['concurrency', 'set', 'checkout-api', '--provisioned', '3', '--qualifier', 'live', '--dry-run']},
  {schema: 'concurrency-unset', args: ['concurrency', 'unset', 'email-sender', '--reserved', '--yes']},
  {schema: 'concurrency-plan', args: ['concurrency', 'plan', 'checkout-api', 'reports-nightly']},
  {schema: 'scaling-set', args: ['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5', '--target', '0.7', '--yes']},
  {
    schema: 'scaling-schedule',
    args: scheduleCheckoutLive('morning', 'cron(0 8 * * ? *)', '--min', '2', '--max', '6', '--yes'),
  },
  {schema: 'scaling-list', args: ['scaling', 'list']},
  {schema: 'scaling-remove', args: ['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--yes']},
  {schema: 'layers-list', args: ['layers', 'list']},
  {schema: 'layers-versions', args: ['layers', 'versions', LOG]},
  {schema: 'layers-attach', args: ['layers', 'attach', `${LOG}:3`, 'email-sender', '--yes']},
  {schema: 'layers-upgrade', args: ['layers', 'upgrade', LOG, '--all', '--yes']},
  {schema: 'layers-detach', args: ['layers', 'detach', LOG, 'email-sender', '--yes']},
  {schema: 'extensions-attach', args: ['extensions', 'attach', `${LOG}:3`, 'email-sender', '--env', 'SHIPPER_KEY=secret', '--yes']},
  {schema: 'extensions-upgrade', args: ['extensions', 'upgrade', LOG, '--all', '--dry-run']},
  {schema: 'extensions-detach', args: ['extensions', 'detach', LOG, 'email-sender', '--env', 'SHIPPER_KEY', '--yes']},
  {schema: 'destinations-set', args: ['destinations', 'set', 'email-sender', '--on-failure', 'arn:aws:sqs:us-east-1:123456789012:dlq', '--yes']},
  {schema: 'destinations-list', args: ['destinations', 'list']},
  {schema: 'destinations-remove', args: ['destinations', 'remove', 'email-sender', '--on-failure', '--yes']},
  {schema: 'triggers-list', args: ['triggers', 'list']},
  {schema: 'dashboard', args: ['dashboard', '--once']},
  {schema: 'advise', args: ['advise']},
  {schema: 'alarms-set', args: ['alarms', 'set', 'checkout-api', '--notify', TOPIC, '--yes']},
  {schema: 'alarms-list', args: ['alarms', 'list']},
  {schema: 'alarms-remove', args: ['alarms', 'remove', 'checkout-api', '--yes']},
  {schema: 'memory-set', args: ['memory', 'set', 'checkout-api', '--mb', '256', '--yes']},
  {schema: 'impact', args: ['impact'], advanceMinutes: 15},
  {schema: 'history', args: ['history']},
  {schema: 'undo', args: ['undo', '--yes']},
]

/** Commands that print JSON but whose schema the lead adds when their branch is merged. */
const PENDING = new Set<string>([])

describe('--json output conforms to the committed schemas (built CLI, sandbox)', function () {
  this.timeout(300_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--json'], {env: {...sandboxEnv(sandbox.url, home), ...env}})

  before(async () => {
    sandbox = await startSandbox({log: () => {}})
    home = freshLxHome()
  })

  after(async () => {
    await sandbox?.stop()
    rmSync(home, {recursive: true, force: true})
  })

  for (const run of RUNS) {
    it(`lx ${run.args.join(' ')}`, async () => {
      if (run.advanceMinutes) sandbox.clock.advance(run.advanceMinutes * 60_000)
      const result = await lx(run.args, run.advanceMinutes ? {LX_LOGS_POLL_MS: '10', ...simulatedClockEnv(sandbox)} : {})
      assert.equal(result.code, 0, result.stdout + result.stderr)
      const output: unknown = JSON.parse(result.stdout)
      assert.deepEqual(schemaErrors(`${run.schema}.schema.json`, output), [])
      // The impact run must have judged something, so the signals in it are checked too.
      if (run.schema === 'impact') assert.ok((output as {functions: Array<{signals: unknown[]}>}).functions[0].signals.length > 0, result.stdout)
      // An apply run must have applied something, so the states in it are checked too.
      if (run.args.includes('--yes')) assert.ok((output as {results: unknown[]}).results.length > 0, result.stdout)
    })
  }

  it('errors conform to error.schema.json, and their exitCode is the exit code', async () => {
    const bad = await lx(['concurrency', 'set', 'email-sender', '--reserved', 'x'])
    const missing = await lx(['concurrency', 'set', 'no-such-function', '--reserved', '1', '--yes'])
    for (const result of [bad, missing]) {
      const output = JSON.parse(result.stdout) as {error: {exitCode: number}}
      assert.deepEqual(schemaErrors('error.schema.json', output), [])
      assert.equal(result.code, output.error.exitCode)
    }
  })

  it('every command that takes --json has a schema, and every schema is exercised above', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {flags: Record<string, unknown>}>}
    const withJson = Object.entries(manifest.commands)
      .filter(([, command]) => 'json' in command.flags)
      .map(([id]) => id.replaceAll(':', '-'))
      .filter((name) => !PENDING.has(name))
    const files = [...schemas().keys()].map((file) => file.replace('.schema.json', ''))
    assert.deepEqual(
      withJson.filter((name) => !files.includes(name)),
      [],
      'commands without a schema',
    )
    const exercised = new Set([...RUNS.map((run) => run.schema), 'error', 'states'])
    assert.deepEqual(
      files.filter((file) => !exercised.has(file)),
      [],
      'schemas no test run checks',
    )
  })
})

describe('the schemas reject a broken contract', () => {
  const account = {
    region: 'us-east-1',
    limit: 1000,
    unreserved: 635,
    unreservedFloor: 100,
    reservedTotal: 280,
    provisionedTotal: 100,
    functionCount: 40,
    headroom: 535,
    functionsWithReserved: 9,
  }

  it('accepts the real shape', () => {
    assert.deepEqual(schemaErrors('account.schema.json', account), [])
  })

  it('fails on a renamed member, a changed type and a missing member', () => {
    const {limit, ...renamed} = account
    assert.deepEqual(schemaErrors('account.schema.json', {...renamed, concurrencyLimit: limit}), ['$: missing limit'])
    assert.deepEqual(schemaErrors('account.schema.json', {...account, headroom: '535'}), ['$.headroom: expected integer, got string'])
  })

  it('checks the states inside an apply report against their kind', () => {
    const report = {
      kind: 'reserved',
      dryRun: true,
      plan: {
        changes: [{target: 'a', before: {reserved: 1}, after: {reserved: 'two'}, summary: ''}],
        unchanged: [],
        skipped: [],
        conflicts: [],
        notes: [],
        warnings: [],
      },
      results: [],
      summary: {changed: 0, unverified: 0, unchanged: 0, skipped: 0, conflict: 0, failed: 0, notRun: 0},
      interrupted: false,
    }
    assert.deepEqual(schemaErrors('concurrency-set.schema.json', report), ['$.plan.changes[0].after: matches none of anyOf'])
    assert.deepEqual(schemaErrors('concurrency-set.schema.json', {...report, plan: {...report.plan, changes: []}}), [])
    assert.deepEqual(schemaErrors('error.schema.json', {error: {code: 'BadNumber', message: 'm', exitCode: '2'}}), [
      '$.error.exitCode: expected integer, got string',
    ])
  })
})
