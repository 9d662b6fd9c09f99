// Human rendering of a plan and of the results of applying it.
import type {ApplyReport} from '../apply/plan.js'
import {renderTable} from './table.js'

// A plan is what the user says yes to: never cut or hide any of it to fit the terminal (it wraps).
const WHOLE = {width: Number.POSITIVE_INFINITY}

export function renderPlan(report: ApplyReport, title: string): string {
  const {plan} = report
  const lines: string[] = []
  const count = plan.changes.length
  const conflicts = plan.conflicts.length > 0 ? `, ${plan.conflicts.length} changed since` : ''
  const heading = `${report.dryRun ? 'Plan (dry run, nothing will change)' : 'Plan'}: ${title}`
  lines.push(`${heading} — ${count} change${count === 1 ? '' : 's'}, ${plan.unchanged.length} unchanged, ${plan.skipped.length} skipped${conflicts}`)
  if (count > 0) {
    const columns = [
      {header: '  TARGET', value: (row: (typeof plan.changes)[number]) => `  ${row.target}`},
      {header: 'BEFORE → AFTER', value: (row: (typeof plan.changes)[number]) => row.summary},
    ]
    lines.push(renderTable(columns, plan.changes, WHOLE))
  }

  if (plan.unchanged.length > 0) {
    lines.push('', 'Unchanged:')
    const columns = [
      {header: '  TARGET', value: (row: (typeof plan.unchanged)[number]) => `  ${row.target}`},
      {header: 'WHY', value: (row: (typeof plan.unchanged)[number]) => row.summary},
    ]
    lines.push(renderTable(columns, plan.unchanged, WHOLE))
  }

  if (plan.skipped.length > 0) {
    lines.push('', 'Skipped:')
    const columns = [
      {header: '  TARGET', value: (row: (typeof plan.skipped)[number]) => `  ${row.target}`},
      {header: 'REASON', value: (row: (typeof plan.skipped)[number]) => row.reason},
    ]
    lines.push(renderTable(columns, plan.skipped, WHOLE))
  }

  if (plan.conflicts.length > 0) {
    lines.push('', 'Changed since by somebody else (left as they are):')
    lines.push(
      renderTable(
        [
          {header: '  TARGET', value: (row: (typeof plan.conflicts)[number]) => `  ${row.target}`},
          {header: 'WHY', value: (row) => row.reason},
        ],
        plan.conflicts,
      ),
    )
  }

  for (const note of plan.notes) lines.push('', note)
  for (const warning of plan.warnings) lines.push('', `Warning: ${warning}`)
  return lines.join('\n')
}

export function renderResults(report: ApplyReport): string {
  if (report.dryRun) return 'Dry run: nothing was changed.'
  const {summary} = report
  const lines: string[] = []
  const unverified = (result: ApplyReport['results'][number]) => result.status === 'changed' && result.verified === false
  const notable = report.results.filter(
    (result) => ['failed', 'not-run', 'conflict'].includes(result.status) || unverified(result) || (result.status === 'skipped' && result.reason),
  )
  const changed = report.results.filter((result) => result.status === 'changed' && !unverified(result))
  // Past a screenful the summary line says enough; --json has every target.
  if (changed.length <= 50) for (const result of changed) lines.push(`  changed    ${result.label}`)
  for (const result of notable) lines.push(`  ${result.status.padEnd(9)}  ${result.label}: ${result.reason ?? ''}`)
  const parts = [`${summary.changed} changed${summary.unverified > 0 ? ` (${summary.unverified} not verified)` : ''}`, `${summary.unchanged} unchanged`]
  parts.push(`${summary.skipped} skipped`)
  if (summary.conflict > 0) parts.push(`${summary.conflict} changed since (not overwritten)`)
  parts.push(`${summary.failed} failed`)
  if (summary.notRun > 0) parts.push(`${summary.notRun} not started`)
  lines.push(`${report.interrupted ? 'Interrupted' : 'Done'}: ${parts.join(', ')}.`)
  if (report.interrupted) lines.push('Run the same command again to finish: what is done already is left unchanged.')
  const nothing = summary.changed === 0 && summary.failed === 0 && summary.conflict === 0 && report.plan.changes.length === 0
  if (nothing) lines[lines.length - 1] = `Nothing to change: ${parts.join(', ')}.`
  if (summary.conflict > 0) lines.push('Targets changed since were left as they are: `--force` overwrites them.')
  const journaled = report.results.some((result) => result.status === 'changed' || result.status === 'failed')
  if (report.journalId && journaled) lines.push(`Journal: ${report.journalId} (undo with \`lx undo ${report.journalId}\`)`)
  return lines.filter(Boolean).join('\n')
}
