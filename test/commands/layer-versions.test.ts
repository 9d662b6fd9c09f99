import assert from 'node:assert/strict'

import nock from 'nock'

import {UserError} from '../../src/errors.js'
import {parseLayerInput, PROBE_GAP} from '../../src/layers/read-layer-versions.js'
import type {Sandbox} from '../../src/sandbox/index.js'
import {lambda, lambdaError} from '../helpers/aws-nock.js'
import {freshLxHome, runCli} from '../helpers/run-cli.js'
import {json, runLx} from '../helpers/run-command.js'
import {quickSandbox} from '../sandbox/helpers.js'

const OWN = 'arn:aws:lambda:us-east-1:123456789012:layer'
const VENDOR = 'arn:aws:lambda:us-east-1:111122223333:layer'

describe('lx layers versions', () => {
  describe('input', () => {
    it('takes a name, a layer ARN or a layer version ARN', () => {
      assert.deepEqual(parseLayerInput('powertools-node'), {kind: 'name', input: 'powertools-node', name: 'powertools-node'})
      assert.deepEqual(parseLayerInput(`${VENDOR}:acme`), {
        kind: 'arn',
        input: `${VENDOR}:acme`,
        layerArn: `${VENDOR}:acme`,
        name: 'acme',
        region: 'us-east-1',
        accountId: '111122223333',
      })
      assert.equal((parseLayerInput(`${VENDOR}:acme:7`) as {version?: number}).version, 7)
      assert.equal((parseLayerInput(`${VENDOR}:acme:7`) as {layerArn: string}).layerArn, `${VENDOR}:acme`)
    })

    for (const bad of ['arn:aws:lambda:us-east-1:1234:layer:x', `${OWN}:x:0`, 'a b', `${OWN}:x:y:1`, 'arn:aws:lambda:us-east-1:123456789012:function:f']) {
      it(`refuses ${JSON.stringify(bad)} with BadLayerArn`, () => {
        assert.throws(
          () => parseLayerInput(bad),
          (error: unknown) => error instanceof UserError && error.code === 'BadLayerArn' && error.exitCode === 2,
        )
      })
    }
  })

  describe('against AWS (nock)', () => {
    afterEach(() => nock.cleanAll())

    it('follows NextMarker and prints newest first', async () => {
      const item = (version: number, extra: Record<string, unknown> = {}) => ({
        LayerVersionArn: `${OWN}:big:${version}`,
        Version: version,
        CreatedDate: `2024-0${version}-01T10:00:00.000+0000`,
        ...extra,
      })
      const scope = lambda()
        .get('/2018-10-31/layers/big/versions')
        .query({MaxItems: '50'})
        .reply(200, {LayerVersions: [item(3, {CompatibleRuntimes: ['python3.12'], Description: 'three'}), item(2)], NextMarker: 'm2'})
        .get('/2018-10-31/layers/big/versions')
        .query({MaxItems: '50', Marker: 'm2'})
        .reply(200, {LayerVersions: [item(1, {CompatibleArchitectures: ['arm64']})]})
      const {stdout, exitCode} = await runLx(['layers', 'versions', 'big', '--region', 'us-east-1', '--json'])
      assert.equal(exitCode, 0)
      const result = json(stdout)
      assert.deepEqual(
        result.versions.map((v: {version: number}) => v.version),
        [3, 2, 1],
      )
      assert.equal(result.layerArn, `${OWN}:big`)
      assert.equal(result.complete, true)
      assert.equal(result.versions[0].createdDate, '2024-03-01T10:00:00.000Z', 'the +0000 offset is read')
      assert.deepEqual(result.versions[2].compatibleArchitectures, ['arm64'])
      assert.ok(scope.isDone())
    })

    it('reports a missing permission on a layer of this account as AccessDenied naming lambda:ListLayerVersions (exit 1)', async () => {
      lambda()
        .get('/2018-10-31/layers/mine/versions')
        .query(true)
        .reply(...lambdaError(403, 'AccessDeniedException', 'User: x is not authorized to perform: lambda:ListLayerVersions on resource: y'))
      const {stderr, exitCode} = await runLx(['layers', 'versions', 'mine', '--region', 'us-east-1'])
      assert.equal(exitCode, 1)
      assert.match(stderr, /lambda:ListLayerVersions/)
    })
  })

  describe('against the sandbox (built CLI)', function () {
    this.timeout(60_000)
    let sandbox: Sandbox
    let home: string
    const lx = (...args: string[]) => runCli([...args, '--endpoint-url', sandbox.url], {env: {LX_HOME: home}})
    const stats = async () => (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {total: number; operations: Record<string, number>}

    before(async () => {
      sandbox = await quickSandbox()
      home = freshLxHome()
    })
    after(async () => {
      await sandbox.stop()
    })
    beforeEach(async () => {
      await fetch(`${sandbox.url}/_sandbox/stats/reset`, {method: 'POST'})
    })

    it('lists a layer of this account by name, newest first, with runtimes, architectures, dates and descriptions', async () => {
      const {stdout, code} = await lx('layers', 'versions', 'powertools-node')
      assert.equal(code, 0)
      assert.match(stdout, /^arn:aws:lambda:us-east-1:123456789012:layer:powertools-node \(us-east-1\): 4 versions\n/)
      const rows = stdout.split('\n').filter((line) => /^\s+\d+\s/.test(line))
      assert.deepEqual(
        rows.map((line) => Number(line.trim().split(/\s+/)[0])),
        [4, 3, 2, 1],
      )
      assert.match(rows[0], /\s4\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+nodejs20\.x, nodejs22\.x\s+x86_64, arm64\s+Powertools for Node\.js, build 4$/)
      assert.equal((await stats()).operations['lambda:ListLayerVersions'], 1)
    })

    it('--json: the versions with their fields, complete', async () => {
      const {stdout, code} = await lx('layers', 'versions', `${OWN}:log-shipper-extension:1`, '--json')
      assert.equal(code, 0)
      const result = json(stdout)
      assert.equal(result.complete, true)
      assert.deepEqual(
        result.versions.map((v: {version: number}) => v.version),
        [3, 2, 1],
      )
      assert.deepEqual(result.versions[0], {
        version: 3,
        layerVersionArn: `${OWN}:log-shipper-extension:3`,
        createdDate: result.versions[0].createdDate,
        description: 'Ships function logs; batching, gzip',
        compatibleRuntimes: [],
        compatibleArchitectures: ['x86_64', 'arm64'],
        licenseInfo: null,
      })
      assert.ok(!Number.isNaN(Date.parse(result.versions[0].createdDate)))
    })

    it("probes another account's layer upward from a known version and says the list may be incomplete", async () => {
      const {stdout, code} = await lx('layers', 'versions', `${VENDOR}:acme-apm-extension:1`, '--json')
      assert.equal(code, 0)
      const result = json(stdout)
      assert.equal(result.complete, false)
      assert.deepEqual(
        result.versions.map((v: {version: number}) => v.version),
        [2, 1],
      )
      assert.match(
        result.note,
        /ListLayerVersions was denied on .*acme-apm-extension \(AWS lets only its owner, account 111122223333, list it\).*3 missing in a row after v2/,
      )
      const {operations} = await stats()
      assert.equal(operations['lambda:ListLayerVersions'], 1)
      assert.equal(operations['lambda:GetLayerVersionByArn'], 2 + PROBE_GAP, 'two found, then the gap')
      const human = await lx('layers', 'versions', `${VENDOR}:acme-apm-extension:2`)
      assert.match(human.stdout, /: 1 version found, the list may be incomplete/)
    })

    it("refuses another account's layer without a version, saying how to give one (exit 2)", async () => {
      const {stderr, code} = await lx('layers', 'versions', `${VENDOR}:acme-apm-extension`)
      assert.equal(code, 2)
      assert.match(stderr, /AWS does not let this account list the versions of .*acme-apm-extension.*account 111122223333/)
      assert.match(stderr, /lx layers versions arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:1/)
    })

    it("says when another account's starting version does not exist (exit 2)", async () => {
      const {stderr, code} = await lx('layers', 'versions', `${VENDOR}:acme-apm-extension:9`)
      assert.equal(code, 2)
      assert.match(stderr, /acme-apm-extension:9 does not exist or is not shared with this account/)
    })

    it('says a layer that does not exist has no versions (exit 2)', async () => {
      const {stderr, code} = await lx('layers', 'versions', 'ghost-layer')
      assert.equal(code, 2)
      assert.match(stderr, /^Error: No layer named ghost-layer in us-east-1: it has no versions/)
    })

    it('refuses a bad ARN or another region before any call (exit 2)', async () => {
      const bad = await lx('layers', 'versions', 'arn:aws:lambda:us-east-1:42:layer:x')
      assert.equal(bad.code, 2)
      assert.match(bad.stderr, /is not a layer name or ARN/)
      const elsewhere = await lx('layers', 'versions', 'arn:aws:lambda:eu-west-1:123456789012:layer:x')
      assert.equal(elsewhere.code, 2)
      assert.match(elsewhere.stderr, /is in eu-west-1, but lx is working in us-east-1.*\n.*--region eu-west-1/)
      assert.equal((await stats()).total, 0)
    })
  })
})
