// The guard's watch: after a change is applied, read the changed functions' complete minutes since
// the change once a minute, judge them against the hour before the change (judge-impact.ts), and
// stop at the first regression, at the end of the guard, or on an interrupt. It decides; the
// caller reverts (through the journal, the way `lx undo` does) and reports.
//
// Late data: each read covers every complete minute since the change, so a datapoint that arrives
// a minute or two late is judged at the next read rather than missed.
import type {AwsContext} from '../aws/aws-context.js'
import type {TimeWindow} from '../metrics/metric-window.js'
import type {GuardClock} from './guard-clock.js'
import {type GuardThresholds, hasTraffic, judgeGuard, type Signal} from './judge-impact.js'
import {emptyCounts, type FigureTarget, GUARD_QUERIES, type ReadCounts, readWindowFigures} from './read-window.js'
import type {WindowFigures} from './window-figures.js'

/** The baseline: the hour before the change; for REPORT lines (cold starts are rare), three. */
export const BASELINE_SECONDS = 3600
export const BASELINE_LINES_SECONDS = 3 * 3600

export interface GuardTargetReport {
  functionName: string
  signals: Signal[]
  regressed: boolean
  /** Requests seen after the change. */
  requests: number
}

export interface GuardWatch {
  status: 'kept' | 'regressed' | 'no-data' | 'interrupted'
  /** One line: what the guard concluded. */
  summary: string
  baseline: {start: string; end: string}
  /** The complete minutes judged last. */
  watched: {start: string; end: string}
  minutesJudged: number
  targets: GuardTargetReport[]
  /** Epoch seconds of the first minute judged bad (the start of the after window). */
  firstBadMinute?: number
  /** Epoch ms when the regression was seen. */
  detectedAt?: number
  reads: number
  calls: ReadCounts
}

export interface WatchOptions {
  aws: AwsContext
  targets: FigureTarget[]
  seconds: number
  thresholds: GuardThresholds
  clock: GuardClock
  /** When the apply began and ended (epoch ms). */
  changeStartedMs: number
  changeEndedMs: number
  signal: AbortSignal
  /** A line of live progress per read. */
  progress: (lines: string[]) => void
  /** Logs Insights polling, for tests. */
  pollMs?: number
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** Counts as rates (the windows differ in length), latencies as values: "errors 0.4 %→7.1 % WORSE". */
function formatSignal(signal: Signal): string {
  const verdict = signal.verdict === 'worse' ? 'WORSE' : signal.verdict === 'not enough data' ? 'no data' : 'ok'
  if (signal.unit === 'count') {
    const rate = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`)
    return `${signal.label} ${rate(signal.beforeRate)}→${rate(signal.afterRate)} (${signal.after ?? 0}) ${verdict}`
  }

  const value = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`)
  return `${signal.label} ${value(signal.before)}→${value(signal.after)} ${verdict}`
}

export function progressLines(minute: number, total: number, targets: GuardTargetReport[]): string[] {
  return targets.map((target) => `guard ${minute}/${total} min  ${target.functionName}: ${target.signals.map(formatSignal).join(' · ')}`)
}

/** Why a target regressed, in one line. */
export function regressionReason(target: GuardTargetReport): string {
  return `${target.functionName}: ${target.signals
    .filter((signal) => signal.verdict === 'worse')
    .map((signal) => `${signal.label} worse${signal.why ? ` (${signal.why})` : ''}`)
    .join(', ')}`
}

export async function watchChange(options: WatchOptions): Promise<GuardWatch> {
  const {clock, signal} = options
  const calls = emptyCounts()
  const baselineEnd = Math.floor(options.changeStartedMs / 60_000) * 60
  const baselineWindow: TimeWindow = {start: baselineEnd - BASELINE_SECONDS, end: baselineEnd}
  // The minute the change landed in mixes before and after: the after window starts past it.
  const afterStart = Math.ceil(options.changeEndedMs / 60_000) * 60
  const deadline = afterStart + options.seconds
  const totalMinutes = Math.round(options.seconds / 60)
  const changeEnded = Math.floor(options.changeEndedMs / 1000)
  const read = (window: TimeWindow, linesWindow?: TimeWindow) =>
    readWindowFigures(options.aws, options.targets, window, {only: GUARD_QUERIES, linesWindow, counts: calls, pollMs: options.pollMs})
  const baseline = await read(baselineWindow, {start: baselineEnd - BASELINE_LINES_SECONDS, end: baselineEnd})
  const watch: GuardWatch = {
    status: 'kept',
    summary: '',
    baseline: {start: iso(baselineWindow.start), end: iso(baselineWindow.end)},
    watched: {start: iso(afterStart), end: iso(afterStart)},
    minutesJudged: 0,
    targets: options.targets.map((target) => ({functionName: target.functionName, signals: [], regressed: false, requests: 0})),
    reads: 1,
    calls,
  }

  let judgedTo = afterStart
  while (judgedTo < deadline && !signal.aborted) {
    // eslint-disable-next-line no-await-in-loop -- one read per minute, by design
    await clock.waitUntil((judgedTo + 60) * 1000 + clock.graceMs, signal)
    if (signal.aborted) break
    const end = Math.min(deadline, Math.floor((clock.now() - clock.graceMs) / 60_000) * 60)
    if (end <= judgedTo) continue
    // eslint-disable-next-line no-await-in-loop
    const after: WindowFigures[] = await read({start: afterStart, end}, {start: changeEnded, end})
    watch.reads++
    judgedTo = end
    watch.minutesJudged = Math.round((end - afterStart) / 60)
    watch.watched.end = iso(end)
    for (const [index, target] of watch.targets.entries()) {
      target.signals = judgeGuard(baseline[index], after[index], options.thresholds)
      target.regressed = target.signals.some((s) => s.verdict === 'worse')
      target.requests = after[index].invocations + after[index].throttles
    }

    options.progress(progressLines(watch.minutesJudged, totalMinutes, watch.targets))
    if (watch.targets.some((target) => target.regressed)) {
      watch.status = 'regressed'
      watch.firstBadMinute = afterStart
      watch.detectedAt = clock.now()
      watch.summary = `regression after ${watch.minutesJudged} min: ${watch.targets
        .filter((t) => t.regressed)
        .map(regressionReason)
        .join('; ')}`
      return watch
    }
  }

  if (signal.aborted) {
    watch.status = 'interrupted'
    watch.summary = `stopped watching after ${watch.minutesJudged} of ${totalMinutes} min; no regression seen so far`
    return watch
  }

  const quiet = watch.targets.filter((target) => target.requests === 0 || !hasTraffic({invocations: target.requests, throttles: 0} as WindowFigures))
  if (quiet.length === watch.targets.length) {
    watch.status = 'no-data'
    const names = quiet.map((t) => t.functionName).join(', ')
    watch.summary = `cannot judge: no traffic (fewer than 20 requests) reached ${names} in ${totalMinutes} min; the change is kept`
    return watch
  }

  const unjudged = quiet.length > 0 ? `; no traffic to judge on ${quiet.map((t) => t.functionName).join(', ')}` : ''
  watch.summary = `no regression in ${totalMinutes} min${unjudged}; the change is kept`
  return watch
}
