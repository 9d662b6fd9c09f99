// `lx scaling …`: selection → current state (Lambda and Application Auto Scaling) → plan, and the
// data of `lx scaling list`. The commands hand plans to the shared engine.
//
// Calls per alias: GetFunction (cached from selection), ListProvisionedConcurrencyConfigs,
// GetAlias or GetFunctionConfiguration, DescribeScalableTargets (50 aliases per call), and for a
// registered target DescribeScalingPolicies and/or DescribeScheduledActions; GetAccountSettings
// once per run.
import {type ApplicationAutoScalingClient, type ScalingPolicy, type ScheduledAction} from '@aws-sdk/client-application-auto-scaling'
import {GetProvisionedConcurrencyConfigCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import type {Plan} from '../apply/plan.js'
import {parseFunctionRef} from '../aws/lambda-arn.js'
import type {AwsContext} from '../aws/aws-context.js'
import type {AccountState} from '../concurrency/plan-concurrency.js'
import {readProvisioned, readReserved} from '../concurrency/read-concurrency.js'
import {readAccountState, readQualifier} from '../concurrency/read-plan-state.js'
import {UserError} from '../errors.js'
import {checkQualifier, checkQualifierAgreement} from '../input/qualifier.js'
import {mapPool} from '../lib/map-pool.js'
import {selectFunctions} from '../select/select-functions.js'
import {parseSelection, type SelectionFlagValues} from '../select/selection-flags.js'
import {createProgress} from '../lib/progress.js'
import {planScalingRemove, planScalingSchedule, planScalingSet, type ScalingState, setTitle} from './plan-scaling.js'
import {describeActions, describePolicies, describeTargets, toActionState, toPolicyState, toTargetState} from './read-scaling.js'
import type {RemoveRequest, ScheduleRequest, SetRequest} from './scaling-input.js'
import {isUtilizationTracking, LX_POLICY_NAME, parseResourceId, type PolicySummary, resourceIdOf, summarisePolicy} from './scaling-model.js'
import {nextRun, parseSchedule} from './schedule-expression.js'

const READ_PARALLELISM = 16
/** Up to this many targets, per-target Describe calls; beyond, one paginated listing is cheaper. */
const PER_TARGET_LIMIT = 3

export interface ScalingInput {
  names: string[]
  selection: SelectionFlagValues
  qualifier?: string
}

export function validateScalingQualifier(qualifier: string, source = '--qualifier'): string {
  if (qualifier === '$LATEST') {
    throw new UserError('Provisioned concurrency cannot scale on $LATEST (an unpublished version).', {
      code: 'LatestQualifier',
      hint: 'Publish a version or use an alias, e.g. --qualifier live.',
    })
  }

  return checkQualifier(qualifier, source)
}

/**
 * Checked before any call: every target needs a qualifier, from --qualifier or `name:qualifier`,
 * and the two must not disagree.
 */
export function checkQualifierInput(names: string[], flag: string | undefined): void {
  if (flag !== undefined) validateScalingQualifier(flag)
  for (const name of names) {
    const ref = parseFunctionRef(name)
    if (ref.qualifier !== undefined) validateScalingQualifier(ref.qualifier, name)
  }

  checkQualifierAgreement(names, flag)

  if (flag === undefined && (names.length === 0 || names.some((name) => parseFunctionRef(name).qualifier === undefined))) {
    throw new UserError('Auto scaling of provisioned concurrency needs --qualifier (an alias or a published version).', {
      code: 'MissingQualifier',
      hint: 'e.g. --qualifier live (or name the function as checkout-api:live)',
    })
  }
}

interface ReadNeeds {
  /** Qualifier, reserved and provisioned concurrency, for the checks before set and schedule. */
  lambda: boolean
  account: boolean
  policies: boolean
  /** true: every action; a list: only those names. */
  actions: boolean | string[]
  minUnreserved?: number
}

interface ReadResult {
  region: string
  states: ScalingState[]
  named: boolean
  account?: AccountState
}

async function readScalingStates(aws: AwsContext, input: ScalingInput, needs: ReadNeeds): Promise<ReadResult> {
  checkQualifierInput(input.names, input.qualifier)
  const {region, reader, request, functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const aas = await aws.autoscaling()
  const targets = functions.map((fn) => ({fn, qualifier: input.qualifier ?? fn.qualifier!}))
  const progress = createProgress({label: 'Reading auto scaling'})
  try {
    const accountRead = needs.account ? readAccountState(reader.lambda, needs.minUnreserved) : Promise.resolve(undefined)
    const registered = new Map(
      (
        await describeTargets(
          aas,
          targets.map(({fn, qualifier}) => resourceIdOf(fn.name, qualifier)),
        )
      ).map((target) => [target.ResourceId!, toTargetState(target)]),
    )
    let done = 0
    const states = await mapPool(targets, READ_PARALLELISM, async ({fn, qualifier}): Promise<ScalingState> => {
      const resourceId = resourceIdOf(fn.name, qualifier)
      const target = registered.get(resourceId) ?? null
      const [lambdaState, policies, actions] = await Promise.all([
        needs.lambda
          ? Promise.all([readQualifier(reader.lambda, fn.name, qualifier), readReserved(reader, fn.name), readProvisioned(reader.lambda, fn.name)])
          : Promise.resolve(undefined),
        // Policies and schedules cannot exist without their target.
        needs.policies && target ? describePolicies(aas, resourceId) : Promise.resolve([]),
        needs.actions && target ? describeActions(aas, resourceId, Array.isArray(needs.actions) ? needs.actions : undefined) : Promise.resolve([]),
      ])
      progress.update(++done, targets.length)
      return {
        functionName: fn.name,
        qualifier,
        // remove reads no Lambda state: it takes away whatever is registered, alias or not.
        qualifierInfo: lambdaState?.[0] ?? {exists: true, kind: 'alias', routing: false},
        reserved: lambdaState?.[1] ?? null,
        provisioned: lambdaState?.[2] ?? [],
        target,
        policies: policies.map((policy) => ({name: policy.PolicyName!, state: toPolicyState(policy)})),
        actions: actions.map((action) => ({name: action.ScheduledActionName!, state: toActionState(action)})),
      }
    })
    return {region, states, named: request.refs.length > 0, account: await accountRead}
  } finally {
    progress.stop()
  }
}

export interface PlannedScaling {
  plan: Plan
  region: string
  title: string
}

export async function planSet(
  aws: AwsContext,
  input: ScalingInput,
  request: SetRequest,
  options: {strict: boolean; minUnreserved?: number},
): Promise<PlannedScaling> {
  const {region, states, named, account} = await readScalingStates(aws, input, {
    lambda: true,
    account: true,
    policies: true,
    actions: false,
    minUnreserved: options.minUnreserved,
  })
  const plan = planScalingSet(states, request, {account: account!, named, strict: options.strict})
  return {plan, region, title: setTitle(qualifierLabel(states, input), request)}
}

export async function planSchedule(
  aws: AwsContext,
  input: ScalingInput,
  request: ScheduleRequest,
  options: {strict: boolean; minUnreserved?: number},
): Promise<PlannedScaling> {
  const {region, states, named, account} = await readScalingStates(aws, input, {
    lambda: true,
    account: true,
    policies: false,
    actions: [request.name],
    minUnreserved: options.minUnreserved,
  })
  const plan = planScalingSchedule(states, request, {account: account!, named, strict: options.strict})
  const capacity = [request.min === null ? '' : `min ${request.min}`, request.max === null ? '' : `max ${request.max}`].filter(Boolean).join(', ')
  return {
    plan,
    region,
    title: `schedule ${request.name} on ${qualifierLabel(states, input)}: ${request.expression}${request.timezone ? ` ${request.timezone}` : ''} → ${capacity}`,
  }
}

export async function planRemove(aws: AwsContext, input: ScalingInput, request: RemoveRequest): Promise<PlannedScaling> {
  const {region, states} = await readScalingStates(aws, input, {lambda: false, account: false, policies: request.schedule === undefined, actions: true})
  const plan = planScalingRemove(states, request)
  const what = request.schedule === undefined ? 'remove auto scaling (schedules, policies, scalable target)' : `remove schedule ${request.schedule}`
  return {plan, region, title: `${what} on ${qualifierLabel(states, input)}`}
}

function qualifierLabel(states: ScalingState[], input: ScalingInput): string {
  const qualifiers = new Set(states.map((state) => state.qualifier))
  return input.qualifier ?? (qualifiers.size === 1 ? [...qualifiers][0] : 'each alias')
}

// ---- lx scaling list -----------------------------------------------------------------------

export interface ScheduleRow {
  name: string
  schedule: string
  timezone: string | null
  min: number | null
  max: number | null
  /** ISO time of the next run; null when it will not run again or lx cannot tell. */
  nextRun: string | null
}

export interface ScalingListRow {
  /** The account of the scalable target's ARN (or of the function's), and the region it was read in. */
  account?: string
  region?: string
  functionName: string
  qualifier: string
  resourceId: string
  min: number
  max: number
  policy: PolicySummary | null
  schedules: ScheduleRow[]
  /** The alias's provisioned concurrency now; null when it has none. */
  provisioned: {requested: number; allocated: number; status: string} | null
}

export async function listScaling(aws: AwsContext, input: ScalingInput, now = Date.now()): Promise<ScalingListRow[]> {
  const request = parseSelection(input.names, input.selection, {mutating: false})
  if (input.qualifier !== undefined) validateScalingQualifier(input.qualifier)
  const aas = await aws.autoscaling()
  const lambda = await aws.lambda()
  const region = await aws.region()
  let targets
  let functionAccount: string | undefined
  if (request.implicitAll) {
    targets = await describeTargets(aas)
    if (input.qualifier !== undefined) targets = targets.filter((target) => parseResourceId(target.ResourceId ?? '')?.qualifier === input.qualifier)
  } else {
    const {functions} = await selectFunctions(aws, input.names, input.selection, {mutating: false})
    functionAccount = accountOf(functions[0]?.arn)
    const qualified = functions.every((fn) => (input.qualifier ?? fn.qualifier) !== undefined)
    if (qualified) {
      // Every alias is known: ask for exactly those.
      targets = await describeTargets(
        aas,
        functions.map((fn) => resourceIdOf(fn.name, (input.qualifier ?? fn.qualifier)!)),
      )
    } else {
      const names = new Set(functions.map((fn) => fn.name))
      targets = (await describeTargets(aas)).filter((target) => {
        const parsed = parseResourceId(target.ResourceId ?? '')
        return parsed && names.has(parsed.functionName)
      })
    }
  }

  const found = targets
    .map((target) => ({target, id: parseResourceId(target.ResourceId ?? '')}))
    .filter((item): item is {target: (typeof targets)[number]; id: NonNullable<ReturnType<typeof parseResourceId>>} => item.id !== undefined)
    .sort((a, b) => a.id.functionName.localeCompare(b.id.functionName) || a.id.qualifier.localeCompare(b.id.qualifier))
  const progress = createProgress({label: 'Reading auto scaling'})
  try {
    const {policies, actions} = await readPoliciesAndActions(
      aas,
      found.map((item) => item.target.ResourceId!),
    )
    let done = 0
    return await mapPool(found, READ_PARALLELISM, async ({target, id}) => {
      const provisioned = await readProvisionedConfig(lambda, id.functionName, id.qualifier)
      progress.update(++done, found.length)
      const resourceId = target.ResourceId!
      return {
        account: accountOf(target.ScalableTargetARN) ?? functionAccount,
        region,
        functionName: id.functionName,
        qualifier: id.qualifier,
        resourceId,
        min: target.MinCapacity ?? 0,
        max: target.MaxCapacity ?? 0,
        policy: pickPolicy(policies.get(resourceId) ?? []),
        schedules: (actions.get(resourceId) ?? []).map((action) => scheduleRow(action, now)).sort((a, b) => a.name.localeCompare(b.name)),
        provisioned,
      }
    })
  } finally {
    progress.stop()
  }
}

/** The account an ARN names (`arn:aws:SERVICE:REGION:ACCOUNT:…`), if any. */
function accountOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

async function readPoliciesAndActions(aas: ApplicationAutoScalingClient, resourceIds: string[]) {
  const group = <T extends {ResourceId?: string}>(items: T[]) => {
    const map = new Map<string, T[]>()
    for (const item of items) map.set(item.ResourceId ?? '', [...(map.get(item.ResourceId ?? '') ?? []), item])
    return map
  }

  if (resourceIds.length > PER_TARGET_LIMIT) {
    const [policies, actions] = await Promise.all([describePolicies(aas), describeActions(aas)])
    return {policies: group<ScalingPolicy>(policies), actions: group<ScheduledAction>(actions)}
  }

  const per = await Promise.all(resourceIds.map(async (id) => Promise.all([describePolicies(aas, id), describeActions(aas, id)])))
  return {policies: group<ScalingPolicy>(per.flatMap(([policies]) => policies)), actions: group<ScheduledAction>(per.flatMap(([, actions]) => actions))}
}

/** lx's own policy first, then any target tracking on utilisation, then whatever there is. */
function pickPolicy(policies: ScalingPolicy[]): PolicySummary | null {
  const chosen =
    policies.find((policy) => policy.PolicyName === LX_POLICY_NAME) ?? policies.find((policy) => isUtilizationTracking(toPolicyState(policy))) ?? policies[0]
  return chosen ? summarisePolicy(chosen.PolicyName!, toPolicyState(chosen)) : null
}

function scheduleRow(action: ScheduledAction, now: number): ScheduleRow {
  const state = toActionState(action)
  let next: number | null = null
  try {
    next = nextRun(parseSchedule(state.schedule), {
      timezone: state.timezone,
      now,
      start: action.StartTime ? new Date(action.StartTime).getTime() : null,
      end: action.EndTime ? new Date(action.EndTime).getTime() : null,
      created: action.CreationTime ? new Date(action.CreationTime).getTime() : null,
    })
  } catch {
    // A schedule lx cannot read (written elsewhere, in a form lx does not know): no next run shown.
  }

  return {
    name: action.ScheduledActionName!,
    schedule: state.schedule,
    timezone: state.timezone,
    min: state.min,
    max: state.max,
    nextRun: next === null ? null : new Date(next).toISOString(),
  }
}

async function readProvisionedConfig(lambda: LambdaClient, functionName: string, qualifier: string): Promise<ScalingListRow['provisioned']> {
  try {
    const config = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: functionName, Qualifier: qualifier}))
    return {
      requested: config.RequestedProvisionedConcurrentExecutions ?? 0,
      allocated: config.AllocatedProvisionedConcurrentExecutions ?? 0,
      status: config.Status ?? 'UNKNOWN',
    }
  } catch (error) {
    const name = (error as Error).name
    // A target can outlive its function or alias; it shows with nothing provisioned.
    if (name === 'ProvisionedConcurrencyConfigNotFoundException' || name === 'ResourceNotFoundException') return null
    throw error
  }
}
