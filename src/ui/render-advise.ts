// Human output of `lx advise`: the ranked findings, each with its evidence and the fix on a line of
// its own (unindented when it is a command, so it can be copied), then totals and notes.
import type {Finding} from '../advise/findings.js'
import type {AdviseFleetReport, AdviseReport, PlacedFinding} from '../advise/advise-service.js'
import {placeLabel} from '../fleet/place.js'
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

/**
 * The ranked findings, totals and notes. Across a fleet (a report with `places`) every finding says
 * its account-region, ranked with the others, and the header counts the account-regions.
 */
export function renderAdvise(report: AdviseReport | AdviseFleetReport): string {
  const fleet = 'places' in report ? report.places : undefined
  const reached = fleet?.filter((place) => place.unreachable === undefined)
  const where = reached ? `${reached.length} account-region${reached.length === 1 ? '' : 's'} (${report.region.replaceAll(',', ', ')})` : report.region
  const lines: string[] = [`${report.functions} functions in ${where}, window ${report.window} (${report.from.slice(0, 16)}Z → ${report.to.slice(0, 16)}Z)`, '']
  if (report.findings.length === 0) lines.push('No findings.')
  report.findings.forEach((finding: PlacedFinding, index) => {
    const money = moneyOf(finding)
    const place = fleet ? `${placeLabel(finding)}  ` : ''
    lines.push(`${index + 1}. ${finding.severity.toUpperCase()}  ${place}${finding.resource}  ${finding.title}${money ? `  [${money}]` : ''}`)
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
  const notReached = fleet?.filter((place) => place.unreachable !== undefined) ?? []
  if (notReached.length > 0) lines.push('', 'Not reached:', ...notReached.map((place) => `- ${placeLabel(place)}: ${place.unreachable}`))
  return lines.join('\n')
}
