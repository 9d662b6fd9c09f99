// The recommendations of `lx concurrency plan` on synthetic weeks of traffic: reserved and
// provisioned concurrency, schedules, the cost and what-if, the commands, and the account check.
import assert from 'node:assert/strict'

import {summariseAccount} from '../../src/recommend/recommend-account.js'
import {plannedQualifier} from '../../src/recommend/recommend-service.js'
import {applyCommands, shellQuote} from '../../src/recommend/recommend-commands.js'
import {
  callersOf,
  dailyCron,
  type FunctionPlan,
  type FunctionPlanInput,
  formatConcurrency,
  formatCount,
  type PlanContext,
  recommendFunction,
} from '../../src/recommend/recommend-function.js'
import type {TrafficSeries} from '../../src/recommend/traffic-demand.js'

const DAY = 86_400
/** A Monday, midnight UTC. */
const START = 1_699_833_600

/**
 * A week of 5-minute series from a daily shape: `baseRps` at the quietest hour rising to `peakRps`
 * at `peakHour` (a raised cosine), each period's peak 20 % above its mean, and throttles wherever
 * that peak is over `reserved` — what CloudWatch would show for such traffic.
 */
function synthTraffic(options: {
  baseRps: number
  peakRps: number
  peakHour: number
  durationMs: number
  reserved?: number | null
  days?: number
}): TrafficSeries {
  const period = 300
  const length = ((options.days ?? 7) * DAY) / period
  const traffic: TrafficSeries = {period, start: START, invocations: [], throttles: [], durationAvgMs: [], durationP99Ms: [], concurrencyMax: []}
  for (let i = 0; i < length; i++) {
    const hour = Math.floor(((i * period) % DAY) / 3600)
    const shape = (1 + Math.cos(((hour - options.peakHour) / 24) * 2 * Math.PI)) / 2
    const rps = options.baseRps + (options.peakRps - options.baseRps) * shape
    const attempted = rps * period
    const peak = ((rps * options.durationMs) / 1000) * 1.2
    const cap = options.reserved ?? Number.POSITIVE_INFINITY
    const served = peak > cap ? cap / peak : 1
    traffic.invocations.push(attempted * served)
    traffic.throttles.push(attempted * (1 - served))
    traffic.durationAvgMs.push(attempted > 0 && served > 0 ? options.durationMs : null)
    traffic.durationP99Ms.push(attempted > 0 && served > 0 ? options.durationMs * 2 : null)
    traffic.concurrencyMax.push(Math.min(peak, cap))
  }

  return traffic
}

const CONTEXT: PlanContext = {region: 'us-east-1', headroom: 0.2, unreservedPool: 635, poolExhausted: false, unreservedFloor: 100, windowSeconds: 7 * 86_400}

function input(partial: Partial<FunctionPlanInput> & Pick<FunctionPlanInput, 'traffic'>): FunctionPlanInput {
  return {
    functionName: 'fn',
    memoryMb: 1024,
    architecture: 'x86_64',
    reserved: null,
    provisioned: [],
    scaling: [],
    schedules: [],
    qualifier: 'live',
    provisionedObserved: [],
    ...partial,
  }
}

/** 40 req/s at night to 150 at 18:00 UTC, 250 ms: busy hour ≈ 37.5 concurrent, quiet ≈ 10. */
const apiWeek = (reserved: number | null = null) => synthTraffic({baseRps: 40, peakRps: 150, peakHour: 18, durationMs: 250, reserved})
/** Flat 80 req/s × 250 ms = 20 concurrent all day. */
const flatWeek = (reserved: number | null = null) => synthTraffic({baseRps: 80, peakRps: 80, peakHour: 12, durationMs: 250, reserved})

describe('concurrency plan: reserved concurrency', () => {
  const cases: Array<{
    name: string
    reserved: number | null
    traffic: FunctionPlanInput['traffic']
    context?: Partial<PlanContext>
    expected: number | null
    reason: RegExp
  }> = [
    {
      name: 'a cap that throttled is raised to peak + 20 %',
      reserved: 20,
      traffic: apiWeek(20),
      expected: 54,
      reason: /^reserved 20 throttled [\d.]+M requests at its cap; peak demand ≈ 45 → 54 \(\+20 %\)/,
    },
    {
      name: 'a cap close to the peak gets its headroom',
      reserved: 50,
      traffic: apiWeek(),
      expected: 54,
      reason: /^peak 45 leaves less than 20 % headroom under reserved 50 → 54/,
    },
    {name: 'a cap with headroom is kept', reserved: 80, traffic: apiWeek(), expected: 80, reason: /^reserved 80 covers peak 45 \+20 %/},
    {
      name: 'a cap over twice what is needed is lowered',
      reserved: 200,
      traffic: apiWeek(),
      expected: 54,
      reason: /^reserved 200 is more than 2× peak 45 \+20 %: 54 returns 146 to the shared pool/,
    },
    {
      name: 'no reservation and a peak far under the pool: none',
      reserved: null,
      traffic: apiWeek(),
      expected: null,
      reason: /^peak 45 ≪ unreserved pool 635: no reservation needed/,
    },
    {name: 'a bigger headroom', reserved: 20, traffic: apiWeek(20), context: {headroom: 0.5}, expected: 68, reason: /→ 68 \(\+50 %\)/},
    {
      name: 'a function that can take most of the pool is given a reservation when that fits',
      reserved: null,
      traffic: synthTraffic({baseRps: 1000, peakRps: 1000, peakHour: 12, durationMs: 300}),
      expected: 432,
      reason: /^peak 360 is 57 % of the unreserved pool \(635\) → reserve 432 \(\+20 %\) so no other function can starve it/,
    },
    {
      name: '…and capped at half the pool when the pool ran out',
      reserved: null,
      traffic: synthTraffic({baseRps: 1000, peakRps: 1000, peakHour: 12, durationMs: 300}),
      context: {poolExhausted: true},
      expected: 317,
      reason: /^peak 360 is 57 % of the unreserved pool \(635\), which ran out in the window → cap it at 317 \(half the pool\)/,
    },
    {
      name: '…and left alone when even that does not fit',
      reserved: null,
      traffic: synthTraffic({baseRps: 1800, peakRps: 1800, peakHour: 12, durationMs: 300}),
      expected: null,
      reason: /more than the account can set aside: raise the account limit/,
    },
    {name: 'reserved 0 (switched off) is kept', reserved: 0, traffic: apiWeek(0), expected: 0, reason: /^reserved 0 keeps the function switched off: kept/},
    {
      name: 'no traffic: the reservation is kept',
      reserved: 15,
      traffic: synthTraffic({baseRps: 0, peakRps: 0, peakHour: 0, durationMs: 100}),
      expected: 15,
      reason: /^no invocations in the window: reserved 15 kept/,
    },
  ]
  for (const row of cases) {
    it(row.name, () => {
      const plan = recommendFunction(input({reserved: row.reserved, traffic: row.traffic, qualifier: null}), {...CONTEXT, ...row.context})
      assert.equal(plan.recommended.reserved, row.expected)
      assert.match(plan.reason, row.reason)
      assert.equal(plan.changed, row.expected !== row.reserved || plan.recommended.provisioned !== null)
    })
  }

  it('throttles of a function without a reservation come from the shared pool, and are said so', () => {
    const traffic = apiWeek()
    traffic.throttles[100] = 42
    const plan = recommendFunction(input({traffic, qualifier: null}), {...CONTEXT, poolExhausted: true})
    assert.equal(plan.recommended.reserved, null)
    assert.match(plan.reason, /\(its 42 throttles came when the shared pool ran out\)/)
  })
})

describe('concurrency plan: provisioned concurrency', () => {
  it('a daily shape: the busy hour by Little, auto scaling and a schedule of the busy hours', () => {
    const plan = recommendFunction(input({traffic: apiWeek(), reserved: 80}), CONTEXT)
    assert.equal(plan.observed.busyHourUtc, 18)
    assert.equal(plan.observed.busyHourConcurrency, 37.5) // 150 req/s × 0.25 s
    assert.equal(plan.observed.quietHourConcurrency, 10) // 40 req/s × 0.25 s
    assert.equal(plan.recommended.provisioned, 38)
    assert.deepEqual(plan.recommended.autoScaling, {min: 10, max: 54, target: 0.7})
    const schedule = plan.recommended.schedule!
    assert.equal(schedule.timezone, 'UTC')
    // Busy hours: where 38 provisioned would be at least 60 % used (≥ 22.8 concurrent), 12:00 to 01:00.
    assert.equal(schedule.busyHours, '12:00–01:00')
    assert.deepEqual(schedule.actions, [
      {name: 'lx-busy', expression: 'cron(45 11 * * ? *)', min: 38},
      {name: 'lx-quiet', expression: 'cron(0 1 * * ? *)', min: 10},
    ])
    assert.match(
      plan.reason,
      /busy hour 18:00 UTC averages 37\.5 concurrent → provisioned 38 from 12:00–01:00 UTC \(scheduled\), 10 otherwise, scaling 10–54 at 70 % \(\d+ % used ≥ 60 % break-even\)/,
    )
    assert.ok(plan.monthlyCost.recommended < plan.monthlyCost.onDemandOnly, 'above break-even it costs less than on demand')
    assert.ok(plan.whatIf.recommended.coldStarts < plan.whatIf.current.coldStarts, 'pre-warmed environments remove cold starts')
  })

  it('flat traffic: provisioned with auto scaling and no schedule', () => {
    const plan = recommendFunction(input({traffic: flatWeek()}), CONTEXT)
    assert.equal(plan.recommended.provisioned, 20)
    assert.equal(plan.recommended.schedule, undefined)
    assert.deepEqual(plan.recommended.autoScaling, {min: 20, max: 29, target: 0.7})
  })

  it('auto scaling never goes above the reservation (AWS refuses provisioned above reserved)', () => {
    const plan = recommendFunction(input({traffic: flatWeek(), reserved: 25}), {...CONTEXT, headroom: 0})
    assert.equal(plan.recommended.reserved, 25)
    assert.equal(plan.recommended.autoScaling?.max, 25)
  })

  const none: Array<{name: string; plan: () => FunctionPlan; reason: RegExp}> = [
    {
      name: 'under the 60 % break-even: none',
      plan: () => recommendFunction(input({traffic: synthTraffic({baseRps: 0.1, peakRps: 2, peakHour: 15, durationMs: 300})}), CONTEXT),
      reason: /busy hour 15:00 UTC averages 0\.6 concurrent: provisioned would be \d+ % used, under the 60 % break-even/,
    },
    {
      name: 'long runs (a nightly job with idle provisioned concurrency): none',
      plan: () =>
        recommendFunction(
          input({
            traffic: synthTraffic({baseRps: 0, peakRps: 0.02, peakHour: 2, durationMs: 240_000}),
            provisioned: [{qualifier: 'live', requested: 50}],
            provisionedObserved: [{qualifier: 'live', utilizationMax: 0.28, spillover: 0}],
            memoryMb: 2048,
          }),
          CONTEXT,
        ),
      reason: /provisioned 50 on live, at most 28 % used; runs average 240 s, so a cold start \(init ≤ 10 s\) adds ≤ 4 %: no provisioned concurrency/,
    },
    {
      name: 'only asynchronous callers and pollers: none',
      plan: () => recommendFunction(input({traffic: apiWeek(), callers: callersOf([{source: 'S3', mode: 'async'}], ['SQS'])}), CONTEXT),
      reason: /invoked only by S3 \(async\), SQS \(poller\): no caller waits on a cold start/,
    },
    {
      name: 'no traffic at all: provisioned concurrency goes',
      plan: () =>
        recommendFunction(
          input({traffic: synthTraffic({baseRps: 0, peakRps: 0, peakHour: 0, durationMs: 100}), provisioned: [{qualifier: 'live', requested: 5}]}),
          CONTEXT,
        ),
      reason: /provisioned 5 on live: no invocations, none needed/,
    },
  ]
  for (const row of none) {
    it(row.name, () => {
      const plan = row.plan()
      assert.equal(plan.recommended.provisioned, null)
      assert.equal(plan.recommended.autoScaling, undefined)
      assert.match(plan.reason, row.reason)
    })
  }

  it('idle provisioned concurrency removed: cost falls, the replay shows the cold starts it traded', () => {
    const plan = recommendFunction(
      input({
        traffic: synthTraffic({baseRps: 0, peakRps: 0.02, peakHour: 2, durationMs: 240_000}),
        provisioned: [{qualifier: 'live', requested: 50}],
        memoryMb: 2048,
      }),
      CONTEXT,
    )
    assert.equal(plan.changed, true)
    assert.ok(plan.monthlyCost.current > 5 * plan.monthlyCost.recommended, `${plan.monthlyCost.current} vs ${plan.monthlyCost.recommended}`)
    assert.equal(plan.monthlyCost.recommended, plan.monthlyCost.onDemandOnly)
    assert.equal(plan.whatIf.current.coldStarts, 0)
    assert.ok(plan.whatIf.recommended.coldStarts > 0)
  })

  it('callers: a synchronous trigger, or none known (direct Invoke), means someone waits', () => {
    assert.equal(
      callersOf(
        [
          {source: 'API Gateway', mode: 'sync'},
          {source: 'S3', mode: 'async'},
        ],
        [],
      ).waits,
      true,
    )
    assert.equal(callersOf([], []).waits, true)
    assert.equal(callersOf([], ['Kinesis']).waits, false)
    assert.deepEqual(callersOf([{source: 'EventBridge', mode: 'async'}], []), {waits: false, sources: ['EventBridge (async)']})
  })

  it('a level close to the current one is kept (no churn from noise)', () => {
    const plan = recommendFunction(input({traffic: apiWeek(), reserved: 80, provisioned: [{qualifier: 'live', requested: 36}]}), CONTEXT)
    assert.equal(plan.recommended.provisioned, 36)
    assert.equal(plan.current.provisioned, 36)
  })

  it('the same plan twice changes nothing once applied', () => {
    const first = recommendFunction(input({traffic: apiWeek(), reserved: 80}), CONTEXT)
    const applied = recommendFunction(
      input({
        traffic: apiWeek(),
        reserved: first.recommended.reserved,
        provisioned: [{qualifier: 'live', requested: first.recommended.provisioned!}],
        scaling: [{qualifier: 'live', min: first.recommended.autoScaling!.min, max: first.recommended.autoScaling!.max}],
        schedules: first.recommended.schedule!.actions,
      }),
      CONTEXT,
    )
    assert.equal(applied.changed, false)
    assert.deepEqual(applyCommands(applied), [])
  })

  it('provisioned concurrency on another alias is kept and counted inside the reservation', () => {
    const plan = recommendFunction(input({traffic: flatWeek(), reserved: 30, provisioned: [{qualifier: 'blue', requested: 10}]}), CONTEXT)
    assert.ok(plan.recommended.reserved! >= 10 + plan.recommended.provisioned!)
    assert.match(plan.notes.join('\n'), /blue \(10\) is kept/)
  })
})

describe('concurrency plan: cost and what-if', () => {
  it('raising a throttling cap serves the throttled requests: no throttles, and the cost of serving them', () => {
    const plan = recommendFunction(input({traffic: apiWeek(20), reserved: 20, callers: callersOf([], ['SQS'])}), CONTEXT)
    assert.ok(plan.whatIf.current.throttles > 1e6)
    assert.equal(plan.whatIf.recommended.throttles, 0)
    assert.ok(plan.monthlyCost.recommended > plan.monthlyCost.current)
    assert.equal(plan.monthlyCost.currency, 'USD')
  })

  it('on-demand only: requests and GB-seconds at list price, for the month', () => {
    // 10 req/s × 1 s at 1 GB, all week: 6,048,000 requests and GB-seconds.
    const plan = recommendFunction(
      input({traffic: synthTraffic({baseRps: 10, peakRps: 10, peakHour: 0, durationMs: 1000}), qualifier: null, callers: callersOf([], ['SQS'])}),
      CONTEXT,
    )
    const weekly = 6.048 * 0.2 + 6_048_000 * 0.0000166667
    assert.equal(plan.monthlyCost.onDemandOnly, Math.round(((weekly * 730 * 3600) / (7 * 86_400)) * 100) / 100)
    assert.equal(plan.monthlyCost.current, plan.monthlyCost.onDemandOnly)
  })

  it('arm64 is priced about 20 % lower', () => {
    const traffic = synthTraffic({baseRps: 10, peakRps: 10, peakHour: 0, durationMs: 1000})
    const x86 = recommendFunction(input({traffic, qualifier: null, callers: callersOf([], ['SQS'])}), CONTEXT)
    const arm = recommendFunction(input({traffic, qualifier: null, architecture: 'arm64', callers: callersOf([], ['SQS'])}), CONTEXT)
    const requests = (6.048 * 0.2 * (730 * 3600)) / (7 * 86_400)
    assert.ok(Math.abs((arm.monthlyCost.current - requests) / (x86.monthlyCost.current - requests) - 0.8) < 0.001)
  })
})

describe('concurrency plan: commands', () => {
  const base = (partial: Partial<FunctionPlan>): FunctionPlan =>
    ({
      functionName: 'checkout-api',
      qualifier: 'live',
      current: {reserved: null, provisioned: null},
      recommended: {reserved: null, provisioned: null},
      changed: true,
      ...partial,
    }) as FunctionPlan

  const cases: Array<{name: string; plan: FunctionPlan; commands: string[]}> = [
    {
      name: 'raise the reservation first, then provisioned, auto scaling and the schedule',
      plan: base({
        current: {reserved: 20, provisioned: null},
        recommended: {
          reserved: 54,
          provisioned: 38,
          autoScaling: {min: 10, max: 54, target: 0.7},
          schedule: {
            timezone: 'UTC',
            busyHours: '13:00–23:00',
            actions: [
              {name: 'lx-busy', expression: 'cron(45 12 * * ? *)', min: 38},
              {name: 'lx-quiet', expression: 'cron(0 23 * * ? *)', min: 10},
            ],
          },
        },
      }),
      commands: [
        'lx concurrency set checkout-api --reserved 54',
        'lx concurrency set checkout-api --provisioned 38 --qualifier live',
        'lx scaling set checkout-api --qualifier live --min 10 --max 54 --target 0.7',
        "lx scaling schedule checkout-api --qualifier live --name lx-busy --schedule 'cron(45 12 * * ? *)' --min 38",
        "lx scaling schedule checkout-api --qualifier live --name lx-quiet --schedule 'cron(0 23 * * ? *)' --min 10",
      ],
    },
    {
      name: 'lower provisioned before the reservation it lives in',
      plan: base({current: {reserved: 40, provisioned: 15}, recommended: {reserved: 12, provisioned: 7, autoScaling: {min: 2, max: 10, target: 0.7}}}),
      commands: [
        'lx concurrency set checkout-api --provisioned 7 --qualifier live',
        'lx scaling set checkout-api --qualifier live --min 2 --max 10 --target 0.7',
        'lx concurrency set checkout-api --reserved 12',
      ],
    },
    {
      name: 'remove auto scaling before the provisioned config it manages',
      plan: base({current: {reserved: null, provisioned: 50, autoScaling: {min: 10, max: 50}}, recommended: {reserved: null, provisioned: null}}),
      commands: ['lx scaling remove checkout-api --qualifier live', 'lx concurrency unset checkout-api --provisioned --qualifier live'],
    },
    {
      name: 'a reservation removed',
      plan: base({current: {reserved: 30, provisioned: null}, recommended: {reserved: null, provisioned: null}}),
      commands: ['lx concurrency unset checkout-api --reserved'],
    },
    {
      name: 'no alias chosen: only the reservation',
      plan: base({qualifier: null, current: {reserved: 5, provisioned: null}, recommended: {reserved: 25, provisioned: 10}}),
      commands: ['lx concurrency set checkout-api --reserved 25'],
    },
    {
      name: 'a schedule lx made before and no longer recommended is removed',
      plan: base({
        current: {
          reserved: null,
          provisioned: 20,
          autoScaling: {min: 5, max: 29},
          schedule: [
            {name: 'lx-busy', expression: 'cron(0 8 * * ? *)', min: 20},
            {name: 'team-cron', expression: 'cron(0 9 * * ? *)', min: 3},
          ],
        },
        recommended: {reserved: null, provisioned: 20, autoScaling: {min: 20, max: 29, target: 0.7}},
      }),
      commands: [
        'lx scaling set checkout-api --qualifier live --min 20 --max 29 --target 0.7',
        'lx scaling remove checkout-api --qualifier live --schedule lx-busy',
      ],
    },
    {
      name: 'unchanged: nothing',
      plan: base({changed: false, current: {reserved: 10, provisioned: null}, recommended: {reserved: 10, provisioned: null}}),
      commands: [],
    },
  ]
  for (const row of cases) {
    it(row.name, () => {
      assert.deepEqual(applyCommands(row.plan), row.commands)
    })
  }

  it('quotes what a shell would split', () => {
    assert.equal(shellQuote('checkout-api'), 'checkout-api')
    assert.equal(shellQuote('cron(0 8 * * ? *)'), "'cron(0 8 * * ? *)'")
    assert.equal(shellQuote("it's"), String.raw`'it'\''s'`)
  })

  it('daily cron in UTC, wrapping before midnight', () => {
    assert.equal(dailyCron(13 * 3600 - 900), 'cron(45 12 * * ? *)')
    assert.equal(dailyCron(-900), 'cron(45 23 * * ? *)')
    assert.equal(dailyCron(0), 'cron(0 0 * * ? *)')
  })

  it('formats counts and concurrency for one-line reasons', () => {
    assert.deepEqual([formatCount(950), formatCount(12_345), formatCount(11_746_722)], ['950', '12.3k', '11.7M'])
    assert.deepEqual(
      [formatConcurrency(153.4), formatConcurrency(37.56), formatConcurrency(0.042), formatConcurrency(0.001), formatConcurrency(0)],
      ['153', '37.6', '0.04', '<0.01', '0'],
    )
  })
})

describe('concurrency plan: account check', () => {
  const facts = {region: 'us-east-1', limit: 1000, unreserved: 635, unreservedFloor: 100}
  const plan = (
    current: FunctionPlan['current'],
    recommended: FunctionPlan['recommended'],
    cost = {current: 10, recommended: 12, onDemandOnly: 11},
  ): FunctionPlan => ({functionName: 'f', qualifier: 'live', current, recommended, changed: true, monthlyCost: {...cost, currency: 'USD'}}) as FunctionPlan

  it('sums what the recommendations take from the pool and the headroom left', () => {
    const summary = summariseAccount(
      [
        plan({reserved: 20, provisioned: null}, {reserved: 56, provisioned: 38, autoScaling: {min: 10, max: 54, target: 0.7}}), // +36
        plan({reserved: null, provisioned: 50}, {reserved: null, provisioned: null}), // −50
        plan({reserved: null, provisioned: 25}, {reserved: null, provisioned: 17, autoScaling: {min: 6, max: 23, target: 0.7}}), // −2: counted at its max
      ],
      facts,
    )
    assert.equal(summary.unreservedAfter, 651)
    assert.equal(summary.headroomAfter, 551)
    assert.equal(summary.fits, true)
    assert.equal(summary.warning, undefined)
    assert.deepEqual(summary.monthlyCost, {current: 30, recommended: 36, onDemandOnly: 33, delta: 6, currency: 'USD'})
  })

  it('warns when the sum would take the account below its unreserved floor', () => {
    const summary = summariseAccount([plan({reserved: null, provisioned: null}, {reserved: 600, provisioned: null})], facts)
    assert.equal(summary.unreservedAfter, 35)
    assert.equal(summary.headroomAfter, -65)
    assert.equal(summary.fits, false)
    assert.match(summary.warning!, /need 65 more concurrency than the account can set aside: unreserved would fall to 35, below its floor of 100/)
  })
})

describe('concurrency plan: where provisioned concurrency goes', () => {
  const fn = (qualifier?: string) => ({name: 'api', arn: 'arn:aws:lambda:us-east-1:123456789012:function:api', qualifier, configuration: {}})
  const state = (provisioned: Array<[string, number]>) => ({
    functionName: 'api',
    runtime: 'nodejs20.x',
    packageType: 'Zip',
    architecture: 'x86_64',
    reserved: null,
    provisioned: provisioned.map(([qualifier, requested]) => ({qualifier, requested, allocated: requested, available: requested, status: 'READY'})),
  })

  it('name:qualifier, then --qualifier, then the alias with the most provisioned, else none yet', () => {
    assert.equal(plannedQualifier(fn('blue'), state([['live', 5]]), 'green'), 'blue')
    assert.equal(plannedQualifier(fn(), state([['live', 5]]), 'green'), 'green')
    assert.equal(
      plannedQualifier(
        fn(),
        state([
          ['live', 5],
          ['canary', 9],
        ]),
        undefined,
      ),
      'canary',
    )
    assert.equal(plannedQualifier(fn(), state([]), undefined), null)
  })
})
