// The guard step of a mutating command, after the engine applied the plan: watch the changed
// functions (guard.ts) and, on a regression, undo the change through the journal — the very undo
// `lx undo` runs (plan-undo.ts + undo-service.ts: only the fields lx changed, onto the live state),
// journaled as an undo whose command line carries the reason. Ctrl-C stops the watch and keeps
// the change.
import {applyPlan, exitCodeOf} from '../apply/engine.js'
import {loadHandlers} from '../apply/change-kinds.js'
import {findEntryToUndo} from '../apply/journal.js'
import type {ApplyReport} from '../apply/plan.js'
import {undoTargets} from '../apply/plan-undo.js'
import {planUndoFromLive} from '../apply/undo-service.js'
import type {AwsContext} from '../aws/aws-context.js'
import {exitCodeOfSignal, type InterruptSignal, onInterrupt} from '../lib/interrupts.js'
import {type GuardClock, guardClockFor} from './guard-clock.js'
import type {GuardRequest} from './guard-flags.js'
import {type GuardWatch, watchChange} from './guard.js'
import {readImpactTargets} from './read-targets.js'

export interface GuardReport extends GuardWatch {
  /** The journal entry of the automatic undo, when the guard reverted. */
  undoJournalId?: string
  /** What the undo did, per target. */
  undo?: Pick<ApplyReport, 'summary' | 'results'>
  /** Epoch ms the undo was complete; with firstBadMinute, the detection latency. */
  revertedAt?: number
  /** From the start of the first bad minute to the undo being complete, in one-minute periods. */
  detectionPeriods?: number
  exitCode: number
}

export interface GuardStepOptions {
  aws: AwsContext
  request: GuardRequest
  clock: GuardClock
  /** When the apply began, on the guard's clock. */
  startedMs: number
  journal: {home: string; region: string; account?: string; endpointUrl?: string; profile?: string}
  reasonOf: (error: unknown) => string
  print?: (text: string) => void
  progress: (text: string) => void
  /** How the revert's plan and results read for people (the command's own renderers: domain code prints no tables). */
  render: {plan: (report: ApplyReport, title: string) => string; results: (report: ApplyReport) => string}
}

export async function clockFor(aws: AwsContext): Promise<GuardClock> {
  return guardClockFor(aws.endpointUrl)
}

export async function guardChange(report: ApplyReport, options: GuardStepOptions): Promise<GuardReport> {
  const {clock, request} = options
  const endedMs = clock.now()
  const changed = report.results.filter((result) => result.status === 'changed').map((result) => result.target)
  const say = (text: string) => (options.print ? options.print(text) : options.progress(text))
  if (changed.length === 0 || !report.journalId) {
    say('\nGuard: nothing was changed, so there is nothing to watch.')
    return {...emptyWatch('kept', 'nothing was changed'), exitCode: 0}
  }

  const targets = await readImpactTargets(options.aws, changed, options.reasonOf)
  const controller = new AbortController()
  let interruptedBy: InterruptSignal | undefined
  const stopListening = onInterrupt((signal) => {
    interruptedBy = signal
    controller.abort()
  })
  const minutes = Math.round(request.seconds / 60)
  const functions = `${targets.length} function${targets.length === 1 ? '' : 's'}`
  options.progress(`Guarding ${functions} for ${minutes} min (complete minutes only; Ctrl-C stops watching and keeps the change)…`)
  let watch: GuardWatch
  try {
    watch = await watchChange({
      aws: options.aws,
      targets: targets.filter((target) => !target.unreadable),
      seconds: request.seconds,
      thresholds: request.thresholds,
      clock,
      changeStartedMs: options.startedMs,
      changeEndedMs: endedMs,
      signal: controller.signal,
      progress: (lines) => options.progress(lines.join('\n')),
    })
  } catch (error) {
    // An interrupt during a read ends the watch too; anything else is a failure of the watch alone.
    if (!controller.signal.aborted) throw error
    watch = {...emptyWatch('interrupted', 'stopped watching'), calls: {getMetricDataCalls: 0, metricQueries: 0, insightsQueries: 0, insightsPolls: 0}}
  } finally {
    stopListening()
  }

  const id = report.journalId
  if (watch.status === 'interrupted' || interruptedBy) {
    say(`\nGuard interrupted (${interruptedBy ?? 'SIGINT'}): ${watch.summary}. The change is kept; undo it with \`lx undo ${id}\`.`)
    return {...watch, status: 'interrupted', exitCode: exitCodeOfSignal(interruptedBy ?? 'SIGINT')}
  }

  if (watch.status !== 'regressed') {
    say(`\nGuard: ${watch.summary}.`)
    return {...watch, exitCode: 0}
  }

  // Revert through the journal, as `lx undo` would.
  const entry = findEntryToUndo(options.journal.home, id)
  const regressed = new Set(watch.targets.filter((target) => target.regressed).map((target) => target.functionName))
  const toUndo = undoTargets(entry).filter((target) => request.revert === 'all' || regressed.has(target.target.functionName))
  say(`\nGuard: ${watch.summary}.\nReverting ${request.revert === 'all' ? 'the whole change' : 'the functions that regressed'} (${id}):`)
  const plan = await planUndoFromLive([{aws: options.aws}], entry, toUndo, {reasonOf: options.reasonOf})
  const handlers = await loadHandlers(options.aws, [plan.kind, ...plan.changes.map((change) => change.kind)])
  const reason = watch.summary.replace(/\s+/g, ' ')
  const undo = await applyPlan(plan, {
    handlers,
    dryRun: false,
    yes: true,
    journal: {...options.journal, command: `lx undo ${id} (automatic, by --guard: ${reason})`, undoOf: id},
    print: options.print,
    describePlan: (undoReport) => options.render.plan(undoReport, `guard: undo ${id}`),
    reasonOf: options.reasonOf,
  })
  const revertedAt = clock.now()
  say(`\n${options.render.results(undo)}`)
  const undoFailed = exitCodeOf(undo) !== 0
  say(
    undoFailed
      ? `The guard could not revert everything (see above); \`lx undo ${id}\` tries again.`
      : `Reverted by the guard: ${undo.summary.changed} target${undo.summary.changed === 1 ? '' : 's'} restored; journal ${undo.journalId ?? '(none)'}.`,
  )
  return {
    ...watch,
    undoJournalId: undo.journalId,
    undo: {summary: undo.summary, results: undo.results},
    revertedAt,
    detectionPeriods: watch.firstBadMinute === undefined ? undefined : Math.round(((revertedAt / 1000 - watch.firstBadMinute) / 60) * 100) / 100,
    exitCode: 1,
  }
}

function emptyWatch(status: GuardWatch['status'], summary: string): GuardWatch {
  const now = new Date().toISOString()
  return {
    status,
    summary,
    baseline: {start: now, end: now},
    watched: {start: now, end: now},
    minutesJudged: 0,
    targets: [],
    reads: 0,
    calls: {getMetricDataCalls: 0, metricQueries: 0, insightsQueries: 0, insightsPolls: 0},
  }
}
