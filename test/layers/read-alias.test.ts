// readAlias at the HTTP level: which calls it makes for an alias that will move, one that already
// serves the target, and one that does not exist. The network is closed: a call not answered here
// fails the test.
import assert from 'node:assert/strict'

import {LambdaClient} from '@aws-sdk/client-lambda'
import nock from 'nock'

import {readAlias} from '../../src/layers/read-alias.js'
import {fnConfig, lambda, lambdaError, REGION} from '../helpers/aws-nock.js'
import {layerVersionArn as layer} from '../helpers/aws-ids.js'

const LOG3 = layer('log-shipper', 3)
const LOG4 = layer('log-shipper', 4)
const FN = '/2015-03-31/functions/orders-api'
const PC = '/2019-09-30/functions/orders-api/provisioned-concurrency'

const client = () => new LambdaClient({region: REGION, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1})

/** GetFunction with a qualifier: the configuration of the version it names (or an alias serves). */
function served(qualifier: string, version: string, layers: string[]) {
  return lambda()
    .get(FN)
    .query({Qualifier: qualifier})
    .reply(200, {Configuration: fnConfig('orders-api', {Version: version, Layers: layers.map((arn) => ({Arn: arn}))})})
}

const upToDate = (layers: string[]) => layers.includes(LOG4)

describe('readAlias', () => {
  afterEach(() => {
    assert.deepEqual(nock.pendingMocks(), [], 'every answered call was made')
  })

  it('an alias that already serves the target: GetFunction of the alias only, no GetAlias, no provisioned-concurrency read', async () => {
    served('live', '7', [LOG4])
    const facts = await readAlias(client(), 'orders-api', 'live', {upToDate})
    assert.deepEqual(facts, {functionVersion: '7', layers: [LOG4], routing: null, provisioned: null, served: true})
  })

  it('an alias that will move: GetAlias (revision, routing) and its provisioned concurrency as well', async () => {
    served('live', '3', [LOG3])
    lambda()
      .get(`${FN}/aliases/live`)
      .reply(200, {Name: 'live', FunctionVersion: '3', RevisionId: 'alias-1', RoutingConfig: {AdditionalVersionWeights: {2: 0.1}}})
    lambda().get(PC).query({Qualifier: 'live'}).reply(200, {RequestedProvisionedConcurrentExecutions: 5, Status: 'READY'})
    const facts = await readAlias(client(), 'orders-api', 'live', {upToDate})
    assert.deepEqual(facts, {functionVersion: '3', layers: [LOG3], revisionId: 'alias-1', routing: {2: 0.1}, provisioned: 5})
  })

  it('without provisioned concurrency: provisioned null', async () => {
    served('live', '3', [LOG3])
    lambda().get(`${FN}/aliases/live`).reply(200, {Name: 'live', FunctionVersion: '3', RevisionId: 'alias-1'})
    lambda()
      .get(PC)
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function'))
    const facts = await readAlias(client(), 'orders-api', 'live', {upToDate})
    assert.deepEqual(facts, {functionVersion: '3', layers: [LOG3], revisionId: 'alias-1', routing: null, provisioned: null})
  })

  it('an alias moved between the two reads: the layers are those of the version GetAlias names', async () => {
    served('live', '3', [LOG3])
    lambda().get(`${FN}/aliases/live`).reply(200, {Name: 'live', FunctionVersion: '5', RevisionId: 'alias-2'})
    lambda()
      .get(PC)
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'none'))
    served('5', '5', [layer('utils', 1), LOG3])
    const facts = await readAlias(client(), 'orders-api', 'live', {upToDate})
    assert.deepEqual(facts, {functionVersion: '5', layers: [layer('utils', 1), LOG3], revisionId: 'alias-2', routing: null, provisioned: null})
  })

  it('no such alias: null after one GetFunction', async () => {
    lambda()
      .get(FN)
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders-api:live'))
    assert.equal(await readAlias(client(), 'orders-api', 'live', {upToDate}), null)
  })

  it('without upToDate (a step re-reading after a 412): always the full read', async () => {
    served('live', '7', [LOG4])
    lambda().get(`${FN}/aliases/live`).reply(200, {Name: 'live', FunctionVersion: '7', RevisionId: 'alias-3'})
    lambda()
      .get(PC)
      .query({Qualifier: 'live'})
      .reply(...lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'none'))
    const facts = await readAlias(client(), 'orders-api', 'live')
    assert.deepEqual(facts, {functionVersion: '7', layers: [LOG4], revisionId: 'alias-3', routing: null, provisioned: null})
  })
})
