import assert from 'node:assert/strict'

import {atLeast, rankFindings, type Finding} from '../../src/advise/findings.js'
import {type AccountFacts, type FunctionFacts, planFindings} from '../../src/advise/plan-findings.js'
import {runtimeStatus, snapStartSupport} from '../../src/advise/runtime-deprecations.js'
import type {FunctionPlan} from '../../src/recommend/recommend-function.js'

const NOW = new Date('2026-12-06T12:00:00Z')
const CONTEXT = {region: 'us-east-1', window: '14d', windowSeconds: 14 * 86_400, now: NOW}

function plan(overrides: Partial<FunctionPlan> = {}, observed: Partial<FunctionPlan['observed']> = {}): FunctionPlan {
  return {
    functionName: 'fn',
    qualifier: null,
    current: {reserved: null, provisioned: null},
    recommended: {reserved: null, provisioned: null},
    reason: '',
    changed: false,
    monthlyCost: {current: 0, recommended: 0, onDemandOnly: 0, currency: 'USD'},
    whatIf: {current: {throttles: 0, coldStarts: 0}, recommended: {throttles: 0, coldStarts: 0}},
    observed: {
      invocations: 1_000_000,
      throttles: 0,
      peakConcurrency: 10,
      peakDemand: 10,
      busyHourUtc: 18,
      busyHourConcurrency: 5,
      quietHourConcurrency: 1,
      dailyShape: 3,
      durationAvgMs: 100,
      durationP99Ms: 300,
      provisionedUtilizationMax: null,
      spillover: 0,
      ...observed,
    },
    notes: [],
    architecture: 'x86_64',
    memoryMb: 1024,
    ...overrides,
  }
}

function fn(overrides: Partial<FunctionFacts> = {}): FunctionFacts {
  return {
    functionName: 'fn',
    runtime: 'nodejs24.x',
    packageType: 'Zip',
    architecture: 'x86_64',
    memoryMb: 1024,
    snapStart: false,
    reserved: null,
    provisioned: [],
    aliases: [{name: 'live', version: '3'}],
    plan: plan(),
    commands: [],
    computeSeconds: 100_000,
    callersWait: true,
    asyncTriggers: [],
    eventInvokeConfigs: [],
    ...overrides,
  }
}

const ACCOUNT: AccountFacts = {
  limit: 1000,
  unreserved: 600,
  floor: 100,
  peakConcurrency: 300,
  peakClaimed: 500,
  poolExhausted: false,
  plan: {
    region: 'us-east-1',
    limit: 1000,
    unreserved: 600,
    unreservedFloor: 100,
    unreservedAfter: 600,
    headroomAfter: 500,
    fits: true,
    functions: 1,
    changes: 0,
    monthlyCost: {current: 0, recommended: 0, onDemandOnly: 0, delta: 0, currency: 'USD'},
    heldBack: [],
    firstSteps: [],
  },
}

const ids = (findings: Finding[]) => findings.map((finding) => finding.id)
const one = (facts: FunctionFacts, account = ACCOUNT) => planFindings([facts], account, CONTEXT)

describe('advise findings (pure)', () => {
  it('a tidy function on a roomy account has none', () => {
    assert.deepEqual(one(fn()), [])
  })

  describe('provisioned concurrency', () => {
    const pc = {qualifier: 'live', requested: 10, status: 'READY', invocations: 5000, utilizationAvg: 0.7, utilizationMax: 0.9, autoScaled: false}
    it('well used: nothing', () => assert.deepEqual(one(fn({provisioned: [pc]})), []))
    it('on a version no alias points to: critical, the whole always-on charge saved, unset', () => {
      const [finding] = one(fn({provisioned: [{...pc, qualifier: '1'}]}))
      assert.equal(finding.id, 'provisioned-orphan-version:fn:1')
      assert.equal(finding.severity, 'critical')
      // 10 × 1 GB × $0.0000041667 × 730 h.
      assert.equal(finding.monthlySaving, 109.5)
      assert.equal(finding.fix, 'lx concurrency unset fn --provisioned --qualifier 1')
    })

    it('a version an alias routes to is in use', () => {
      assert.deepEqual(one(fn({provisioned: [{...pc, qualifier: '2'}], aliases: [{name: 'live', version: '3', routing: [{version: '2', weight: 0.1}]}]})), [])
    })

    it('no invocation through its qualifier while the function ran: critical, auto scaling removed first', () => {
      const [finding] = one(fn({provisioned: [{...pc, invocations: 0, utilizationMax: 0, utilizationAvg: 0, autoScaled: true}]}))
      assert.equal(finding.id, 'provisioned-no-traffic:fn:live')
      assert.match(finding.fix, /^lx scaling remove fn --qualifier live && lx concurrency unset fn --provisioned --qualifier live/)
    })

    it('used under break-even: the plan’s commands and saving', () => {
      const facts = fn({
        provisioned: [{...pc, utilizationAvg: 0.1}],
        plan: plan({
          qualifier: 'live',
          monthlyCost: {current: 200, recommended: 50, onDemandOnly: 60, currency: 'USD'},
          recommended: {reserved: null, provisioned: 3},
        }),
        commands: ['lx concurrency set fn --reserved 9', 'lx concurrency set fn --provisioned 3 --qualifier live'],
      })
      const [finding] = one(facts)
      assert.equal(finding.id, 'provisioned-underused:fn:live')
      assert.equal(finding.severity, 'warning')
      assert.equal(finding.monthlySaving, 150)
      assert.equal(finding.fix, 'lx concurrency set fn --provisioned 3 --qualifier live')
      assert.equal(finding.evidence.recommendedProvisioned, 3)
    })
  })

  describe('throttling', () => {
    const throttled = (reserved: number | null, currentThrottles: number, extra: Partial<FunctionFacts> = {}) =>
      fn({
        reserved,
        plan: plan(
          {whatIf: {current: {throttles: currentThrottles, coldStarts: 0}, recommended: {throttles: 0, coldStarts: 0}}},
          {throttles: 50_000, peakDemand: 40},
        ),
        ...extra,
      })

    it('by its own reservation: the plan’s reservation', () => {
      const [finding] = one(throttled(20, 50_000, {commands: ['lx concurrency set fn --reserved 48']}))
      assert.deepEqual(
        [finding.id, finding.severity, finding.evidence.cause, finding.fix],
        ['throttling:fn', 'critical', 'own reservation', 'lx concurrency set fn --reserved 48'],
      )
    })

    it('a reservation that would have served the window (raised since): history, no finding', () => {
      assert.deepEqual(one(throttled(48, 0)), [])
    })

    it('reserved 0 is a switch, not a problem: info', () => {
      assert.equal(one(throttled(0, 50_000))[0].severity, 'info')
    })

    it('no reservation, pool ran out: the account pool', () => {
      const [finding] = one(throttled(null, 0), {...ACCOUNT, poolExhausted: true})
      assert.equal(finding.evidence.cause, 'account pool')
      assert.match(finding.fix, /service-quotas request-service-quota-increase .*--quota-code L-B99A9384/)
    })

    it('no reservation, pool fine: bursts', () => {
      const [finding] = one(throttled(null, 0))
      assert.equal(finding.evidence.cause, 'burst')
      assert.equal(finding.fixKind, 'instruction')
    })
  })

  describe('account headroom', () => {
    it('unreserved near the floor, claimed near the limit, recommendations that do not fit', () => {
      const tight: AccountFacts = {...ACCOUNT, unreserved: 150, peakClaimed: 960, plan: {...ACCOUNT.plan, unreservedAfter: 80, headroomAfter: -20, fits: false}}
      const findings = planFindings([], tight, CONTEXT)
      assert.deepEqual(ids(findings).sort(), ['account-headroom:peak', 'account-headroom:recommendations', 'account-headroom:unreserved'])
      assert.ok(findings.every((finding) => finding.fixKind === 'command'))
      assert.equal(findings.find((finding) => finding.id === 'account-headroom:peak')?.severity, 'critical')
    })
  })

  describe('asynchronous invocation', () => {
    const sns = {asyncTriggers: [{source: 'SNS'}, {source: 'EventBridge', qualifier: 'live'}]}
    it('each invoked qualifier without an on-failure destination, offering the account’s destination', () => {
      const findings = planFindings([fn({...sns, eventInvokeConfigs: [{qualifier: 'live', onFailure: 'arn:aws:sqs:us-east-1:1:dlq'}]})], ACCOUNT, {
        ...CONTEXT,
        failureDestination: 'arn:aws:sqs:us-east-1:1:dlq',
      })
      assert.deepEqual(ids(findings), ['async-no-failure-destination:fn'])
      assert.equal(findings[0].fix, 'lx destinations set fn --on-failure arn:aws:sqs:us-east-1:1:dlq')
    })

    it('a dead-letter queue covers it', () => assert.deepEqual(one(fn({...sns, deadLetterArn: 'arn:aws:sqs:us-east-1:1:dlq'})), []))
  })

  describe('memory', () => {
    const logs = (maxMemoryUsedMb: number) => ({invocations: 1000, coldStarts: 0, avgInitMs: null, maxMemoryUsedMb})
    it('far above use: the size with a 50 % margin, and the saving', () => {
      const [finding] = one(fn({memoryMb: 3008, logs: logs(402)}))
      assert.equal(finding.id, 'memory-oversized:fn')
      assert.equal(finding.fix, 'lx memory set fn --mb 640')
      // 100,000 s in 14 days at (3008 − 640) MB, x86 on-demand, scaled to 730 h.
      assert.equal(finding.monthlySaving, 8.37)
    })

    it('within a factor of two of use: nothing', () => assert.deepEqual(one(fn({memoryMb: 1024, logs: logs(400)})), []))
    it('close to the limit: raise, with what it costs', () => {
      const [finding] = one(fn({memoryMb: 512, logs: logs(490)}))
      assert.deepEqual([finding.id, finding.severity, finding.fix], ['memory-near-limit:fn', 'warning', 'lx memory set fn --mb 640'])
      assert.ok((finding.monthlyCost ?? 0) > 0)
      assert.equal(one(fn({memoryMb: 512, logs: logs(510)}))[0].severity, 'critical')
    })
  })

  describe('runtimes and SnapStart', () => {
    it('deprecated, updates blocked, deprecating soon, supported', () => {
      assert.deepEqual(
        ['nodejs20.x', 'dotnet8', 'ruby3.3', 'python3.13', 'made-up'].map((runtime) => runtimeStatus(runtime, NOW).status),
        ['deprecated', 'deprecated', 'deprecating', 'supported', 'unknown'],
      )
      assert.equal(one(fn({runtime: 'nodejs20.x'}))[0].severity, 'critical')
      assert.equal(one(fn({runtime: 'dotnet8'}))[0].severity, 'warning')
      assert.equal(one(fn({runtime: 'ruby3.3'}))[0].severity, 'info')
    })

    it('SnapStart: supported runtimes only', () => {
      assert.deepEqual(
        ['java21', 'java8.al2', 'python3.12', 'python3.11', 'dotnet8', 'nodejs22.x'].map((runtime) => snapStartSupport(runtime)),
        ['free', null, 'billed', null, 'billed', null],
      )
    })

    it('cold starts callers wait on, cheaper than provisioned concurrency: advice, no command', () => {
      const logs = {invocations: 100_000, coldStarts: 400, avgInitMs: 3000, maxMemoryUsedMb: 700}
      const [finding] = one(fn({runtime: 'java21', logs}))
      assert.deepEqual([finding.id, finding.fixKind, finding.monthlyCost], ['snapstart:fn', 'instruction', 0])
      assert.deepEqual(one(fn({runtime: 'java21', logs, callersWait: false})), [], 'a queue waits, nobody else')
      assert.deepEqual(one(fn({runtime: 'java21', logs, packageType: 'Image'})), [], 'not for container images')
    })
  })

  it('ranks by money, then severity; severities compare', () => {
    const base = {kind: 'throttling' as const, resource: 'x', title: '', evidence: {}, fix: '', fixKind: 'command' as const}
    const ranked = rankFindings([
      {...base, id: 'a', severity: 'critical'},
      {...base, id: 'b', severity: 'info', monthlySaving: 5},
      {...base, id: 'c', severity: 'warning'},
      {...base, id: 'd', severity: 'info', monthlyCost: 50},
    ])
    assert.deepEqual(ids(ranked), ['d', 'b', 'a', 'c'])
    assert.ok(atLeast('critical', 'warning') && !atLeast('info', 'warning'))
  })

  describe('alarms (lx alarms)', () => {
    const throttledFn = (alarms?: string[]) => fn({reserved: 48, plan: plan({}, {throttles: 300, peakDemand: 40}), ...(alarms === undefined ? {} : {alarms})})

    it('a function that throttled without a throttle alarm: the lx alarms set that adds one', () => {
      const findings = one(throttledFn([]))
      const finding = findings.find((item) => item.kind === 'alarm-missing')!
      assert.deepEqual([finding.id, finding.severity, finding.fixKind], ['alarm-missing:fn:throttles', 'warning', 'command'])
      assert.equal(finding.fix, 'lx alarms set fn --notify <SNS_TOPIC_ARN> --kind throttles')
    })

    it('no finding once it has one, when it never throttled, or when alarms could not be read', () => {
      for (const facts of [throttledFn(['throttles']), fn({alarms: []}), throttledFn(undefined)]) {
        assert.deepEqual(
          one(facts).filter((item) => item.kind === 'alarm-missing'),
          [],
        )
      }
    })

    it('no account concurrency alarm on an account past half its limit: info, a warning near the limit; none once there is one', () => {
      assert.equal(planFindings([], {...ACCOUNT, alarms: [], peakClaimed: 300}, CONTEXT).filter((item) => item.kind === 'alarm-missing').length, 0)
      const quiet = planFindings([], {...ACCOUNT, alarms: [], peakClaimed: 600}, CONTEXT).find((item) => item.id === 'alarm-missing:account:concurrency')!
      assert.equal(quiet.severity, 'info')
      assert.equal(quiet.fix, 'lx alarms set --all --notify <SNS_TOPIC_ARN> --kind concurrency')
      const busy = planFindings([], {...ACCOUNT, alarms: [], peakClaimed: 900}, CONTEXT).find((item) => item.id === 'alarm-missing:account:concurrency')!
      assert.equal(busy.severity, 'warning')
      assert.deepEqual(
        planFindings([], {...ACCOUNT, alarms: ['concurrency'], peakClaimed: 900}, CONTEXT).filter((item) => item.kind === 'alarm-missing'),
        [],
      )
    })
  })
})
