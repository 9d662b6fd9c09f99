// Human output of `lx concurrency plan`: one row per function (current → recommended, cost, the
// replayed throttles and cold starts, why), the account check, then the commands that would apply
// the changes — one per line and unindented, so they can be copied or piped into a shell.
import {formatCount} from '../recommend/recommend-function.js'
import {applicableInOrder} from '../recommend/recommend-commands.js'
import type {ConcurrencyPlanFleetReport, ConcurrencyPlanReport, FunctionPlanReport, PlacePlanAccount} from '../recommend/recommend-service.js'
import {placeLabel} from '../fleet/place.js'
import {placeColumns} from './render-fleet.js'
import {type Column, Priority, renderTable, type TableOptions, wrapText} from './table.js'

export function formatUsd(value: number): string {
  const text = Math.abs(value).toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2})
  return `${value < 0 ? '-' : ''}$${text}`
}

export function formatDelta(value: number): string {
  if (Math.abs(value) < 0.005) return '$0.00'
  return `${value > 0 ? '+' : ''}${formatUsd(value)}`
}

const arrow = (before: string, after: string) => (before === after ? before : `${before} → ${after}`)

function reservedCell(plan: FunctionPlanReport): string {
  const text = (value: number | null) => (value === null ? 'none' : String(value))
  return arrow(text(plan.current.reserved), text(plan.recommended.reserved))
}

/** Compact (narrow terminals): the numbers and the scaling range, without the alias and busy hours. */
function provisionedCell(plan: FunctionPlanReport, compact = false): string {
  const where = plan.qualifier && !compact ? ` on ${plan.qualifier}` : ''
  const before =
    plan.current.provisioned === null
      ? 'none'
      : `${plan.current.provisioned}${where}${plan.current.autoScaling ? ` (${plan.current.autoScaling.min}–${plan.current.autoScaling.max})` : ''}`
  const {recommended} = plan
  if (recommended.provisioned === null) return arrow(before, 'none')
  const busy = recommended.schedule && !compact ? `, busy ${recommended.schedule.busyHours} UTC` : ''
  const scaling = recommended.autoScaling ? ` (${recommended.autoScaling.min}–${recommended.autoScaling.max}${busy})` : ''
  return arrow(before, `${recommended.provisioned}${where}${scaling}`)
}

function whatIfCell(before: number, after: number): string {
  return arrow(formatCount(before), formatCount(after))
}

/** The table's columns: one row per function. */
function planColumns<Plan extends FunctionPlanReport>(): Array<Column<Plan>> {
  return [
    {header: 'FUNCTION', value: (plan) => plan.functionName, priority: Priority.identity, truncate: 'end', minWidth: 20},
    {header: 'RESERVED', value: (plan) => reservedCell(plan), priority: Priority.identity},
    {
      header: 'PROVISIONED',
      value: (plan) => provisionedCell(plan),
      compact: (plan) => provisionedCell(plan, true),
      priority: Priority.primary,
      truncate: 'end',
      minWidth: 16,
    },
    {
      header: '$/MONTH',
      value: (plan) => arrow(formatUsd(plan.monthlyCost.current), formatUsd(plan.monthlyCost.recommended)),
      align: 'right',
      priority: Priority.extra,
    },
    {
      header: 'Δ $/MONTH',
      value: (plan) => formatDelta(plan.monthlyCost.recommended - plan.monthlyCost.current),
      align: 'right',
      priority: Priority.secondary,
    },
    {
      header: 'THROTTLES',
      value: (plan) => whatIfCell(plan.whatIf.current.throttles, plan.whatIf.recommended.throttles),
      align: 'right',
      priority: Priority.secondary,
    },
    {
      header: 'COLD STARTS',
      short: 'COLD',
      value: (plan) => whatIfCell(plan.whatIf.current.coldStarts, plan.whatIf.recommended.coldStarts),
      align: 'right',
      priority: Priority.extra,
    },
    // Cut rather than dropped: a few words of why still help; --json and --wide have it all.
    {header: 'REASON', value: (plan) => plan.reason, priority: Priority.detail, truncate: 'end', minWidth: 30},
  ]
}

export function renderConcurrencyPlan(report: ConcurrencyPlanReport, options: TableOptions = {}): string {
  if (report.functions.length === 0) return 'No functions match.'
  const period = report.period % 60 === 0 ? `${report.period / 60}-minute` : `${report.period}-second`
  const lines: string[] = [`Concurrency plan from ${report.window} of traffic (${report.from} → ${report.to}, ${period} datapoints), ${report.region}`, '']
  lines.push(renderTable(planColumns(), report.functions, options))

  const {account} = report
  const {monthlyCost} = account
  lines.push(
    '',
    `Throttles and cold starts: replayed over the ${report.window} window, now → recommended. Cost: per month, now → recommended.`,
    `Selection: ${formatUsd(monthlyCost.current)} a month now → ${formatUsd(monthlyCost.recommended)} recommended (${formatDelta(monthlyCost.delta)}); ` +
      `${formatUsd(monthlyCost.onDemandOnly)} with on-demand only.`,
    `Account: limit ${account.limit}, unreserved ${arrow(String(account.unreserved), String(account.unreservedAfter))} (floor ` +
      `${account.unreservedFloor}); ${account.fits ? `${account.headroomAfter} left to reserve afterwards.` : 'does NOT fit.'}`,
  )
  if (account.warning) lines.push(`Warning: ${account.warning}`)

  lines.push('')
  // Only commands AWS will accept: when the plan does not fit, the changes that would take the
  // pool below its floor are held back, and what to change first comes before the rest.
  const heldBack = new Set(account.heldBack.map((item) => item.functionName))
  const ready = applicableInOrder(report.functions, account.heldBack).filter((plan) => plan.commands.length > 0)
  if (heldBack.size > 0) {
    const held = account.heldBack.map((item) => `${item.functionName} (+${item.needs})`).join(', ')
    lines.push(`Held back until the account has room: ${held}. To apply ${heldBack.size === 1 ? 'it' : 'them'} too, first:`)
    lines.push(...account.firstSteps.map((step) => `- ${step}`), 'Then run `lx concurrency plan` again.', '')
  }

  if (report.commands.length === 0) {
    lines.push('Nothing to change: every function already matches its recommendation.')
  } else if (ready.length === 0) {
    lines.push('No command to apply yet: none of the changes fits until the account has room.')
  } else {
    const what = `${ready.length} function${ready.length === 1 ? '' : 's'}`
    lines.push(`To apply (${heldBack.size > 0 ? `${what} that fit now; the rest are held back` : what}):`, ...ready.flatMap((plan) => plan.commands))
  }

  const functionNotes = report.functions.flatMap((plan) => plan.notes.map((note) => `${plan.functionName}: ${note}`))
  const notes = [...functionNotes, ...report.notes]
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((note) => `- ${note}`))
  // Prose is wrapped to the table's width; the table fits already, the commands stay one per line.
  const width = options.width ?? Number.POSITIVE_INFINITY
  const commands = new Set(report.commands)
  return lines.flatMap((line) => (commands.has(line) || line.includes('\n') ? [line] : wrapText(line, width, line.startsWith('- ') ? '  ' : ''))).join('\n')
}

/** The pool check of one account-region, on one line. */
function accountLine(account: ConcurrencyPlanReport['account']): string {
  return (
    `limit ${account.limit}, unreserved ${arrow(String(account.unreserved), String(account.unreservedAfter))} (floor ` +
    `${account.unreservedFloor}); ${account.fits ? `${account.headroomAfter} left to reserve afterwards.` : 'does NOT fit.'}`
  )
}

/**
 * `lx concurrency plan` across a fleet: one table with ACCOUNT and REGION columns, the money summed
 * over the fleet, the pool check of each account-region (never summed: each has its own limit),
 * and the commands, each with the flags that send it to its account-region.
 */
export function renderConcurrencyPlanFleet(report: ConcurrencyPlanFleetReport, options: TableOptions = {}): string {
  const reached = report.places.filter((place): place is PlacePlanAccount => !('unreachable' in place))
  const notReached = report.places.flatMap((place) =>
    'unreachable' in place ? [{account: place.account, region: place.region, reason: place.unreachable}] : [],
  )
  const period = report.period % 60 === 0 ? `${report.period / 60}-minute` : `${report.period}-second`
  const where = `${reached.length} account-region${reached.length === 1 ? '' : 's'}`
  const lines: string[] = [`Concurrency plan from ${report.window} of traffic (${report.from} → ${report.to}, ${period} datapoints), ${where}`, '']
  if (report.functions.length === 0) lines.push('No functions match.')
  else lines.push(renderTable([...placeColumns<FunctionPlanReport>(), ...planColumns()], report.functions, options))

  const {monthlyCost} = report
  const inPlace = (place: PlacePlanAccount) => report.functions.filter((plan) => plan.account === place.account && plan.region === place.region)
  lines.push('')
  if (report.functions.length > 0) {
    lines.push(
      `Throttles and cold starts: replayed over the ${report.window} window, now → recommended. Cost: per month, now → recommended.`,
      `Selection, all account-regions: ${formatUsd(monthlyCost.current)} a month now → ${formatUsd(monthlyCost.recommended)} recommended ` +
        `(${formatDelta(monthlyCost.delta)}); ${formatUsd(monthlyCost.onDemandOnly)} with on-demand only.`,
      '',
    )
  }

  // Each account-region has its own concurrency limit: checked, and held back, on its own.
  lines.push('Accounts (each account-region has its own concurrency pool):')
  for (const place of reached) lines.push(`- ${placeLabel(place)}: ${accountLine(place)}`)
  for (const place of notReached) lines.push(`- ${placeLabel(place)}: not reached: ${place.reason}`)
  for (const place of reached) if (place.warning) lines.push(`Warning: ${placeLabel(place)}: ${place.warning}`)

  const ready = reached.flatMap((place) => applicableInOrder(inPlace(place), place.heldBack).filter((plan) => plan.commands.length > 0))
  for (const place of reached) {
    if (place.heldBack.length === 0) continue
    const held = place.heldBack.map((item) => `${item.functionName} (+${item.needs})`).join(', ')
    lines.push(
      '',
      `${placeLabel(place)}: held back until the account-region has room: ${held}. To apply ${place.heldBack.length === 1 ? 'it' : 'them'} too, first:`,
    )
    lines.push(...place.firstSteps.map((step) => `- ${step}`))
  }

  if (reached.some((place) => place.heldBack.length > 0)) lines.push('Then run `lx concurrency plan` again.')
  lines.push('')
  if (report.commands.length === 0) lines.push('Nothing to change: every function already matches its recommendation.')
  else if (ready.length === 0) lines.push('No command to apply yet: none of the changes fits until its account-region has room.')
  else {
    const held = reached.some((place) => place.heldBack.length > 0)
    const what = `${ready.length} function${ready.length === 1 ? '' : 's'}`
    lines.push(`To apply (${held ? `${what} that fit now; the rest are held back` : what}):`, ...ready.flatMap((plan) => plan.commands))
  }

  const functionNotes = report.functions.flatMap((plan) => plan.notes.map((note) => `${placeLabel(plan)} ${plan.functionName}: ${note}`))
  const notes = [...functionNotes, ...report.notes]
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((note) => `- ${note}`))
  const width = options.width ?? Number.POSITIVE_INFINITY
  const commands = new Set(report.commands)
  return lines.flatMap((line) => (commands.has(line) || line.includes('\n') ? [line] : wrapText(line, width, line.startsWith('- ') ? '  ' : ''))).join('\n')
}
