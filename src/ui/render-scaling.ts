// Human output of `lx scaling list`: one row per scalable target, then its schedules.
import type {ScalingListRow} from '../scaling/scaling-service.js'
import {percent} from '../scaling/scaling-states.js'
import {accountRegions, type FleetView} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
import {type Column, Priority, renderTable, type TableOptions} from './table.js'

function policyCell(row: ScalingListRow): string {
  if (!row.policy) return 'none'
  const {policy} = row
  const value = policy.targetValue === null ? '' : ` ${policy.targetValue <= 1 ? percent(policy.targetValue) : policy.targetValue}`
  const cooldowns = [
    policy.scaleInCooldown === null ? '' : `in ${policy.scaleInCooldown}s`,
    policy.scaleOutCooldown === null ? '' : `out ${policy.scaleOutCooldown}s`,
  ].filter(Boolean)
  return `${policy.name}${value}${cooldowns.length > 0 ? ` (cooldown ${cooldowns.join('/')})` : ''}`
}

function provisionedCell(row: ScalingListRow): string {
  if (!row.provisioned) return 'none'
  const {provisioned} = row
  return `${provisioned.allocated}/${provisioned.requested}${provisioned.status === 'READY' ? '' : ` ${provisioned.status}`}`
}

/** `2030-11-28 08:00 UTC`: minutes are what a schedule is written in. */
export function formatRunTime(iso: string | null): string {
  if (iso === null) return '—'
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** One place: today's tables. A fleet (`fleet` given): ACCOUNT and REGION first, and a total line. */
export function renderScalingList(rows: ScalingListRow[], options: TableOptions & {fleet?: FleetView} = {}): string {
  const where = options.fleet ? ` in ${accountRegions(options.fleet.places)}` : ''
  if (rows.length === 0) {
    return `No auto scaling registered for the selected functions${where}. \`lx scaling set FUNCTION --qualifier Q --min N --max N\` sets it up.`
  }

  const lines = [
    renderTable(
      [
        ...(options.fleet ? placeColumns<ScalingListRow>() : []),
        {header: 'FUNCTION', value: (row: ScalingListRow) => row.functionName, priority: Priority.identity, truncate: 'end'},
        {header: 'QUALIFIER', short: 'QUAL', value: (row) => row.qualifier, priority: Priority.identity, truncate: 'end', minWidth: 8},
        {header: 'MIN', value: (row) => row.min, align: 'right', priority: Priority.identity},
        {header: 'MAX', value: (row) => row.max, align: 'right', priority: Priority.identity},
        {header: 'POLICY (target)', short: 'POLICY', value: (row) => policyCell(row), priority: Priority.detail, truncate: 'end', minWidth: 16},
        {header: 'PROVISIONED (allocated/requested)', short: 'PROVISIONED', value: (row) => provisionedCell(row), priority: Priority.primary},
        {header: 'SCHEDULES', short: 'SCHED', value: (row) => row.schedules.length, align: 'right', priority: Priority.secondary},
      ] as Array<Column<ScalingListRow>>,
      rows,
      options,
    ),
  ]
  if (options.fleet) {
    const provisioned = rows.reduce((sum, row) => sum + (row.provisioned?.requested ?? 0), 0)
    lines.push('', `${rows.length} scalable target${rows.length === 1 ? '' : 's'}${where}; ${provisioned} provisioned concurrency requested.`)
  }

  // In a fleet a schedule's target names its account-region, as two functions may share a name.
  const targetOf = (row: ScalingListRow) => `${options.fleet ? `${row.account ?? '?'}/${row.region ?? '?'} ` : ''}${row.functionName}:${row.qualifier}`
  const schedules = rows.flatMap((row) => row.schedules.map((schedule) => ({row, schedule})))
  if (schedules.length > 0) {
    lines.push(
      '',
      'Schedules:',
      renderTable(
        [
          {
            header: '  TARGET',
            value: (item: (typeof schedules)[number]) => `  ${targetOf(item.row)}`,
            priority: Priority.identity,
            truncate: 'middle',
            minWidth: 16,
          },
          {header: 'NAME', value: (item) => item.schedule.name, priority: Priority.identity, truncate: 'end', minWidth: 10},
          {header: 'SCHEDULE', value: (item) => item.schedule.schedule, priority: Priority.primary},
          {header: 'ZONE', value: (item) => item.schedule.timezone ?? 'UTC', priority: Priority.secondary, truncate: 'end', minWidth: 8},
          {header: 'MIN', value: (item) => item.schedule.min ?? '-', align: 'right', priority: Priority.primary},
          {header: 'MAX', value: (item) => item.schedule.max ?? '-', align: 'right', priority: Priority.primary},
          {header: 'NEXT RUN', value: (item) => formatRunTime(item.schedule.nextRun), priority: Priority.detail},
        ],
        schedules,
        options,
      ),
    )
  }

  return lines.join('\n')
}
