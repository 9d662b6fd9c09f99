// `lx layers list` for people: one row per function with its layers in merge order, and which
// versions of each layer are in use across the selection (the question before an upgrade).
import type {FunctionLayers} from '../layers/layers-service.js'
import {shortLayerName} from '../layers/function-config.js'
import {Priority, renderTable, type TableOptions} from './table.js'

function layerNameOf(layerArn: string): string {
  return layerArn.slice(layerArn.lastIndexOf(':') + 1)
}

export function renderLayersList(rows: FunctionLayers[], options: TableOptions = {}): string {
  if (rows.length === 0) return 'No functions match.'
  const table = renderTable(
    [
      {header: 'FUNCTION', value: (row: FunctionLayers) => row.functionName, priority: Priority.identity, truncate: 'end'},
      {header: 'RUNTIME', value: (row) => row.runtime ?? (row.packageType === 'Image' ? 'image' : '-'), priority: Priority.detail},
      {header: 'ARCH', value: (row) => row.architecture, priority: Priority.extra},
      {
        header: 'LAYERS (merge order)',
        short: 'LAYERS',
        value: (row) => (row.layers.length === 0 ? '-' : row.layers.map((layer) => shortLayerName(layer.arn)).join(', ')),
        priority: Priority.identity,
        truncate: 'end',
        minWidth: 20,
      },
    ],
    rows,
    options,
  )
  // Per layer: how many functions use which version.
  const usage = new Map<string, Map<number | null, number>>()
  for (const row of rows) {
    for (const layer of row.layers) {
      const versions = usage.get(layer.layerArn) ?? new Map<number | null, number>()
      versions.set(layer.version, (versions.get(layer.version) ?? 0) + 1)
      usage.set(layer.layerArn, versions)
    }
  }

  const withLayers = rows.filter((row) => row.layers.length > 0).length
  const lines = [table, '', `${rows.length} function${rows.length === 1 ? '' : 's'}, ${withLayers} with layers.`]
  for (const [layerArn, versions] of [...usage].sort(([a], [b]) => layerNameOf(a).localeCompare(layerNameOf(b)))) {
    const counts = [...versions].sort(([a], [b]) => (b ?? 0) - (a ?? 0)).map(([version, count]) => `v${version ?? '?'} ×${count}`)
    lines.push(`  ${layerNameOf(layerArn)}: ${counts.join(', ')}  (${layerArn})`)
  }

  return lines.join('\n')
}
