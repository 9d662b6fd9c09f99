// What every fleet read adds to its output: account and region columns, and the account-regions
// that could not be reached, each with why.
import {describeUnreachable, type Unreachable} from '../fleet/place.js'
import {type Column, Priority} from './table.js'

/** A record of a fleet read: where it comes from, or (instead of the data) why it could not be read. */
export interface PlaceFields {
  account?: string
  region?: string
  /** Set on a record standing for an account-region that could not be reached or read. */
  unreachable?: string
}

/** ACCOUNT and REGION, to put in front of a table's own columns. */
export function placeColumns<Row extends PlaceFields>(): Array<Column<Row>> {
  return [
    {header: 'ACCOUNT', value: (row) => row.account ?? '', priority: Priority.identity},
    {header: 'REGION', value: (row) => row.region ?? '', priority: Priority.identity},
  ]
}

/** One line per account-region that could not be reached; empty when all were. */
export function renderUnreachable(items: readonly Unreachable[]): string {
  if (items.length === 0) return ''
  return [`Not reached (${items.length}):`, ...items.map((item) => `  ${describeUnreachable(item)}`)].join('\n')
}

/** The --json records for places not reached: each with account and region, and the reason. */
export function unreachableRecords(items: readonly Unreachable[]): PlaceFields[] {
  return items.map((item) => ({
    ...(item.account ? {account: item.account} : {}),
    ...(item.region ? {region: item.region} : {}),
    unreachable: item.profile ? `profile ${item.profile}: ${item.reason}` : item.reason,
  }))
}
