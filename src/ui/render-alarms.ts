// Human view of `lx alarms list`: one row per lx alarm (account alarms first), then the selected
// functions that have none and lx alarms left behind by deleted functions.
import type {AlarmRow, AlarmsList} from '../alarms/alarms-service.js'
import {renderTable} from './table.js'

export function renderAlarmsList(list: AlarmsList): string {
  const lines: string[] = []
  if (list.alarms.length === 0) lines.push('No lx alarms for the selection.')
  else {
    const accountFirst = (row: AlarmRow) => (row.functionName === null ? 0 : 1)
    const rows = [...list.alarms].sort((a, b) => accountFirst(a) - accountFirst(b) || a.alarmName.localeCompare(b.alarmName))
    lines.push(
      renderTable(
        [
          {header: 'ALARM', value: (row: AlarmRow) => row.alarmName},
          {header: 'STATE', value: (row) => row.state},
          {header: 'THRESHOLD', value: (row) => row.threshold, align: 'right'},
          {header: 'CONDITION', value: (row) => row.condition},
        ],
        rows,
      ),
    )
  }

  if (list.functionsWithoutAlarms.length > 0) {
    const count = list.functionsWithoutAlarms.length
    lines.push('', `${count} function${count === 1 ? '' : 's'} without lx alarms: ${list.functionsWithoutAlarms.join(', ')}`)
    lines.push('Set some with `lx alarms set FUNCTION... --notify SNS_TOPIC_ARN`.')
  }

  if (list.orphaned.length > 0) {
    const names = list.orphaned.join(', ')
    lines.push('', `lx alarms of functions that no longer exist: ${names} (delete them in CloudWatch: \`lx alarms remove\` selects existing functions).`)
  }

  return lines.join('\n')
}
