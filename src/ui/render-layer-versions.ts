// `lx layers versions` for people: one row per version, newest first, and a note when the list
// was found by probing another account's layer.
import type {LayerVersionInfoRow, LayerVersions} from '../layers/read-layer-versions.js'
import {accountRegions} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
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

/** One account-region of `lx layers versions` across a fleet: the versions there, or why there are none. */
export type LayerVersionsAt = {account?: string; region: string} & (LayerVersions | {layerArn: string; layerName: string; missing: string})

/** One table across the fleet: ACCOUNT and REGION first; a region without the layer says so in its row. */
export function renderLayerVersionsFleet(name: string, places: LayerVersionsAt[]): string {
  type Row = LayerVersionInfoRow & {account?: string; region: string; missing?: string}
  const rows: Row[] = places.flatMap((place): Row[] =>
    'missing' in place
      ? [{account: place.account, region: place.region, missing: place.missing} as Row]
      : place.versions.map((version) => ({account: place.account, region: place.region, ...version})),
  )
  const table = renderTable<Row>(
    [
      ...placeColumns<Row>(),
      {header: 'VERSION', value: (row) => (row.missing ? '-' : row.version), align: 'right'},
      {header: 'CREATED', value: (row) => (row.missing ? '' : row.createdDate?.slice(0, 16).replace('T', ' '))},
      {header: 'RUNTIMES', value: (row) => (row.missing ? '' : list(row.compatibleRuntimes))},
      {header: 'ARCH', value: (row) => (row.missing ? '' : list(row.compatibleArchitectures))},
      {header: 'DESCRIPTION', value: (row) => (row.missing ? 'not found in this region' : row.description)},
    ],
    rows,
  )
  const found = places.filter((place): place is Extract<LayerVersionsAt, {versions: unknown}> => !('missing' in place))
  const missing = places.length - found.length
  const versions = found.reduce((sum, place) => sum + place.versions.length, 0)
  const incomplete = found.some((place) => !place.complete)
  const head =
    `${name}: ${versions} version${versions === 1 ? '' : 's'}${incomplete ? ' found' : ''} in ${accountRegions(found.length)}` +
    `${missing > 0 ? `; not found in ${accountRegions(missing)}` : ''}${incomplete ? ' (some lists may be incomplete)' : ''}`
  const lines = [head, '', table]
  for (const place of found) if (place.note) lines.push('', `${place.account ?? '?'}/${place.region}: ${place.note}`)
  // The hint names one ARN; across regions attach uses that owner's layer in each, so only when every place has the same owner.
  const owners = new Set(found.map((place) => place.layerArn.split(':')[4]))
  if (owners.size === 1) {
    lines.push('', `Attach one with: lx layers attach ${found[0].versions[0].layerVersionArn} FUNCTION... (lx uses that layer in each region)`)
  }
  return lines.join('\n')
}
