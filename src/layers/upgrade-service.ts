// `lx layers upgrade` and `lx extensions upgrade`: input → selection → the target layer version →
// (with --publish --alias) each function's alias → plan. Everything typed is checked before the
// first call; a layer or version that does not exist, and an alias with weighted routing, are
// refused before any write.
import {GetLayerVersionByArnCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import {emptyPlan, type Plan} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {checkPartition, isValidQualifier, partitionOfRegion} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import {checkRefsInScope, selectFunctions} from '../select/select-functions.js'
import {parseSelection, type SelectionFlagValues} from '../select/selection-flags.js'
import {parseEnvAssignments} from './env-flags.js'
import {MASK, shortLayerName} from './function-config.js'
import {factsOf, layerArnInRegion} from './layers-service.js'
import type {LayerVersionInfo} from './plan-layers.js'
import {type AliasFacts, aliasServesTarget, carriedVersion, latestAfterUpgrade, planUpgrade} from './plan-upgrade.js'
import {readAlias} from './read-alias.js'
import {type LayerInput, parseLayerInput, readLayerVersions} from './read-layer-versions.js'

export interface UpgradeInput {
  /** LAYER as typed: a name of this account, a layer ARN, or a layer version ARN (the version to move to). */
  layer: string
  names: string[]
  selection: SelectionFlagValues
  to?: number
  allowDowngrade?: boolean
  publish?: boolean
  alias?: string
  /** Extensions: raw --env KEY=VALUE values. */
  env?: string[]
  /**
   * A fleet run: a layer ARN names one region, and lx uses the same account and layer name in each
   * region it works in (a bare name is each account's own layer). Where that layer or version is
   * not published, the functions carrying the layer are skipped with the reason, not the place.
   */
  inEachRegion?: boolean
}

/** What a fleet place without the layer (or the version) gets instead of a refusal. */
const NOT_HERE = new Set(['LayerVersionNotFound', 'LayerNotFound', 'LayerNotListable'])

const READS_IN_FLIGHT = 16
const errorName = (error: unknown) => (error as {name?: string})?.name ?? ''

function checkFlags(input: UpgradeInput, layer: LayerInput): number | undefined {
  if (input.alias !== undefined && !input.publish) {
    throw new UserError('--alias needs --publish: an alias can only move to a published version.', {
      code: 'AliasWithoutPublish',
      hint: `Add --publish to publish each upgraded function and point ${input.alias} at it, or leave out --alias to change $LATEST only.`,
    })
  }

  if (input.publish && input.alias === undefined) {
    throw new UserError('--publish needs --alias NAME: lx publishes a version only to point an alias at it.', {
      code: 'PublishWithoutAlias',
      hint: 'e.g. --publish --alias live',
    })
  }

  if (input.alias !== undefined && (!isValidQualifier(input.alias) || /^\d+$/.test(input.alias) || input.alias === '$LATEST')) {
    throw new UserError(`--alias ${input.alias} is not an alias name.`, {
      code: 'BadAlias',
      hint: 'An alias name: letters, digits, - and _, not only digits (e.g. live).',
    })
  }

  if (input.to !== undefined && (!Number.isInteger(input.to) || input.to < 1)) {
    throw new UserError(`--to ${input.to} is not a layer version.`, {code: 'BadVersion', hint: 'Layer versions are whole numbers from 1.'})
  }

  const typed = layer.kind === 'arn' ? layer.version : undefined
  if (typed !== undefined && input.to !== undefined && typed !== input.to) {
    throw new UserError(`${input.layer} names version ${typed}, but --to says ${input.to}.`, {
      code: 'BadVersion',
      hint: 'Give the version once: in the ARN or with --to.',
    })
  }

  return typed ?? input.to
}

function notFoundVersion(layerArn: string, version: number, newest?: number): UserError {
  const known = newest === undefined ? ' that this account can read' : ` (the newest is ${newest})`
  return new UserError(`${shortLayerName(layerArn)} has no version ${version}${known}; nothing was changed.`, {
    code: 'LayerVersionNotFound',
    hint:
      `\`lx layers versions ${layerArn}${newest === undefined ? `:${version}` : ''}\` lists its versions; ` +
      "another account's layer must be shared with yours.",
  })
}

/** GetLayerVersionByArn of one version; another account's missing version is denied rather than not found. */
async function readVersion(lambda: LambdaClient, layerArn: string, version: number): Promise<LayerVersionInfo> {
  try {
    const layer = await lambda.send(new GetLayerVersionByArnCommand({Arn: `${layerArn}:${version}`}))
    return {
      arn: `${layerArn}:${version}`,
      layerArn,
      version,
      compatibleRuntimes: layer.CompatibleRuntimes ?? [],
      compatibleArchitectures: layer.CompatibleArchitectures ?? [],
    }
  } catch (error) {
    if (/^(ResourceNotFoundException|AccessDeniedException|AccessDenied)$/.test(errorName(error))) throw notFoundVersion(layerArn, version)
    throw error
  }
}

/**
 * The version to move to: the one asked for (checked to exist), or the newest. The newest of a
 * layer this account owns comes from ListLayerVersions; of another account's, by probing upward
 * from the highest version the selected functions carry.
 */
async function targetVersion(
  lambda: LambdaClient,
  layer: LayerInput,
  region: string,
  wanted: number | undefined,
  highestInUse: (layerArn: string) => number | undefined,
): Promise<{info: LayerVersionInfo; how: string}> {
  if (layer.kind === 'arn' && wanted !== undefined) return {info: await readVersion(lambda, layer.layerArn, wanted), how: `v${wanted} as asked`}
  const inUse = layer.kind === 'arn' ? highestInUse(layer.layerArn) : undefined
  const start: LayerInput = layer.kind === 'arn' && inUse !== undefined ? {...layer, version: inUse} : layer
  const versions = await readLayerVersions(lambda, start, region)
  if (wanted !== undefined) {
    const row = versions.versions.find((candidate) => candidate.version === wanted)
    if (!row) throw notFoundVersion(versions.layerArn, wanted, versions.versions[0]?.version)
    return {info: infoOf(versions.layerArn, row), how: `v${wanted} as asked`}
  }

  const newest = versions.versions[0]
  return {info: infoOf(versions.layerArn, newest), how: versions.complete ? 'the newest version' : `the newest version found (${versions.note ?? 'probed'})`}
}

function infoOf(layerArn: string, row: {version: number; compatibleRuntimes: string[]; compatibleArchitectures: string[]}): LayerVersionInfo {
  const {version, compatibleRuntimes, compatibleArchitectures} = row
  return {arn: `${layerArn}:${version}`, layerArn, version, compatibleRuntimes, compatibleArchitectures}
}

export async function planLayerUpgrade(aws: AwsContext, input: UpgradeInput): Promise<{plan: Plan; region: string; title: string}> {
  // 1. Everything typed, before any call.
  const typed = parseLayerInput(input.layer)
  const wanted = checkFlags(input, typed)
  const here = input.inEachRegion && typed.kind === 'arn' ? await aws.region() : undefined
  const layer = here && typed.kind === 'arn' && typed.region !== here ? parseLayerInput(layerArnInRegion(input.layer, here)) : typed
  const environment = parseEnvAssignments(input.env)
  const selection = parseSelection(input.names, input.selection, {mutating: true})
  const qualified = selection.refs.filter((ref) => ref.qualifier !== undefined && ref.qualifier !== '$LATEST')
  if (qualified.length > 0) {
    throw new UserError(`Layers are upgraded on a function's $LATEST, not on ${qualified.map((ref) => ref.input).join(', ')}.`, {
      code: 'QualifierNotAllowed',
      hint: 'Give the function name without :alias or :version; --publish --alias NAME moves an alias onto the upgraded version.',
    })
  }

  const region = await aws.region()
  if (layer.kind === 'arn') {
    checkPartition(layer.layerArn.split(':')[1] ?? partitionOfRegion(region), region, input.layer)
    if (layer.region !== region) {
      throw new UserError(`${input.layer} is in ${layer.region}, but lx is working in ${region}; Lambda only attaches layers from the function's own region.`, {
        code: 'RegionMismatch',
        hint: `Use the layer's ${region} ARN, or pass --region ${layer.region} to change functions there.`,
      })
    }
  }

  await checkRefsInScope(aws, selection.refs, region)

  // 2. The functions, then the target version (probing starts from the highest version in use).
  const lambda = await aws.lambda()
  const {functions} = await selectFunctions(aws, input.names, input.selection, {mutating: true})
  const facts = functions.map((fn) => factsOf(fn))
  const highestInUse = (layerArn: string): number | undefined => {
    const versions = facts.map((fn) => carriedVersion(fn.config.layers, layerArn)).filter((version): version is number => version !== undefined)
    return versions.length > 0 ? Math.max(...versions) : undefined
  }

  const target = await targetVersion(lambda, layer, region, wanted, highestInUse).catch((error: unknown) => {
    if (input.inEachRegion && error instanceof UserError && NOT_HERE.has(error.code)) return error
    throw error
  })
  if (target instanceof UserError) return notInThisRegion(layer, wanted, {facts, region, reason: target, title: fleetTitle(layer, wanted, input)})
  const {info, how} = target

  const request = {layer: info, environment, allowDowngrade: Boolean(input.allowDowngrade), ...(input.alias === undefined ? {} : {alias: input.alias})}
  // 3. With --publish --alias: the alias of each function whose $LATEST ends on the target (the
  // others get no alias step). GetFunction of the alias tells the version it serves; only an alias
  // that will move is read further (routing, revision, provisioned concurrency: see readAlias).
  const aliases = new Map<string, AliasFacts | null>()
  if (input.alias !== undefined) {
    const name = input.alias
    const reaching = facts.flatMap((fn) => {
      const latest = latestAfterUpgrade(fn, request)
      return latest === undefined ? [] : [{fn, latest}]
    })
    await mapPool(reaching, READS_IN_FLIGHT, async ({fn, latest}) => {
      aliases.set(fn.functionName, await readAlias(lambda, fn.functionName, name, {upToDate: (layers) => aliasServesTarget(layers, latest, request)}))
    })
    const weighted = [...aliases].filter(([, alias]) => alias?.routing).sort(([a], [b]) => a.localeCompare(b))
    if (weighted.length > 0) {
      const weights = (routing: Record<string, number>) => Object.entries(routing).map(([v, w]) => `${Math.round(w * 100)}% on v${v}`)
      const shown = weighted.slice(0, 5).map(([functionName, alias]) => `${functionName}:${name} (${weights(alias!.routing!).join(', ')})`)
      const count = `${weighted.length} function${weighted.length === 1 ? '' : 's'}`
      throw new UserError(
        `Alias ${name} has weighted routing on ${count}: ${shown.join(', ')}${weighted.length > 5 ? ' …' : ''}; ` +
          'lx does not move a canary alias. Nothing was changed.',
        {
          code: 'AliasHasRouting',
          hint: 'Finish or remove the canary first, or leave those functions out (--exclude), or upgrade $LATEST only (without --publish --alias).',
        },
      )
    }

    // Each alias step starts from what was read here instead of reading the alias again (per
    // account-region: the handler of this context finds them).
    const {rememberPlannedAliases} = await import('./alias-version-handler.js')
    rememberPlannedAliases(aws, name, aliases)
  }

  const plan = planUpgrade(facts, request, aliases)
  plan.notes.unshift(`Target: ${shortLayerName(info.arn)}, ${how}.`)
  const variables = Object.keys(environment)
  const withVariables = variables.length > 0 ? ` with ${variables.map((key) => `${key}=${MASK}`).join(', ')}` : ''
  const title = input.inEachRegion
    ? fleetTitle(layer, wanted, input)
    : `upgrade ${shortLayerName(info.layerArn)} to v${info.version}${withVariables}${input.alias ? `, publish and move ${input.alias}` : ''}`
  return {plan, region, title}
}

/**
 * Across a fleet the version moved to is each region's own (the newest there, unless asked): the
 * title says what was asked, and each account-region's "Target:" note says what it found.
 */
function fleetTitle(layer: LayerInput, wanted: number | undefined, input: UpgradeInput): string {
  const variables = Object.keys(parseEnvAssignments(input.env))
  const withVariables = variables.length > 0 ? ` with ${variables.map((key) => `${key}=${MASK}`).join(', ')}` : ''
  const version = wanted === undefined ? 'the newest version' : `v${wanted}`
  return `upgrade ${layer.name} to ${version}${withVariables}${input.alias ? `, publish and move ${input.alias}` : ''}`
}

/**
 * A fleet place where the layer (or the version asked for) is not published: the functions here that
 * carry the layer are skipped with the reason; with none, the plan only says so.
 */
function notInThisRegion(
  layer: LayerInput,
  wanted: number | undefined,
  context: {facts: ReturnType<typeof factsOf>[]; region: string; reason: UserError; title: string},
): {plan: Plan; region: string; title: string} {
  const plan = emptyPlan('function-config')
  const carrying = layer.kind === 'arn' ? context.facts.filter((fn) => carriedVersion(fn.config.layers, layer.layerArn) !== undefined) : []
  const what = `${layer.name}${wanted === undefined ? '' : ` v${wanted}`}`
  plan.skipped = carrying.map((fn) => ({target: {functionName: fn.functionName}, reason: `${what} is not published in ${context.region}`}))
  if (carrying.length === 0) plan.notes.push(`Nothing to upgrade here: ${context.reason.message.replace(/;? nothing was changed\.$/, '.')}`)
  return {plan, region: context.region, title: context.title}
}
