// Drift for `lx layers list`: the newest version of each layer the functions carry, and the aliases
// whose published version serves an older layer version than $LATEST.
//
// Newest version: a layer of the functions' own account costs one ListLayerVersions call (newest
// first, MaxItems 1). Another account's layer cannot be listed (AWS denies it even for public
// layers), so lx reads versions upward from the highest one in use with GetLayerVersionByArn until
// PROBE_GAP in a row are missing: (newer versions found) + PROBE_GAP calls. When that cannot tell
// (the reads fail), the newest version is reported unknown, with why.
// Aliases: ListAliases per function with layers (control budget), then GetFunction of each aliased
// version (100/s budget) for its layers.
import {
  type AliasConfiguration,
  GetFunctionCommand,
  GetLayerVersionByArnCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListLayerVersionsCommand,
} from '@aws-sdk/client-lambda'

import {layerOf} from '../aws/lambda-arn.js'
import {mapPool} from '../lib/map-pool.js'
import {configStateOf} from './function-config.js'
import {PROBE_GAP, PROBE_MAX_CALLS} from './read-layer-versions.js'

const READS_IN_FLIGHT = 16

export interface NewestVersion {
  /** null: it could not be known (note says why). */
  newest: number | null
  /** listed: ListLayerVersions (certain); probed: read upward from the versions in use (newer ones past a gap may exist). */
  source: 'listed' | 'probed' | 'unknown'
  note?: string
  calls: number
}

export interface AliasBehind {
  alias: string
  functionVersion: string
  /** The layer version the alias's version runs. */
  runs: string
  /** The layer version $LATEST carries. */
  latest: string
}

const errorName = (error: unknown) => (error as {name?: string})?.name ?? ''
const isDenied = (error: unknown) => /^(AccessDenied|AccessDeniedException)$/.test(errorName(error))
const isMissing = (error: unknown) => errorName(error) === 'ResourceNotFoundException' || isDenied(error)
const accountOf = (arn: string) => arn.split(':')[4] ?? ''
const versionOf = (arn: string) => Number(arn.slice(arn.lastIndexOf(':') + 1))

async function probeNewest(lambda: LambdaClient, layerArn: string, highestInUse: number, callsSoFar: number, why: string): Promise<NewestVersion> {
  let calls = callsSoFar
  let newest = highestInUse
  let misses = 0
  for (let version = highestInUse + 1; misses < PROBE_GAP && calls - callsSoFar < PROBE_MAX_CALLS; version++) {
    calls++
    try {
      // eslint-disable-next-line no-await-in-loop -- each probe decides whether to go on
      await lambda.send(new GetLayerVersionByArnCommand({Arn: `${layerArn}:${version}`}))
      newest = version
      misses = 0
    } catch (error) {
      if (!isMissing(error)) {
        return {newest: null, source: 'unknown', note: `${why}; reading v${version} failed (${errorName(error) || (error as Error).message})`, calls}
      }

      misses++
    }
  }

  return {newest, source: 'probed', note: `${why}; read upward from v${highestInUse} until ${PROBE_GAP} in a row were missing`, calls}
}

/** The newest version of one layer, as well as this account can know it. */
export async function newestVersion(lambda: LambdaClient, layerArn: string, highestInUse: number, ownAccount: string | undefined): Promise<NewestVersion> {
  if (ownAccount !== undefined && accountOf(layerArn) === ownAccount) {
    try {
      const page = await lambda.send(new ListLayerVersionsCommand({LayerName: layerArn, MaxItems: 1}))
      const newest = page.LayerVersions?.[0]?.Version
      if (newest !== undefined) return {newest, source: 'listed', calls: 1}
      return {newest: null, source: 'unknown', note: 'ListLayerVersions lists no version: every version was deleted', calls: 1}
    } catch (error) {
      const why = errorName(error) || (error as Error).message
      if (!isDenied(error)) return {newest: null, source: 'unknown', note: `ListLayerVersions failed (${why})`, calls: 1}
      return probeNewest(lambda, layerArn, highestInUse, 1, 'ListLayerVersions was denied (lambda:ListLayerVersions missing)')
    }
  }

  return probeNewest(lambda, layerArn, highestInUse, 0, `account ${accountOf(layerArn)} owns it, and AWS lets only the owner list versions`)
}

/** Newest versions of several layers, read in parallel under the rate budget. */
export async function newestVersions(
  lambda: LambdaClient,
  highestInUse: ReadonlyMap<string, number>,
  ownAccount: string | undefined,
): Promise<Map<string, NewestVersion>> {
  const layers = [...highestInUse]
  const found = await mapPool(layers, READS_IN_FLIGHT, ([layerArn, highest]) => newestVersion(lambda, layerArn, highest, ownAccount))
  return new Map(layers.map(([layerArn], index) => [layerArn, found[index]]))
}

/** The aliases of one function whose version runs an older version of a layer $LATEST carries. */
export async function aliasesBehind(
  lambda: LambdaClient,
  functionName: string,
  latestLayers: readonly string[],
): Promise<{behind: AliasBehind[]; calls: number}> {
  const aliases: AliasConfiguration[] = []
  let calls = 0
  let marker: string | undefined
  do {
    calls++
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListAliasesCommand({FunctionName: functionName, Marker: marker, MaxItems: 50}))
    aliases.push(...(page.Aliases ?? []))
    marker = page.NextMarker
  } while (marker)

  const versions = [...new Set(aliases.map((alias) => alias.FunctionVersion ?? '$LATEST').filter((version) => version !== '$LATEST'))]
  calls += versions.length
  const layersOfVersion = new Map(
    await Promise.all(
      versions.map(async (version) => {
        const answer = await lambda.send(new GetFunctionCommand({FunctionName: functionName, Qualifier: version}))
        return [version, configStateOf(answer.Configuration).layers] as const
      }),
    ),
  )
  const latest = new Map(latestLayers.map((arn) => [layerOf(arn), arn]))
  const behind: AliasBehind[] = []
  for (const alias of [...aliases].sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))) {
    const layers = layersOfVersion.get(alias.FunctionVersion ?? '$LATEST')
    if (!layers) continue
    for (const runs of layers) {
      const current = latest.get(layerOf(runs))
      if (current !== undefined && versionOf(runs) < versionOf(current)) {
        behind.push({alias: alias.Name ?? '', functionVersion: alias.FunctionVersion ?? '', runs, latest: current})
      }
    }
  }

  return {behind, calls}
}
