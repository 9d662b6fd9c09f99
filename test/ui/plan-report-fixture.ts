// A `lx concurrency plan` report built from plain plans, for renderer tests: the account check and
// the commands come from the real pure functions, so the fixture cannot drift from the service.
import {summariseAccount, type AccountFacts} from '../../src/recommend/recommend-account.js'
import {applyCommands} from '../../src/recommend/recommend-commands.js'
import type {FunctionPlan} from '../../src/recommend/recommend-function.js'
import type {ConcurrencyPlanReport, FunctionPlanReport} from '../../src/recommend/recommend-service.js'

export interface PlanSketch {
  name: string
  reserved: [number | null, number | null]
  provisioned?: [number | null, number | null]
  throttles?: [number, number]
  coldStarts?: [number, number]
  cost?: [number, number]
  reason?: string
}

export function functionPlan(sketch: PlanSketch): FunctionPlanReport {
  const [reservedNow, reservedAfter] = sketch.reserved
  const [provisionedNow, provisionedAfter] = sketch.provisioned ?? [null, null]
  const [costNow, costAfter] = sketch.cost ?? [10, 10]
  const plan = {
    functionName: sketch.name,
    qualifier: sketch.provisioned ? 'live' : null,
    current: {reserved: reservedNow, provisioned: provisionedNow},
    recommended: {reserved: reservedAfter, provisioned: provisionedAfter},
    reason: sketch.reason ?? `peak demand of ${sketch.name}`,
    changed: reservedNow !== reservedAfter || provisionedNow !== provisionedAfter,
    monthlyCost: {current: costNow, recommended: costAfter, onDemandOnly: costNow, currency: 'USD'},
    whatIf: {
      current: {throttles: sketch.throttles?.[0] ?? 0, coldStarts: sketch.coldStarts?.[0] ?? 0},
      recommended: {throttles: sketch.throttles?.[1] ?? 0, coldStarts: sketch.coldStarts?.[1] ?? 0},
    },
    notes: [],
  } as unknown as FunctionPlan
  return {...plan, commands: applyCommands(plan)}
}

export function planReport(sketches: PlanSketch[], facts: Partial<AccountFacts> = {}): ConcurrencyPlanReport {
  const functions = sketches.map((sketch) => functionPlan(sketch))
  const account = summariseAccount(functions, {region: 'us-east-1', limit: 1000, unreserved: 635, unreservedFloor: 100, ...facts})
  return {
    region: 'us-east-1',
    window: '7d',
    windowSeconds: 7 * 86_400,
    period: 300,
    from: '2030-11-21T00:00:00.000Z',
    to: '2030-11-28T00:00:00.000Z',
    headroom: 0.2,
    functions,
    account: {...account, pricing: {region: 'us-east-1', fallback: false}},
    commands: functions.flatMap((fn) => fn.commands),
    notes: [],
    calls: {getMetricData: 1, metricQueries: 1, datapoints: 1},
  }
}

/** The command lines printed under "To apply (…)". */
export function printedCommands(output: string): string[] {
  const lines = output.split('\n')
  const start = lines.findIndex((line) => line.startsWith('To apply ('))
  if (start === -1) return []
  const end = lines.indexOf('', start)
  return lines.slice(start + 1, end === -1 ? undefined : end)
}
