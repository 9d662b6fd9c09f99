import assert from 'node:assert/strict'

import {parseFunctionRef, parseLayerArn, parseLayerVersionArn} from '../../src/aws/lambda-arn.js'
import {UserError} from '../../src/errors.js'
import {FunctionReader} from '../../src/select/function-reader.js'
import {resolveSelection} from '../../src/select/resolve-selection.js'
import {parseSelection} from '../../src/select/selection-flags.js'
import {ACCOUNT, fnConfig, lambda, REGION} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

describe('selection', () => {
  describe('function references', () => {
    const good: Array<[string, object]> = [
      ['orders', {name: 'orders', qualifier: undefined}],
      ['orders:live', {name: 'orders', qualifier: 'live'}],
      ['orders:$LATEST', {name: 'orders', qualifier: '$LATEST'}],
      ['arn:aws:lambda:eu-west-1:123456789012:function:orders', {name: 'orders', region: 'eu-west-1', accountId: '123456789012'}],
      ['arn:aws:lambda:us-east-1:123456789012:function:orders:7', {name: 'orders', qualifier: '7', region: 'us-east-1'}],
      ['123456789012:function:orders', {name: 'orders', accountId: '123456789012'}],
    ]
    for (const [input, expected] of good) {
      it(`parses ${input}`, () => {
        const ref = parseFunctionRef(input)
        for (const [key, value] of Object.entries(expected)) assert.equal((ref as any)[key], value)
      })
    }

    for (const bad of ['', 'has space', 'a:b:c', 'x'.repeat(65), 'arn:aws:lambda:us-east-1:123:function:x', 'orders:bad qualifier']) {
      it(`refuses ${JSON.stringify(bad)} with exit 2`, () => {
        assert.throws(
          () => parseFunctionRef(bad),
          (error: unknown) => error instanceof UserError && /is not a function name or ARN/.test(error.message),
        )
      })
    }

    it('parses layer ARNs and refuses a layer ARN without version where one is needed', () => {
      assert.deepEqual(parseLayerVersionArn('arn:aws:lambda:us-east-1:123456789012:layer:log-shipper:3'), {
        arn: 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper:3',
        layerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper',
        version: 3,
        region: 'us-east-1',
        partition: 'aws',
      })
      assert.throws(() => parseLayerVersionArn('arn:aws:lambda:us-east-1:123456789012:layer:log-shipper'), /not a layer version ARN/)
      assert.equal(
        parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:log-shipper:3').layerArn,
        'arn:aws:lambda:us-east-1:123456789012:layer:log-shipper',
      )
    })
  })

  describe('flags', () => {
    it('refuses names mixed with selector flags as ambiguous', () => {
      assert.throws(() => parseSelection(['a'], {match: '^a'}, {mutating: false}), /not both/)
    })

    it('needs an explicit selection to mutate; --all is never implied', () => {
      assert.throws(
        () => parseSelection([], {}, {mutating: true}),
        (error: unknown) => error instanceof UserError && /Say which functions/.test(error.message),
      )
      assert.equal(parseSelection([], {}, {mutating: false}).implicitAll, true)
      assert.equal(parseSelection([], {all: true}, {mutating: true}).all, true)
    })

    it('refuses a bad regex, a bad tag and --exclude with plain names', () => {
      assert.throws(() => parseSelection([], {match: '[a-'}, {mutating: false}), /--match "\[a-" is not a valid regular expression/)
      assert.throws(() => parseSelection([], {all: true, exclude: '(('}, {mutating: false}), /--exclude/)
      assert.throws(() => parseSelection([], {tag: ['team']}, {mutating: false}), /--tag "team" is not KEY=VALUE/)
      assert.throws(() => parseSelection(['a'], {exclude: 'b'}, {mutating: false}), /--exclude narrows a selector/)
    })
  })

  describe('resolution against Lambda', () => {
    it('pages through ListFunctions and filters by regex, runtime and tags (tags via GetFunction)', async () => {
      const page1 = Array.from({length: 50}, (_, i) => fnConfig(`svc-${String(i).padStart(2, '0')}`, {Runtime: i % 2 ? 'python3.12' : 'nodejs20.x'}))
      const scope = lambda()
        .get('/2015-03-31/functions')
        .query({MaxItems: '50'})
        .reply(200, {Functions: page1, NextMarker: 'page2'})
        .get('/2015-03-31/functions')
        .query({MaxItems: '50', Marker: 'page2'})
        .reply(200, {Functions: [fnConfig('svc-50', {Runtime: 'python3.12'}), fnConfig('other', {Runtime: 'python3.12'})]})
      // ^svc-(0|5) on python3.12 leaves svc-01, -03, -05, -07, -09 and svc-50; only their tags are read.
      for (const name of ['svc-01', 'svc-03', 'svc-05', 'svc-07', 'svc-09', 'svc-50']) {
        scope.get(`/2015-03-31/functions/${name}`).reply(200, {Configuration: fnConfig(name), Tags: {team: name === 'svc-05' ? 'payments' : 'search'}})
      }

      for (const name of ['svc-05']) {
        scope.get(`/2019-09-30/functions/${name}/provisioned-concurrency`).query(true).reply(200, {ProvisionedConcurrencyConfigs: []})
      }

      const {stdout, exitCode} = await runLx(['concurrency', 'list', '--match', '^svc-(0|5)', '--runtime', 'python3.12', '--tag', 'team=payments', '--json'])
      assert.equal(exitCode, 0)
      assert.deepEqual(json(stdout), [
        {
          account: ACCOUNT,
          region: REGION,
          functionName: 'svc-05',
          runtime: 'python3.12',
          packageType: 'Zip',
          architecture: 'x86_64',
          reserved: null,
          provisioned: [],
        },
      ])
      assert.ok(scope.isDone())
    })

    it('with readDetails, starts GetFunction of each listed match while later pages are still listed, and reads it once', async () => {
      const sent: string[] = []
      const pages: Record<string, {Functions: object[]; NextMarker?: string}> = {
        first: {Functions: [fnConfig('api-1'), fnConfig('batch-1')], NextMarker: 'p2'},
        p2: {Functions: [fnConfig('api-2')]},
      }
      const fakeLambda = {
        async send(command: {constructor: {name: string}; input: {FunctionName?: string; Marker?: string}}) {
          if (command.constructor.name === 'ListFunctionsCommand') {
            sent.push(`list ${command.input.Marker ?? 'first'}`)
            // Let the reads started for this page go out before the next page is asked for.
            await new Promise((resolve) => setImmediate(resolve))
            return pages[command.input.Marker ?? 'first']
          }

          sent.push(`get ${command.input.FunctionName}`)
          return {Configuration: fnConfig(command.input.FunctionName!), Concurrency: {ReservedConcurrentExecutions: 5}}
        },
      }
      const reader = new FunctionReader(fakeLambda as never)
      const selected = await resolveSelection(reader, parseSelection([], {match: '^api-'}, {mutating: false}), {region: REGION, readDetails: true})
      assert.deepEqual(
        selected.map((fn) => fn.name),
        ['api-1', 'api-2'],
      )
      // The command's own read of the details is the one already made: no second GetFunction.
      assert.equal((await reader.getFunction('api-1')).Concurrency?.ReservedConcurrentExecutions, 5)
      assert.deepEqual(sent, ['list first', 'get api-1', 'list p2', 'get api-2'])
    })

    it('names a function that does not exist (exit 2)', async () => {
      lambda()
        .get('/2015-03-31/functions/nope')
        .reply(
          404,
          {Type: 'User', message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope'},
          {'x-amzn-ErrorType': 'ResourceNotFoundException'},
        )
      const {stderr, exitCode} = await runLx(['concurrency', 'list', 'nope'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /No function named nope in us-east-1/)
    })

    it('refuses an ARN from another region before any call (exit 2)', async () => {
      const {stderr, exitCode} = await runLx(['concurrency', 'list', 'arn:aws:lambda:eu-west-1:123456789012:function:orders'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /is in eu-west-1, but lx is working in us-east-1/)
    })

    it('refuses a bad regex with exit 2 and no request', async () => {
      const {stderr, exitCode} = await runLx(['concurrency', 'list', '--match', '(unclosed'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /--match "\(unclosed" is not a valid regular expression/)
    })
  })
})
