// Human rendering of `lx impact`: one table per function (and the total), then the rules.
import type {ImpactReport} from '../impact/impact-service.js'
import type {Signal} from '../impact/judge-impact.js'
import {renderTable} from './table.js'

export function formatValue(signal: Signal, value: number | null, rate?: number | null): string {
  if (value === null) return '-'
  const text =
    signal.unit === 'ms'
      ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`
      : signal.unit === 'MB'
        ? `${Math.round(value)} MB`
        : signal.unit === 'ratio'
          ? `${(value * 100).toFixed(0)} %`
          : signal.unit === 'USD'
            ? `$${value.toFixed(2)}`
            : String(Math.round(value))
  return rate === undefined || rate === null ? text : `${text} (${(rate * 100).toFixed(2)} %)`
}

function signalTable(signals: Signal[]): string {
  return renderTable(
    [
      {header: '  SIGNAL', value: (signal: Signal) => `  ${signal.label}`},
      {header: 'BEFORE', value: (signal) => formatValue(signal, signal.before, signal.beforeRate), align: 'right'},
      {header: 'AFTER', value: (signal) => formatValue(signal, signal.after, signal.afterRate), align: 'right'},
      {header: 'VERDICT', value: (signal) => signal.verdict ?? '(volume)'},
      {header: 'WHY', value: (signal) => signal.why ?? ''},
    ],
    signals,
  )
}

export function renderImpact(report: ImpactReport): string {
  const lines = [
    `Impact of ${report.journalId}: ${report.command}`,
    `before ${report.before.start} → ${report.before.end}   after ${report.after.start} → ${report.after.end}`,
  ]
  for (const fn of report.functions) {
    lines.push('', fn.functionName + (fn.note ? `: ${fn.note}` : ''))
    if (fn.signals.length > 0) lines.push(signalTable(fn.signals))
  }

  if (report.total.length > 0) lines.push('', `Total (${report.functions.length} functions)`, signalTable(report.total))
  const worse = report.functions.filter((fn) => fn.signals.some((signal) => signal.verdict === 'worse'))
  lines.push('', worse.length === 0 ? 'No signal is worse beyond noise.' : `Worse beyond noise: ${worse.map((fn) => fn.functionName).join(', ')}.`)
  for (const note of report.notes) lines.push(note)
  lines.push('', 'How signals are judged:', ...report.rules.map((rule) => `  - ${rule}`))
  return lines.join('\n')
}
