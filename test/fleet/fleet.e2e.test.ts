// A fleet end to end: the built CLI against a sandbox of 3 accounts (one whose role cannot be
// assumed, plus a suspended one in the organization) in 3 regions. Needs `npm run build`.
import assert from 'node:assert/strict'
import {rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {type AccountState, type FunctionState, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {scratchDir} from '../helpers/scratch-dir.js'

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
const MANAGEMENT = '123456789012'
const MEMBER = '111111111111'
const DENIED = '222222222222'
const SUSPENDED = '999999999999'
/** A vendor's extension, published under the same name and version in every region. */
const APM = 'arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:2'

/** What a user can see of a function, without the bookkeeping a write changes (revision, status). */
function visible(fn: FunctionState) {
  const {revisionId: _r, lastUpdateStatus: _s, ...rest} = fn
  return rest
}

const WRITES = /^lambda:(Update|Put|Delete|Publish|Create)|^autoscaling:(Register|Put|Delete|Deregister)/

function writesSent(sandbox: Sandbox): number {
  return Object.entries(sandbox.stats().operations)
    .filter(([operation]) => WRITES.test(operation))
    .reduce((total, [, count]) => total + count, 0)
}

describe('lx across a fleet (built CLI, fleet sandbox)', function () {
  this.timeout(240_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[], env: Record<string, string> = {}) =>
    runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home, LX_POLL_MS: '20', LX_STEP_BACKOFF_MS: '20', ...env}})
  const snapshot = (account: string, region: string): AccountState => sandbox.state(undefined, {account, region})

  before(async () => {
    sandbox = await startSandbox({accounts: 3, regions: REGIONS, denyRoles: [DENIED], omitLayers: [], rate: 'off', updateLagMs: 100, log: () => {}})
    home = freshLxHome()
  })

  after(async () => {
    await sandbox.stop()
  })

  it('lx account --accounts org --role-name R --all-regions: 2 accounts × 3 regions, and the unreachable ones reported (exit 1)', async () => {
    const result = await lx(['account', '--accounts', 'org', '--role-name', 'lx-operator', '--all-regions'])
    assert.equal(result.code, 1, result.stderr)
    const rows = result.stdout.split('\n').filter((line) => /^\d{12}\s+[a-z]{2}-[a-z]+-\d\s/.test(line))
    assert.equal(rows.length, 6, result.stdout)
    for (const account of [MANAGEMENT, MEMBER])
      for (const region of REGIONS)
        assert.ok(
          rows.some((row) => row.startsWith(`${account}  ${region}`)),
          `${account} ${region}`,
        )
    assert.match(result.stdout, /Total: 6 account-regions in 2 accounts, 240 functions/)
    assert.match(result.stderr, /Not reached \(2\):/)
    assert.match(result.stderr, new RegExp(`${DENIED}: could not assume arn:aws:iam::${DENIED}:role/lx-operator: Access denied`))
    assert.match(result.stderr, new RegExp(`${SUSPENDED}: SUSPENDED in the organization; skipped`))

    const json = await lx(['account', '--accounts', 'org', '--role-name', 'lx-operator', '--all-regions', '--json', '--skip-unreachable'])
    assert.equal(json.code, 0, json.stderr)
    const records = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    const read = records.filter((record) => record.unreachable === undefined)
    assert.equal(read.length, 6)
    for (const record of read) {
      assert.match(String(record.account), /^\d{12}$/)
      assert.ok(REGIONS.includes(String(record.region)))
      assert.equal(record.functionCount, 40)
    }

    assert.deepEqual(
      records
        .filter((record) => record.unreachable !== undefined)
        .map((record) => record.account)
        .sort(),
      [DENIED, SUSPENDED],
    )
  })

  it('a multi-region extensions attach reaches every eligible function in every region with one plan; undo restores every account-region exactly', async () => {
    const before = new Map(REGIONS.map((region) => [region, snapshot(MANAGEMENT, region)]))
    const writesBefore = writesSent(sandbox)
    const dry = await lx(['extensions', 'attach', APM, '--all', '--region', REGIONS.join(','), '--dry-run', '--json'])
    assert.equal(dry.code, 0, dry.stderr)
    const plan = JSON.parse(dry.stdout) as {plan: {changes: Array<{target: string}>}}
    assert.equal(writesSent(sandbox), writesBefore, 'a dry run sends no write')
    for (const region of REGIONS)
      assert.ok(
        plan.plan.changes.some((change) => change.target.startsWith(`${MANAGEMENT}/${region} `)),
        region,
      )

    // Without --yes and without a terminal, lx asks once and refuses: nothing is written.
    const unconfirmed = await lx(['extensions', 'attach', APM, '--all', '--region', REGIONS.join(',')])
    assert.equal(unconfirmed.code, 2)
    assert.equal(writesSent(sandbox), writesBefore)

    const applied = await lx(['extensions', 'attach', APM, '--all', '--region', REGIONS.join(','), '--yes', '--json'])
    const report = JSON.parse(applied.stdout) as {
      journalId: string
      summary: Record<string, number>
      results: Array<{status: string; target: {functionName: string; account: string; region: string}; reason?: string}>
    }
    // One function per region is too big for another layer (the sandbox enforces the 250 MB limit): exit 1, as today.
    const failed = report.results.filter((result) => result.status === 'failed')
    assert.ok(
      failed.every((result) => /available size/.test(result.reason ?? '')),
      JSON.stringify(failed),
    )
    assert.equal(applied.code, failed.length > 0 ? 1 : 0)
    for (const region of REGIONS) {
      const changed = report.results.filter((result) => result.status === 'changed' && result.target.region === region)
      assert.ok(changed.length > 20, `${region}: ${changed.length} changed`)
      const after = snapshot(MANAGEMENT, region)
      for (const result of changed) {
        assert.equal(result.target.account, MANAGEMENT)
        const fn = after.functions.find((candidate) => candidate.name === result.target.functionName)!
        assert.ok(fn.layers.includes(APM.replace('us-east-1', region)), `${region} ${fn.name}: ${fn.layers.join(', ')}`)
      }
    }

    const history = await lx(['history', '--json'])
    const [entry] = JSON.parse(history.stdout) as Array<{id: string; accountRegions: number}>
    assert.equal(entry.id, report.journalId)
    assert.equal(entry.accountRegions, 3)

    const undo = await lx(['undo', '--yes'])
    assert.equal(undo.code, 0, undo.stderr + undo.stdout)
    for (const region of REGIONS) {
      const now = snapshot(MANAGEMENT, region)
      assert.deepEqual(
        now.functions.map((fn) => visible(fn)),
        before.get(region)!.functions.map((fn) => visible(fn)),
        region,
      )
    }
  })

  it('across accounts: the member account is changed through the assumed role, the denied one is reported, and undo reverses it', async () => {
    const before = snapshot(MEMBER, 'eu-west-1')
    const applied = await lx([
      'extensions',
      'attach',
      APM,
      '--all',
      '--accounts',
      'org',
      '--role-name',
      'lx-operator',
      '--region',
      'eu-west-1',
      '--yes',
      '--json',
    ])
    const report = JSON.parse(applied.stdout) as {
      unreachable: Array<{account: string; reason: string}>
      results: Array<{status: string; target: {account: string}}>
    }
    assert.equal(applied.code, 1, 'an account not reached makes the run exit 1')
    assert.deepEqual(report.unreachable.map((item) => item.account).sort(), [DENIED, SUSPENDED])
    const accounts = new Set(report.results.filter((result) => result.status === 'changed').map((result) => result.target.account))
    assert.deepEqual([...accounts].sort(), [MEMBER, MANAGEMENT])
    assert.ok(snapshot(MEMBER, 'eu-west-1').functions.some((fn) => fn.layers.includes(APM.replace('us-east-1', 'eu-west-1'))))
    assert.equal(
      snapshot(MEMBER, 'us-east-1').functions.filter((fn) => fn.layers.some((layer) => layer.includes('acme-apm-extension:2'))).length,
      1,
      'another region untouched',
    )

    const undo = await lx(['undo', '--yes'])
    assert.equal(undo.code, 0, undo.stderr + undo.stdout)
    assert.deepEqual(
      snapshot(MEMBER, 'eu-west-1').functions.map((fn) => visible(fn)),
      before.functions.map((fn) => visible(fn)),
    )
  })

  it('a layer version missing in one region skips that region with the reason', async () => {
    const omitted = await startSandbox({
      regions: ['us-east-1', 'eu-west-1'],
      omitLayers: ['eu-west-1:log-shipper-extension'],
      rate: 'off',
      updateLagMs: 0,
      log: () => {},
    })
    try {
      const result = await runCli(
        [
          'layers',
          'attach',
          'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3',
          '--all',
          '--region',
          'us-east-1,eu-west-1',
          '--dry-run',
          '--json',
        ],
        {env: {LX_HOME: home, AWS_ENDPOINT_URL: omitted.url}},
      )
      assert.equal(result.code, 0, result.stderr)
      const report = JSON.parse(result.stdout) as {plan: {changes: Array<{target: string}>; skipped: Array<{target: string; reason: string}>}}
      assert.ok(report.plan.changes.length > 0)
      assert.ok(report.plan.changes.every((change) => change.target.startsWith('123456789012/us-east-1 ')))
      const west = report.plan.skipped.filter((item) => item.target.startsWith('123456789012/eu-west-1 '))
      assert.equal(west.length, 40)
      assert.ok(west.every((item) => item.reason === 'log-shipper-extension:3 is not published in eu-west-1'))
    } finally {
      await omitted.stop()
    }
  })

  it('--profile A,B: each profile is its own account; a change through both is undone through both', async () => {
    const dir = scratchDir('lx-fleet-profiles-')
    try {
      const credentials = join(dir, 'credentials')
      writeFileSync(
        credentials,
        [
          `[mgmt]`,
          `aws_access_key_id = AKIAFLEET${MANAGEMENT}`,
          'aws_secret_access_key = s',
          `[member]`,
          `aws_access_key_id = AKIAFLEET${MEMBER}`,
          'aws_secret_access_key = s',
        ].join('\n'),
      )
      const env = {AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'config'), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''}
      const listed = await lx(['account', '--profile', 'mgmt,member', '--region', 'ap-southeast-2', '--json'], env)
      assert.equal(listed.code, 0, listed.stderr)
      assert.deepEqual(
        (JSON.parse(listed.stdout) as Array<{account: string; region: string}>).map((row) => `${row.account}/${row.region}`),
        [`${MEMBER}/ap-southeast-2`, `${MANAGEMENT}/ap-southeast-2`],
      )

      const before = [snapshot(MANAGEMENT, 'ap-southeast-2'), snapshot(MEMBER, 'ap-southeast-2')]
      const layer = APM.replace('us-east-1', 'ap-southeast-2')
      const set = await lx(['layers', 'attach', layer, 'checkout-api', '--profile', 'mgmt,member', '--region', 'ap-southeast-2', '--yes'], env)
      assert.equal(set.code, 0, set.stderr + set.stdout)
      for (const account of [MANAGEMENT, MEMBER])
        assert.ok(sandbox.state('checkout-api', {account, region: 'ap-southeast-2'}).functions[0].layers.includes(layer))
      const undo = await lx(['undo', '--yes'], env)
      assert.equal(undo.code, 0, undo.stderr + undo.stdout)
      assert.deepEqual(
        [snapshot(MANAGEMENT, 'ap-southeast-2'), snapshot(MEMBER, 'ap-southeast-2')].map((state) => state.functions.map((fn) => visible(fn))),
        before.map((state) => state.functions.map((fn) => visible(fn))),
      )
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  describe('bad input: exit 2, one clear line, no write sent', () => {
    const cases: Array<[string, string[], RegExp, Record<string, string>?]> = [
      ['an unknown region name', ['--region', 'us-east-1,us-east-9'], /--region us-east-9 could not be reached in any selected account/],
      ['a region name of the wrong shape', ['--region', 'us-east-1,eu_west_1'], /"eu_west_1" is not an AWS region name/],
      ['an empty --accounts', ['--accounts', '', '--role-name', 'R'], /--accounts is empty/],
      ['--role-name without --accounts', ['--role-name', 'R'], /--role-name needs --accounts/],
      [
        '--accounts org from an account that is not the management account',
        ['--accounts', 'org', '--role-name', 'R'],
        /--accounts org needs the organization's management account/,
        {AWS_ACCESS_KEY_ID: `AKIAFLEET${MEMBER}`},
      ],
      ['--guard across a fleet', ['--region', 'us-east-1,eu-west-1', '--guard', '10m'], /--guard watches one account-region/],
    ]
    for (const [name, flags, message, env] of cases) {
      it(name, async () => {
        const writes = writesSent(sandbox)
        const result = await lx(['extensions', 'attach', APM, '--all', '--yes', ...flags], env)
        assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`)
        assert.match(result.stderr, message)
        assert.ok(result.stderr.trim().split('\n').length <= 2, result.stderr)
        assert.equal(writesSent(sandbox), writes)
      })
    }
  })
})
