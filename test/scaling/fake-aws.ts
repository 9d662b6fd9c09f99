// A small stateful AWS for the nock tests of `lx scaling`: Application Auto Scaling (awsJson1_1,
// answered through the shared `autoscaling(op, reply)` helper) and the few Lambda reads the
// commands make. Every request is recorded, so tests assert on bodies and order, and on "no write
// was sent".
import nock from 'nock'

import {autoscaling, fnConfig, functionArn, jsonError, lambda, lambdaError} from '../helpers/aws-nock.js'

export interface FakeFunction {
  reserved?: number
  aliases?: string[]
  versions?: string[]
  /** Provisioned concurrency per qualifier. */
  provisioned?: Record<string, {requested: number; allocated?: number; status?: string}>
}

export interface Call {
  op: string
  body: any
}

const AAS_OPS = [
  'RegisterScalableTarget',
  'DeregisterScalableTarget',
  'DescribeScalableTargets',
  'PutScalingPolicy',
  'DescribeScalingPolicies',
  'DeleteScalingPolicy',
  'PutScheduledAction',
  'DescribeScheduledActions',
  'DeleteScheduledAction',
] as const

export const AAS_WRITES = new Set([
  'RegisterScalableTarget',
  'DeregisterScalableTarget',
  'PutScalingPolicy',
  'DeleteScalingPolicy',
  'PutScheduledAction',
  'DeleteScheduledAction',
])

type Reply = unknown | [number, unknown]

export class FakeAws {
  readonly calls: Call[] = []
  readonly targets = new Map<string, any>()
  readonly policies = new Map<string, any>()
  readonly actions = new Map<string, any>()
  /** Answers to give instead of the normal one, once each, per operation. */
  readonly injected = new Map<string, Reply[]>()

  constructor(
    readonly functions: Record<string, FakeFunction>,
    readonly account = {limit: 1000, unreserved: 900},
  ) {}

  /** Installs the interceptors (they persist until nock.cleanAll, which test/setup.ts runs). */
  install(): this {
    for (const op of AAS_OPS) autoscaling(op, (body) => this.aas(op, body), {times: 1000})
    lambda()
      .persist()
      .get(() => true)
      .reply((uri) => this.lambda(uri) as any)
    return this
  }

  writes(): Call[] {
    return this.calls.filter((call) => AAS_WRITES.has(call.op))
  }

  ops(): string[] {
    return this.calls.map((call) => call.op)
  }

  inject(op: string, ...replies: Reply[]): void {
    this.injected.set(op, [...(this.injected.get(op) ?? []), ...replies])
  }

  private aas(op: string, body: any): Reply {
    this.calls.push({op, body})
    const queued = this.injected.get(op)
    if (queued && queued.length > 0) return queued.shift()
    const targetKey = body.ResourceId as string
    switch (op) {
      case 'RegisterScalableTarget': {
        const existing = this.targets.get(targetKey)
        this.targets.set(targetKey, {
          ServiceNamespace: body.ServiceNamespace,
          ResourceId: body.ResourceId,
          ScalableDimension: body.ScalableDimension,
          MinCapacity: body.MinCapacity ?? existing?.MinCapacity,
          MaxCapacity: body.MaxCapacity ?? existing?.MaxCapacity,
          SuspendedState: body.SuspendedState ?? existing?.SuspendedState,
          CreationTime: 1_770_000_000,
          RoleARN:
            'arn:aws:iam::123456789012:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/' +
            'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
        })
        return {ScalableTargetARN: `arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/${targetKey}`}
      }

      case 'DeregisterScalableTarget': {
        if (!this.targets.has(targetKey)) return jsonError(400, 'ObjectNotFoundException', 'No scalable target registered')
        this.targets.delete(targetKey)
        for (const map of [this.policies, this.actions]) for (const key of [...map.keys()]) if (key.startsWith(`${targetKey}|`)) map.delete(key)
        return {}
      }

      case 'DescribeScalableTargets': {
        const ids: string[] | undefined = body.ResourceIds
        return {ScalableTargets: [...this.targets.values()].filter((target) => !ids || ids.includes(target.ResourceId))}
      }

      case 'PutScalingPolicy': {
        if (!this.targets.has(targetKey))
          return jsonError(400, 'ObjectNotFoundException', `No scalable target registered for service namespace: lambda, resource ID: ${targetKey}`)
        const {ServiceNamespace: _s, ...policy} = body
        this.policies.set(`${targetKey}|${body.PolicyName}`, {
          ...policy,
          ServiceNamespace: 'lambda',
          PolicyARN: `arn:policy/${body.PolicyName}`,
          CreationTime: 1_770_000_000,
          Alarms: [],
        })
        return {PolicyARN: `arn:policy/${body.PolicyName}`, Alarms: []}
      }

      case 'DescribeScalingPolicies': {
        const policies = [...this.policies.values()].filter(
          (policy) => (!body.ResourceId || policy.ResourceId === body.ResourceId) && (!body.PolicyNames || body.PolicyNames.includes(policy.PolicyName)),
        )
        return {ScalingPolicies: policies}
      }

      case 'DeleteScalingPolicy': {
        const key = `${targetKey}|${body.PolicyName}`
        if (!this.policies.has(key)) return jsonError(400, 'ObjectNotFoundException', 'No scaling policy found')
        this.policies.delete(key)
        return {}
      }

      case 'PutScheduledAction': {
        if (!this.targets.has(targetKey))
          return jsonError(400, 'ObjectNotFoundException', `No scalable target registered for service namespace: lambda, resource ID: ${targetKey}`)
        const key = `${targetKey}|${body.ScheduledActionName}`
        const existing = this.actions.get(key)
        this.actions.set(key, {
          ScheduledActionName: body.ScheduledActionName,
          ScheduledActionARN: `arn:action/${body.ScheduledActionName}`,
          ServiceNamespace: 'lambda',
          ResourceId: body.ResourceId,
          ScalableDimension: body.ScalableDimension,
          Schedule: body.Schedule ?? existing?.Schedule,
          Timezone: body.Timezone ?? existing?.Timezone,
          StartTime: body.StartTime,
          EndTime: body.EndTime,
          ScalableTargetAction: {...existing?.ScalableTargetAction, ...body.ScalableTargetAction},
          CreationTime: 1_770_000_000,
        })
        return {}
      }

      case 'DescribeScheduledActions': {
        const actions = [...this.actions.values()].filter(
          (action) =>
            (!body.ResourceId || action.ResourceId === body.ResourceId) &&
            (!body.ScheduledActionNames || body.ScheduledActionNames.includes(action.ScheduledActionName)),
        )
        return {ScheduledActions: actions}
      }

      case 'DeleteScheduledAction': {
        const key = `${targetKey}|${body.ScheduledActionName}`
        if (!this.actions.has(key)) return jsonError(400, 'ObjectNotFoundException', 'No scheduled action found')
        this.actions.delete(key)
        return {}
      }
    }

    return jsonError(400, 'UnknownOperation', op)
  }

  private lambda(uri: string): readonly [number, unknown, Record<string, string>?] | [number, unknown] {
    const url = new URL(uri, 'https://lambda.us-east-1.amazonaws.com')
    const path = url.pathname.replace(/\/$/, '')
    this.calls.push({op: `lambda GET ${path}${url.search}`, body: undefined})
    if (path === '/2016-08-19/account-settings') {
      return [
        200,
        {
          AccountLimit: {ConcurrentExecutions: this.account.limit, UnreservedConcurrentExecutions: this.account.unreserved},
          AccountUsage: {FunctionCount: Object.keys(this.functions).length},
        },
      ]
    }

    if (path === '/2015-03-31/functions') {
      return [200, {Functions: Object.keys(this.functions).map((name) => fnConfig(name))}]
    }

    const match = /^\/(\d{4}-\d{2}-\d{2})\/functions\/([^/]+)(?:\/(.*))?$/.exec(path)
    const name = match?.[2] ?? ''
    const fn = this.functions[name]
    if (!match || !fn) return lambdaError(404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}`)
    const rest = match[3]
    if (rest === undefined) {
      return [200, {Configuration: fnConfig(name), ...(fn.reserved === undefined ? {} : {Concurrency: {ReservedConcurrentExecutions: fn.reserved}})}]
    }

    const alias = /^aliases\/(.+)$/.exec(rest)
    if (alias) {
      if (!(fn.aliases ?? []).includes(alias[1])) return lambdaError(404, 'ResourceNotFoundException', `Alias not found: ${functionArn(name, alias[1])}`)
      return [200, {Name: alias[1], FunctionVersion: '1', AliasArn: functionArn(name, alias[1])}]
    }

    if (rest === 'configuration') {
      const qualifier = url.searchParams.get('Qualifier') ?? '$LATEST'
      if (qualifier !== '$LATEST' && !(fn.versions ?? []).includes(qualifier)) return lambdaError(404, 'ResourceNotFoundException', 'Function not found')
      return [200, fnConfig(name, {Version: qualifier})]
    }

    if (rest === 'provisioned-concurrency') {
      const configs = fn.provisioned ?? {}
      if (url.searchParams.get('List') === 'ALL') {
        return [
          200,
          {
            ProvisionedConcurrencyConfigs: Object.entries(configs).map(([qualifier, pc]) => ({
              FunctionArn: functionArn(name, qualifier),
              RequestedProvisionedConcurrentExecutions: pc.requested,
              AllocatedProvisionedConcurrentExecutions: pc.allocated ?? pc.requested,
              AvailableProvisionedConcurrentExecutions: pc.allocated ?? pc.requested,
              Status: pc.status ?? 'READY',
            })),
          },
        ]
      }

      const pc = configs[url.searchParams.get('Qualifier') ?? '']
      if (!pc) return lambdaError(404, 'ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function')
      return [
        200,
        {
          RequestedProvisionedConcurrentExecutions: pc.requested,
          AllocatedProvisionedConcurrentExecutions: pc.allocated ?? pc.requested,
          Status: pc.status ?? 'READY',
        },
      ]
    }

    return lambdaError(404, 'ResourceNotFoundException', `no fake for ${path}`)
  }
}

export function resetNock(): void {
  nock.cleanAll()
}
