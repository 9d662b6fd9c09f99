// How the sandbox decides a metric alarm's state from the datapoints of its last evaluation
// periods, the way CloudWatch does for the simple operators: M out of N breaching → ALARM; missing
// datapoints treated per TreatMissingData (missing: no data at all → INSUFFICIENT_DATA; ignore: no
// data keeps the current state; notBreaching / breaching: a missing period counts as good / bad).
// Where the sandbox simplifies: no look-back beyond the N periods for missing data, no
// low-sample-count rule for percentiles, no anomaly-detection bands.

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export const SIMPLE_OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const
export type SimpleOperator = (typeof SIMPLE_OPERATORS)[number]
export const TREAT_MISSING = ['missing', 'notBreaching', 'breaching', 'ignore'] as const
export type TreatMissing = (typeof TREAT_MISSING)[number]

export interface AlarmRule {
  comparison: SimpleOperator
  threshold: number
  evaluationPeriods: number
  datapointsToAlarm: number
  treatMissingData: TreatMissing
}

export interface Datapoint {
  /** Epoch seconds of the period's start. */
  timestamp: number
  /** Undefined when the period had no datapoint. */
  value: number | undefined
}

export interface Evaluation {
  state: AlarmStateValue
  reason: string
}

const WORDS: Record<SimpleOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
}

export function breaches(comparison: SimpleOperator, value: number, threshold: number): boolean {
  if (comparison === 'GreaterThanOrEqualToThreshold') return value >= threshold
  if (comparison === 'GreaterThanThreshold') return value > threshold
  if (comparison === 'LessThanThreshold') return value < threshold
  return value <= threshold
}

/** `datapoints` are the alarm's last N periods, oldest first. */
export function evaluateAlarm(rule: AlarmRule, datapoints: Datapoint[], current: AlarmStateValue): Evaluation {
  const present = datapoints.filter((point) => point.value !== undefined)
  const missing = datapoints.length - present.length
  if (present.length === 0 && (rule.treatMissingData === 'missing' || rule.treatMissingData === 'ignore')) {
    if (rule.treatMissingData === 'ignore') {
      return {state: current, reason: `No datapoints in the last ${datapoints.length} periods: state kept (TreatMissingData ignore).`}
    }

    return {state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: ${datapoints.length} datapoints were unknown.`}
  }

  const breachingPresent = present.filter((point) => breaches(rule.comparison, point.value!, rule.threshold)).length
  const breaching = breachingPresent + (rule.treatMissingData === 'breaching' ? missing : 0)
  const shown = [...present]
    .reverse()
    .map((point) => `${point.value} (${new Date(point.timestamp * 1000).toISOString().slice(0, 16).replace('T', ' ')})`)
    .join(', ')
  const alarm = breaching >= rule.datapointsToAlarm
  const verb = alarm ? 'were' : 'were not'
  return {
    state: alarm ? 'ALARM' : 'OK',
    reason:
      `Threshold Crossed: ${breaching} out of the last ${datapoints.length} datapoints [${shown}] ${verb} ${WORDS[rule.comparison]} ` +
      `the threshold (${rule.threshold}) (minimum ${rule.datapointsToAlarm} datapoint${rule.datapointsToAlarm === 1 ? '' : 's'} for ALARM).`,
  }
}
