import type {FunctionConcurrency} from '../concurrency/read-concurrency.js'
import {accountRegions, type FleetView, type Located} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
import {type Column, Priority, renderTable, type TableOptions} from './table.js'

/** A row of `lx concurrency list`: the function's concurrency where it was read. */
export type ConcurrencyListRow = FunctionConcurrency & Partial<Located>

function provisionedCell(row: FunctionConcurrency): string {
  if (row.provisioned.length === 0) return '-'
  return row.provisioned
    .map(
      (pc) =>
        `${pc.qualifier}: ${pc.allocated}/${pc.requested}${pc.status === 'READY' ? '' : ` ${pc.status}`}${pc.statusReason ? ` (${pc.statusReason})` : ''}`,
    )
    .join(', ')
}

/** `live→4`, or with weighted routing `live→4 (5: 10%)`. */
function aliasesCell(row: FunctionConcurrency): string {
  if (!row.aliases || row.aliases.length === 0) return '-'
  return row.aliases
    .map((alias) => {
      const routing = (alias.routing ?? []).map((route) => `${route.version}: ${Math.round(route.weight * 1000) / 10}%`)
      return `${alias.name}→${alias.version}${routing.length > 0 ? ` (${routing.join(', ')})` : ''}`
    })
    .join(', ')
}

/** One place: today's table. A fleet (`fleet` given): ACCOUNT and REGION first, and the places counted. */
export function renderConcurrencyList(rows: ConcurrencyListRow[], options: TableOptions & {fleet?: FleetView} = {}): string {
  const where = options.fleet ? ` in ${accountRegions(options.fleet.places)}` : ''
  if (rows.length === 0) return `No functions match${where}.`
  const withAliases = rows.some((row) => row.aliases !== undefined)
  const table = renderTable(
    [
      ...(options.fleet ? placeColumns<ConcurrencyListRow>() : []),
      {header: 'FUNCTION', value: (row) => row.functionName, priority: Priority.identity, truncate: 'end'},
      {header: 'RUNTIME', value: (row) => row.runtime ?? (row.packageType === 'Image' ? 'image' : '-'), priority: Priority.detail},
      {header: 'ARCH', value: (row) => row.architecture, priority: Priority.extra},
      {header: 'RESERVED', value: (row) => row.reserved ?? 'none', align: 'right', priority: Priority.identity},
      {header: 'PROVISIONED (allocated/requested)', short: 'PROVISIONED', value: (row) => provisionedCell(row), priority: Priority.primary, truncate: 'end'},
      ...(withAliases ? [{header: 'ALIASES', value: (row: FunctionConcurrency) => aliasesCell(row), priority: Priority.detail, truncate: 'end' as const}] : []),
    ] as Array<Column<ConcurrencyListRow>>,
    rows,
    options,
  )
  const reserved = rows.filter((row) => row.reserved !== null)
  const provisioned = rows.flatMap((row) => row.provisioned)
  const footer =
    `${rows.length} function${rows.length === 1 ? '' : 's'}${where}; ${reserved.length} with reserved ` +
    `(${reserved.reduce((sum, row) => sum + (row.reserved ?? 0), 0)} total); ${provisioned.length} provisioned ` +
    `config${provisioned.length === 1 ? '' : 's'} (${provisioned.reduce((sum, pc) => sum + pc.requested, 0)} requested)`
  return `${table}\n\n${footer}`
}
