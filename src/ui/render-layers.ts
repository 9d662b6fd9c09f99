// `lx layers list` for people: one row per function with its layers in merge order, then per layer
// the versions in use, the newest available and how many functions are behind (the question
// before an upgrade), then the aliases that still serve an older layer than $LATEST.
import type {FunctionLayers, LayerDrift, LayersListing} from '../layers/layers-service.js'
import {shortLayerName} from '../layers/function-config.js'
import type {AliasBehind} from '../layers/read-layer-drift.js'
import {accountRegions, type FleetView, type Located} from './fleet-list.js'
import {type PlaceFields, placeColumns} from './render-fleet.js'
import {type Column, Priority, renderTable, type TableOptions} from './table.js'

/**
 * `lx layers list --json` across a fleet: today's object, each function and each layer's drift in
 * the account-region it was read in (a layer's newest version is per region), the calls of every
 * place added up, and the account-regions that could not be read.
 */
export interface LayersFleetListing extends LayersListing {
  layers: Array<LayerDrift & Partial<Located>>
  unreachable: PlaceFields[]
}

/** "live → version 12 still runs log-shipper-extension:1 ($LATEST: …:4)". */
export function describeAliasBehind(item: AliasBehind): string {
  return `${item.alias} → version ${item.functionVersion} still runs ${shortLayerName(item.runs)} ($LATEST: ${shortLayerName(item.latest)})`
}

function newestOf(layer: LayerDrift): string {
  if (layer.newest === null) return 'newest: unknown'
  return layer.newestSource === 'probed' ? `newest found: v${layer.newest}` : `newest: v${layer.newest}`
}

/** One place: today's output. A fleet (`fleet` given): ACCOUNT and REGION columns, and each layer line says where. */
export function renderLayersList(listing: LayersListing | LayersFleetListing, options: {outdated?: boolean; fleet?: FleetView} & TableOptions = {}): string {
  const rows = listing.functions
  const where = options.fleet ? ` in ${accountRegions(options.fleet.places)}` : ''
  const place = (item: {account?: string; region?: string}) => (options.fleet ? `${item.account ?? '?'}/${item.region ?? '?'} ` : '')
  if (rows.length === 0 && listing.layers.length === 0) return options.outdated ? `No function is behind${where}.` : `No functions match${where}.`
  const lines: string[] = []
  if (rows.length === 0) lines.push(`No function is behind${where}.`)
  else {
    lines.push(
      renderTable(
        [
          ...(options.fleet ? placeColumns<FunctionLayers>() : []),
          {header: 'FUNCTION', value: (row: FunctionLayers) => row.functionName, priority: Priority.identity, truncate: 'end'},
          {header: 'RUNTIME', value: (row) => row.runtime ?? (row.packageType === 'Image' ? 'image' : '-'), priority: Priority.detail},
          {header: 'ARCH', value: (row) => row.architecture, priority: Priority.extra},
          {
            header: 'LAYERS (merge order)',
            short: 'LAYERS',
            value: (row) =>
              row.layers.length === 0 ? '-' : row.layers.map((layer) => shortLayerName(layer.arn) + (row.behind.includes(layer.arn) ? '*' : '')).join(', '),
            priority: Priority.identity,
            truncate: 'end',
            minWidth: 20,
          },
        ] as Array<Column<FunctionLayers>>,
        rows,
        {width: options.width},
      ),
    )
    const withLayers = rows.filter((row) => row.layers.length > 0).length
    const counted = `${rows.length} function${rows.length === 1 ? '' : 's'}${options.outdated ? ' behind' : ''}${where}, ${withLayers} with layers.`
    lines.push('', `${counted} * = older than the layer's newest version.`)
  }

  if (listing.layers.length > 0) lines.push('', 'Layers:')
  for (const layer of listing.layers as Array<LayerDrift & Partial<Located>>) {
    const counts = layer.inUse.map(({version, functions}) => `v${version} ×${functions}`).join(', ')
    const behind = layer.newest === null ? '' : layer.functionsBehind > 0 ? `; ${layer.functionsBehind} behind` : '; all on the newest'
    lines.push(`  ${place(layer)}${layer.layerName}: ${counts}  (${newestOf(layer)}${behind})  ${layer.layerArn}`)
    if (layer.newestSource !== 'listed' && layer.newestNote) {
      lines.push(`    ${layer.newest === null ? 'could not be known' : 'may be incomplete'}: ${layer.newestNote}`)
    }
  }

  const aliases = rows.filter((row) => row.aliasesBehind.length > 0)
  if (aliases.length > 0) {
    lines.push('', 'Aliases serving an older layer than $LATEST (lx layers upgrade … --publish --alias NAME moves them):')
    for (const row of aliases) for (const item of row.aliasesBehind) lines.push(`  ${place(row)}${row.functionName}: ${describeAliasBehind(item)}`)
  } else if (!listing.aliasesRead) lines.push('', 'Aliases not read (--no-aliases).')

  return lines.join('\n')
}
