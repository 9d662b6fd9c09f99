// The read commands across a fleet, the built CLI against the sandbox: one table with ACCOUNT and
// REGION columns, and --json that its committed schema accepts, in one place and in a fleet. First
// the default sandbox (every region answered as its one account: two account-regions), then a fleet
// sandbox (an organization of 3 accounts, one whose role is denied, in 2 regions).
import assert from 'node:assert/strict'

import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {ACCOUNT, layerArn} from '../helpers/aws-ids.js'
import {schemaErrors} from '../helpers/json-schema.js'
import {freshLxHome, runCli, sandboxEnv} from '../helpers/run-cli.js'

const TWO_REGIONS = ['--region', 'us-east-1,eu-west-1']
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ops-alerts`
const LOG = layerArn('log-shipper-extension')

/** Each list, its schema, and where its records are in --json. */
const LISTS: Array<{args: string[]; schema: string; records: (body: any) => any[]}> = [
  {args: ['concurrency', 'list', '--aliases'], schema: 'concurrency-list', records: (body) => body},
  {args: ['triggers', 'list'], schema: 'triggers-list', records: (body) => body},
  {args: ['destinations', 'list'], schema: 'destinations-list', records: (body) => body},
  {args: ['scaling', 'list'], schema: 'scaling-list', records: (body) => body},
  {args: ['layers', 'list'], schema: 'layers-list', records: (body) => [...body.functions, ...body.layers]},
  // One place: today's object; a fleet: that object per account-region (each says where), then the unreachable records.
  {
    args: ['alarms', 'list'],
    schema: 'alarms-list',
    records: (body) => (Array.isArray(body) ? body.flatMap((place) => [place, ...(place.alarms ?? [])]) : body.alarms),
  },
]

describe('read commands across two regions (built CLI, sandbox)', function () {
  this.timeout(300_000)
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli(args, {env: sandboxEnv(sandbox.url, home)})

  before(async () => {
    sandbox = await startSandbox({port: 0, rate: 'off', log: () => {}})
    home = freshLxHome()
    // Something for scaling list and alarms list to show.
    const scaling = await lx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5', '--yes'])
    assert.equal(scaling.code, 0, scaling.stderr)
    const alarms = await lx(['alarms', 'set', 'checkout-api', '--notify', TOPIC, '--kind', 'throttles', '--yes'])
    assert.equal(alarms.code, 0, alarms.stderr)
  })

  after(async () => {
    await sandbox?.stop()
  })

  for (const {args, schema, records} of LISTS) {
    it(`lx ${args.join(' ')} --json: one place keeps its shape, records gain account and region`, async () => {
      const result = await lx([...args, '--json'])
      assert.equal(result.code, 0, result.stderr)
      const body = JSON.parse(result.stdout)
      assert.deepEqual(schemaErrors(`${schema}.schema.json`, body), [])
      const rows = records(body).filter((row) => typeof row === 'object' && 'functionName' in row && !('inUse' in row))
      assert.ok(rows.length > 0)
      for (const row of rows) assert.equal(row.region, 'us-east-1')
    })

    it(`lx ${args.join(' ')} --region us-east-1,eu-west-1: both account-regions, one table, --json its schema accepts`, async () => {
      const human = await lx([...args, ...TWO_REGIONS])
      assert.equal(human.code, 0, human.stderr)
      assert.match(human.stdout, /^ACCOUNT\s+REGION\s+/m)
      for (const region of ['us-east-1', 'eu-west-1']) assert.match(human.stdout, new RegExp(`^${ACCOUNT}\\s+${region}\\s+`, 'm'))
      assert.match(human.stdout, /in 2 account-regions/)

      const result = await lx([...args, ...TWO_REGIONS, '--json'])
      assert.equal(result.code, 0, result.stderr)
      const body = JSON.parse(result.stdout)
      assert.deepEqual(schemaErrors(`${schema}.schema.json`, body), [])
      const places = new Set(records(body).map((row) => `${row.account}/${row.region}`))
      assert.deepEqual([...places].sort(), [`${ACCOUNT}/eu-west-1`, `${ACCOUNT}/us-east-1`])
    })
  }

  it('lx layers versions ARN --region us-east-1,eu-west-1: each region asked for its own ARN, --json its schema accepts', async () => {
    const human = await lx(['layers', 'versions', LOG, ...TWO_REGIONS])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /^ACCOUNT\s+REGION\s+VERSION\s+CREATED/m)
    assert.match(human.stdout, new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+3\\s+`, 'm'))
    // The one-account sandbox holds the layer under its us-east-1 ARN only: eu-west-1 has no such layer.
    assert.match(human.stdout, new RegExp(`^${ACCOUNT}\\s+eu-west-1\\s+-\\s+not found in this region`, 'm'))

    const result = await lx(['layers', 'versions', LOG, ...TWO_REGIONS, '--json'])
    assert.equal(result.code, 0, result.stderr)
    const body = JSON.parse(result.stdout)
    assert.deepEqual(schemaErrors('layers-versions.schema.json', body), [])
    assert.deepEqual(
      body.map((place: any) => [place.account, place.region, place.layerArn, Boolean(place.missing)]),
      [
        [ACCOUNT, 'eu-west-1', LOG.replace('us-east-1', 'eu-west-1'), true],
        [ACCOUNT, 'us-east-1', LOG, false],
      ],
    )
    const one = await lx(['layers', 'versions', LOG, '--json'])
    assert.deepEqual(schemaErrors('layers-versions.schema.json', JSON.parse(one.stdout)), [])
  })
})

describe('read commands across an organization (built CLI, fleet sandbox)', function () {
  this.timeout(300_000)
  const MEMBER = '111111111111'
  const DENIED = '222222222222'
  const SUSPENDED = '999999999999'
  const REGIONS = ['us-east-1', 'eu-west-1']
  const ORG = ['--accounts', 'org', '--role-name', 'lx-operator', '--region', REGIONS.join(',')]
  const PLACES = [`${MEMBER}/eu-west-1`, `${MEMBER}/us-east-1`, `${ACCOUNT}/eu-west-1`, `${ACCOUNT}/us-east-1`]
  let sandbox: Sandbox
  let home: string
  const lx = (args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home}})

  before(async () => {
    // The log shipper is not published in eu-west-1 (in any account).
    sandbox = await startSandbox({
      accounts: 3,
      regions: REGIONS,
      denyRoles: [DENIED],
      omitLayers: ['eu-west-1:log-shipper-extension'],
      rate: 'off',
      log: () => {},
    })
    home = freshLxHome()
  })

  after(async () => {
    await sandbox?.stop()
  })

  it('concurrency list: rows of 2 accounts × 2 regions, the denied and suspended accounts reported, exit 1', async () => {
    const result = await lx(['concurrency', 'list', ...ORG])
    assert.equal(result.code, 1, result.stderr)
    for (const place of PLACES) {
      const [account, region] = place.split('/')
      assert.match(result.stdout, new RegExp(`^${account}\\s+${region}\\s+checkout-api\\s+`, 'm'), place)
    }

    assert.match(result.stdout, /^160 functions in 4 account-regions;/m)
    assert.match(result.stderr, /Not reached \(2\):/)
    assert.match(result.stderr, new RegExp(`${DENIED}: could not assume`))
    assert.match(result.stderr, new RegExp(`${SUSPENDED}: SUSPENDED`))
  })

  for (const {args, schema, records} of LISTS) {
    it(`lx ${args.join(' ')} --json --skip-unreachable: each record in its own account-region, the others as unreachable records`, async () => {
      const result = await lx([...args, ...ORG, '--json', '--skip-unreachable'])
      assert.equal(result.code, 0, result.stderr)
      const body = JSON.parse(result.stdout)
      assert.deepEqual(schemaErrors(`${schema}.schema.json`, body), [])
      const read = records(body).filter((row) => !('unreachable' in row))
      // scaling list has nothing registered in this sandbox; every other list has records in every place.
      if (args[0] !== 'scaling') assert.deepEqual([...new Set(read.map((row) => `${row.account}/${row.region}`))].sort(), PLACES)
      const unreachable = Array.isArray(body) ? body.filter((row: any) => 'unreachable' in row) : body.unreachable
      assert.deepEqual(unreachable.map((row: any) => row.account).sort(), [DENIED, SUSPENDED])
    })
  }

  it('layers versions NAME: each account lists its own layer; where it is not published the row says so (exit 0)', async () => {
    const human = await lx(['layers', 'versions', 'log-shipper-extension', ...ORG, '--skip-unreachable'])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /^log-shipper-extension: 6 versions in 2 account-regions; not found in 2 account-regions$/m)
    for (const account of [ACCOUNT, MEMBER]) {
      assert.match(human.stdout, new RegExp(`^${account}\\s+eu-west-1\\s+-\\s+not found in this region`, 'm'))
      assert.match(human.stdout, new RegExp(`^${account}\\s+us-east-1\\s+3\\s+`, 'm'))
    }

    const result = await lx(['layers', 'versions', 'log-shipper-extension', ...ORG, '--json', '--skip-unreachable'])
    const body = JSON.parse(result.stdout)
    assert.deepEqual(schemaErrors('layers-versions.schema.json', body), [])
    const found = body.filter((place: any) => place.versions)
    assert.deepEqual(
      found.map((place: any) => [place.account, place.region, place.layerArn]),
      [
        [ACCOUNT, 'us-east-1', `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:log-shipper-extension`],
        [MEMBER, 'us-east-1', `arn:aws:lambda:us-east-1:${MEMBER}:layer:log-shipper-extension`],
      ].sort(),
    )
  })
})
