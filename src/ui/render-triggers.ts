// Human view of `lx triggers list`: one row per trigger, with how it invokes the function.
import type {FunctionTriggers} from '../triggers/read-triggers.js'
import {accountRegions, type FleetView, type Located} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
import {Priority, renderTable, type TableOptions} from './table.js'

interface Line extends Partial<Located> {
  target: string
  source: string
  mode: string
  arn: string
}

/** One place: today's table. A fleet (`fleet` given): ACCOUNT and REGION first, and the places counted. */
export function renderTriggers(rows: Array<FunctionTriggers & Partial<Located>>, options: TableOptions & {fleet?: FleetView} = {}): string {
  const where = options.fleet ? ` in ${accountRegions(options.fleet.places)}` : ''
  if (rows.length === 0) return `No functions match${where}.`
  const lines: Line[] = rows.flatMap((row): Line[] => {
    const place = {account: row.account, region: row.region}
    if (row.triggers.length === 0) return [{...place, target: row.functionName, source: '-', mode: '-', arn: 'no triggers found'}]
    return row.triggers.map((trigger) => ({
      ...place,
      target: trigger.qualifier ? `${row.functionName}:${trigger.qualifier}` : row.functionName,
      source: trigger.source,
      mode: `${trigger.mode}${'disabled' in trigger && trigger.disabled ? ' (disabled)' : ''}`,
      arn: trigger.arn,
    }))
  })
  const table = renderTable(
    [
      ...(options.fleet ? placeColumns<Line>() : []),
      // `name:qualifier`: cut in the middle so the qualifier stays.
      {header: 'FUNCTION', value: (line: Line) => line.target, priority: Priority.identity, truncate: 'middle', minWidth: 16},
      {header: 'SOURCE', value: (line) => line.source, priority: Priority.primary, truncate: 'end', minWidth: 10},
      {header: 'MODE', value: (line) => line.mode, priority: Priority.identity},
      // The middle of an ARN (partition, region, account) is the part a reader can best do without.
      {header: 'ARN', value: (line) => line.arn, priority: Priority.detail, truncate: 'middle', minWidth: 20},
    ],
    lines,
    options,
  )
  const all = rows.flatMap((row) => row.triggers)
  const asyncCount = all.filter((trigger) => trigger.mode === 'async').length
  const without = rows.filter((row) => row.triggers.length === 0).length
  return [
    table,
    '',
    `${rows.length} function${rows.length === 1 ? '' : 's'}${where}; ${all.length} trigger${all.length === 1 ? '' : 's'}: ${asyncCount} async (destinations ` +
      `apply), ${all.length - asyncCount} sync; ${without} without triggers.`,
  ].join('\n')
}
