// `lx layers versions LAYER`: the versions of one layer, newest first.
//
// Lambda lists a layer's versions (ListLayerVersions, 50 a page) only for its owner: for another
// account's public layer that call is denied, and so is reading a version that does not exist
// (rather than "not found"). From a version the user knows, lx then probes upward with
// GetLayerVersionByArn until a few versions in a row are missing — a handful of calls on the
// control budget — and says that the list may be incomplete.
import {GetLayerVersionByArnCommand, type LambdaClient, type LayerVersionsListItem, ListLayerVersionsCommand} from '@aws-sdk/client-lambda'

import type {AwsContext} from '../aws/aws-context.js'
import {UserError} from '../errors.js'

export interface LayerVersionInfoRow {
  version: number
  layerVersionArn: string
  /** ISO 8601, as Lambda reports it (null when it reports none). */
  createdDate: string | null
  description: string | null
  /** Empty: the version restricts nothing on that axis. */
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  licenseInfo: string | null
}

export interface LayerVersions {
  /** The layer ARN without a version. */
  layerArn: string
  layerName: string
  region: string
  versions: LayerVersionInfoRow[]
  /** False when the versions were found by probing: older ones, and newer ones past a gap, may be missing. */
  complete: boolean
  /** How the list was obtained, when it is not simply ListLayerVersions. */
  note?: string
  /** AWS calls made. */
  calls: number
}

export type LayerInput =
  | {kind: 'name'; input: string; name: string}
  | {kind: 'arn'; input: string; layerArn: string; name: string; region: string; accountId: string; version?: number}

const LAYER_NAME = /^[A-Za-z0-9_-]{1,140}$/
const LAYER_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]{1,140})(?::(\d+))?$/

/** Consecutive missing versions after which probing stops. */
export const PROBE_GAP = 3
/** Probing never makes more calls than this. */
export const PROBE_MAX_CALLS = 25

/** A layer name (this account), a layer ARN, or a layer version ARN; anything else is refused before any call. */
export function parseLayerInput(input: string): LayerInput {
  const arn = LAYER_ARN.exec(input)
  if (arn) {
    const version = arn[5] === undefined ? undefined : Number(arn[5])
    if (version === 0) throw badLayer(input)
    const layerArn = version === undefined ? input : input.slice(0, input.lastIndexOf(':'))
    return {kind: 'arn', input, layerArn, name: arn[4], region: arn[2], accountId: arn[3], ...(version === undefined ? {} : {version})}
  }

  if (LAYER_NAME.test(input)) return {kind: 'name', input, name: input}
  throw badLayer(input)
}

function badLayer(input: string): UserError {
  return new UserError(`"${input}" is not a layer name or ARN.`, {
    code: 'BadLayerArn',
    hint: 'Give a layer name of this account (letters, digits, - and _), arn:aws:lambda:REGION:ACCOUNT:layer:NAME, or that ARN with :VERSION.',
  })
}

function rowOf(item: LayerVersionsListItem): LayerVersionInfoRow {
  return {
    version: item.Version ?? 0,
    layerVersionArn: item.LayerVersionArn ?? '',
    createdDate: isoDate(item.CreatedDate),
    description: item.Description || null,
    compatibleRuntimes: item.CompatibleRuntimes ?? [],
    compatibleArchitectures: item.CompatibleArchitectures ?? [],
    licenseInfo: item.LicenseInfo ?? null,
  }
}

/** Lambda writes `2024-05-01T12:00:00.000+0000`; the offset gets its colon so every parser reads it. */
export function isoDate(value: string | undefined): string | null {
  if (!value) return null
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(normalized)
  return Number.isNaN(ms) ? value : new Date(ms).toISOString()
}

const errorName = (error: unknown) => (error as {name?: string})?.name ?? ''
const isDenied = (error: unknown) => /^(AccessDenied|AccessDeniedException)$/.test(errorName(error))
const isMissing = (error: unknown) => errorName(error) === 'ResourceNotFoundException' || isDenied(error)

/** What `lx layers versions` shows: the input is checked before the first call. */
export async function layerVersionsOf(aws: AwsContext, input: string): Promise<LayerVersions> {
  const layer = parseLayerInput(input)
  const region = await aws.region()
  return readLayerVersions(await aws.lambda(), layer, region)
}

export async function readLayerVersions(lambda: LambdaClient, layer: LayerInput, region: string): Promise<LayerVersions> {
  if (layer.kind === 'arn' && layer.region !== region) {
    throw new UserError(`${layer.input} is in ${layer.region}, but lx is working in ${region}; Lambda lists a layer only in its own region.`, {
      code: 'RegionMismatch',
      hint: `Pass --region ${layer.region}.`,
    })
  }

  const listed: LayerVersionInfoRow[] = []
  let calls = 0
  try {
    let marker: string | undefined
    do {
      calls++
      const LayerName = layer.kind === 'arn' ? layer.layerArn : layer.name
      // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
      const page = await lambda.send(new ListLayerVersionsCommand({LayerName, Marker: marker, MaxItems: 50}))
      listed.push(...(page.LayerVersions ?? []).map((item) => rowOf(item)))
      marker = page.NextMarker
    } while (marker)
  } catch (error) {
    // Only a layer named by ARN can be another account's; a denied name is a missing permission.
    if (layer.kind === 'arn' && isDenied(error)) return probeVersions(lambda, layer, region, error)
    throw error
  }

  if (listed.length === 0) {
    const what = layer.kind === 'arn' ? layer.layerArn : `named ${layer.name}`
    throw new UserError(`No layer ${what} in ${region}: it has no versions (it does not exist here, or every version was deleted).`, {
      code: 'LayerNotFound',
      hint: 'Check the name and --region; `lx layers list` shows the layers your functions use.',
    })
  }

  const versions = listed.sort((a, b) => b.version - a.version)
  const layerArn = versions[0].layerVersionArn.slice(0, versions[0].layerVersionArn.lastIndexOf(':'))
  return {layerArn, layerName: layer.name, region, versions, complete: true, calls}
}

/** Another account's layer: GetLayerVersionByArn upward from the version the user named. */
async function probeVersions(lambda: LambdaClient, layer: Extract<LayerInput, {kind: 'arn'}>, region: string, denial: unknown): Promise<LayerVersions> {
  if (layer.version === undefined) {
    const message =
      `AWS does not let this account list the versions of ${layer.layerArn} ` + `(ListLayerVersions was denied: it belongs to account ${layer.accountId}).`
    throw new UserError(message, {
      code: 'LayerNotListable',
      hint:
        `Give a version you know, e.g. \`lx layers versions ${layer.layerArn}:1\` (\`lx layers list\` shows the versions your functions use):` +
        ' lx then looks for newer ones.',
      cause: denial,
    })
  }

  const found: LayerVersionInfoRow[] = []
  let calls = 1
  let misses = 0
  for (let version = layer.version; misses < PROBE_GAP && calls < PROBE_MAX_CALLS + 1; version++) {
    calls++
    try {
      // eslint-disable-next-line no-await-in-loop -- each probe decides whether to go on
      const item = await lambda.send(new GetLayerVersionByArnCommand({Arn: `${layer.layerArn}:${version}`}))
      found.push(rowOf(item))
      misses = 0
    } catch (error) {
      if (!isMissing(error)) throw error
      if (version === layer.version) {
        throw new UserError(`Layer version ${layer.layerArn}:${version} does not exist or is not shared with this account.`, {
          code: 'LayerVersionNotFound',
          hint: 'Check the version (`lx layers list` shows the versions your functions use); a layer owned by another account must be shared with yours.',
          cause: error,
        })
      }

      misses++
    }
  }

  const newest = found.at(-1)!.version
  const stoppedBy = misses >= PROBE_GAP ? `${PROBE_GAP} missing in a row after v${newest}` : `the limit of ${PROBE_MAX_CALLS} probes`
  return {
    layerArn: layer.layerArn,
    layerName: layer.name,
    region,
    versions: found.reverse(),
    complete: false,
    note:
      `ListLayerVersions was denied on ${layer.layerArn} (AWS lets only its owner, account ${layer.accountId}, list it); ` +
      `versions found by reading v${layer.version} upward until ${stoppedBy}. Older versions, and newer ones past a gap, are not shown.`,
    calls,
  }
}
