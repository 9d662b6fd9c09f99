// The one engine behind every mutation: plan → confirm → apply → verify → report → journal.
// Changes to different functions run in parallel (the rate budget in aws/ sets the pace); changes
// to the same function run one after another, in plan order, so they never conflict with each
// other. Each step is retried on update conflicts, stale revisions and throttling.
import {setMaxListeners} from 'node:events'

import {createProgress} from '../ui/progress.js'
import {confirmApply} from './confirm.js'
import {JournalWriter} from './journal.js'
import {
  type ApplyReport,
  ChangedButFailed,
  type ChangeHandler,
  type Plan,
  type PlannedChange,
  type StepContext,
  type TargetResult,
  targetLabel,
} from './plan.js'
import {classifyStepError, MAX_STEP_ATTEMPTS, sleep, stepBackoffMs} from './retry-policy.js'

export interface ApplyOptions {
  handlers: (kind: string) => ChangeHandler<any>
  dryRun: boolean
  yes: boolean
  /** Overwrite targets changed since the journal entry (undo only). */
  force?: boolean
  journal: {
    home: string
    command: string
    region: string
    endpointUrl?: string
    profile?: string
    undoOf?: string
  }
  /** Prints human output on stdout; not called with --json. */
  print?: (text: string) => void
  /** Parallel steps; the rate budget is what actually limits the pace. */
  workers?: number
  /** For tests: pretend stdin is (not) a TTY. */
  interactive?: boolean
  /** Called once the plan is final and before confirmation (the plan is printed here). */
  describePlan?: (report: ApplyReport) => string
  /** Called on the first Ctrl-C, e.g. to stop sending writes that have not left yet. */
  onInterrupt?: () => void
  /** Turns a failed step's error into a one-line reason. */
  reasonOf: (error: unknown) => string
}

const DEFAULT_WORKERS = 48

/** A state as reports show it: secrets masked by the handler that knows which parts are secret. */
function shown(handler: ChangeHandler<any>, state: unknown): any {
  return state === undefined || !handler.redact ? state : handler.redact(state)
}

export function summarisePlan(plan: Plan, handlers: (kind: string) => ChangeHandler<any>): ApplyReport['plan'] {
  return {
    changes: plan.changes.map((change) => {
      const handler = handlers(change.kind)
      return {
        target: targetLabel(change.target),
        before: shown(handler, change.before),
        after: shown(handler, change.after),
        summary: `${handler.describe(change.before)} → ${handler.describe(change.after)}`,
      }
    }),
    unchanged: plan.unchanged.map((item) => ({
      target: targetLabel(item.target),
      summary: item.reason ?? `already ${handlers(plan.kind).describe(item.state)}`,
    })),
    skipped: plan.skipped.map((item) => ({target: targetLabel(item.target), reason: item.reason})),
    notes: plan.notes,
    warnings: plan.warnings,
  }
}

function functionsAffected(plan: Plan): number {
  return new Set(plan.changes.map((change) => change.target.functionName)).size
}

function countResults(results: TargetResult[]): ApplyReport['summary'] {
  const summary = {changed: 0, unchanged: 0, skipped: 0, failed: 0, notRun: 0}
  for (const result of results) {
    if (result.status === 'not-run') summary.notRun++
    else summary[result.status]++
  }

  return summary
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const report: ApplyReport = {
    kind: plan.kind,
    dryRun: options.dryRun,
    plan: summarisePlan(plan, options.handlers),
    results: [],
    summary: {changed: 0, unchanged: 0, skipped: 0, failed: 0, notRun: 0},
    interrupted: false,
  }
  const settled: TargetResult[] = [
    ...plan.unchanged.map((item) => {
      const state = shown(options.handlers(plan.kind), item.state)
      return {target: item.target, label: targetLabel(item.target), status: 'unchanged' as const, before: state, after: state, reason: item.reason}
    }),
    ...plan.skipped.map((item) => ({target: item.target, label: targetLabel(item.target), status: 'skipped' as const, reason: item.reason})),
  ]
  options.print?.(options.describePlan?.(report) ?? '')

  if (options.dryRun || plan.changes.length === 0) {
    report.results = settled
    report.summary = countResults(settled)
    return report
  }

  await confirmApply({functionsAffected: functionsAffected(plan), changes: plan.changes.length, yes: options.yes, interactive: options.interactive})

  const journal = new JournalWriter(options.journal.home, {
    command: options.journal.command,
    kind: plan.kind,
    region: options.journal.region,
    endpointUrl: options.journal.endpointUrl,
    profile: options.journal.profile,
    undoOf: options.journal.undoOf,
  })
  report.journalId = journal.id

  const controller = new AbortController()
  // Every waiting worker listens on this one signal.
  setMaxListeners(0, controller.signal)
  let interrupts = 0
  const onSigint = () => {
    interrupts++
    if (interrupts > 1) {
      journal.end('interrupted', countResults(results))
      process.exit(130)
    }

    process.stderr.write('\nInterrupted: finishing the calls in flight and journaling them (Ctrl-C again to quit now)…\n')
    controller.abort()
    options.onInterrupt?.()
  }

  process.on('SIGINT', onSigint)
  const groups = groupByFunction(plan.changes)
  const results: TargetResult[] = []
  const total = plan.changes.length
  let done = 0
  let failed = 0
  const progress = createProgress({label: 'Applying', delayMs: total > 1 ? 0 : 800})
  const details = new Map<string, string>()
  const tick = () => {
    const detail = [...details.values()].at(-1)
    progress.update(done, total, `${failed > 0 ? `${failed} failed ` : ''}${detail ?? ''}`.trim())
  }

  const runStep = async (change: PlannedChange): Promise<TargetResult> => {
    const label = targetLabel(change.target)
    const handler = options.handlers(change.kind)
    const context: StepContext = {
      progress(detail) {
        details.set(label, `${label}: ${detail}`)
        tick()
      },
      signal: controller.signal,
    }
    const result = (status: TargetResult['status'], extra: Partial<TargetResult> = {}): TargetResult => ({
      target: change.target,
      label,
      status,
      ...extra,
      ...('before' in extra ? {before: shown(handler, extra.before)} : {}),
      ...('after' in extra ? {after: shown(handler, extra.after)} : {}),
    })
    let fresh: unknown
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          // Every attempt starts from fresh state: a retry after 409/412 must not write a plan
          // built on what was true before.
          // eslint-disable-next-line no-await-in-loop -- a retry waits for the previous attempt
          fresh = await handler.read(change.target, context)
          if (change.expected !== undefined && !handler.same(fresh, change.expected) && !options.force) {
            return result('skipped', {before: fresh, reason: `changed since (now ${handler.describe(fresh)}); not overwritten — use --force to overwrite`})
          }

          let desired = change.after
          if (change.replan) {
            const replanned = change.replan(fresh)
            if ('skip' in replanned) return result('skipped', {before: fresh, reason: replanned.skip})
            desired = replanned.after
          }

          if (handler.same(fresh, desired)) return result('unchanged', {before: fresh, after: fresh, reason: `already ${handler.describe(fresh)}`})
          // eslint-disable-next-line no-await-in-loop
          const reached = await handler.write(change.target, fresh, desired, context)
          journal.record(change.kind, change.target, fresh, reached)
          return result('changed', {before: fresh, after: reached})
        } catch (error) {
          if (error instanceof ChangedButFailed) {
            journal.record(change.kind, change.target, fresh, error.reached)
            return result('failed', {before: fresh, after: error.reached, reason: error.message})
          }

          if ((error as Error)?.name === 'WriteNotSentError') return result('not-run', {before: fresh, reason: 'interrupted before its write was sent'})
          const kind = classifyStepError(error)
          if (kind === 'fatal' || attempt >= MAX_STEP_ATTEMPTS || controller.signal.aborted) {
            return result('failed', {before: change.before, reason: options.reasonOf(error)})
          }

          context.progress(kind === 'conflict' ? 'update in progress, waiting' : kind === 'precondition' ? 'changed meanwhile, re-reading' : 'throttled, backing off')
          // eslint-disable-next-line no-await-in-loop
          await sleep(stepBackoffMs(attempt, kind), controller.signal)
        }
      }
    } finally {
      details.delete(label)
    }
  }

  const queue = [...groups]
  const worker = async () => {
    while (queue.length > 0 && !controller.signal.aborted) {
      const group = queue.shift()!
      for (const change of group) {
        if (controller.signal.aborted) {
          results.push({target: change.target, label: targetLabel(change.target), status: 'not-run', reason: 'interrupted before it started'})
          continue
        }

        // eslint-disable-next-line no-await-in-loop -- same-function changes are sequential
        const result = await runStep(change)
        results.push(result)
        done++
        if (result.status === 'failed') failed++
        tick()
      }
    }
  }

  try {
    await Promise.all(Array.from({length: Math.min(options.workers ?? DEFAULT_WORKERS, groups.length)}, worker))
  } finally {
    progress.stop()
    process.off('SIGINT', onSigint)
  }

  for (const group of queue) {
    for (const change of group) results.push({target: change.target, label: targetLabel(change.target), status: 'not-run', reason: 'interrupted before it started'})
  }

  // Stable sort: the steps of one function keep their plan order.
  results.sort((a, b) => a.target.functionName.localeCompare(b.target.functionName))
  report.results = [...results, ...settled]
  report.summary = countResults(report.results)
  report.interrupted = controller.signal.aborted
  journal.end(report.interrupted ? 'interrupted' : report.summary.failed > 0 ? 'failed' : 'complete', report.summary)
  return report
}

function groupByFunction(changes: PlannedChange[]): PlannedChange[][] {
  const groups = new Map<string, PlannedChange[]>()
  for (const change of changes) {
    const group = groups.get(change.target.functionName)
    if (group) group.push(change)
    else groups.set(change.target.functionName, [change])
  }

  return [...groups.values()]
}

/** Exit code of a finished run: 130 interrupted, 1 any failure, else 0. */
export function exitCodeOf(report: ApplyReport): number {
  if (report.interrupted) return 130
  return report.summary.failed > 0 ? 1 : 0
}
