// The state lx changes when it attaches or detaches layers and extensions: a function's layer list
// and its environment variables ($LATEST). One state for both, because Lambda sets them in one
// UpdateFunctionConfiguration call and an extension needs both to work.
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'

import type {Reversal} from '../apply/plan.js'
import {layerOf} from '../aws/lambda-arn.js'

export interface FunctionConfigState {
  /** Layer version ARNs, in merge order (order matters: later layers overwrite earlier files). */
  layers: string[]
  /** null: the function has no environment variables. Never an empty map. */
  environment: Record<string, string> | null
  /** The revision this state was read at; writes send it so a concurrent edit fails with 412. */
  revisionId?: string
}

export const MASK = '****'

/** An empty map and no map mean the same to Lambda; lx keeps one form of it. */
export function normaliseEnvironment(variables: Record<string, string> | undefined | null): Record<string, string> | null {
  if (!variables || Object.keys(variables).length === 0) return null
  return {...variables}
}

export function configStateOf(configuration: FunctionConfiguration | undefined): FunctionConfigState {
  return {
    layers: (configuration?.Layers ?? []).map((layer) => layer.Arn!).filter(Boolean),
    environment: normaliseEnvironment(configuration?.Environment?.Variables),
    ...(configuration?.RevisionId ? {revisionId: configuration.RevisionId} : {}),
  }
}

export function sameLayers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((arn, index) => arn === b[index])
}

export function sameEnvironment(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  const left = a ?? {}
  const right = b ?? {}
  const keys = Object.keys(left)
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && right[key] === left[key])
}

/** Layers (in order) and environment; the revision is bookkeeping, not state. */
export function sameConfig(a: FunctionConfigState, b: FunctionConfigState): boolean {
  return sameLayers(a.layers, b.layers) && sameEnvironment(a.environment, b.environment)
}

/** `log-shipper-extension:3` from its ARN: what a person recognises in a plan. */
export function shortLayerName(layerVersionArn: string): string {
  const layerArn = layerOf(layerVersionArn)
  const name = layerArn.slice(layerArn.lastIndexOf(':') + 1)
  return layerArn === layerVersionArn ? name : `${name}:${layerVersionArn.slice(layerVersionArn.lastIndexOf(':') + 1)}`
}

/** Keys only: values can be secrets (API keys, tokens), so no printed form ever shows them. */
export function describeEnvironment(environment: Record<string, string> | null): string {
  const keys = Object.keys(environment ?? {})
  return keys.length === 0 ? 'no env vars' : `env ${keys.map((key) => `${key}=${MASK}`).join(', ')}`
}

/** One line for plans: `layers a:1, b:3; env KEY=****`. The env part is left out when there is none. */
export function describeConfig(state: FunctionConfigState): string {
  const layers = state.layers.length === 0 ? 'no layers' : `layers ${state.layers.map((arn) => shortLayerName(arn)).join(', ')}`
  return state.environment ? `${layers}; ${describeEnvironment(state.environment)}` : layers
}

/** The same state with every environment value replaced by the mask, for --json output. */
export function maskConfig<T extends {environment?: Record<string, string> | null}>(state: T): T {
  if (!state || typeof state !== 'object' || !state.environment) return state
  return {...state, environment: Object.fromEntries(Object.keys(state.environment).map((key) => [key, MASK]))}
}

/** Layer version ARNs keyed by layer (the ARN without its version): what undo compares. */
function layersById(layers: readonly string[]): Map<string, string> {
  return new Map(layers.map((arn) => [layerOf(arn), arn]))
}

/**
 * Undo's three-way merge for layers and environment: only the layers lx added, removed or moved to
 * another version, and only the variables lx set or removed, go back to what they were; layers and
 * variables somebody else changed since stay. When somebody changed the same layer or variable,
 * that is a conflict (reversed anyway with `force`). The live revision goes with the write.
 */
export function revertConfig(
  before: FunctionConfigState,
  after: FunctionConfigState,
  live: FunctionConfigState,
  force: boolean,
): Reversal<FunctionConfigState> {
  const conflicts: string[] = []
  let pending = false

  // Layers: by layer, in the live order; a layer lx removed goes back where it stood before.
  const [was, wrote, now] = [layersById(before.layers), layersById(after.layers), layersById(live.layers)]
  const layers = [...live.layers]
  const changedIds = [...new Set([...was.keys(), ...wrote.keys()])].filter((id) => was.get(id) !== wrote.get(id))
  for (const id of changedIds) {
    if (now.get(id) === was.get(id)) continue
    if (now.get(id) !== wrote.get(id)) {
      conflicts.push(`layer ${shortLayerName(id)} is now ${now.has(id) ? shortLayerName(now.get(id)!) : 'removed'}`)
      if (!force) continue
    }

    pending = true
    const index = layers.findIndex((arn) => layerOf(arn) === id)
    const original = was.get(id)
    if (original === undefined) layers.splice(index, 1)
    else if (index === -1) layers.splice(Math.min(before.layers.indexOf(original), layers.length), 0, original)
    else layers[index] = original
  }

  // Lx reordered without adding or removing (it never does, but a journal may say so): whole list.
  if (changedIds.length === 0 && !sameLayers(before.layers, after.layers)) {
    if (sameLayers(live.layers, after.layers) || force) {
      layers.splice(0, layers.length, ...before.layers)
      pending = true
    } else if (!sameLayers(live.layers, before.layers)) conflicts.push('the layer order changed since')
  }

  // Environment: by variable.
  const environment: Record<string, string> = {...live.environment}
  const [oldVars, newVars, liveVars] = [before.environment ?? {}, after.environment ?? {}, live.environment ?? {}]
  for (const key of new Set([...Object.keys(oldVars), ...Object.keys(newVars)])) {
    const [old, wrote, current] = [oldVars[key], newVars[key], liveVars[key]]
    if (old === wrote || current === old) continue
    if (current !== wrote) {
      conflicts.push(`variable ${key} changed since`)
      if (!force) continue
    }

    pending = true
    if (old === undefined) delete environment[key]
    else environment[key] = old
  }

  if (conflicts.length > 0 && !force) return {conflict: `changed since lx set it: ${conflicts.join('; ')}`}
  if (!pending) return {done: true}
  return {to: {layers, environment: normaliseEnvironment(environment), ...(live.revisionId ? {revisionId: live.revisionId} : {})}}
}
