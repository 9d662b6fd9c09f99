// Human view of `lx destinations list`: one row per function and qualifier, AWS defaults shown as
// such, and the functions whose failed asynchronous events would be lost listed last.
import type {DestinationsRow} from '../destinations/destinations-service.js'
import {AWS_DEFAULTS, formatAge} from '../destinations/event-invoke-state.js'
import {renderTable} from './table.js'

interface Line {
  functionName: string
  qualifier: string
  onSuccess: string
  onFailure: string
  retries: string
  maxAge: string
  asyncTriggers: number
}

export function renderDestinations(rows: DestinationsRow[]): string {
  if (rows.length === 0) return 'No functions match.'
  const lines: Line[] = rows.flatMap((row): Line[] => {
    if (row.configs.length === 0) {
      return [{functionName: row.functionName, qualifier: '-', onSuccess: '-', onFailure: '-', retries: `${AWS_DEFAULTS.maximumRetryAttempts} (default)`, maxAge: `${formatAge(AWS_DEFAULTS.maximumEventAgeInSeconds)} (default)`, asyncTriggers: row.asyncTriggers}]
    }

    return row.configs.map((config) => ({
      functionName: row.functionName,
      qualifier: config.qualifier,
      onSuccess: config.onSuccess ?? '-',
      onFailure: config.onFailure ?? '-',
      retries: config.maximumRetryAttempts === null ? `${AWS_DEFAULTS.maximumRetryAttempts} (default)` : String(config.maximumRetryAttempts),
      maxAge: config.maximumEventAgeInSeconds === null ? `${formatAge(AWS_DEFAULTS.maximumEventAgeInSeconds)} (default)` : formatAge(config.maximumEventAgeInSeconds),
      asyncTriggers: row.asyncTriggers,
    }))
  })
  const table = renderTable(
    [
      {header: 'FUNCTION', value: (line: Line) => line.functionName},
      {header: 'QUALIFIER', value: (line) => line.qualifier},
      {header: 'ON SUCCESS', value: (line) => line.onSuccess},
      {header: 'ON FAILURE', value: (line) => line.onFailure},
      {header: 'RETRIES', value: (line) => line.retries, align: 'right'},
      {header: 'MAX AGE', value: (line) => line.maxAge, align: 'right'},
      {header: 'ASYNC TRIGGERS', value: (line) => line.asyncTriggers, align: 'right'},
    ],
    lines,
  )
  const configured = rows.filter((row) => row.configs.length > 0).length
  const warned = rows.filter((row) => row.warning)
  const out = [table, '', `${rows.length} function${rows.length === 1 ? '' : 's'}; ${configured} with an async invocation config; ${warned.length} may lose failed events.`]
  for (const row of warned) out.push(`Warning: ${row.functionName}: ${row.warning}`)
  return out.join('\n')
}
