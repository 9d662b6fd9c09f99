// Human view of `lx destinations list`: one row per function and qualifier, AWS defaults shown as
// such, and the functions whose failed asynchronous events would be lost listed last.
import type {DestinationsRow} from '../destinations/destinations-service.js'
import {shortDestination} from '../destinations/destination-arn.js'
import {AWS_DEFAULTS, formatAge} from '../destinations/event-invoke-state.js'
import {accountRegions, type FleetView} from './fleet-list.js'
import {placeColumns} from './render-fleet.js'
import {Priority, renderTable, type TableOptions} from './table.js'

interface Line {
  account?: string
  region?: string
  functionName: string
  qualifier: string
  onSuccess: string
  onFailure: string
  retries: string
  maxAge: string
  asyncTriggers: number
}

const shortOrDash = (arn: string) => (arn === '-' ? arn : shortDestination(arn))

/** One place: today's table. A fleet (`fleet` given): ACCOUNT and REGION first, and the places counted. */
export function renderDestinations(rows: DestinationsRow[], options: TableOptions & {fleet?: FleetView} = {}): string {
  const where = options.fleet ? ` in ${accountRegions(options.fleet.places)}` : ''
  if (rows.length === 0) return `No functions match${where}.`
  const lines: Line[] = rows.flatMap((row): Line[] => {
    const place = {account: row.account, region: row.region}
    if (row.configs.length === 0) {
      return [
        {
          ...place,
          functionName: row.functionName,
          qualifier: '-',
          onSuccess: '-',
          onFailure: '-',
          retries: `${AWS_DEFAULTS.maximumRetryAttempts} (default)`,
          maxAge: `${formatAge(AWS_DEFAULTS.maximumEventAgeInSeconds)} (default)`,
          asyncTriggers: row.asyncTriggers,
        },
      ]
    }

    return row.configs.map((config) => ({
      ...place,
      functionName: row.functionName,
      qualifier: config.qualifier,
      onSuccess: config.onSuccess ?? '-',
      onFailure: config.onFailure ?? '-',
      retries: config.maximumRetryAttempts === null ? `${AWS_DEFAULTS.maximumRetryAttempts} (default)` : String(config.maximumRetryAttempts),
      maxAge:
        config.maximumEventAgeInSeconds === null ? `${formatAge(AWS_DEFAULTS.maximumEventAgeInSeconds)} (default)` : formatAge(config.maximumEventAgeInSeconds),
      asyncTriggers: row.asyncTriggers,
    }))
  })
  const table = renderTable(
    [
      ...(options.fleet ? placeColumns<Line>() : []),
      {header: 'FUNCTION', value: (line: Line) => line.functionName, priority: Priority.identity, truncate: 'end'},
      {header: 'QUALIFIER', short: 'QUAL', value: (line) => line.qualifier, priority: Priority.identity, truncate: 'end', minWidth: 8},
      // Narrowed, a destination is its service and name (`sqs:failed-events`); --wide has the ARN.
      {
        header: 'ON SUCCESS',
        value: (line) => line.onSuccess,
        compact: (line) => shortOrDash(line.onSuccess),
        priority: Priority.secondary,
        truncate: 'middle',
        minWidth: 16,
      },
      {
        header: 'ON FAILURE',
        value: (line) => line.onFailure,
        compact: (line) => shortOrDash(line.onFailure),
        priority: Priority.primary,
        truncate: 'middle',
        minWidth: 16,
      },
      {header: 'RETRIES', value: (line) => line.retries, align: 'right', priority: Priority.detail},
      {header: 'MAX AGE', value: (line) => line.maxAge, align: 'right', priority: Priority.detail},
      {header: 'ASYNC TRIGGERS', short: 'ASYNC', value: (line) => line.asyncTriggers, align: 'right', priority: Priority.primary},
    ],
    lines,
    options,
  )
  const configured = rows.filter((row) => row.configs.length > 0).length
  const warned = rows.filter((row) => row.warning)
  const out = [
    table,
    '',
    `${rows.length} function${rows.length === 1 ? '' : 's'}${where}; ${configured} with an async invocation config; ${warned.length} may lose failed events.`,
  ]
  const label = (row: DestinationsRow) => (options.fleet ? `${row.account ?? '?'}/${row.region ?? '?'} ${row.functionName}` : row.functionName)
  for (const row of warned) out.push(`Warning: ${label(row)}: ${row.warning}`)
  return out.join('\n')
}
