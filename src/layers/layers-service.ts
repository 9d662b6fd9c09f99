// `lx layers …` and `lx extensions …`: input → selection → current configuration → plan. Everything
// the user typed is checked before the first call; the plan needs no call per function beyond the
// ListFunctions pages (which carry layers, variables, runtime, architecture and package type).
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'

import {emptyPlan, type Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {checkPartition, parseLayerArn, parseLayerVersionArn} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import {checkRefsInScope, selectFunctions} from '../select/select-functions.js'
import {parseSelection, type SelectionFlagValues} from '../select/selection-flags.js'
import {parseEnvAssignments, parseEnvNames} from './env-flags.js'
import {configStateOf, type FunctionConfigState, MASK, shortLayerName} from './function-config.js'
import {type FunctionFacts, type LayerRequest, planLayers} from './plan-layers.js'
import {readLayerVersion} from './read-layer-version.js'
import type {AliasBehind, NewestVersion} from './read-layer-drift.js'

export interface LayerChangeInput {
  action: 'attach' | 'detach'
  /** LAYER_VERSION_ARN (attach) or LAYER_ARN (detach), as typed. */
  arn: string
  names: string[]
  selection: SelectionFlagValues
  /** Raw --env values: KEY=VALUE (attach) or KEY (detach). */
  env?: string[]
  /**
   * A fleet run: the layer ARN names one region, and lx uses the same account, layer name and
   * version in each region it works in (as vendors publish their extensions), skipping every
   * function of a region where that version does not exist.
   */
  inEachRegion?: boolean
}

/** The same layer (same account, name and version) in another region. */
export function layerArnInRegion(arn: string, region: string): string {
  const parts = arn.split(':')
  parts[3] = region
  return parts.join(':')
}

export function factsOf(fn: SelectedFunction): FunctionFacts {
  const configuration = fn.configuration
  return {
    functionName: fn.name,
    packageType: configuration.PackageType ?? 'Zip',
    runtime: configuration.Runtime,
    architectures: configuration.Architectures ?? ['x86_64'],
    config: configStateOf(configuration),
  }
}

function checkNoQualifiers(refs: Array<{input: string; qualifier?: string}>): void {
  const qualified = refs.filter((ref) => ref.qualifier !== undefined && ref.qualifier !== '$LATEST')
  if (qualified.length > 0) {
    throw new UserError(`Layers are changed on a function's $LATEST, not on ${qualified.map((ref) => ref.input).join(', ')}.`, {
      code: 'QualifierNotAllowed',
      hint: 'Give the function name without :alias or :version, then publish a version when ready.',
    })
  }
}

export async function planLayerChange(aws: AwsContext, input: LayerChangeInput): Promise<{plan: Plan<FunctionConfigState>; region: string; title: string}> {
  // 1. Everything typed, before any call.
  const typed = input.action === 'attach' ? parseLayerVersionArn(input.arn) : parseLayerArn(input.arn)
  const here = input.inEachRegion ? await aws.region() : typed.region
  const arn = here === typed.region ? input.arn : layerArnInRegion(input.arn, here)
  const versionRef = input.action === 'attach' ? parseLayerVersionArn(arn) : undefined
  const layerRef = versionRef ?? parseLayerArn(arn)
  const environment = input.action === 'attach' ? parseEnvAssignments(input.env) : {}
  const environmentKeys = input.action === 'detach' ? parseEnvNames(input.env) : []
  const selection = parseSelection(input.names, input.selection, {mutating: true})
  checkNoQualifiers(selection.refs)
  const region = await aws.region()
  // Layers of other accounts (vendors') are normal; of another partition or region, impossible.
  checkPartition(layerRef.partition, region, input.arn)
  if (layerRef.region !== region) {
    throw new UserError(`${input.arn} is in ${layerRef.region}, but lx is working in ${region}; Lambda only attaches layers from the function's own region.`, {
      code: 'RegionMismatch',
      hint: `Use the layer's ${region} ARN, or pass --region ${layerRef.region} to change functions there.`,
    })
  }

  await checkRefsInScope(aws, selection.refs, region)

  // 2. The layer version (once), then the functions.
  const lambda = await aws.lambda()
  const layer = versionRef ? await readLayerVersion(lambda, versionRef).catch((error) => notInThisRegion(error, input.inEachRegion)) : undefined
  const {functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const name = shortLayerName(versionRef?.arn ?? layerRef.layerArn)
  if (versionRef && layer === undefined) {
    // Across regions: this version is not published here, so no function of this region gets it.
    const plan = emptyPlan<FunctionConfigState>('function-config')
    plan.skipped = functions.map((fn) => ({target: {functionName: fn.name}, reason: `${name} is not published in ${region}`}))
    return {plan, region, title: `attach ${name}`}
  }

  const request: LayerRequest = layer ? {action: 'attach', layer, environment} : {action: 'detach', layerArn: layerRef.layerArn, environmentKeys}
  const plan = planLayers(
    functions.map((fn) => factsOf(fn)),
    request,
  )

  const variables = Object.keys(environment)
  const title =
    input.action === 'attach'
      ? `attach ${name}${variables.length > 0 ? ` with ${variables.map((key) => `${key}=${MASK}`).join(', ')}` : ''}`
      : `detach ${name}${environmentKeys.length > 0 ? ` and remove ${environmentKeys.join(', ')}` : ''}`
  return {plan, region, title}
}

export interface LayerRef {
  arn: string
  layerArn: string
  version: number | null
  codeSize: number | null
}

export interface FunctionLayers {
  /** The account of the function's ARN, and the region it was read in. */
  account?: string
  region?: string
  functionName: string
  runtime: string | null
  architecture: string
  packageType: string
  layers: LayerRef[]
  /** Layer version ARNs older than their layer's newest known version. */
  behind: string[]
  /** Aliases whose published version runs an older layer version than $LATEST (empty when not read). */
  aliasesBehind: AliasBehind[]
}

/** Drift of one layer across the selected functions. */
export interface LayerDrift {
  layerArn: string
  layerName: string
  /** The account that owns the layer (a vendor's, for a public extension). */
  owner: string
  /** Versions in use, newest first, with how many functions carry each. */
  inUse: Array<{version: number; functions: number}>
  /** Newest version available; null when it could not be known (newestNote says why). */
  newest: number | null
  newestSource: NewestVersion['source']
  newestNote?: string
  /** Functions on an older version than the newest. */
  functionsBehind: number
}

export interface LayersListing {
  functions: FunctionLayers[]
  layers: LayerDrift[]
  /** Whether aliases were read (--no-aliases skips them). */
  aliasesRead: boolean
  /** AWS calls beyond the selection's: to find the newest versions, and to read the aliases. */
  calls: {newestVersions: number; aliases: number}
}

export function layersOf(configuration: FunctionConfiguration): LayerRef[] {
  return (configuration.Layers ?? []).map((layer) => {
    const arn = layer.Arn ?? ''
    const version = /:(\d+)$/.exec(arn)
    return {
      arn,
      layerArn: version ? arn.slice(0, arn.lastIndexOf(':')) : arn,
      version: version ? Number(version[1]) : null,
      codeSize: layer.CodeSize ?? null,
    }
  })
}

export interface ListLayersOptions {
  /** Read each function's aliases to find the ones serving an older layer (one ListAliases per function with layers). */
  aliases: boolean
  /** Only functions behind (on $LATEST or in an alias). */
  outdated: boolean
}

/**
 * `lx layers list`: the selection's own calls (ListFunctions pages, or GetFunction per name), then
 * the newest version of each distinct layer, then (unless --no-aliases) each function's aliases.
 */
export async function listLayers(
  aws: AwsContext,
  names: string[],
  selection: SelectionFlagValues,
  options: ListLayersOptions = {aliases: true, outdated: false},
): Promise<LayersListing> {
  const {region, functions} = await selectFunctions(aws, names, selection, {mutating: false})
  const rows: FunctionLayers[] = functions.map((fn) => ({
    account: (fn.configuration.FunctionArn ?? fn.arn).split(':')[4] || undefined,
    region,
    functionName: fn.name,
    runtime: fn.configuration.Runtime ?? null,
    architecture: fn.configuration.Architectures?.[0] ?? 'x86_64',
    packageType: fn.configuration.PackageType ?? 'Zip',
    layers: layersOf(fn.configuration),
    behind: [],
    aliasesBehind: [],
  }))
  const highest = new Map<string, number>()
  for (const row of rows) {
    for (const layer of row.layers) if (layer.version !== null) highest.set(layer.layerArn, Math.max(highest.get(layer.layerArn) ?? 0, layer.version))
  }

  const calls = {newestVersions: 0, aliases: 0}
  if (highest.size === 0) return {functions: options.outdated ? [] : rows, layers: [], aliasesRead: options.aliases, calls}
  const [{newestVersions, aliasesBehind}, {mapPool}] = await Promise.all([import('./read-layer-drift.js'), import('../lib/map-pool.js')])
  const lambda = await aws.lambda()
  const ownAccount = functions[0]?.configuration.FunctionArn?.split(':')[4]
  const [newest] = await Promise.all([
    newestVersions(lambda, highest, ownAccount),
    options.aliases
      ? mapPool(
          rows.filter((row) => row.layers.length > 0),
          16,
          async (row) => {
            const found = await aliasesBehind(
              lambda,
              row.functionName,
              row.layers.map((layer) => layer.arn),
            )
            row.aliasesBehind = found.behind
            calls.aliases += found.calls
          },
        )
      : undefined,
  ])
  for (const found of newest.values()) calls.newestVersions += found.calls

  const drift = new Map<string, LayerDrift>()
  for (const row of rows) {
    for (const layer of row.layers) {
      if (layer.version === null) continue
      const known = newest.get(layer.layerArn)!
      let item = drift.get(layer.layerArn)
      if (!item) {
        item = {
          layerArn: layer.layerArn,
          layerName: layer.layerArn.slice(layer.layerArn.lastIndexOf(':') + 1),
          owner: layer.layerArn.split(':')[4] ?? '',
          inUse: [],
          newest: known.newest,
          newestSource: known.source,
          ...(known.note ? {newestNote: known.note} : {}),
          functionsBehind: 0,
        }
        drift.set(layer.layerArn, item)
      }

      const use = item.inUse.find((entry) => entry.version === layer.version)
      if (use) use.functions++
      else item.inUse.push({version: layer.version, functions: 1})
      if (known.newest !== null && layer.version < known.newest) {
        item.functionsBehind++
        row.behind.push(layer.arn)
      }
    }
  }

  const layers = [...drift.values()].sort((a, b) => a.layerName.localeCompare(b.layerName) || a.owner.localeCompare(b.owner))
  for (const layer of layers) layer.inUse.sort((a, b) => b.version - a.version)
  const shown = options.outdated ? rows.filter((row) => row.behind.length > 0 || row.aliasesBehind.length > 0) : rows
  return {functions: shown, layers, aliasesRead: options.aliases, calls}
}

/** Across regions, a layer version missing in one region skips that region; otherwise it is an error. */
function notInThisRegion(error: unknown, inEachRegion: boolean | undefined): undefined {
  if (inEachRegion && (error as {code?: string})?.code === 'LayerVersionNotFound') return undefined
  throw error
}
