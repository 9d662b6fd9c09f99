// Human view of `lx alarms list`: one row per lx alarm (account alarms first), then the selected
// functions that have none and lx alarms left behind by deleted functions. Across a fleet: one
// table with ACCOUNT and REGION first, and the names below grouped by account-region.
import type {AlarmRow, AlarmsList} from '../alarms/alarms-service.js'
import {accountRegions, type FleetView} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
import {type Column, renderTable} from './table.js'

/** `lx alarms list` of one account-region of a fleet: today's object, with where it was read. */
export type AlarmsListAt = AlarmsList & {account?: string; region: string}

/** `111111111111/eu-west-1: a, b; 222222222222/eu-west-1: c` */
function byPlaceNames(items: Array<{account?: string; region?: string; name: string}>): string {
  const groups = new Map<string, string[]>()
  for (const item of items) {
    const label = `${item.account ?? '?'}/${item.region ?? '?'}`
    groups.set(label, [...(groups.get(label) ?? []), item.name])
  }

  return [...groups].map(([label, names]) => `${label}: ${names.join(', ')}`).join('; ')
}

export function renderAlarmsList(list: AlarmsList): string {
  return renderAlarms(
    list.alarms,
    list.functionsWithoutAlarms.length > 0 ? list.functionsWithoutAlarms.join(', ') : undefined,
    list.functionsWithoutAlarms.length,
    list.orphaned.length > 0 ? list.orphaned.join(', ') : undefined,
  )
}

/** One table across the fleet (ACCOUNT and REGION first); the names below grouped by account-region. */
export function renderAlarmsFleet(places: AlarmsListAt[], fleet: FleetView): string {
  const at = (place: AlarmsListAt, name: string) => ({account: place.account, region: place.region, name})
  const without = places.flatMap((place) => place.functionsWithoutAlarms.map((name) => at(place, name)))
  const orphaned = places.flatMap((place) => place.orphaned.map((name) => at(place, name)))
  return renderAlarms(
    places.flatMap((place) => place.alarms),
    without.length > 0 ? byPlaceNames(without) : undefined,
    without.length,
    orphaned.length > 0 ? byPlaceNames(orphaned) : undefined,
    fleet,
  )
}

function renderAlarms(alarms: AlarmRow[], without: string | undefined, withoutCount: number, orphaned: string | undefined, fleet?: FleetView): string {
  const where = fleet ? ` in ${accountRegions(fleet.places)}` : ''
  const lines: string[] = []
  if (alarms.length === 0) lines.push(`No lx alarms for the selection${where}.`)
  else {
    const accountFirst = (row: AlarmRow) => (row.functionName === null ? 0 : 1)
    const place = (row: AlarmRow) => (fleet ? `${row.account ?? ''}|${row.region ?? ''}` : '')
    const rows = [...alarms].sort((a, b) => place(a).localeCompare(place(b)) || accountFirst(a) - accountFirst(b) || a.alarmName.localeCompare(b.alarmName))
    const columns: Array<Column<AlarmRow>> = [
      ...(fleet ? placeColumns<AlarmRow>() : []),
      {header: 'ALARM', value: (row: AlarmRow) => row.alarmName},
      {header: 'STATE', value: (row) => row.state},
      {header: 'THRESHOLD', value: (row) => row.threshold, align: 'right'},
      {header: 'CONDITION', value: (row) => row.condition},
    ]
    lines.push(renderTable(columns, rows))
    if (fleet) lines.push('', `${alarms.length} alarm${alarms.length === 1 ? '' : 's'}${where}.`)
  }

  if (without !== undefined) {
    lines.push('', `${withoutCount} function${withoutCount === 1 ? '' : 's'} without lx alarms: ${without}`)
    lines.push('Set some with `lx alarms set FUNCTION... --notify SNS_TOPIC_ARN`.')
  }

  if (orphaned !== undefined) {
    lines.push('', `lx alarms of functions that no longer exist: ${orphaned} (delete them in CloudWatch: \`lx alarms remove\` selects existing functions).`)
  }

  return lines.join('\n')
}
