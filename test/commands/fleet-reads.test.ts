// The read commands across a fleet, at the HTTP level: one place keeps today's output (its --json
// records gain account and region), several places share one table with ACCOUNT and REGION
// columns and one --json array, a place that fails is reported (exit 1, or 0 with
// --skip-unreachable), and a fleet flag typed wrong is exit 2 before any call.
import assert from 'node:assert/strict'

import nock from 'nock'

import {ACCOUNT, fnConfig, lambdaError} from '../helpers/aws-nock.js'
import {OTHER_ACCOUNT} from '../helpers/aws-ids.js'
import {json, runLx} from '../helpers/run-command.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'

const FUNCTION = 'checkout-api'
const LAYER = 'log-shipper'

const lambdaHost = (region: string) => `https://lambda.${region}.amazonaws.com`
const functionArnIn = (region: string, account = ACCOUNT) => `arn:aws:lambda:${region}:${account}:function:${FUNCTION}`
const layerArnIn = (region: string, account = ACCOUNT) => `arn:aws:lambda:${region}:${account}:layer:${LAYER}`

interface World {
  reserved?: number
  layerVersions?: number[]
  /** The account answering, and (for several accounts) the access key its requests are signed with. */
  account?: string
  accessKey?: string
}

/** A scope that answers only requests signed with `accessKey`, when one is given. */
function scope(host: string, accessKey: string | undefined): nock.Scope {
  const answer = nock(host, accessKey ? {reqheaders: {authorization: (value) => value.includes(`Credential=${accessKey}/`)}} : {})
  return answer.persist()
}

/**
 * One region of the account: one function with a reserved concurrency, an SQS mapping, a layer,
 * a scalable target and an lx alarm — everything the seven reads ask, answered as often as asked.
 */
function serveRegion(region: string, options: World = {}): void {
  const account = options.account ?? ACCOUNT
  const arn = functionArnIn(region, account)
  const configuration = {...fnConfig(FUNCTION), FunctionArn: arn, Layers: [{Arn: `${layerArnIn(region, account)}:3`, CodeSize: 100}]}
  const versions = options.layerVersions ?? [3]
  scope(lambdaHost(region), options.accessKey)
    .get('/2015-03-31/functions')
    .query(true)
    .reply(200, {Functions: [configuration]})
    .get(`/2015-03-31/functions/${FUNCTION}`)
    .reply(200, {Configuration: configuration, Concurrency: {ReservedConcurrentExecutions: options.reserved ?? 10}})
    .get(`/2019-09-30/functions/${FUNCTION}/provisioned-concurrency`)
    .query(true)
    .reply(200, {ProvisionedConcurrencyConfigs: []})
    .get(`/2015-03-31/functions/${FUNCTION}/policy`)
    .query(true)
    .reply(...lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.'))
    .get(`/2015-03-31/functions/${FUNCTION}/aliases`)
    .query(true)
    .reply(200, {Aliases: []})
    .get('/2015-03-31/event-source-mappings')
    .query(true)
    .reply(200, {EventSourceMappings: [{UUID: 'm-1', EventSourceArn: `arn:aws:sqs:${region}:${account}:jobs`, FunctionArn: arn, State: 'Enabled'}]})
    .get(`/2019-09-25/functions/${FUNCTION}/event-invoke-config/list`)
    .query(true)
    .reply(200, {FunctionEventInvokeConfigs: []})
    .get(/^\/2018-10-31\/layers\/[^/]+\/versions/)
    .query(true)
    .reply(200, {
      LayerVersions: versions.map((version) => ({
        Version: version,
        LayerVersionArn: `${layerArnIn(region, account)}:${version}`,
        CreatedDate: '2026-11-01T10:00:00.000+0000',
        Description: `ships logs v${version}`,
        CompatibleRuntimes: ['nodejs20.x'],
        CompatibleArchitectures: ['x86_64'],
      })),
    })

  const resourceId = `function:${FUNCTION}:live`
  const autoscaling: Record<string, unknown> = {
    DescribeScalableTargets: {
      ScalableTargets: [
        {
          ServiceNamespace: 'lambda',
          ResourceId: resourceId,
          ScalableDimension: 'lambda:function:ProvisionedConcurrency',
          MinCapacity: 1,
          MaxCapacity: 5,
          ScalableTargetARN: `arn:aws:application-autoscaling:${region}:${account}:scalable-target/0a1b2c`,
        },
      ],
    },
    DescribeScalingPolicies: {ScalingPolicies: []},
    DescribeScheduledActions: {ScheduledActions: []},
  }
  scope(`https://application-autoscaling.${region}.amazonaws.com`, options.accessKey)
    .post('/')
    .reply(function () {
      const operation = String(this.req.headers['x-amz-target']).split('.')[1]
      return [200, JSON.stringify(autoscaling[operation] ?? {}), {'content-type': 'application/x-amz-json-1.1'}]
    })
  scope(lambdaHost(region), options.accessKey)
    .get(`/2019-09-30/functions/${FUNCTION}/provisioned-concurrency`)
    .query((query) => query.Qualifier === 'live')
    .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function'))

  const alarmName = `lx-${FUNCTION}-throttles`
  scope(`https://monitoring.${region}.amazonaws.com`, options.accessKey)
    .post('/')
    .reply(
      200,
      JSON.stringify({
        MetricAlarms: [
          {
            AlarmName: alarmName,
            AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${alarmName}`,
            AlarmDescription: 'Throttles of checkout-api [managed by lx]',
            StateValue: 'OK',
            MetricName: 'Throttles',
            Namespace: 'AWS/Lambda',
            Statistic: 'Sum',
            Period: 60,
            EvaluationPeriods: 5,
            DatapointsToAlarm: 1,
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
            TreatMissingData: 'notBreaching',
            Dimensions: [{Name: 'FunctionName', Value: FUNCTION}],
          },
        ],
      }),
      {'content-type': 'application/x-amz-json-1.0'},
    )
}

/** Every call to this region is refused: the credentials are not valid there. */
function refuseRegion(region: string, accessKey?: string): void {
  const refuse = lambdaError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.')
  scope(lambdaHost(region), accessKey)
    .get(/.*/)
    .query(true)
    .reply(...refuse)
  for (const host of [`https://application-autoscaling.${region}.amazonaws.com`, `https://monitoring.${region}.amazonaws.com`]) {
    scope(host, accessKey)
      .post('/')
      .reply(403, JSON.stringify({__type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.'}), {
        'content-type': 'application/x-amz-json-1.1',
      })
  }
}

/** Account Management ListRegions: the regions enabled for the account (for --all-regions). */
function serveEnabledRegions(regions: string[]): void {
  nock(/account\..*amazonaws\.com/)
    .post(/listRegions/i)
    .reply(200, {Regions: regions.map((name) => ({RegionName: name, RegionOptStatus: 'ENABLED_BY_DEFAULT'}))})
}

/** STS AssumeRole of `role` in each account: temporary keys named after the account (AKID<account>). */
function serveAssumeRole(accounts: string[], role = 'lx-reader'): void {
  nock('https://sts.us-east-1.amazonaws.com')
    .persist()
    .post('/', (body) => typeof body === 'object' && body.Action === 'AssumeRole')
    .reply((_uri, body) => {
      const roleArn = new URLSearchParams(String(body)).get('RoleArn')
      const account = accounts.find((id) => roleArn === `arn:aws:iam::${id}:role/${role}`)
      if (!account)
        return [403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>', {'content-type': 'text/xml'}]
      return [
        200,
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
  <Credentials><AccessKeyId>AKID${account}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>
  <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
  <AssumedRoleUser><AssumedRoleId>AROA:lx</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${role}/lx</Arn></AssumedRoleUser>
</AssumeRoleResult></AssumeRoleResponse>`,
        {'content-type': 'text/xml'},
      ]
    })
}

/** The seven reads, with what identifies their records in --json. */
const LISTS: Array<{args: string[]; records: (body: any) => any[]}> = [
  {args: ['concurrency', 'list'], records: (body) => body},
  {args: ['triggers', 'list'], records: (body) => body},
  {args: ['destinations', 'list'], records: (body) => body},
  {args: ['scaling', 'list'], records: (body) => body},
  {args: ['layers', 'list'], records: (body) => body.functions},
  // One place: today's object; a fleet: that object per account-region (then the unreachable records).
  {args: ['alarms', 'list'], records: (body) => (Array.isArray(body) ? body.flatMap((place: any) => place.alarms ?? []) : body.alarms)},
]

describe('read commands across a fleet (nock)', () => {
  describe('one account-region', () => {
    for (const {args, records} of LISTS) {
      it(`lx ${args.join(' ')} --json: records gain account (from the ARN, no STS call) and region`, async () => {
        serveRegion('us-east-1')
        const {stdout, exitCode} = await runLx([...args, '--json'])
        assert.equal(exitCode, 0, stdout)
        const rows = records(json(stdout))
        assert.ok(rows.length > 0)
        for (const row of rows) {
          assert.equal(row.account, ACCOUNT)
          assert.equal(row.region, 'us-east-1')
        }
      })
    }

    it('human output stays as before: no ACCOUNT or REGION column, no account-region count', async () => {
      serveRegion('us-east-1')
      const {stdout, exitCode} = await runLx(['concurrency', 'list'])
      assert.equal(exitCode, 0)
      assert.match(stdout, /^FUNCTION\s+RUNTIME/)
      assert.match(stdout, /^1 function; 1 with reserved \(10 total\)/m)
      assert.doesNotMatch(stdout, /ACCOUNT|account-region/)
    })

    it('layers versions --json keeps its object', async () => {
      serveRegion('us-east-1', {layerVersions: [2, 3]})
      const {stdout, exitCode} = await runLx(['layers', 'versions', layerArnIn('us-east-1'), '--json'])
      assert.equal(exitCode, 0)
      const body = json(stdout)
      assert.equal(body.layerArn, layerArnIn('us-east-1'))
      assert.deepEqual(
        body.versions.map((version: any) => version.version),
        [3, 2],
      )
    })
  })

  describe('two regions', () => {
    const REGIONS = ['us-east-1', 'eu-west-1']
    beforeEach(() => {
      serveCallerIdentity(ACCOUNT)
      serveRegion('us-east-1', {reserved: 10})
      serveRegion('eu-west-1', {reserved: 20})
    })

    it('concurrency list: one table with ACCOUNT and REGION, rows of both, and the total across account-regions', async () => {
      const {stdout, exitCode} = await runLx(['concurrency', 'list', '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 0, stdout)
      assert.match(stdout, /^ACCOUNT\s+REGION\s+FUNCTION\s+RUNTIME/)
      const lines = stdout.split('\n')
      const eu = lines.findIndex((line) => new RegExp(`^${ACCOUNT}\\s+eu-west-1\\s+checkout-api\\s+nodejs20\\.x\\s+x86_64\\s+20`).test(line))
      const us = lines.findIndex((line) => new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+checkout-api\\s+nodejs20\\.x\\s+x86_64\\s+10`).test(line))
      assert.ok(eu > 0 && us > eu, 'both rows, sorted by account then region')
      assert.match(stdout, /^2 functions in 2 account-regions; 2 with reserved \(30 total\)/m)
    })

    for (const {args, records} of LISTS) {
      it(`lx ${args.join(' ')} --json: the records of both regions, each with account and region`, async () => {
        const {stdout, exitCode} = await runLx([...args, '--region', 'us-east-1,eu-west-1', '--json'])
        assert.equal(exitCode, 0, stdout)
        const rows = records(json(stdout))
        assert.deepEqual(
          rows.map((row) => [row.account, row.region, row.functionName]),
          [
            [ACCOUNT, 'eu-west-1', FUNCTION],
            [ACCOUNT, 'us-east-1', FUNCTION],
          ],
        )
      })
    }

    it('every list shows ACCOUNT and REGION columns and rows of both regions', async () => {
      serveCallerIdentity(ACCOUNT, {times: LISTS.length})
      for (const {args} of LISTS) {
        const {stdout, exitCode} = await runLx([...args, '--region', 'us-east-1,eu-west-1'])
        assert.equal(exitCode, 0, `${args.join(' ')}: ${stdout}`)
        assert.match(stdout, /^ACCOUNT\s+REGION\s+/m, args.join(' '))
        for (const region of REGIONS) assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+${region}\\s+`, 'm'), `${args.join(' ')} in ${region}`)
        assert.match(stdout, /in 2 account-regions/, args.join(' '))
      }
    })

    it('layers list --json: functions and layers each in their account-region, calls added up', async () => {
      const {stdout, exitCode} = await runLx(['layers', 'list', '--region', 'us-east-1,eu-west-1', '--json'])
      assert.equal(exitCode, 0)
      const body = json(stdout)
      assert.deepEqual(
        body.layers.map((layer: any) => [layer.account, layer.region, layer.layerArn, layer.newest]),
        [
          [ACCOUNT, 'eu-west-1', layerArnIn('eu-west-1'), 3],
          [ACCOUNT, 'us-east-1', layerArnIn('us-east-1'), 3],
        ],
      )
      assert.equal(body.calls.newestVersions, 2)
      assert.deepEqual(body.unreachable, [])
    })

    it('alarms list --json: the one-place object per account-region; the human view names where functions lack alarms', async () => {
      const {stdout, exitCode} = await runLx(['alarms', 'list', '--region', 'us-east-1,eu-west-1', '--kind', 'errors', '--json'])
      assert.equal(exitCode, 0)
      assert.deepEqual(json(stdout), [
        {account: ACCOUNT, region: 'eu-west-1', alarms: [], functionsWithoutAlarms: [FUNCTION], orphaned: []},
        {account: ACCOUNT, region: 'us-east-1', alarms: [], functionsWithoutAlarms: [FUNCTION], orphaned: []},
      ])
      serveCallerIdentity(ACCOUNT)
      const human = await runLx(['alarms', 'list', '--region', 'us-east-1,eu-west-1', '--kind', 'errors'])
      assert.match(human.stdout, /^No lx alarms for the selection in 2 account-regions\.$/m)
      assert.match(human.stdout, new RegExp(`^2 functions without lx alarms: ${ACCOUNT}/eu-west-1: ${FUNCTION}; ${ACCOUNT}/us-east-1: ${FUNCTION}$`, 'm'))
    })

    it('layers versions ARN: the same account and layer name in each region, one table with ACCOUNT and REGION', async () => {
      const {stdout, exitCode} = await runLx(['layers', 'versions', layerArnIn('us-east-1'), '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 0, stdout)
      assert.match(stdout, /^log-shipper: 2 versions in 2 account-regions$/m)
      assert.match(stdout, new RegExp(`^ACCOUNT\\s+REGION\\s+VERSION`, 'm'))
      assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+eu-west-1\\s+3\\s+2026-11-01 10:00\\s+nodejs20\\.x\\s+x86_64\\s+ships logs v3`, 'm'))
      assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+3\\s+`, 'm'))
    })
  })

  describe('a named function that one region does not have', () => {
    beforeEach(() => {
      serveCallerIdentity(ACCOUNT)
      nock(lambdaHost('eu-west-1'))
        .persist()
        .get(`/2015-03-31/functions/${FUNCTION}`)
        .reply(...lambdaError(404, 'ResourceNotFoundException', `Function not found: ${functionArnIn('eu-west-1')}`))
      serveRegion('us-east-1')
    })

    for (const {args} of LISTS) {
      it(`lx ${args.join(' ')} ${FUNCTION}: that region is empty (a note), not unreachable; exit 0`, async () => {
        const {stdout, stderr, exitCode} = await runLx([...args, FUNCTION, '--region', 'us-east-1,eu-west-1'])
        assert.equal(exitCode, 0, stderr)
        assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+`, 'm'))
        assert.match(stdout, /in 2 account-regions/)
        assert.match(stdout, new RegExp(`^Nothing in ${ACCOUNT}/eu-west-1: `, 'm'))
        assert.doesNotMatch(stderr, /Not reached/)
      })
    }
  })

  describe('layers versions where the layer is missing in one region', () => {
    beforeEach(() => {
      serveCallerIdentity(ACCOUNT)
      serveRegion('us-east-1', {layerVersions: [1, 2]})
      serveRegion('eu-west-1', {layerVersions: []})
    })

    it('reports the region without the layer and exits 0', async () => {
      const {stdout, exitCode} = await runLx(['layers', 'versions', `${layerArnIn('us-east-1')}:1`, '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 0, stdout)
      assert.match(stdout, /^log-shipper: 2 versions in 1 account-region; not found in 1 account-region$/m)
      assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+eu-west-1\\s+-\\s+not found in this region`, 'm'))
    })

    it('--json: one record per account-region, the missing one with why', async () => {
      const {stdout, exitCode} = await runLx(['layers', 'versions', LAYER, '--region', 'us-east-1,eu-west-1', '--json'])
      assert.equal(exitCode, 0)
      const [eu, us] = json(stdout)
      assert.equal(eu.account, ACCOUNT)
      assert.equal(eu.region, 'eu-west-1')
      assert.match(eu.missing, /No layer named log-shipper in eu-west-1/)
      assert.equal(eu.layerArn, layerArnIn('eu-west-1'), 'the layer this account would have there')
      assert.equal(us.region, 'us-east-1')
      assert.deepEqual(
        us.versions.map((version: any) => version.version),
        [2, 1],
      )
    })

    it('a layer found in no region is bad input, as in one region (exit 2)', async () => {
      nock.cleanAll()
      serveCallerIdentity(ACCOUNT)
      serveRegion('us-east-1', {layerVersions: []})
      serveRegion('eu-west-1', {layerVersions: []})
      const {stderr, exitCode} = await runLx(['layers', 'versions', LAYER, '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 2, stderr)
      assert.match(stderr, /No layer named log-shipper in (us-east-1|eu-west-1)/)
    })
  })

  describe('a region that cannot be read', () => {
    beforeEach(() => {
      serveCallerIdentity(ACCOUNT)
      serveEnabledRegions(['eu-west-1', 'us-east-1'])
      serveRegion('us-east-1')
      refuseRegion('eu-west-1')
    })

    for (const {args, records} of LISTS) {
      it(`lx ${args.join(' ')}: the other region is shown, the refused one reported, exit 1`, async () => {
        const {stdout, stderr, exitCode} = await runLx([...args, '--all-regions'])
        assert.equal(exitCode, 1, stderr)
        assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+`, 'm'))
        assert.doesNotMatch(stdout, new RegExp(`^${ACCOUNT}\\s+eu-west-1\\s+`, 'm'))
        assert.match(stdout, /in 1 account-region\b/)
        assert.match(stderr, new RegExp(`Not reached \\(1\\):\\n  ${ACCOUNT}/eu-west-1: `))
      })

      it(`lx ${args.join(' ')} --json --skip-unreachable: exit 0, the refused region is a record with why`, async () => {
        const {stdout, exitCode} = await runLx([...args, '--all-regions', '--skip-unreachable', '--json'])
        assert.equal(exitCode, 0)
        const body = json(stdout)
        const unreachable = Array.isArray(body) ? body.filter((row: any) => row.unreachable) : body.unreachable
        assert.equal(unreachable.length, 1)
        assert.equal(unreachable[0].account, ACCOUNT)
        assert.equal(unreachable[0].region, 'eu-west-1')
        assert.match(unreachable[0].unreachable, /./)
        const rows = records(body).filter((row: any) => !row.unreachable)
        assert.deepEqual(
          rows.map((row: any) => [row.account, row.region]),
          [[ACCOUNT, 'us-east-1']],
        )
      })
    }

    it('layers versions: the refused region is reported, exit 1', async () => {
      const {stdout, stderr, exitCode} = await runLx(['layers', 'versions', layerArnIn('us-east-1'), '--all-regions'])
      assert.equal(exitCode, 1)
      assert.match(stdout, new RegExp(`^${ACCOUNT}\\s+us-east-1\\s+3\\s+`, 'm'))
      assert.match(stderr, new RegExp(`${ACCOUNT}/eu-west-1: `))
    })
  })

  describe('two accounts, one of them refused in eu-west-1', () => {
    beforeEach(() => {
      serveCallerIdentity(ACCOUNT, {times: 2})
      serveAssumeRole([ACCOUNT, OTHER_ACCOUNT])
      refuseRegion('eu-west-1', `AKID${OTHER_ACCOUNT}`)
      for (const account of [ACCOUNT, OTHER_ACCOUNT]) {
        for (const region of ['us-east-1', 'eu-west-1']) serveRegion(region, {account, accessKey: `AKID${account}`})
      }
    })
    const FLEET = ['--accounts', `${ACCOUNT},${OTHER_ACCOUNT}`, '--role-name', 'lx-reader', '--region', 'us-east-1,eu-west-1']

    for (const {args, records} of LISTS) {
      it(`lx ${args.join(' ')}: three account-regions shown, the fourth reported (exit 1; 0 with --skip-unreachable)`, async () => {
        const {stdout, stderr, exitCode} = await runLx([...args, ...FLEET])
        assert.equal(exitCode, 1, stderr)
        assert.match(stdout, /in 3 account-regions/, stderr)
        assert.match(stderr, new RegExp(`Not reached \\(1\\):\\n  ${OTHER_ACCOUNT}/eu-west-1: AWS rejected the credentials`))

        const skipped = await runLx([...args, ...FLEET, '--skip-unreachable', '--json'])
        assert.equal(skipped.exitCode, 0)
        const body = json(skipped.stdout)
        assert.deepEqual(
          records(body)
            .filter((row: any) => !row.unreachable)
            .map((row: any) => [row.account, row.region]),
          [
            [OTHER_ACCOUNT, 'us-east-1'],
            [ACCOUNT, 'eu-west-1'],
            [ACCOUNT, 'us-east-1'],
          ],
        )
      })
    }
  })

  describe('bad input across a fleet: exit 2, no call', () => {
    const ALL = [...LISTS.map(({args}) => args), ['layers', 'versions', LAYER]]
    for (const args of ALL) {
      it(`lx ${args.join(' ')} --role-name R (without --accounts)`, async () => {
        // No interceptor is set: any AWS call would fail the run with another error.
        const {stderr, exitCode} = await runLx([...args, '--role-name', 'R'])
        assert.equal(exitCode, 2, stderr)
        assert.match(stderr, /--role-name needs --accounts/)
      })
    }

    for (const args of LISTS.map((list) => list.args)) {
      it(`lx ${args.join(' ')} --match "(" across two regions: the selection is refused before the fleet is resolved`, async () => {
        // No interceptor: not even STS GetCallerIdentity may be called.
        const {stderr, exitCode} = await runLx([...args, '--match', '(', '--region', 'us-east-1,eu-west-1'])
        assert.equal(exitCode, 2, stderr)
        assert.match(stderr, /--match/)
      })
    }

    it('layers versions with a malformed layer ARN across two regions', async () => {
      const {stderr, exitCode} = await runLx(['layers', 'versions', 'arn:aws:lambda:us-east-1:123:layer:x', '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /is not a layer name or ARN/)
    })

    it('scaling list --qualifier $LATEST across two regions', async () => {
      const {stderr, exitCode} = await runLx(['scaling', 'list', '--qualifier', '$LATEST', '--region', 'us-east-1,eu-west-1'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /cannot scale on \$LATEST/)
    })

    it('--all-regions with --region', async () => {
      const {stderr, exitCode} = await runLx(['triggers', 'list', '--all-regions', '--region', 'us-east-1'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /--all-regions and --region cannot be used together/)
    })
  })
})
