// Human output of `lx scaling list`: one row per scalable target, then its schedules.
import type {ScalingListRow} from '../scaling/scaling-service.js'
import {percent} from '../scaling/scaling-states.js'
import {renderTable} from './table.js'

function policyCell(row: ScalingListRow): string {
  if (!row.policy) return 'none'
  const {policy} = row
  const value = policy.targetValue === null ? '' : ` ${policy.targetValue <= 1 ? percent(policy.targetValue) : policy.targetValue}`
  const cooldowns = [policy.scaleInCooldown === null ? '' : `in ${policy.scaleInCooldown}s`, policy.scaleOutCooldown === null ? '' : `out ${policy.scaleOutCooldown}s`].filter(Boolean)
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

export function renderScalingList(rows: ScalingListRow[]): string {
  if (rows.length === 0) return 'No auto scaling registered for the selected functions. `lx scaling set FUNCTION --qualifier Q --min N --max N` sets it up.'
  const lines = [
    renderTable(
      [
        {header: 'FUNCTION', value: (row: ScalingListRow) => row.functionName},
        {header: 'QUALIFIER', value: (row) => row.qualifier},
        {header: 'MIN', value: (row) => row.min, align: 'right'},
        {header: 'MAX', value: (row) => row.max, align: 'right'},
        {header: 'POLICY (target)', value: (row) => policyCell(row)},
        {header: 'PROVISIONED (allocated/requested)', value: (row) => provisionedCell(row)},
        {header: 'SCHEDULES', value: (row) => row.schedules.length, align: 'right'},
      ],
      rows,
    ),
  ]
  const schedules = rows.flatMap((row) => row.schedules.map((schedule) => ({row, schedule})))
  if (schedules.length > 0) {
    lines.push(
      '',
      'Schedules:',
      renderTable(
        [
          {header: '  TARGET', value: (item: (typeof schedules)[number]) => `  ${item.row.functionName}:${item.row.qualifier}`},
          {header: 'NAME', value: (item) => item.schedule.name},
          {header: 'SCHEDULE', value: (item) => item.schedule.schedule},
          {header: 'ZONE', value: (item) => item.schedule.timezone ?? 'UTC'},
          {header: 'MIN', value: (item) => item.schedule.min ?? '-', align: 'right'},
          {header: 'MAX', value: (item) => item.schedule.max ?? '-', align: 'right'},
          {header: 'NEXT RUN', value: (item) => formatRunTime(item.schedule.nextRun)},
        ],
        schedules,
      ),
    )
  }

  return lines.join('\n')
}
