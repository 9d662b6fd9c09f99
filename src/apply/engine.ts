// The one engine behind every mutation: plan → confirm → apply → verify → report → journal.
// Changes to different functions run in parallel (the rate budget in aws/ sets the pace); changes
// to the same function run one after another, in plan order, so they never conflict with each
// other. Each step is retried on update conflicts, stale revisions and throttling. Each write is
// journaled before it leaves and again when AWS answers (see journal.ts), so the report and the
// journal both say what AWS accepted, whatever happens to the run afterwards.
import {setMaxListeners} from 'node:events'

import {exitCodeOfSignal, onInterrupt} from '../lib/interrupts.js'
import {whenWriteLeaves} from '../lib/write-gate.js'
import {createProgress} from '../lib/progress.js'
import {confirmApply} from './confirm.js'
import {type JournalPlace, JournalWriter} from './journal.js'
import {
  type ApplyReport,
  ChangedButFailed,
  type ChangeHandler,
  type HandlerLookup,
  type Plan,
  type PlannedChange,
  type StepContext,
  reversalOf,
  type TargetResult,
  targetLabel,
  targetPlaceKey,
} from './plan.js'
import {classifyStepError, MAX_STEP_ATTEMPTS, sleep, stepBackoffMs, writeWasRefused} from './retry-policy.js'

export interface ApplyOptions {
  handlers: HandlerLookup
  dryRun: boolean
  yes: boolean
  journal: {
    home: string
    command: string
    region: string
    account?: string
    endpointUrl?: string
    profile?: string
    undoOf?: string
    places?: JournalPlace[]
  }
  /** Prints human output on stdout; not called with --json. */
  print?: (text: string) => void
  /** Parallel steps; the rate budget is what actually limits the pace. */
  workers?: number
  /** For tests: pretend stdin is (not) a TTY. */
  interactive?: boolean
  /** Called once the plan is final and before confirmation (the plan is printed here). */
  describePlan?: (report: ApplyReport) => string
  /** Called on the first interrupt signal, e.g. to stop sending writes that have not left yet. */
  onInterrupt?: () => void
  /** Turns a failed step's error into a one-line reason. */
  reasonOf: (error: unknown) => string
}

const DEFAULT_WORKERS = 48

/** A state as reports show it: secrets masked by the handler that knows which parts are secret. */
function shown(handler: ChangeHandler<any>, state: unknown): any {
  return state === undefined || !handler.redact ? state : handler.redact(state)
}

export function summarisePlan(plan: Plan, handlers: HandlerLookup): ApplyReport['plan'] {
  return {
    changes: plan.changes.map((change) => {
      const handler = handlers(change.kind, change.target)
      return {
        target: targetLabel(change.target),
        before: shown(handler, change.before),
        after: shown(handler, change.after),
        summary: `${handler.describe(change.before)} → ${handler.describe(change.after)}`,
      }
    }),
    unchanged: plan.unchanged.map((item) => ({
      target: targetLabel(item.target),
      summary: item.reason ?? `already ${handlers(plan.kind, item.target).describe(item.state)}`,
    })),
    skipped: plan.skipped.map((item) => ({target: targetLabel(item.target), reason: item.reason})),
    conflicts: plan.conflicts.map((item) => {
      const handler = handlers(plan.kind, item.target)
      return {target: targetLabel(item.target), live: shown(handler, item.live), reason: item.reason}
    }),
    notes: plan.notes,
    warnings: plan.warnings,
  }
}

function functionsAffected(plan: Plan): number {
  return new Set(plan.changes.map((change) => functionKey(change.target))).size
}

function countResults(results: TargetResult[]): ApplyReport['summary'] {
  const summary = {changed: 0, unverified: 0, unchanged: 0, skipped: 0, conflict: 0, failed: 0, notRun: 0}
  for (const result of results) {
    if (result.status === 'not-run') summary.notRun++
    else summary[result.status]++
    if (result.status === 'changed' && result.verified === false) summary.unverified++
  }

  return summary
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const report: ApplyReport = {
    kind: plan.kind,
    dryRun: options.dryRun,
    plan: summarisePlan(plan, options.handlers),
    results: [],
    summary: countResults([]),
    interrupted: false,
  }
  const settled: TargetResult[] = [
    ...plan.unchanged.map((item) => {
      const state = shown(options.handlers(plan.kind, item.target), item.state)
      return {target: item.target, label: targetLabel(item.target), status: 'unchanged' as const, before: state, after: state, reason: item.reason}
    }),
    ...plan.skipped.map((item) => ({target: item.target, label: targetLabel(item.target), status: 'skipped' as const, reason: item.reason})),
    ...plan.conflicts.map((item) => ({
      target: item.target,
      label: targetLabel(item.target),
      status: 'conflict' as const,
      before: shown(options.handlers(plan.kind, item.target), item.live),
      reason: item.reason,
    })),
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
    ...(options.journal.account ? {account: options.journal.account} : {}),
    endpointUrl: options.journal.endpointUrl,
    profile: options.journal.profile,
    undoOf: options.journal.undoOf,
    ...(options.journal.places ? {places: options.journal.places} : {}),
  })
  report.journalId = journal.id

  const controller = new AbortController()
  // Every waiting worker listens on this one signal.
  setMaxListeners(0, controller.signal)
  const results: TargetResult[] = []
  const stopListening = onInterrupt((signal) => {
    if (report.signal) {
      // A second signal: every line written so far is whole; close the entry and go.
      journal.end('interrupted', countResults(results))
      process.exit(exitCodeOfSignal(report.signal))
    }

    report.signal = signal
    process.stderr.write(`\nInterrupted (${signal}): finishing the calls in flight and journaling them (again to quit now)…\n`)
    controller.abort()
    options.onInterrupt?.()
  })
  const groups = groupBy(plan.changes, (change) => functionKey(change.target))
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
    const handler = options.handlers(change.kind, change.target)
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

    /** The write is journaled as applied: now wait for it to take effect, and journal that. */
    const verify = async (seq: number, before: unknown, written: unknown): Promise<TargetResult> => {
      try {
        await handler.settle?.(change.target, written, context)
        if (controller.signal.aborted && handler.settle) throw new Error('interrupted while waiting for it to take effect')
        journal.verified(seq, true)
        return result('changed', {before, after: written, verified: true})
      } catch (error) {
        const reason = error instanceof ChangedButFailed || !isAwsLike(error) ? (error as Error).message : options.reasonOf(error)
        journal.verified(seq, false, reason)
        return result('changed', {before, after: written, verified: false, reason: `changed, not verified: ${reason}`})
      }
    }

    let fresh: unknown
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          // Every attempt starts from fresh state: a retry after 409/412 must not write a plan
          // built on what was true before.
          // eslint-disable-next-line no-await-in-loop -- a retry waits for the previous attempt
          fresh = await handler.read(change.target, context)
          let desired = change.after
          if (change.replan) {
            const replanned = change.replan(fresh)
            if ('skip' in replanned) return result('skipped', {before: fresh, reason: replanned.skip})
            if ('unchanged' in replanned) return result('unchanged', {before: fresh, after: fresh, reason: replanned.unchanged})
            if ('conflict' in replanned) return result('conflict', {before: fresh, reason: replanned.conflict})
            desired = replanned.after
          }

          if (handler.same(fresh, desired)) return result('unchanged', {before: fresh, after: fresh, reason: `already ${handler.describe(fresh)}`})
          if (controller.signal.aborted) return result('not-run', {before: fresh, reason: 'interrupted before its write was sent'})
          // The intent is journaled the moment the write leaves (see write-gate.ts).
          let seq: number | undefined
          const journalIntent = (): number => {
            seq ??= journal.intent(change.kind, change.target, fresh, desired)
            return seq
          }

          let written: unknown
          try {
            // eslint-disable-next-line no-await-in-loop -- a step of one function: the next attempt depends on this answer
            written = await whenWriteLeaves(journalIntent, () => handler.write(change.target, fresh, desired, context))
          } catch (error) {
            if (error instanceof ChangedButFailed) {
              const taken = journalIntent()
              journal.outcome(taken, 'applied', {after: error.reached, reason: error.message})
              journal.verified(taken, false, error.message)
              return result('changed', {before: fresh, after: error.reached, verified: false, reason: `changed, not verified: ${error.message}`})
            }

            if (writeWasRefused(error)) {
              if (seq !== undefined) journal.outcome(seq, 'not-applied', {reason: options.reasonOf(error)})
              throw error
            }

            // The answer was lost: look whether the write landed before saying anything.
            const lost = journalIntent()
            // eslint-disable-next-line no-await-in-loop -- the answer decides whether to retry
            const landed = await landedAfterAll(handler, change, fresh, desired, context)
            if (landed === false) {
              journal.outcome(lost, 'not-applied', {reason: options.reasonOf(error)})
              throw error
            }

            if (landed === undefined) {
              journal.outcome(lost, 'unknown', {reason: options.reasonOf(error)})
              return result('failed', {before: fresh, reason: `${options.reasonOf(error)} It may have been applied: \`lx undo\` checks the live state.`})
            }

            journal.outcome(lost, 'applied', {after: desired, reason: `the answer was lost (${options.reasonOf(error)}); the live state shows it applied`})
            // eslint-disable-next-line no-await-in-loop -- the last step of this attempt: the loop ends here
            return await verify(lost, fresh, desired)
          }

          // A handler whose calls bypass the client middleware (tests) is journaled here.
          const taken = journalIntent()
          journal.outcome(taken, 'applied', {after: written})
          // eslint-disable-next-line no-await-in-loop -- the last step of this attempt: the loop ends here
          return await verify(taken, fresh, written)
        } catch (error) {
          if ((error as Error)?.name === 'WriteNotSentError') return result('not-run', {before: fresh, reason: 'interrupted before its write was sent'})
          const kind = classifyStepError(error)
          if (kind === 'fatal' || attempt >= MAX_STEP_ATTEMPTS || controller.signal.aborted) {
            return result('failed', {before: fresh ?? change.before, reason: options.reasonOf(error)})
          }

          const waiting = {
            conflict: 'update in progress, waiting',
            precondition: 'changed meanwhile, re-reading',
            throttle: 'throttled, backing off',
            transient: 'AWS error, retrying',
          }
          context.progress(waiting[kind])
          // eslint-disable-next-line no-await-in-loop -- a back-off waits before the next attempt
          await sleep(stepBackoffMs(attempt, kind), controller.signal)
        }
      }
    } finally {
      details.delete(label)
    }
  }

  // One worker pool per account-region: each place paces itself on its own rate budget, so a
  // fleet of four regions goes about four times as fast as one, and a slow place never holds the
  // workers of another.
  const queues = groupBy(groups, (group) => targetPlaceKey(group[0].target))
  const worker = async (queue: PlannedChange[][]) => {
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
        if (result.status === 'failed' || result.verified === false) failed++
        tick()
      }
    }
  }

  try {
    await Promise.all(queues.flatMap((queue) => Array.from({length: Math.min(options.workers ?? DEFAULT_WORKERS, queue.length)}, () => worker(queue))))
  } finally {
    progress.stop()
    stopListening()
  }

  for (const group of queues.flat()) {
    for (const change of group)
      results.push({target: change.target, label: targetLabel(change.target), status: 'not-run', reason: 'interrupted before it started'})
  }

  // Stable sort: the steps of one function keep their plan order.
  results.sort((a, b) => targetPlaceKey(a.target).localeCompare(targetPlaceKey(b.target)) || a.target.functionName.localeCompare(b.target.functionName))
  report.results = [...results, ...settled]
  report.summary = countResults(report.results)
  report.interrupted = controller.signal.aborted
  const trouble = report.summary.failed + report.summary.unverified + report.summary.conflict > 0
  journal.end(report.interrupted ? 'interrupted' : trouble ? 'failed' : 'complete', report.summary)
  return report
}

/**
 * After a write whose answer was lost: true when the live state shows it applied, false when it
 * shows it was not, undefined when that cannot be told (somebody else changed the same fields, or
 * the read failed too).
 */
async function landedAfterAll(
  handler: ChangeHandler<any>,
  change: PlannedChange,
  before: unknown,
  desired: unknown,
  context: StepContext,
): Promise<boolean | undefined> {
  try {
    const live = await handler.read(change.target, context)
    const reversal = reversalOf(handler, before, desired, live, false)
    return 'to' in reversal ? true : 'done' in reversal ? false : undefined
  } catch {
    return undefined
  }
}

/** Errors that came from an AWS call (and so read better through the translation). */
function isAwsLike(error: unknown): boolean {
  return Boolean((error as {$metadata?: unknown})?.$metadata)
}

/** A function in its account-region: the unit whose changes run one after another. */
function functionKey(target: PlannedChange['target']): string {
  return `${targetPlaceKey(target)}|${target.functionName}`
}

/** Items with the same key together, groups in order of first appearance, items in order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const name = key(item)
    const group = groups.get(name)
    if (group) group.push(item)
    else groups.set(name, [item])
  }

  return [...groups.values()]
}

/**
 * Exit code of a finished run: 128 + the signal when interrupted (130 for Ctrl-C); 1 when any
 * target failed, could not be verified, or (undo) was changed since by somebody else; else 0.
 */
export function exitCodeOf(report: ApplyReport): number {
  if (report.interrupted) return exitCodeOfSignal(report.signal ?? 'SIGINT')
  const {failed, unverified, conflict} = report.summary
  return failed + unverified + conflict > 0 ? 1 : 0
}
