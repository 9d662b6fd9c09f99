// `lx layers versions` for people: one row per version, newest first, and a note when the list
// was found by probing another account's layer.
import type {LayerVersionInfoRow, LayerVersions} from '../layers/read-layer-versions.js'
import {renderTable} from './table.js'

const list = (values: string[]) => (values.length === 0 ? 'any' : values.join(', '))

export function renderLayerVersions(result: LayerVersions): string {
  const table = renderTable<LayerVersionInfoRow>(
    [
      {header: 'VERSION', value: (row) => row.version, align: 'right'},
      {header: 'CREATED', value: (row) => row.createdDate?.slice(0, 16).replace('T', ' ')},
      {header: 'RUNTIMES', value: (row) => list(row.compatibleRuntimes)},
      {header: 'ARCH', value: (row) => list(row.compatibleArchitectures)},
      {header: 'DESCRIPTION', value: (row) => row.description},
    ],
    result.versions,
  )
  const count = `${result.versions.length} version${result.versions.length === 1 ? '' : 's'}`
  const lines = [`${result.layerArn} (${result.region}): ${count}${result.complete ? '' : ' found, the list may be incomplete'}`, '', table]
  if (result.note) lines.push('', result.note)
  lines.push('', `Attach one with: lx layers attach ${result.versions[0].layerVersionArn} FUNCTION...`)
  return lines.join('\n')
}
