import type {AccountConcurrency} from '../concurrency/read-concurrency.js'
import {type PlaceFields, placeColumns} from './render-fleet.js'
import {Priority, renderPairs, renderTable} from './table.js'

export function renderAccount(account: AccountConcurrency): string {
  const used = account.limit > 0 ? Math.round(((account.limit - account.unreserved) / account.limit) * 100) : 0
  return renderPairs([
    ['Region', account.region],
    ['Concurrency limit', account.limit],
    ['Unreserved', `${account.unreserved} (floor ${account.unreservedFloor})`],
    ['Reserved, total', `${account.reservedTotal} across ${account.functionsWithReserved} function${account.functionsWithReserved === 1 ? '' : 's'}`],
    ['Provisioned, total', account.provisionedTotal],
    ['Set aside', `${account.limit - account.unreserved} (${used}% of the limit)`],
    ['Headroom', `${account.headroom} more can be reserved or provisioned`],
    ['Functions', account.functionCount],
  ])
}

/** One account-region of `lx account` across a fleet: its concurrency, or why it could not be read. */
export type AccountRow = PlaceFields & Partial<AccountConcurrency>

/** A row per account-region, and the fleet's totals where adding up means something. */
export function renderAccountFleet(rows: AccountRow[]): string {
  const read = rows.filter((row) => row.unreachable === undefined)
  const sum = (pick: (row: AccountRow) => number | undefined) => read.reduce((total, row) => total + (pick(row) ?? 0), 0)
  const table = renderTable(
    [
      ...placeColumns<AccountRow>(),
      {header: 'LIMIT', value: (row) => row.limit, align: 'right', priority: Priority.primary},
      {header: 'UNRESERVED', value: (row) => row.unreserved, align: 'right', priority: Priority.primary},
      {header: 'RESERVED', value: (row) => row.reservedTotal, align: 'right', priority: Priority.primary},
      {header: 'PROVISIONED', value: (row) => row.provisionedTotal, align: 'right', priority: Priority.primary},
      {header: 'HEADROOM', value: (row) => row.headroom, align: 'right', priority: Priority.primary},
      {header: 'FUNCTIONS', value: (row) => row.functionCount, align: 'right', priority: Priority.secondary},
      ...(rows.length > read.length
        ? [
            {
              header: 'NOTE',
              value: (row: AccountRow) => (row.unreachable ? `not reached: ${row.unreachable}` : ''),
              priority: Priority.detail,
              truncate: 'end' as const,
            },
          ]
        : []),
    ],
    rows,
  )
  const accounts = new Set(read.map((row) => row.account)).size
  const total =
    `Total: ${read.length} account-region${read.length === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}, ` +
    `${sum((row) => row.functionCount)} functions, ${sum((row) => row.reservedTotal)} reserved, ${sum((row) => row.provisionedTotal)} provisioned`
  return `${table}\n\n${total}`
}
