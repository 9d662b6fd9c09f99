import assert from 'node:assert/strict'

import {lossWarning} from '../../src/destinations/destinations-service.js'
import {chooseWrite} from '../../src/destinations/event-invoke-config-handler.js'
import {applyRequest, describeState, type EventInvokeSettings, type EventInvokeState} from '../../src/destinations/event-invoke-state.js'
import {type DestinationTarget, planDestinations, validateSetRequest} from '../../src/destinations/plan-destinations.js'
import {UserError} from '../../src/errors.js'
import {ACCOUNT, functionArn as fnArn} from '../helpers/aws-ids.js'

const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ok`
const config = (settings: Partial<EventInvokeSettings>): EventInvokeState => ({
  config: {onSuccess: null, onFailure: null, maximumRetryAttempts: null, maximumEventAgeInSeconds: null, ...settings},
})
const target = (name: string, current: EventInvokeState | undefined, qualifier?: string): DestinationTarget => ({
  functionName: name,
  functionArn: fnArn(name),
  qualifier,
  current,
})
const context = (validated: ReturnType<typeof validateSetRequest> | {destinations: []}, named = true) => ({
  region: 'us-east-1',
  named,
  destinations: validated.destinations,
})

describe('applyRequest', () => {
  const cases: Array<[what: string, current: EventInvokeState, request: Parameters<typeof applyRequest>[1], expected: EventInvokeState]> = [
    ['set on a function with no config creates one with only that member', {config: null}, {type: 'set', settings: {onFailure: DLQ}}, config({onFailure: DLQ})],
    [
      'set keeps the other members',
      config({onFailure: DLQ, maximumRetryAttempts: 1}),
      {type: 'set', settings: {onSuccess: TOPIC}},
      config({onSuccess: TOPIC, onFailure: DLQ, maximumRetryAttempts: 1}),
    ],
    [
      'remove one side keeps the rest',
      config({onSuccess: TOPIC, onFailure: DLQ, maximumEventAgeInSeconds: 60}),
      {type: 'remove', sides: ['onSuccess']},
      config({onFailure: DLQ, maximumEventAgeInSeconds: 60}),
    ],
    ['remove with no sides deletes the config', config({onFailure: DLQ}), {type: 'remove', sides: []}, {config: null}],
    ['remove a side when there is no config changes nothing', {config: null}, {type: 'remove', sides: ['onFailure']}, {config: null}],
  ]
  for (const [what, current, request, expected] of cases) {
    it(what, () => assert.deepEqual(applyRequest(current, request), expected))
  }
})

describe('planDestinations', () => {
  it('plans changes, leaves configs already as asked unchanged, and re-merges at write time', () => {
    const validated = validateSetRequest({'on-failure': DLQ})
    const plan = planDestinations(
      [target('a', {config: null}), target('b', config({onFailure: DLQ})), target('c', config({onSuccess: TOPIC}))],
      validated.request,
      context(validated),
    )
    assert.equal(plan.kind, 'event-invoke-config')
    assert.deepEqual(
      plan.changes.map((change) => [change.target.functionName, change.after]),
      [
        ['a', config({onFailure: DLQ})],
        ['c', config({onSuccess: TOPIC, onFailure: DLQ})],
      ],
    )
    assert.deepEqual(
      plan.unchanged.map((item) => item.target.functionName),
      ['b'],
    )
    // Somebody added retries meanwhile: the write keeps them.
    const replanned = plan.changes[1].replan!(config({onSuccess: TOPIC, maximumRetryAttempts: 0}))
    assert.deepEqual(replanned, {after: config({onSuccess: TOPIC, onFailure: DLQ, maximumRetryAttempts: 0})})
  })

  it('refuses a function as its own destination (exit 2)', () => {
    const validated = validateSetRequest({'on-success': `${fnArn('loop')}:live`})
    assert.throws(
      () => planDestinations([target('loop', {config: null}), target('other', {config: null})], validated.request, context(validated)),
      (error: unknown) => error instanceof UserError && /own destination.*loop/.test(error.message) && !/other/.test(error.message),
    )
  })

  it('warns about a destination in another region, without refusing', () => {
    const validated = validateSetRequest({'on-failure': `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq`})
    const plan = planDestinations([target('a', {config: null})], validated.request, context(validated))
    assert.equal(plan.changes.length, 1)
    assert.match(plan.warnings.join('\n'), /SQS queue arn:aws:sqs:eu-west-1:123456789012:dlq is in eu-west-1, not us-east-1/)
  })

  it('a missing qualifier: refused for named functions, skipped for a selector', () => {
    const validated = validateSetRequest({'max-retries': '0'})
    assert.throws(
      () => planDestinations([target('a', undefined, 'live')], validated.request, context(validated, true)),
      (error: unknown) => error instanceof UserError && /a has no alias or version "live"/.test(error.message),
    )
    const plan = planDestinations([target('a', undefined, 'live'), target('b', {config: null}, 'live')], validated.request, context(validated, false))
    assert.deepEqual(plan.skipped, [{target: {functionName: 'a', qualifier: 'live'}, reason: 'has no alias or version "live"'}])
    assert.deepEqual(
      plan.changes.map((change) => change.target),
      [{functionName: 'b', qualifier: 'live'}],
    )
  })

  it('removing the whole config says what AWS falls back to', () => {
    const plan = planDestinations([target('a', config({onFailure: DLQ}))], {type: 'remove', sides: []}, context({destinations: []}))
    assert.deepEqual(plan.changes[0].after, {config: null})
    assert.match(plan.notes.join('\n'), /AWS defaults apply again \(2 retries/)
  })
})

describe('describeState', () => {
  it('is one line with short destinations and only the limits that are set', () => {
    assert.equal(describeState({config: null}), 'no async config')
    assert.equal(describeState(config({onFailure: DLQ, maximumEventAgeInSeconds: 3600})), 'on-success none, on-failure sqs:dlq, max age 1h')
  })
})

describe('chooseWrite: the call that reaches exactly the desired state', () => {
  const t = {functionName: 'f'}
  it('PUT when there is no config yet, with only the members set', () => {
    assert.deepEqual(chooseWrite(t, {config: null}, config({onFailure: DLQ})), {
      method: 'PUT',
      input: {FunctionName: 'f', Qualifier: undefined, DestinationConfig: {OnFailure: {Destination: DLQ}}},
    })
  })

  it('POST with only the changed members; a destination change sends both sides', () => {
    assert.deepEqual(chooseWrite(t, config({onFailure: DLQ, maximumRetryAttempts: 1}), config({onFailure: DLQ, maximumRetryAttempts: 0})), {
      method: 'POST',
      input: {FunctionName: 'f', Qualifier: undefined, MaximumRetryAttempts: 0},
    })
    assert.deepEqual(
      chooseWrite(
        {functionName: 'f', qualifier: 'live'},
        config({onFailure: DLQ, maximumRetryAttempts: 1}),
        config({onSuccess: TOPIC, onFailure: DLQ, maximumRetryAttempts: 1}),
      ),
      {
        method: 'POST',
        input: {FunctionName: 'f', Qualifier: 'live', DestinationConfig: {OnSuccess: {Destination: TOPIC}, OnFailure: {Destination: DLQ}}},
      },
    )
  })

  it('PUT with exactly the desired members when one goes away (POST cannot unset)', () => {
    assert.deepEqual(
      chooseWrite(t, config({onSuccess: TOPIC, onFailure: DLQ, maximumEventAgeInSeconds: 60}), config({onFailure: DLQ, maximumEventAgeInSeconds: 60})),
      {
        method: 'PUT',
        input: {FunctionName: 'f', Qualifier: undefined, MaximumEventAgeInSeconds: 60, DestinationConfig: {OnFailure: {Destination: DLQ}}},
      },
    )
    // Undo of "set --max-retries 0" on a config that had no retry limit.
    assert.deepEqual(chooseWrite(t, config({onFailure: DLQ, maximumRetryAttempts: 0}), config({onFailure: DLQ})), {
      method: 'PUT',
      input: {FunctionName: 'f', Qualifier: undefined, DestinationConfig: {OnFailure: {Destination: DLQ}}},
    })
  })

  it('DELETE when going to no config', () => {
    assert.deepEqual(chooseWrite(t, config({onFailure: DLQ}), {config: null}), {method: 'DELETE'})
  })
})

describe('lossWarning: async triggers with nowhere to send failed events', () => {
  const s3 = {source: 'S3', arn: 'arn:aws:s3:::uploads', mode: 'async' as const}
  const api = {source: 'API Gateway', arn: '*', mode: 'sync' as const}
  const cfg = (qualifier: string, onFailure: string | null) => ({
    qualifier,
    onSuccess: null,
    onFailure,
    maximumRetryAttempts: null,
    maximumEventAgeInSeconds: null,
  })
  const cases: Array<
    [
      what: string,
      triggers: Parameters<typeof lossWarning>[1],
      configs: Parameters<typeof lossWarning>[2],
      dlq: string | undefined,
      expected: RegExp | undefined,
    ]
  > = [
    ['sync triggers only', [api], [], undefined, undefined],
    ['async trigger, no config', [s3], [], undefined, /^1 async trigger \(S3\) but no on-failure destination.*Fix: lx destinations set f --on-failure ARN$/],
    ['async trigger, on-failure set', [s3], [cfg('$LATEST', DLQ)], undefined, undefined],
    ['async trigger, dead-letter queue instead', [s3], [], DLQ, undefined],
    ['trigger on $LATEST, on-failure only on alias live', [s3], [cfg('live', DLQ)], undefined, /1 async trigger \(S3\)/],
    ['trigger on alias live, covered there', [{...s3, qualifier: 'live'}], [cfg('live', DLQ)], undefined, undefined],
    [
      'trigger on alias live, not covered',
      [{...s3, qualifier: 'live'}, api],
      [cfg('$LATEST', DLQ)],
      undefined,
      /\(S3 on live\).*Fix: lx destinations set f --qualifier live --on-failure ARN$/,
    ],
  ]
  for (const [what, triggers, configs, dlq, expected] of cases) {
    it(what, () => {
      const warning = lossWarning('f', triggers, configs, dlq)
      if (expected === undefined) assert.equal(warning, undefined)
      else assert.match(warning ?? '', expected)
    })
  }
})
