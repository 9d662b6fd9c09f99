// The state lx changes with `--publish --alias NAME`: which function version an alias points at
// (and so which layers it serves). Configuration changes reach $LATEST only; published versions
// are immutable, so moving an alias onto a freshly published version is how a layer upgrade
// reaches the traffic that goes through the alias.
import type {Reversal} from '../apply/plan.js'
import {sameLayers, shortLayerName} from './function-config.js'

export const ALIAS_VERSION_KIND = 'alias-version'
/** The version a plan means to publish: its number is known only once PublishVersion answers. */
export const NEW_VERSION = 'new'

export interface AliasVersionState {
  /** A version number, or NEW_VERSION in a plan (publish $LATEST, then point the alias at it). */
  functionVersion: string
  /** Layers of that version, in merge order (of $LATEST, for NEW_VERSION). */
  layers: string[]
  /** The alias's revision; UpdateAlias sends it so a concurrent change fails with 412. */
  revisionId?: string
  /** Provisioned concurrency requested on the alias (null: none): AWS allocates it anew when the alias moves. */
  provisioned?: number | null
  /** Read state only: $LATEST's revision and layers, which PublishVersion freezes. */
  latestRevisionId?: string
  latestLayers?: string[]
  /** Read state only: the alias has weighted routing (AdditionalVersionWeights). */
  routing?: boolean
  /** Undo only: the version lx published, which stays in place when the alias moves back. */
  leaves?: string
}

export function describeAliasVersion(state: AliasVersionState): string {
  const version = state.functionVersion === NEW_VERSION ? 'a new version' : `version ${state.functionVersion}`
  const layers = state.layers.length === 0 ? 'no layers' : state.layers.map((arn) => shortLayerName(arn)).join(', ')
  const pc = state.provisioned ? `; provisioned ${state.provisioned} allocated anew` : ''
  const left = state.leaves ? `; version ${state.leaves} stays published` : ''
  return `${version} (${layers})${state.functionVersion === NEW_VERSION ? pc : ''}${left}`
}

/** The alias points at the same version. A planned new version is never "the same" as a read one. */
export function sameAliasVersion(a: AliasVersionState, b: AliasVersionState): boolean {
  if (a.functionVersion === NEW_VERSION || b.functionVersion === NEW_VERSION) return false
  return a.functionVersion === b.functionVersion && sameLayers(a.layers, b.layers)
}

/**
 * Undo: the alias goes back to the version it pointed at before, when it still points where lx
 * moved it. The version lx published stays (versions are immutable and may already serve traffic
 * elsewhere); only the pointer moves.
 */
export function revertAliasVersion(before: AliasVersionState, after: AliasVersionState, live: AliasVersionState, force: boolean): Reversal<AliasVersionState> {
  if (live.functionVersion === before.functionVersion) return {done: true}
  if (live.functionVersion !== after.functionVersion && !force) {
    return {conflict: `changed since lx moved it: the alias now points at version ${live.functionVersion}, not ${after.functionVersion}`}
  }

  return {
    to: {
      functionVersion: before.functionVersion,
      layers: before.layers,
      ...(live.revisionId ? {revisionId: live.revisionId} : {}),
      provisioned: live.provisioned ?? before.provisioned ?? null,
      ...(after.functionVersion === NEW_VERSION ? {} : {leaves: after.functionVersion}),
    },
  }
}
