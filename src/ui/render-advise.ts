// Human output of `lx advise`: the ranked findings, each with its evidence and the fix on a line of
// its own (unindented when it is a command, so it can be copied), then totals and notes.
import type {Finding} from '../advise/findings.js'
import type {AdviseReport} from '../advise/advise-service.js'
import {formatUsd} from './render-concurrency-plan.js'

function moneyOf(finding: Finding): string {
  if (finding.monthlySaving !== undefined) return `saves ${formatUsd(finding.monthlySaving)}/month`
  if (finding.monthlyCost !== undefined) return `costs ${formatUsd(finding.monthlyCost)}/month`
  return ''
}

function evidenceOf(finding: Finding): string {
  return Object.entries(finding.evidence)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key} ${value}`)
    .join(', ')
}

export function renderAdvise(report: AdviseReport): string {
  const lines: string[] = [
    `${report.functions} functions in ${report.region}, window ${report.window} (${report.from.slice(0, 16)}Z → ${report.to.slice(0, 16)}Z)`,
    '',
  ]
  if (report.findings.length === 0) lines.push('No findings.')
  report.findings.forEach((finding, index) => {
    const money = moneyOf(finding)
    lines.push(`${index + 1}. ${finding.severity.toUpperCase()}  ${finding.resource}  ${finding.title}${money ? `  [${money}]` : ''}`)
    lines.push(`   evidence: ${evidenceOf(finding)}`)
    lines.push(`   id: ${finding.id}`)
    lines.push(finding.fixKind === 'command' ? `   fix:\n${finding.fix}` : `   fix: ${finding.fix}`)
    lines.push('')
  })
  const {counts, totals} = report
  lines.push(
    `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info. Fixes save ${formatUsd(totals.monthlySaving)}/month and cost ` +
      `${formatUsd(totals.monthlyCost)}/month.`,
  )
  if (report.notes.length > 0) lines.push('', 'Notes:', ...report.notes.map((note) => `- ${note}`))
  return lines.join('\n')
}
