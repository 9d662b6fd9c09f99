// What the list commands share across a fleet: records located in their account-region, one order
// (account, region, then the command's own), the "in N account-regions" of a total line, and the
// --json array with the account-regions not reached at the end.
import {type Place, placeLabel, type Unreachable} from '../fleet/place.js'
import {type PlaceFields, unreachableRecords} from './render-fleet.js'

/** Where a record was read: the account (from an ARN, or the place's) and the region. */
export interface Located {
  account?: string
  region: string
}

/** The account of an ARN (`arn:aws:lambda:REGION:ACCOUNT:…`); undefined when it names none. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

/** Records of every place in one list, by account then region; within a place, as read. */
export function byPlace<R extends {account?: string; region?: string}>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => (a.account ?? '').localeCompare(b.account ?? '') || (a.region ?? '').localeCompare(b.region ?? ''))
}

/** `1 account-region`, `3 account-regions`. */
export function accountRegions(count: number): string {
  return `${count} account-region${count === 1 ? '' : 's'}`
}

/** How a renderer is told it shows a fleet: the ACCOUNT and REGION columns, and how many places were read. */
export interface FleetView {
  /** Account-regions read (those not reached are reported apart). */
  places: number
}

/**
 * The account-regions where the selection found nothing (a named function that is not there): read,
 * and empty, not a failure. One line each, for after the table; nothing when there are none.
 */
export function renderEmptyPlaces(empty: ReadonlyArray<{place: Place; reason: string}>): string {
  return empty.map(({place, reason}) => `Nothing in ${placeLabel(place)}: ${reason}`).join('\n')
}

/** The --json of a list across a fleet: the records, then one per account-region not reached. */
export function fleetRecords<R>(rows: readonly R[], unreachable: readonly Unreachable[]): Array<R | PlaceFields> {
  return [...rows, ...unreachableRecords(unreachable)]
}
