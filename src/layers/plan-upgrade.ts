// Pure planning of `lx layers upgrade` / `lx extensions upgrade`: every selected function that
// carries an older version of one layer moves to the target version in place (every other layer
// and its order kept); with --publish --alias, a second step per function publishes a version and
// moves the alias to it. The same merge runs again on the state read right before each write.
import {emptyPlan, type Plan, type PlannedChange} from '../apply/plan.js'
import {layerOf} from '../aws/lambda-arn.js'
import {type AliasVersionState, ALIAS_VERSION_KIND, NEW_VERSION} from './alias-version.js'
import {type FunctionConfigState, sameLayers, shortLayerName} from './function-config.js'
import {FUNCTION_CONFIG_KIND, type FunctionFacts, incompatibility, type LayerVersionInfo, mergeConfig, type MergeOutcome} from './plan-layers.js'

export interface UpgradeRequest {
  /** The target version (its compatibility as GetLayerVersionByArn / ListLayerVersions report it). */
  layer: LayerVersionInfo
  /** Extensions: variables merged in on every function that moves. */
  environment: Record<string, string>
  allowDowngrade: boolean
  /** --publish --alias NAME. */
  alias?: string
}

/** What lx read about the alias of one function at plan time (absent: the function has no such alias). */
export interface AliasFacts {
  functionVersion: string
  /** Layers of the version the alias points at. */
  layers: string[]
  revisionId?: string
  /** Weighted routing (AdditionalVersionWeights), refused before any write. */
  routing: Record<string, number> | null
  /** Provisioned concurrency requested on the alias, if any: AWS allocates it anew on the new version. */
  provisioned: number | null
  /**
   * Only the version the alias serves was read (GetFunction with the alias as qualifier): it
   * already runs the target, so the alias will not move and its revision, routing and provisioned
   * concurrency were not asked for.
   */
  served?: true
}

function names(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`
}

function versionOf(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf(':') + 1))
}

/** The version of the layer a function carries, or undefined when it carries none. */
export function carriedVersion(layers: readonly string[], layerArn: string): number | undefined {
  const arn = layers.find((candidate) => layerOf(candidate) === layerArn)
  return arn === undefined ? undefined : versionOf(arn)
}

/** Whether the layer list holds the target version of the layer. */
function carriesTarget(layers: readonly string[], request: UpgradeRequest): boolean {
  return layers.includes(request.layer.arn)
}

/** The decision for one function's $LATEST, on the state read for the plan or right before the write. */
export function upgradeConfig(current: FunctionConfigState, request: UpgradeRequest): MergeOutcome {
  const {layer} = request
  const carried = carriedVersion(current.layers, layer.layerArn)
  const name = shortLayerName(layer.layerArn)
  if (carried === undefined) return {skip: `does not carry ${name} (any more); nothing to upgrade`}
  if (carried > layer.version && !request.allowDowngrade) {
    return {skip: `carries ${name}:${carried}, newer than ${layer.version}: left alone (--allow-downgrade moves it back)`}
  }

  const merged = mergeConfig(current, {action: 'attach', layer, environment: request.environment})
  const withVariables = Object.keys(request.environment).length > 0 ? ' with the variables' : ''
  if ('unchanged' in merged) return {unchanged: `already on ${shortLayerName(layer.arn)}${withVariables}`}
  return merged
}

/**
 * The layers $LATEST carries once upgraded, for a function whose alias step the plan would reach;
 * undefined when it does not carry the layer or is skipped (incompatible, newer version).
 */
export function latestAfterUpgrade(fn: FunctionFacts, request: UpgradeRequest): string[] | undefined {
  const carried = carriedVersion(fn.config.layers, request.layer.layerArn)
  if (carried === undefined) return undefined
  if (carried !== request.layer.version && incompatibility(fn, request.layer)) return undefined
  const outcome = upgradeConfig(fn.config, request)
  if ('skip' in outcome) return undefined
  return 'after' in outcome ? outcome.after.layers : fn.config.layers
}

/** The alias's version already runs what $LATEST will: the alias does not move. */
export function aliasServesTarget(aliasLayers: readonly string[], latestLayers: readonly string[], request: UpgradeRequest): boolean {
  return carriesTarget(aliasLayers, request) && sameLayers(aliasLayers, latestLayers)
}

export interface UpgradePlanSummary {
  /** Selected functions that do not carry the layer at all (left out of the plan). */
  without: string[]
}

export function planUpgrade(
  functions: readonly FunctionFacts[],
  request: UpgradeRequest,
  aliases: ReadonlyMap<string, AliasFacts | null> = new Map(),
): Plan & UpgradePlanSummary {
  const plan: Plan & UpgradePlanSummary = {...emptyPlan<any>(FUNCTION_CONFIG_KIND), without: []}
  const {layer} = request
  const name = shortLayerName(layer.layerArn)
  const movedFrom = new Map<number, number>()
  const aliasesBehind: string[] = []
  const provisioned: string[] = []
  for (const fn of functions) {
    const carried = carriedVersion(fn.config.layers, layer.layerArn)
    if (carried === undefined) {
      plan.without.push(fn.functionName)
      continue
    }

    const target = {functionName: fn.functionName}
    const reason = carried === layer.version ? undefined : incompatibility(fn, layer)
    if (reason) {
      plan.skipped.push({target, reason})
      continue
    }

    const outcome = upgradeConfig(fn.config, request)
    if ('skip' in outcome) {
      plan.skipped.push({target, reason: outcome.skip})
      continue
    }

    if ('unchanged' in outcome) plan.unchanged.push({target, state: fn.config, reason: outcome.unchanged})
    else {
      movedFrom.set(carried, (movedFrom.get(carried) ?? 0) + 1)
      const change: PlannedChange<FunctionConfigState> = {
        kind: FUNCTION_CONFIG_KIND,
        target,
        before: fn.config,
        after: outcome.after,
        replan(fresh) {
          const again = upgradeConfig(fresh, request)
          if ('skip' in again) return {skip: again.skip}
          if ('unchanged' in again) return {after: fresh}
          return {after: again.after}
        },
      }
      plan.changes.push(change)
    }

    // The alias step: only where $LATEST ends up on the target version.
    const targetLayers = 'after' in outcome ? outcome.after.layers : fn.config.layers
    if (request.alias === undefined) {
      continue
    }

    const aliasTarget = {functionName: fn.functionName, qualifier: request.alias}
    const alias = aliases.get(fn.functionName)
    if (!alias) {
      plan.skipped.push({target: aliasTarget, reason: `has no alias ${request.alias}; only $LATEST is upgraded`})
      continue
    }

    if (aliasServesTarget(alias.layers, targetLayers, request)) {
      const reason = `${request.alias} → version ${alias.functionVersion} already runs ${shortLayerName(layer.arn)}`
      const state: AliasVersionState = {
        functionVersion: alias.functionVersion,
        layers: alias.layers,
        ...(alias.revisionId ? {revisionId: alias.revisionId} : {}),
      }
      plan.unchanged.push({target: aliasTarget, state, reason})
      continue
    }

    // Facts read without GetAlias (no revision, no routing) never move an alias.
    if (alias.served) throw new Error(`${fn.functionName}:${request.alias} was read as up to date, but the plan would move it`)
    if (alias.provisioned !== null) provisioned.push(`${fn.functionName}:${request.alias} (${alias.provisioned})`)
    const before: AliasVersionState = {
      functionVersion: alias.functionVersion,
      layers: alias.layers,
      ...(alias.revisionId ? {revisionId: alias.revisionId} : {}),
      provisioned: alias.provisioned,
    }
    const aliasChange: PlannedChange<AliasVersionState> = {
      kind: ALIAS_VERSION_KIND,
      target: aliasTarget,
      before,
      after: {functionVersion: NEW_VERSION, layers: targetLayers, provisioned: alias.provisioned},
      // Runs after the function-config step of the same function (plan order): publish only what
      // that step left on $LATEST, and only when it carries the target version.
      replan(fresh) {
        if (fresh.routing) return {skip: `alias ${request.alias} now has weighted routing; left as is`}
        if (!carriesTarget(fresh.latestLayers ?? [], request)) {
          const left = `alias ${request.alias} left on version ${fresh.functionVersion}`
          return {skip: `$LATEST does not carry ${shortLayerName(layer.arn)} (its update did not happen); ${left}`}
        }

        if (carriesTarget(fresh.layers, request) && sameLayers(fresh.layers, fresh.latestLayers ?? [])) {
          return {unchanged: `${request.alias} → version ${fresh.functionVersion} already runs ${shortLayerName(layer.arn)}`}
        }

        return {after: {functionVersion: NEW_VERSION, layers: fresh.latestLayers ?? [], provisioned: fresh.provisioned ?? null}}
      },
    }
    plan.changes.push(aliasChange)
  }

  // Notes: what moves, what stays behind.
  const moves = [...movedFrom].sort(([a], [b]) => a - b).map(([version, count]) => `${count} from v${version}`)
  if (moves.length > 0) plan.notes.push(`${name} → v${layer.version}: ${moves.join(', ')}.`)
  const runtimes = layer.compatibleRuntimes.length > 0 ? layer.compatibleRuntimes.join(', ') : 'any'
  const architectures = layer.compatibleArchitectures.length > 0 ? layer.compatibleArchitectures.join(', ') : 'any'
  plan.notes.push(`${shortLayerName(layer.arn)} supports runtimes: ${runtimes}; architectures: ${architectures}.`)
  if (plan.without.length > 0) {
    plan.notes.push(`${plan.without.length} selected function${plan.without.length === 1 ? ' does' : 's do'} not carry ${name}: not part of this upgrade.`)
  }

  if (request.alias === undefined) {
    for (const fn of functions) {
      if (plan.changes.some((change) => change.target.functionName === fn.functionName)) aliasesBehind.push(fn.functionName)
    }

    if (aliasesBehind.length > 0) {
      plan.notes.push(
        `Only $LATEST changes: aliases and published versions of ${aliasesBehind.length} function${aliasesBehind.length === 1 ? '' : 's'} ` +
          `keep serving the old ${name} ` +
          'until a new version is published (--publish --alias NAME does it; `lx layers list` shows the aliases behind).',
      )
    }
  } else {
    const moved = plan.changes.filter((change) => change.kind === ALIAS_VERSION_KIND).length
    if (moved > 0) {
      plan.notes.push(
        `After each update, lx publishes a version of $LATEST and points ${request.alias} at it (${moved} alias${moved === 1 ? '' : 'es'}); ` +
          'undo points them back and leaves the published versions in place.',
      )
    }

    if (provisioned.length > 0) {
      plan.warnings.push(
        `Provisioned concurrency follows ${request.alias} to the new version: AWS allocates it anew ` +
          '(IN_PROGRESS until READY; invocations beyond what is ready run on demand). ' +
          `lx waits for READY on ${names(provisioned)}.`,
      )
    }
  }

  return plan
}
