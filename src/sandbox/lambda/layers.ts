// Reading layers: what a client needs to check runtime and architecture compatibility before it
// attaches one (the API itself does not check). Another account's layers are treated as public
// ones are on AWS: their versions can be read one by one, but not listed (ListLayerVersions is
// denied), and a version that does not exist is denied too rather than reported missing.

import type {Account, LayerVersion} from '../account.js'
import type {RestRoute} from '../protocol.js'
import {AwsError} from '../protocol.js'
import {constraintViolation, missingMember, notFound} from './errors.js'
import {paginate} from './pagination.js'
import {layerVersion, layerVersionListItem} from './render.js'
import {ok} from './respond.js'

const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$/
const LAYER_NAME = /^(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9_-]+)$|^[a-zA-Z0-9_-]+$/

function layerVersionNotFound(): Error {
  return notFound('The resource you requested does not exist.')
}

function isForeign(account: Account, layerArn: string): boolean {
  return !layerArn.includes(`:${account.id}:layer:`)
}

function accessDenied(account: Account, action: string, resource: string): AwsError {
  const message = `User: arn:aws:iam::${account.id}:user/lx-sandbox is not authorized to perform: lambda:${action} on resource: ${resource}`
  return new AwsError('AccessDeniedException', 403, message, {messageKey: 'Message'})
}

/** A version of this account's layer, or of another's; a missing one of another account is denied, as on AWS. */
function readableVersion(account: Account, arn: string, action: string): LayerVersion {
  const layer = account.findLayerVersion(arn)
  if (layer) return layer
  if (isForeign(account, arn)) throw accessDenied(account, action, arn)
  throw layerVersionNotFound()
}

/** LayerName may be a name (this account) or a layer ARN. */
function layerArnOf(account: Account, layerName: string): string {
  if (!LAYER_NAME.test(layerName))
    throw constraintViolation(
      'layerName',
      layerName,
      'Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
    )
  return layerName.startsWith('arn:') ? layerName : account.layerArn(layerName)
}

function matchesFilters(layer: LayerVersion, query: URLSearchParams): boolean {
  const runtime = query.get('CompatibleRuntime')
  const architecture = query.get('CompatibleArchitecture')
  return (
    (runtime === null || layer.compatibleRuntimes.includes(runtime)) && (architecture === null || layer.compatibleArchitectures.includes(architecture as never))
  )
}

export function layerRoutes(account: Account): RestRoute[] {
  return [
    {
      operation: 'GetLayerVersionByArn',
      method: 'GET',
      path: '/2018-10-31/layers',
      query: {find: 'LayerVersion'},
      handle({query}) {
        const arn = query.get('Arn')
        if (arn === null) throw missingMember('arn')
        if (!LAYER_VERSION_ARN.test(arn))
          throw constraintViolation(
            'arn',
            arn,
            'Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+',
          )
        return ok(layerVersion(readableVersion(account, arn, 'GetLayerVersion')))
      },
    },
    {
      operation: 'GetLayerVersion',
      method: 'GET',
      path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}',
      handle({params}) {
        return ok(layerVersion(readableVersion(account, `${layerArnOf(account, params.LayerName)}:${params.VersionNumber}`, 'GetLayerVersion')))
      },
    },
    {
      operation: 'ListLayerVersions',
      method: 'GET',
      path: '/2018-10-31/layers/{LayerName}/versions',
      handle({params, query}) {
        const layerArn = layerArnOf(account, params.LayerName)
        if (isForeign(account, layerArn)) throw accessDenied(account, 'ListLayerVersions', layerArn)
        // Newest first, as Lambda lists them; a layer that does not exist lists as empty.
        const versions = [...(account.layers.get(layerArn) ?? [])].reverse().filter((v) => matchesFilters(v, query))
        const page = paginate(versions, {query, serviceCap: 50, modelMax: 50})
        return ok({...(page.nextMarker ? {NextMarker: page.nextMarker} : {}), LayerVersions: page.items.map(layerVersionListItem)})
      },
    },
    {
      operation: 'ListLayers',
      method: 'GET',
      path: '/2018-10-31/layers',
      handle({query}) {
        // Only this account's layers, like the real ListLayers.
        const layers: LayerVersion[] = []
        for (const [layerArn, versions] of account.layers) {
          if (!layerArn.includes(`:${account.id}:layer:`)) continue
          const latest = [...versions].reverse().find((v) => matchesFilters(v, query))
          if (latest) layers.push(latest)
        }
        layers.sort((a, b) => a.layerName.localeCompare(b.layerName))
        const page = paginate(layers, {query, serviceCap: 50, modelMax: 50})
        return ok({
          ...(page.nextMarker ? {NextMarker: page.nextMarker} : {}),
          Layers: page.items.map((latest) => ({LayerName: latest.layerName, LayerArn: latest.layerArn, LatestMatchingVersion: layerVersionListItem(latest)})),
        })
      },
    },
  ]
}
