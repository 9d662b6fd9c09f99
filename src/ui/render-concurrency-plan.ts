// Human output of `lx concurrency plan`: one row per function (current → recommended, cost, the
// replayed throttles and cold starts, why), the account check, then the commands that would apply
// the changes — one per line and unindented, so they can be copied or piped into a shell.
import {formatCount} from '../recommend/recommend-function.js'
import {applicableInOrder} from '../recommend/recommend-commands.js'
import type {ConcurrencyPlanReport, FunctionPlanReport} from '../recommend/recommend-service.js'
import {Priority, renderTable, type TableOptions, wrapText} from './table.js'

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

export function renderConcurrencyPlan(report: ConcurrencyPlanReport, options: TableOptions = {}): string {
  if (report.functions.length === 0) return 'No functions match.'
  const period = report.period % 60 === 0 ? `${report.period / 60}-minute` : `${report.period}-second`
  const lines: string[] = [`Concurrency plan from ${report.window} of traffic (${report.from} → ${report.to}, ${period} datapoints), ${report.region}`, '']
  lines.push(
    renderTable(
      [
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
      ],
      report.functions,
      options,
    ),
  )

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
