// What every mutating command produces before it touches anything: per target, the state before
// and the state after, or why the target is skipped. Planners build these without I/O; the
// engine (engine.ts) applies them.
import type {AwsContext} from '../aws/aws-context.js'
import type {InterruptSignal} from '../lib/interrupts.js'

export interface Target {
  functionName: string
  /** Alias or version, for per-qualifier settings (provisioned concurrency, destinations, scaling). */
  qualifier?: string
  /** A named sub-resource of the qualifier (a scaling policy, a scheduled action), for labels. */
  resource?: string
  /**
   * The account-region of a fleet run (journaled, so undo goes back there with the right
   * credentials). A one-place run leaves both out: its place is the run's.
   */
  account?: string
  region?: string
}

/** `checkout-api:live`, and in a fleet `111111111111/eu-west-1 checkout-api:live`. */
export function targetLabel(target: Target): string {
  const base = target.qualifier ? `${target.functionName}:${target.qualifier}` : target.functionName
  const named = target.resource ? `${base} (${target.resource})` : base
  return target.region ? `${target.account ?? '?'}/${target.region} ${named}` : named
}

/** The account-region a target (or a place) belongs to, for the handlers of its place (`?|?` in a one-place run). */
export function targetPlaceKey(target: Pick<Target, 'account' | 'region'>): string {
  return `${target.account ?? '?'}|${target.region ?? '?'}`
}

export interface PlannedChange<S = any> {
  /** Which handler applies and reverses it (see change-kinds.ts). */
  kind: string
  target: Target
  before: S
  after: S
  /**
   * Recompute the desired state from fresh state read just before the write (layers and
   * environment are merged, so a plan built on stale state must never be written as is; undo
   * merges its reversal onto whatever else changed since).
   */
  replan?: (fresh: S) => Replanned<S>
}

/**
 * What a re-plan on fresh state decides: write `after`; skip (with why); leave it, because it is
 * already as wanted; or refuse, because somebody else changed the very fields this change is about
 * (undo only — reported, and the run exits 1, unless --force).
 */
export type Replanned<S> = {after: S} | {skip: string} | {unchanged: string} | {conflict: string}

/** How undo reverses one change on a target's live state (see ChangeHandler.revert). */
export type Reversal<S> =
  /** Write this: lx's fields back at their old values, everything else as it is now. */
  | {to: S}
  /** lx's fields already hold their old values (never applied, or reversed already). */
  | {done: true}
  /** Somebody changed lx's fields since; names them. */
  | {conflict: string}

export interface PlannedSkip {
  target: Target
  reason: string
}

/** A target undo will not overwrite: somebody changed what lx changed (shown with the live state). */
export interface PlannedConflict<S = any> {
  target: Target
  live: S
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
  /** Undo only: targets whose changed fields were changed again since. Any of them → exit 1. */
  conflicts: Array<PlannedConflict<S>>
  /** Account-level effects worth showing, e.g. "unreserved 830 → 770". */
  notes: string[]
  /** Non-blocking concerns, e.g. a destination in another region. */
  warnings: string[]
}

export function emptyPlan<S>(kind: string): Plan<S> {
  return {kind, changes: [], unchanged: [], skipped: [], conflicts: [], notes: [], warnings: []}
}

/**
 * changed: AWS accepted the write (even when verification then failed: see `verified`);
 * conflict: undo found the fields lx changed changed again by somebody else, and left them;
 * failed: nothing was applied, or it is not known whether it was (the reason says which).
 */
export type TargetStatus = 'changed' | 'unchanged' | 'skipped' | 'conflict' | 'failed' | 'not-run'

export interface TargetResult<S = unknown> {
  target: Target
  label: string
  status: TargetStatus
  before?: S
  after?: S
  reason?: string
  /** For changed targets: false when lx could not confirm the change took effect (reason says why). */
  verified?: boolean
  /** Where the target is: the account (when known) and region of its place. */
  account?: string
  region?: string
}

export interface ApplyReport<S = unknown> {
  kind: string
  dryRun: boolean
  /** Journal entry holding what changed; `lx undo ID` reverses it. */
  journalId?: string
  plan: {
    changes: Array<{target: string; before: S; after: S; summary: string}>
    unchanged: Array<{target: string; summary: string}>
    skipped: Array<{target: string; reason: string}>
    conflicts: Array<{target: string; live: S; reason: string}>
    notes: string[]
    warnings: string[]
  }
  results: Array<TargetResult<S>>
  /** `unverified` counts changed targets whose verification failed (they count as changed too). */
  summary: Record<Exclude<TargetStatus, 'not-run'> | 'notRun' | 'unverified', number>
  interrupted: boolean
  /** The signal that interrupted the run, when one did. */
  signal?: InterruptSignal
  /** Fleet runs: account-regions that could not be reached or planned, and why (any → exit 1 unless --skip-unreachable). */
  unreachable?: Array<{account?: string; region?: string; profile?: string; reason: string}>
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
   * Send the write(s) that move the target from `from` (just read) to `to`, and return the state
   * lx wrote — from the request and AWS's answer, never from a later read, so that a colleague's
   * edit landing afterwards never becomes part of what undo takes back. Does not wait.
   * Throwing a conflict (409), precondition (412) or throttling error makes the engine read again
   * and retry the step. Throw ChangedButFailed when AWS took part of it (what it holds now).
   */
  write(target: Target, from: S, to: S, context: StepContext): Promise<S>
  /**
   * Wait until the written state has taken effect (LastUpdateStatus, provisioned READY) and check
   * it. Throwing here means "changed, not verified": the write stands and is journaled.
   */
  settle?(target: Target, written: S, context: StepContext): Promise<void>
  /**
   * Undo's three-way merge: `before` and `after` are what lx read and wrote, `live` is the state
   * now. Reverse only the fields lx changed, keeping whatever else changed since; a conflict when
   * those very fields changed again (with `force`, reverse them anyway). Without it, the state is
   * one field: reversed when live is still `after`.
   */
  revert?(before: S, after: S, live: S, options: {force: boolean}): Reversal<S>
}

/** Options a command passes to its handlers, e.g. `wait: false` for --no-wait. */
export interface HandlerOptions {
  wait?: boolean
}

/**
 * The handler of a kind for a target: in a fleet, the one built on the target's account-region
 * (never another place's: that would read and write the wrong account).
 */
export type HandlerLookup = (kind: string, target?: Target) => ChangeHandler<any>

/** What each handler module exports as `createHandler`; the kinds table (change-kinds.ts) loads it by kind. */
export type HandlerFactory = (aws: AwsContext, options: HandlerOptions) => Promise<ChangeHandler<any>> | ChangeHandler<any>

/** The reversal of a state that is one whole: back to `before` only when nobody touched it since. */
export function revertWhole<S>(handler: Pick<ChangeHandler<S>, 'same' | 'describe'>, before: S, after: S, live: S, force: boolean): Reversal<S> {
  if (handler.same(live, before)) return {done: true}
  if (handler.same(live, after) || force) return {to: before}
  return {conflict: `changed since lx set it (now ${handler.describe(live)})`}
}

export function reversalOf<S>(handler: ChangeHandler<S>, before: S, after: S, live: S, force: boolean): Reversal<S> {
  return handler.revert ? handler.revert(before, after, live, {force}) : revertWhole(handler, before, after, live, force)
}

export interface StepContext {
  /** Detail for the progress line, e.g. "allocated 12/50". */
  progress(detail: string): void
  /** Aborted on Ctrl-C: stop waiting, keep what was written. */
  signal: AbortSignal
}

/**
 * A write that went through but did not reach the state asked for (e.g. provisioned concurrency
 * that ended FAILED, a recreate whose second half failed). The engine journals `reached` as what
 * lx wrote, so `lx undo` can take it back, and reports the target changed, not verified.
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
