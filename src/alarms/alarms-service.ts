// `lx alarms set` / `remove` / `list`: flags → selection → traffic, limits and the alarms that exist
// → plan or rows.
//
// Calls: the selection (ListFunctions / GetFunction); for spillover alarms one
// ListProvisionedConcurrencyConfigs per function; GetAccountSettings for account alarms;
// GetMetricData once per 500 series (up to five per function, only those the kinds need; one
// datapoint per series for the whole window); DescribeAlarms by the `lx-` prefix, 100 alarms a
// page. The engine then reads each alarm again (DescribeAlarms by name), writes it (PutMetricAlarm
// or DeleteAlarms) and reads it back, on CloudWatch's budget.
import type {Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {readAccountSettings, readProvisioned} from '../concurrency/read-concurrency.js'
import {mapPool} from '../lib/map-pool.js'
import {formatRange} from '../metrics/parse-range.js'
import {selectFunctions} from '../select/select-functions.js'
import type {SelectionFlagValues} from '../select/selection-flags.js'
import {createProgress} from '../lib/progress.js'
import {type AlarmDefinition, type AlarmState, describeAlarm, isLxAlarm} from './alarm-definition.js'
import {
  ACCOUNT_KINDS,
  type AlarmKind,
  type AlarmsSetFlags,
  FUNCTION_KINDS,
  type FunctionAlarmKind,
  isAccountKind,
  parseAlarmName,
  parseKinds,
  parseTopicArn,
  requestedKinds,
  validateSetFlags,
} from './alarm-kinds.js'
import {alarmTarget, type DesiredAlarm, desiredForAccount, desiredForFunction, planAlarmsRemove, planAlarmsSet} from './plan-alarms.js'
import {listPrefixedAlarms, readWindowTraffic} from './read-alarms.js'

const READ_PARALLELISM = 8

export interface PlannedAlarms {
  plan: Plan<AlarmState>
  region: string
  title: string
}

/** The same SNS topic (same account and name) in another region. */
export function topicArnInRegion(arn: string, region: string): string {
  const parts = arn.trim().split(':')
  parts[3] = region
  return parts.join(':')
}

export interface AlarmsSetOptions {
  /**
   * A fleet run: CloudWatch notifies only a topic of the alarm's own region, so the --notify topic
   * is taken in each region lx works in, with the same account and name (as layers are).
   */
  inEachRegion?: boolean
}

export async function planAlarmsSetChange(aws: AwsContext, names: string[], flags: AlarmsSetFlags, options: AlarmsSetOptions = {}): Promise<PlannedAlarms> {
  const {kinds, thresholds, windowSeconds} = validateSetFlags(flags)
  const region = await aws.region()
  const typedTopic = parseTopicArn(flags.notify)
  const topicArn = parseTopicArn(options.inEachRegion ? topicArnInRegion(typedTopic, region) : typedTopic, region)
  const functionKinds = kinds.filter((kind): kind is FunctionAlarmKind => !isAccountKind(kind))
  const accountKinds = kinds.filter((kind) => isAccountKind(kind))
  const functions = functionKinds.length > 0 ? (await selectFunctions(aws, names, flags, {mutating: true})).functions : []
  const [lambda, cloudwatch] = await Promise.all([aws.lambda(), aws.cloudwatch()])

  const now = Date.now() / 1000
  const progress = createProgress({label: 'Reading traffic and alarms'})
  try {
    let done = 0
    const provisioned = functionKinds.includes('spillover')
      ? await mapPool(functions, READ_PARALLELISM, async (fn) => {
          const configs = await readProvisioned(lambda, fn.name)
          progress.update(++done, functions.length)
          return configs.length > 0
        })
      : functions.map(() => false)
    const [traffic, account, existing] = await Promise.all([
      readWindowTraffic(cloudwatch, {kinds, functions: functions.map((fn, index) => ({name: fn.name, spillover: provisioned[index]}))}, windowSeconds, now),
      accountKinds.length > 0 ? readAccountSettings(lambda) : undefined,
      listPrefixedAlarms(cloudwatch),
    ])
    const request = {kinds, topicArn, thresholds, window: formatRange(windowSeconds)}
    const desired: DesiredAlarm[] = []
    for (const [index, fn] of functions.entries()) {
      const facts = {
        functionName: fn.name,
        timeoutSeconds: fn.configuration.Timeout ?? 3,
        provisioned: provisioned[index],
        traffic: traffic.functions.get(fn.name)!,
      }
      for (const kind of functionKinds) desired.push(desiredForFunction(facts, kind, request))
    }

    if (account) {
      const facts = {limit: account.limit, unreserved: account.unreserved, peakConcurrency: traffic.peakConcurrency, peakUnreserved: traffic.peakUnreserved}
      for (const kind of accountKinds) desired.push(desiredForAccount(facts, kind, request))
    }

    const byName = new Map(existing.map((alarm) => [alarm.definition.AlarmName, alarm.definition]))
    const plan = planAlarmsSet(desired, {byName})
    if (topicArn !== typedTopic && plan.changes.length > 0) {
      plan.notes.push(`The alarms here notify ${topicArn}: the --notify topic's name in ${region} (CloudWatch notifies only topics of its own region).`)
    }

    const topic = topicArn.slice(topicArn.lastIndexOf(':') + 1)
    return {plan, region, title: `set alarms (${kinds.join(', ')}) notifying ${topic}, thresholds from ${request.window} of traffic`}
  } finally {
    progress.stop()
  }
}

export interface AlarmsRemoveFlags extends SelectionFlagValues {
  kind?: string[]
}

export async function planAlarmsRemoveChange(aws: AwsContext, names: string[], flags: AlarmsRemoveFlags): Promise<PlannedAlarms> {
  const kinds = requestedKinds(flags.kind, flags)
  const functionKinds = kinds.filter((kind) => !isAccountKind(kind))
  const region = await aws.region()
  const functions = functionKinds.length > 0 ? (await selectFunctions(aws, names, flags, {mutating: true})).functions : []
  const existing = await listPrefixedAlarms(await aws.cloudwatch())
  const targets = [
    ...functions.flatMap((fn) => functionKinds.map((kind) => ({target: alarmTarget(kind, fn.name)}))),
    ...kinds.filter((kind) => isAccountKind(kind)).map((kind) => ({target: alarmTarget(kind)})),
  ]
  const plan = planAlarmsRemove(targets, {byName: new Map(existing.map((alarm) => [alarm.definition.AlarmName, alarm.definition]))})
  return {plan, region, title: `remove lx alarms (${kinds.join(', ')})`}
}

export interface AlarmRow {
  /** The account of the alarm's ARN, and the region it was read in. */
  account?: string
  region?: string
  alarmName: string
  kind: AlarmKind
  /** null for account alarms. */
  functionName: string | null
  state: string
  threshold: number | null
  /** What it watches and when it fires, e.g. `Throttles Sum > 0, 1 of 5 × 1 min, missing=notBreaching`. */
  condition: string
  stateReason?: string
  stateUpdated?: string
}

export interface AlarmsList {
  alarms: AlarmRow[]
  /** Selected functions with no lx alarm at all. */
  functionsWithoutAlarms: string[]
  /** lx alarms of functions that no longer exist (`lx alarms remove` cannot select them). */
  orphaned: string[]
}

export async function readAlarmsList(aws: AwsContext, names: string[], selection: SelectionFlagValues, kindFlags: string[] | undefined): Promise<AlarmsList> {
  const kinds = kindFlags && kindFlags.length > 0 ? parseKinds(kindFlags) : [...FUNCTION_KINDS, ...ACCOUNT_KINDS]
  const {functions, request, region} = await selectFunctions(aws, names, selection, {mutating: false})
  const existing = await listPrefixedAlarms(await aws.cloudwatch())
  const selected = new Set(functions.map((fn) => fn.name))
  const everything = request.implicitAll || request.all
  const alarms: AlarmRow[] = []
  const orphaned: string[] = []
  const covered = new Set<string>()
  for (const live of existing) {
    const definition: AlarmDefinition = live.definition
    const parsed = parseAlarmName(definition.AlarmName)
    if (!parsed || !isLxAlarm(definition) || !kinds.includes(parsed.kind)) continue
    if (parsed.functionName !== undefined) {
      if (!selected.has(parsed.functionName)) {
        if (everything && !request.match && !request.exclude && request.tags.length === 0 && request.runtimes.length === 0) orphaned.push(definition.AlarmName)
        continue
      }

      covered.add(parsed.functionName)
    }

    const account = live.arn?.split(':')[4] || functions[0]?.arn.split(':')[4] || undefined
    alarms.push({
      account,
      region,
      alarmName: definition.AlarmName,
      kind: parsed.kind,
      functionName: parsed.functionName ?? null,
      state: live.state,
      threshold: definition.Threshold ?? null,
      condition: describeAlarm(definition),
      ...(live.stateReason ? {stateReason: live.stateReason} : {}),
      ...(live.stateUpdated ? {stateUpdated: live.stateUpdated} : {}),
    })
  }

  return {alarms, functionsWithoutAlarms: functions.map((fn) => fn.name).filter((name) => !covered.has(name)), orphaned}
}
