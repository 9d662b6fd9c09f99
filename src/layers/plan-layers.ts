// Pure planning of layer and extension changes: (each function's configuration, request) → plan.
// The same merge runs twice: once on the configuration read for the plan, and again on the state
// read right before each write (PlannedChange.replan), so a layer or variable somebody else added
// in between is kept, never overwritten by a plan built on stale state.
import {emptyPlan, type Plan, type PlannedChange} from '../apply/plan.js'
import {layerOf} from '../aws/lambda-arn.js'
import {environmentBytes, MAX_ENVIRONMENT_BYTES} from './env-flags.js'
import {type FunctionConfigState, normaliseEnvironment, sameConfig, shortLayerName} from './function-config.js'

export const FUNCTION_CONFIG_KIND = 'function-config'
/** Lambda's limit on layers per function. */
export const MAX_LAYERS = 5

/** What GetLayerVersionByArn says about the layer version to attach. */
export interface LayerVersionInfo {
  arn: string
  /** The layer ARN without the version: what "the same layer" means. */
  layerArn: string
  version: number
  /** Empty: the layer declares none, so it restricts nothing on that axis. */
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
}

export type LayerRequest =
  {action: 'attach'; layer: LayerVersionInfo; environment: Record<string, string>} | {action: 'detach'; layerArn: string; environmentKeys: string[]}

/** A function as the planner needs it; built from ListFunctions or GetFunction. */
export interface FunctionFacts {
  functionName: string
  packageType: string
  /** Absent for container images. */
  runtime?: string
  architectures: string[]
  config: FunctionConfigState
}

export type MergeOutcome = {after: FunctionConfigState} | {unchanged: string} | {skip: string}

function list(items: readonly string[]): string {
  return items.join(', ')
}

function names(items: readonly string[]): string {
  return items.length <= 5 ? list(items) : `${list(items.slice(0, 5))} and ${items.length - 5} more`
}

/** Why a function cannot take this layer version at all, whatever its current layers. */
export function incompatibility(fn: FunctionFacts, layer: LayerVersionInfo): string | undefined {
  if (fn.packageType === 'Image') return 'container image (PackageType Image): Lambda does not allow layers on image functions'
  if (layer.compatibleRuntimes.length > 0 && !layer.compatibleRuntimes.includes(fn.runtime ?? '')) {
    return `runtime ${fn.runtime ?? 'unknown'} is not among ${shortLayerName(layer.arn)}'s compatible runtimes (${list(layer.compatibleRuntimes)})`
  }

  const architectures = fn.architectures.length > 0 ? fn.architectures : ['x86_64']
  const unsupported = architectures.filter((arch) => layer.compatibleArchitectures.length > 0 && !layer.compatibleArchitectures.includes(arch))
  if (unsupported.length > 0) {
    return (
      `architecture ${list(unsupported)} is not among ${shortLayerName(layer.arn)}'s compatible architectures (${list(layer.compatibleArchitectures)}); ` +
      `it would fail to start`
    )
  }

  return undefined
}

/**
 * The configuration after the request, from the current one: the layer added at the end, or put in
 * the place of another version of the same layer; every other layer kept, in order; variables
 * merged (attach) or only the named ones removed (detach).
 */
export function mergeConfig(current: FunctionConfigState, request: LayerRequest): MergeOutcome {
  if (request.action === 'attach') {
    const {layer} = request
    const layers = [...current.layers]
    const index = layers.findIndex((arn) => layerOf(arn) === layer.layerArn)
    if (index >= 0) layers[index] = layer.arn
    else if (layers.length >= MAX_LAYERS) {
      return {skip: `already has ${layers.length} layers, Lambda's maximum; a sixth cannot be added (detach one first)`}
    } else layers.push(layer.arn)

    const environment =
      Object.keys(request.environment).length === 0 ? current.environment : normaliseEnvironment({...current.environment, ...request.environment})
    if (environmentBytes(environment) > MAX_ENVIRONMENT_BYTES) {
      return {skip: `its environment variables would take ${environmentBytes(environment)} bytes, over Lambda's ${MAX_ENVIRONMENT_BYTES}-byte limit`}
    }

    const after = {layers, environment}
    if (sameConfig(current, after)) {
      return {unchanged: `already has ${shortLayerName(layer.arn)}${Object.keys(request.environment).length > 0 ? ' and the variables' : ''}`}
    }

    return {after}
  }

  const layers = current.layers.filter((arn) => layerOf(arn) !== request.layerArn)
  if (layers.length === current.layers.length) return {unchanged: `does not have ${shortLayerName(request.layerArn)}`}
  // Variables go only together with the layer: on a function without it they may belong to
  // another extension (two wrappers both use AWS_LAMBDA_EXEC_WRAPPER).
  const environment = current.environment
    ? normaliseEnvironment(Object.fromEntries(Object.entries(current.environment).filter(([key]) => !request.environmentKeys.includes(key))))
    : null
  return {after: {layers, environment}}
}

/** The per-function decision of the plan: incompatibility first, then the merge. */
export function planFunction(fn: FunctionFacts, request: LayerRequest): MergeOutcome {
  if (request.action === 'attach') {
    const reason = incompatibility(fn, request.layer)
    if (reason) return {skip: reason}
  }

  return mergeConfig(fn.config, request)
}

export function planLayers(functions: readonly FunctionFacts[], request: LayerRequest): Plan<FunctionConfigState> {
  const plan = emptyPlan<FunctionConfigState>(FUNCTION_CONFIG_KIND)
  const replaced = new Map<string, string[]>()
  const leftVariables: string[] = []
  for (const fn of functions) {
    const target = {functionName: fn.functionName}
    const outcome = planFunction(fn, request)
    if ('skip' in outcome) {
      plan.skipped.push({target, reason: outcome.skip})
      continue
    }

    if ('unchanged' in outcome) {
      plan.unchanged.push({target, state: fn.config, reason: outcome.unchanged})
      if (request.action === 'detach' && request.environmentKeys.some((key) => fn.config.environment && Object.hasOwn(fn.config.environment, key))) {
        leftVariables.push(fn.functionName)
      }

      continue
    }

    if (request.action === 'attach') {
      for (const [key, value] of Object.entries(request.environment)) {
        const existing = fn.config.environment?.[key]
        if (existing !== undefined && existing !== value) replaced.set(key, [...(replaced.get(key) ?? []), fn.functionName])
      }
    }

    const change: PlannedChange<FunctionConfigState> = {
      kind: FUNCTION_CONFIG_KIND,
      target,
      before: fn.config,
      after: outcome.after,
      // Re-merged on the state read just before the write. Compatibility does not depend on the
      // layer list, so it stays as planned.
      replan(fresh) {
        const merged = mergeConfig(fresh, request)
        if ('skip' in merged) return {skip: merged.skip}
        if ('unchanged' in merged) return {after: fresh}
        return {after: merged.after}
      },
    }
    plan.changes.push(change)
  }

  if (request.action === 'attach') {
    const {layer} = request
    const runtimes = layer.compatibleRuntimes.length > 0 ? list(layer.compatibleRuntimes) : 'any'
    const architectures = layer.compatibleArchitectures.length > 0 ? list(layer.compatibleArchitectures) : 'any'
    plan.notes.push(`${shortLayerName(layer.arn)} supports runtimes: ${runtimes}; architectures: ${architectures}.`)
    for (const [key, functionNames] of replaced) {
      plan.warnings.push(
        `${key} already has another value on ${functionNames.length} function${functionNames.length === 1 ? '' : 's'} (${names(functionNames)}); it ` +
          `will be replaced.`,
      )
    }
  } else if (leftVariables.length > 0) {
    plan.warnings.push(
      `${leftVariables.length} function${leftVariables.length === 1 ? '' : 's'} without ${shortLayerName(request.layerArn)} set ` +
        `${list(request.environmentKeys)} (${names(leftVariables)}); left as is, since another extension may use them.`,
    )
  }

  return plan
}
