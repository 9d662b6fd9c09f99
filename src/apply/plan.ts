// What every mutating command produces before it touches anything: per target, the state before
// and the state after, or why the target is skipped. Planners build these without I/O; the
// engine (engine.ts) applies them.

export interface Target {
  functionName: string
  /** Alias or version, for per-qualifier settings (provisioned concurrency, destinations, scaling). */
  qualifier?: string
  /** A named sub-resource of the qualifier (a scaling policy, a scheduled action), for labels. */
  resource?: string
}

export function targetLabel(target: Target): string {
  const base = target.qualifier ? `${target.functionName}:${target.qualifier}` : target.functionName
  return target.resource ? `${base} (${target.resource})` : base
}

export interface PlannedChange<S = any> {
  /** Which handler applies and reverses it (see change-kinds.ts). */
  kind: string
  target: Target
  before: S
  after: S
  /**
   * Only for undo: the state the journal says this run left the target in. If the target no
   * longer is in it, somebody changed it since, and undo reports it instead of overwriting.
   */
  expected?: S
  /**
   * Recompute the desired state from fresh state read just before the write (layers and
   * environment are merged, so a plan built on stale state must never be written as is).
   */
  replan?: (fresh: S) => {after: S} | {skip: string}
}

export interface PlannedSkip {
  target: Target
  reason: string
}

export interface PlannedUnchanged<S = any> {
  target: Target
  state: S
  reason?: string
}

export interface Plan<S = any> {
  kind: string
  changes: Array<PlannedChange<S>>
  unchanged: Array<PlannedUnchanged<S>>
  skipped: PlannedSkip[]
  /** Account-level effects worth showing, e.g. "unreserved 830 → 770". */
  notes: string[]
  /** Non-blocking concerns, e.g. a destination in another region. */
  warnings: string[]
}

export function emptyPlan<S>(kind: string): Plan<S> {
  return {kind, changes: [], unchanged: [], skipped: [], notes: [], warnings: []}
}

export type TargetStatus = 'changed' | 'unchanged' | 'skipped' | 'failed' | 'not-run'

export interface TargetResult<S = any> {
  target: Target
  label: string
  status: TargetStatus
  before?: S
  after?: S
  reason?: string
}

export interface ApplyReport<S = any> {
  kind: string
  dryRun: boolean
  /** Journal entry holding what changed; `lx undo ID` reverses it. */
  journalId?: string
  plan: {
    changes: Array<{target: string; before: S; after: S; summary: string}>
    unchanged: Array<{target: string; summary: string}>
    skipped: Array<{target: string; reason: string}>
    notes: string[]
    warnings: string[]
  }
  results: Array<TargetResult<S>>
  summary: Record<Exclude<TargetStatus, 'not-run'> | 'notRun', number>
  interrupted: boolean
}

/** How a kind of change is described, compared, read and written. Implemented once per domain. */
export interface ChangeHandler<S> {
  kind: string
  /** One line for a state, as shown in plans ("reserved 20", "layers a:3, b:1"). Mask secrets here. */
  describe(state: S): string
  /**
   * The state as it may be shown in --json output (e.g. environment values masked). The journal
   * keeps the real state: undo needs it.
   */
  redact?(state: S): S
  /** Equal for the purpose of "is there anything to do" and "did anybody change it since". */
  same(a: S, b: S): boolean
  /** Current state of one target, read fresh. */
  read(target: Target, context: StepContext): Promise<S>
  /**
   * Move the target from `from` (just read) to `to`, and wait until the change has taken effect.
   * Returns the state reached. Throwing a conflict (409), precondition (412) or throttling error
   * makes the engine read again and retry the step.
   */
  write(target: Target, from: S, to: S, context: StepContext): Promise<S>
}

export interface StepContext {
  /** Detail for the progress line, e.g. "allocated 12/50". */
  progress(detail: string): void
  /** Aborted on Ctrl-C: stop waiting, keep what was written. */
  signal: AbortSignal
}

/**
 * A write that went through but did not reach a good state (e.g. provisioned concurrency that
 * ended FAILED). The engine journals the state reached, so `lx undo` can take it back, and
 * reports the target as failed.
 */
export class ChangedButFailed extends Error {
  constructor(
    message: string,
    readonly reached: unknown,
  ) {
    super(message)
    this.name = 'ChangedButFailed'
  }
}
