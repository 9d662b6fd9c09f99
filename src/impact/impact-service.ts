// `lx impact`: a journaled change's targets, a window after the change and an equal window before
// it, read (read-window.ts) and judged signal by signal (judge-impact.ts). Per function and total.
import type {JournalEntry} from '../apply/journal.js'
import type {AwsContext} from '../aws/aws-context.js'
import {pricesFor} from '../recommend/pricing.js'
import type {TimeWindow} from '../metrics/metric-window.js'
import {
  DEFAULT_THRESHOLDS,
  judgeImpact,
  MIN_BASELINE_COLD_STARTS,
  MIN_COLD_STARTS,
  MIN_REQUESTS,
  MIN_SAMPLES,
  RATE_RELATIVE_RISE,
  type Signal,
  SIGMAS,
} from './judge-impact.js'
import {readImpactTargets} from './read-targets.js'
import {emptyCounts, type ReadCounts, readWindowFigures} from './read-window.js'
import {totalFigures} from './window-figures.js'

/**
 * Cold starts are rare, so the REPORT lines before a change are read over at least three hours; after
 * it, from the second the change was complete (the burst of cold starts a new configuration
 * causes lands in the change's own minute, which the metrics windows leave out).
 */
export const LINES_BEFORE_SECONDS = 3 * 3600

/** Default and longest after-window: the time since the change, at most a day. */
export const MAX_IMPACT_SECONDS = 24 * 3600

export interface ImpactReport {
  journalId: string
  command: string
  /** When the change was made and when it was complete. */
  changedAt: string
  before: {start: string; end: string}
  after: {start: string; end: string}
  windowSeconds: number
  functions: Array<{functionName: string; note?: string; signals: Signal[]}>
  total: Signal[]
  /** How "worse" is decided, in words. */
  rules: string[]
  notes: string[]
  calls: ReadCounts
}

export const IMPACT_RULES = [
  `errors, throttles, cold starts, spillover: rates with a count test — worse when the after window has at least ` +
    `${DEFAULT_THRESHOLDS.minEvents} events, more than ${SIGMAS} standard deviations above what the before rate predicts, ` +
    `and the rate at least ${RATE_RELATIVE_RISE === 1 ? 'doubled' : `up ${RATE_RELATIVE_RISE * 100} %`} ` +
    `(errors: and up by ≥ ${DEFAULT_THRESHOLDS.errorRateRise * 100} points)`,
  `durations and init durations (p50/p90/p99): worse when up by more than ${DEFAULT_THRESHOLDS.relative * 100} % and ` +
    `${DEFAULT_THRESHOLDS.absoluteMs} ms; post-runtime extensions time: 25 % and 10 ms; max memory: 10 % and 16 MB; cost per 1M: 5 % and $0.01`,
  `REPORT lines (cold starts, init duration, memory): before, at least the 3 hours before the change; after, from the second the change was complete`,
  `not enough data: fewer than ${MIN_REQUESTS} requests in a window, fewer than ${MIN_SAMPLES} invocations for duration percentiles, ` +
    `fewer than ${MIN_BASELINE_COLD_STARTS} cold starts before or ${MIN_COLD_STARTS} after for init percentiles`,
]

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** Windows on whole minutes: after = from the first complete minute after the change; before = as long, ending where the change began. */
export function impactWindows(
  startedMs: number,
  endedMs: number,
  nowMs: number,
  windowSeconds?: number,
  undoneAtMs?: number,
): {before: TimeWindow; after: TimeWindow} {
  const afterStart = Math.ceil(endedMs / 60_000) * 60
  // Complete minutes only, and none past an undo of the change (its minute mixes both).
  const lastComplete = Math.floor(Math.min(nowMs, undoneAtMs ?? Number.POSITIVE_INFINITY) / 60_000) * 60
  const wanted = windowSeconds ?? MAX_IMPACT_SECONDS
  const afterEnd = Math.max(afterStart, Math.min(lastComplete, afterStart + wanted))
  const length = afterEnd - afterStart
  const beforeEnd = Math.floor(startedMs / 60_000) * 60
  return {before: {start: beforeEnd - length, end: beforeEnd}, after: {start: afterStart, end: afterEnd}}
}

/** When the change began and ended: the journal's header, and its last record. */
export function changeTimes(entry: JournalEntry): {startedMs: number; endedMs: number} {
  const startedMs = Date.parse(entry.header.time)
  const times = [entry.end?.time, ...entry.changes.map((change) => change.time)].filter((time): time is string => Boolean(time)).map((time) => Date.parse(time))
  return {startedMs, endedMs: Math.max(startedMs, ...times)}
}

export async function measureImpact(
  aws: AwsContext,
  entry: JournalEntry,
  options: {windowSeconds?: number; nowMs?: number; undoneAtMs?: number; reasonOf: (error: unknown) => string},
): Promise<ImpactReport> {
  const {startedMs, endedMs} = changeTimes(entry)
  const {before, after} = impactWindows(startedMs, endedMs, options.nowMs ?? Date.now(), options.windowSeconds, options.undoneAtMs)
  const targets = await readImpactTargets(
    aws,
    entry.changes.map((change) => change.target),
    options.reasonOf,
  )
  const readable = targets.filter((target) => !target.unreadable)
  const calls = emptyCounts()
  const notes: string[] = []
  const windowSeconds = after.end - after.start
  if (windowSeconds < 60) notes.push(`The change was made less than a complete minute ago: run \`lx impact ${entry.header.id}\` again in a minute or two.`)
  const [beforeFigures, afterFigures] =
    windowSeconds < 60
      ? [readable.map(() => undefined), readable.map(() => undefined)]
      : await Promise.all([
          readWindowFigures(aws, readable, before, {
            counts: calls,
            linesWindow: {start: Math.min(before.start, before.end - LINES_BEFORE_SECONDS), end: before.end},
          }),
          readWindowFigures(aws, readable, after, {counts: calls, linesWindow: {start: Math.floor(endedMs / 1000), end: after.end}}),
        ])
  const region = await aws.region()
  const functions: ImpactReport['functions'] = targets.map((target) => {
    if (target.unreadable) return {functionName: target.functionName, note: `could not be read: ${target.unreadable}`, signals: []}
    const index = readable.indexOf(target)
    const b = beforeFigures[index]
    const a = afterFigures[index]
    if (!b || !a) return {functionName: target.functionName, signals: []}
    const prices = pricesFor(region, target.architecture).prices
    const cost = target.memoryMb
      ? {memoryMb: target.memoryMb, requestsPerMillion: prices.requestsPerMillion, durationPerGbSecond: prices.durationPerGbSecond}
      : undefined
    return {functionName: target.functionName, signals: judgeImpact(b, a, DEFAULT_THRESHOLDS, cost)}
  })
  const present = (list: typeof beforeFigures) => list.filter((figures): figures is NonNullable<typeof figures> => figures !== undefined)
  const total = readable.length > 1 && windowSeconds >= 60 ? judgeImpact(totalFigures(present(beforeFigures)), totalFigures(present(afterFigures))) : []
  if (entry.header.undoOf) notes.push(`${entry.header.id} is an undo of ${entry.header.undoOf}.`)
  if (entry.undoneBy.length > 0) notes.push(`${entry.header.id} was undone by ${entry.undoneBy.join(', ')}: the after window ends where the undo began.`)
  return {
    journalId: entry.header.id,
    command: entry.header.command,
    changedAt: new Date(startedMs).toISOString(),
    before: {start: iso(before.start), end: iso(before.end)},
    after: {start: iso(after.start), end: iso(after.end)},
    windowSeconds,
    functions,
    total,
    rules: IMPACT_RULES,
    notes,
    calls,
  }
}
