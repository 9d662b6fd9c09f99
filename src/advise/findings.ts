// What `lx advise` reports: findings with a stable id, a severity, evidence, money and a fix, ranked.
// Pure.

export type Severity = 'critical' | 'warning' | 'info'
export const SEVERITIES: Severity[] = ['critical', 'warning', 'info']

export type FindingKind =
  | 'provisioned-underused'
  | 'provisioned-no-traffic'
  | 'provisioned-orphan-version'
  | 'throttling'
  | 'account-headroom'
  | 'async-no-failure-destination'
  | 'memory-oversized'
  | 'memory-near-limit'
  | 'runtime-deprecated'
  | 'snapstart'
  | 'alarm-missing'

export interface Finding {
  /** `kind:resource[:detail]`: the same problem keeps the same id from run to run (for CI baselines). */
  id: string
  kind: FindingKind
  severity: Severity
  /** `function`, `function:qualifier` or `account`. */
  resource: string
  /** One line: what is wrong. */
  title: string
  /** The numbers behind it, and the window they come from. */
  evidence: Record<string, string | number | boolean | null>
  /** Dollars a month the fix saves. */
  monthlySaving?: number
  /** Dollars a month the fix costs (e.g. more memory). */
  monthlyCost?: number
  /** An lx (or aws) command line to paste, or a plain instruction where no command can do it. */
  fix: string
  fixKind: 'command' | 'instruction'
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** `--min-severity`/`--fail-on`: is this severity at least `threshold`? */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold)
}

const money = (finding: Finding): number => finding.monthlySaving ?? finding.monthlyCost ?? 0

/** Money first (the larger sum, saved or spent), then severity, then id so the order is stable. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => money(b) - money(a) || severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id))
}
