import assert from 'node:assert/strict'

import {AwsQueryProtocol} from '@aws-sdk/core/protocols'
import {CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery} from '@aws-sdk/client-cloudwatch'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'

import type {Sandbox} from '../../src/sandbox/index.js'
import {decodeQueryInput, shapes} from '../../src/sandbox/query-protocol.js'
import {quickSandbox, REGION} from './helpers.js'

const PEAK_S = Date.UTC(2024, 4, 1, 18, 0, 0) / 1000
const credentials = {accessKeyId: 'x', secretAccessKey: 'x'}

/** A CloudWatch client that speaks the query protocol, as SDKs before 3.949 and the AWS CLI 2.9 do. */
function queryCloudWatch(sandbox: Sandbox): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials,
    maxAttempts: 1,
    protocol: AwsQueryProtocol,
    protocolSettings: {defaultNamespace: 'com.amazonaws.cloudwatch', xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/', version: '2010-08-01'},
  })
}

function jsonCloudWatch(sandbox: Sandbox): CloudWatchClient {
  return new CloudWatchClient({endpoint: sandbox.url, region: REGION, credentials, maxAttempts: 1})
}

/** A SigV4 Authorization header whose credential scope names `service` (the sandbox checks no signature). */
const signedFor = (service: string) => `AWS4-HMAC-SHA256 Credential=x/20240501/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=00`

function form(sandbox: Sandbox, body: string, service?: string): Promise<Response> {
  return fetch(sandbox.url, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(service ? {authorization: signedFor(service)} : {})},
    body,
  })
}

const invocations = (id: string, functionName: string): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{Name: 'FunctionName', Value: functionName}]},
    Period: 300,
    Stat: 'Sum',
  },
})

describe('sandbox query protocol (awsQuery)', () => {
  let sandbox: Sandbox

  beforeEach(async () => {
    sandbox = await quickSandbox({startTime: PEAK_S * 1000})
  })
  afterEach(async () => {
    await sandbox.stop()
  })

  describe('STS', () => {
    it('GetCallerIdentity through the SDK names the sandbox account', async () => {
      const sts = new STSClient({endpoint: sandbox.url, region: REGION, credentials, maxAttempts: 1})
      try {
        const identity = await sts.send(new GetCallerIdentityCommand({}))
        assert.equal(identity.Account, '123456789012')
        assert.equal(identity.Arn, 'arn:aws:iam::123456789012:user/lx-sandbox')
        assert.match(identity.UserId ?? '', /^AIDA[A-Z0-9]{16}$/)
        assert.equal(sandbox.stats().operations['sts:GetCallerIdentity'], 1)
      } finally {
        sts.destroy()
      }
    })

    it('answers an STS action it does not emulate with an XML InvalidAction error', async () => {
      const response = await form(sandbox, 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900', 'sts')
      assert.equal(response.status, 400)
      assert.match(response.headers.get('content-type') ?? '', /xml/)
      const xml = await response.text()
      assert.match(xml, /^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>The action GetSessionToken is not valid/)
      assert.match(xml, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/)
    })
  })

  describe('CloudWatch', () => {
    it('GetMetricData over the query protocol returns what the JSON protocol returns', async () => {
      const query = queryCloudWatch(sandbox)
      const json = jsonCloudWatch(sandbox)
      try {
        const input = {
          MetricDataQueries: [invocations('checkout', 'checkout-api'), {...invocations('hidden', 'orders-api'), ReturnData: false}],
          StartTime: new Date((PEAK_S - 3600) * 1000),
          EndTime: new Date(PEAK_S * 1000),
          ScanBy: 'TimestampAscending' as const,
        }
        const viaQuery = await query.send(new GetMetricDataCommand(input))
        const viaJson = await json.send(new GetMetricDataCommand(input))
        assert.equal(viaQuery.MetricDataResults?.length, 1, 'ReturnData=false decoded as a boolean')
        const [result] = viaQuery.MetricDataResults!
        assert.equal(result.Id, 'checkout')
        assert.equal(result.StatusCode, 'Complete')
        assert.equal(result.Timestamps?.length, 12)
        assert.ok(result.Values!.every((value) => value > 0))
        assert.deepEqual(result.Timestamps, viaJson.MetricDataResults![0].Timestamps)
        assert.deepEqual(result.Values, viaJson.MetricDataResults![0].Values)
        assert.equal(sandbox.stats().operations['monitoring:GetMetricData'], 2)
      } finally {
        query.destroy()
        json.destroy()
      }
    })

    it('pages GetMetricData with NextToken over the query protocol', async () => {
      const query = queryCloudWatch(sandbox)
      try {
        const input = {
          MetricDataQueries: [invocations('a', 'checkout-api')],
          StartTime: new Date((PEAK_S - 3600) * 1000),
          EndTime: new Date(PEAK_S * 1000),
          MaxDatapoints: 5,
        }
        const first = await query.send(new GetMetricDataCommand(input))
        assert.equal(first.MetricDataResults![0].Values?.length, 5)
        assert.equal(first.MetricDataResults![0].StatusCode, 'PartialData')
        assert.ok(first.NextToken)
        const second = await query.send(new GetMetricDataCommand({...input, NextToken: first.NextToken}))
        assert.equal(second.MetricDataResults![0].Values?.length, 5)
      } finally {
        query.destroy()
      }
    })

    it('ListMetrics filters by dimension over the query protocol', async () => {
      const query = queryCloudWatch(sandbox)
      try {
        const listed = await query.send(new ListMetricsCommand({Namespace: 'AWS/Lambda', Dimensions: [{Name: 'FunctionName', Value: 'checkout-api'}]}))
        const names = listed.Metrics!.map((metric) => metric.MetricName)
        assert.ok(names.includes('Throttles'))
        assert.ok(listed.Metrics!.every((metric) => metric.Dimensions!.some((d) => d.Name === 'FunctionName' && d.Value === 'checkout-api')))
      } finally {
        query.destroy()
      }
    })

    it('answers a hand-made form request in the model XML, timestamps in ISO 8601', async () => {
      const body = [
        'Action=GetMetricData',
        'Version=2010-08-01',
        'MetricDataQueries.member.1.Id=inv',
        'MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FLambda',
        'MetricDataQueries.member.1.MetricStat.Metric.MetricName=Invocations',
        'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=FunctionName',
        'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=checkout-api',
        'MetricDataQueries.member.1.MetricStat.Period=300',
        'MetricDataQueries.member.1.MetricStat.Stat=Sum',
        'MetricDataQueries.member.1.Label=checkout+%26+co',
        'StartTime=2024-05-01T17%3A50%3A00Z',
        'EndTime=2024-05-01T18%3A00%3A00Z',
      ].join('&')
      const response = await form(sandbox, body, 'monitoring')
      assert.equal(response.status, 200)
      assert.match(response.headers.get('content-type') ?? '', /xml/)
      const xml = await response.text()
      assert.match(
        xml,
        /^<GetMetricDataResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/"><GetMetricDataResult><MetricDataResults><member><Id>inv<\/Id><Label>checkout &amp; co<\/Label>/,
      )
      assert.match(xml, /<Timestamps><member>2024-05-01T17:55:00Z<\/member><member>2024-05-01T17:50:00Z<\/member><\/Timestamps><Values><member>\d+<\/member>/)
      assert.match(xml, /<\/GetMetricDataResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetMetricDataResponse>$/)
    })

    it('answers a bad query with an XML error the SDK reads', async () => {
      const query = queryCloudWatch(sandbox)
      try {
        const call = query.send(
          new GetMetricDataCommand({MetricDataQueries: [{...invocations('Bad', 'checkout-api')}], StartTime: new Date(0), EndTime: new Date(1000)}),
        )
        await assert.rejects(call, (error: Error & {$metadata?: {httpStatusCode?: number}}) => {
          // The model maps the query code ValidationError to its ValidationException shape.
          assert.equal(error.name, 'ValidationException')
          assert.equal(error.$metadata?.httpStatusCode, 400)
          assert.match(error.message, /MetricDataQueries\.member\.1\.Id is not matching/)
          return true
        })
      } finally {
        query.destroy()
      }
      const invalid = await form(sandbox, 'Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=Bad', 'monitoring')
      assert.match(await invalid.text(), /<Error><Type>Sender<\/Type><Code>ValidationError<\/Code>/)
      const response = await form(
        sandbox,
        'Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=a&MetricDataQueries.member.1.MetricStat.Period=soon',
        'monitoring',
      )
      assert.equal(response.status, 400)
      assert.match(
        await response.text(),
        /<Code>MalformedQueryString<\/Code><Message>The value &apos;soon&apos; of MetricDataQueries\.member\.1\.MetricStat\.Period is not an integer/,
      )
    })

    it('answers a rate-limited query request with an XML Throttling error', async () => {
      const limited = await quickSandbox({startTime: PEAK_S * 1000, rate: {cloudwatch: 1}})
      try {
        const list = () => form(limited, 'Action=ListMetrics&Version=2010-08-01', 'monitoring')
        assert.equal((await list()).status, 200)
        const throttled = await list()
        assert.equal(throttled.status, 400)
        assert.match(await throttled.text(), /<Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/)
      } finally {
        await limited.stop()
      }
    })
  })

  describe('requests no service knows', () => {
    const xmlError = async (response: Response, code: string, message: RegExp) => {
      assert.equal(response.status, 400)
      assert.match(response.headers.get('content-type') ?? '', /xml/)
      assert.equal(response.headers.get('x-amzn-errortype'), null, 'not a Lambda error')
      const xml = await response.text()
      assert.match(xml, new RegExp(`<Code>${code}</Code>`))
      assert.match(xml, message)
    }

    it('answers form requests in XML, whatever they name', async () => {
      await xmlError(
        await form(sandbox, 'Action=DescribeAlarmHistory&Version=2010-08-01', 'monitoring'),
        'InvalidAction',
        /DescribeAlarmHistory is not valid for this web service \(monitoring\)/,
      )
      await xmlError(
        await form(sandbox, 'Action=GetMetricData&Version=2009-01-01', 'monitoring'),
        'InvalidAction',
        /for version 2009-01-01; monitoring is version 2010-08-01/,
      )
      await xmlError(
        await form(sandbox, 'Action=SendMessage&Version=2012-11-05', 'sqs'),
        'InvalidAction',
        /does not serve sqs over the query protocol; it serves .*lambda.*monitoring.*sts/,
      )
      await xmlError(await form(sandbox, 'Action=Teleport&Version=2011-06-15'), 'InvalidAction', /Could not find operation Teleport for version 2011-06-15/)
      await xmlError(await form(sandbox, 'Version=2011-06-15', 'sts'), 'MissingAction', /must contain the parameter Action/)
      assert.deepEqual(
        sandbox.stats().unknown.map((request) => request.target),
        ['monitoring:DescribeAlarmHistory', 'monitoring:GetMetricData', 'sqs:SendMessage', 'Teleport', 'sts:'],
      )
    })

    it('serves an unsigned form request by its Action and Version', async () => {
      const response = await form(sandbox, 'Action=GetCallerIdentity&Version=2011-06-15')
      assert.equal(response.status, 200)
      assert.match(await response.text(), /<GetCallerIdentityResult>.*<Account>123456789012<\/Account>/)
    })

    it('never answers a request signed for another service with Lambda', async () => {
      // A Lambda path, signed for CloudWatch: CloudWatch's JSON error, not Lambda's answer.
      const cw = await fetch(`${sandbox.url}/2016-08-19/account-settings`, {headers: {authorization: signedFor('monitoring')}})
      assert.equal(cw.status, 400)
      assert.equal(cw.headers.get('content-type'), 'application/x-amz-json-1.0')
      assert.equal(((await cw.json()) as {__type: string}).__type, 'UnknownOperationException')
      const sts = await fetch(`${sandbox.url}/2016-08-19/account-settings`, {headers: {authorization: signedFor('sts')}})
      assert.match(await sts.text(), /^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/)
      const s3 = await fetch(`${sandbox.url}/bucket/key`, {headers: {authorization: signedFor('s3')}})
      assert.equal(s3.status, 404)
      assert.match(((await s3.json()) as {message: string}).message, /signed for s3, which the sandbox does not emulate/)
      // A CloudWatch target signed for Logs is not served by CloudWatch either.
      const target = await fetch(sandbox.url, {
        method: 'POST',
        headers: {'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics', 'content-type': 'application/x-amz-json-1.0', authorization: signedFor('logs')},
        body: '{}',
      })
      assert.equal(target.status, 400)
      assert.match(((await target.json()) as {message: string}).message, /Unknown operation .*signed for logs/)
      assert.equal(sandbox.stats().operations['lambda:GetAccountSettings'], undefined)
      assert.equal(sandbox.stats().operations['monitoring:ListMetrics'], undefined)
    })
  })
})

describe('query protocol form decoding', () => {
  const {string, integer, boolean, timestamp, list, structure} = shapes
  const shape = structure({Items: list(structure({Id: string, Count: integer, On: boolean})), Empty: list(string), At: timestamp, Missing: string})

  it('turns flattened members into the object the JSON protocol would carry', () => {
    const params = new URLSearchParams(
      'Items.member.1.Id=a&Items.member.1.Count=3&Items.member.2.Id=b&Items.member.2.On=false&Empty=&At=2024-05-01T18%3A00%3A00Z&Extra=1',
    )
    assert.deepEqual(decodeQueryInput(shape, params), {
      Items: [
        {Id: 'a', Count: 3},
        {Id: 'b', On: false},
      ],
      Empty: [],
      At: Date.UTC(2024, 4, 1, 18) / 1000,
    })
  })

  it('refuses a scalar that is not of its type', () => {
    assert.throws(() => decodeQueryInput(shape, new URLSearchParams('Items.member.1.On=yes')), {
      name: 'MalformedQueryString',
      message: /Items\.member\.1\.On is not a boolean/,
    })
  })
})
