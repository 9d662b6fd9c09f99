// Undo is a plan like any other, built from the journal and the live state: for each target lx
// changed, the handler's three-way merge (what lx read, what lx wrote, what is there now) reverses
// only the fields lx changed and keeps whatever else changed since. A target whose very fields
// were changed again by somebody else is a conflict: shown with its live state, not overwritten,
// and the run exits 1 — unless --force. Pure: the live states are read by the caller.
import {UserError} from '../errors.js'
import type {JournalChange, JournalEntry} from './journal.js'
import {type ChangeHandler, emptyPlan, type Plan, reversalOf, type Target} from './plan.js'

/** One target's net change in a journal entry: what lx first read, what it last wrote. */
export interface UndoTarget {
  kind: string
  target: Target
  before: unknown
  after: unknown
  /** Whether AWS is known to have taken the last write (else undo checks the live state). */
  outcome: JournalChange['outcome']
}

export function targetKey(kind: string, target: Target): string {
  return JSON.stringify([kind, target])
}

/**
 * The targets to reverse, newest first. Several records for one target (retries, an answer lost
 * and then seen) are folded into one: the first `before`, the last `after`.
 */
export function undoTargets(entry: JournalEntry, options: {force?: boolean} = {}): UndoTarget[] {
  if (entry.damaged.length > 0 && !options.force) {
    const lines = entry.damaged.map((damaged) => damaged.line).join(', ')
    throw new UserError(
      `Journal ${entry.file} has ${entry.damaged.length === 1 ? 'a damaged line' : 'damaged lines'} (${lines}); undo will not guess what they held.`,
      {
        code: 'JournalDamaged',
        hint: 'Look at the file; `lx undo --force` reverses what the readable lines record.',
      },
    )
  }

  if (entry.changes.length === 0) {
    throw new UserError(`Journal entry ${entry.header.id} changed nothing; there is nothing to undo.`, {
      code: 'NothingToUndo',
      hint: '`lx history` lists the journal.',
    })
  }

  const byKey = new Map<string, UndoTarget>()
  for (const change of entry.changes) {
    const key = targetKey(change.kind, change.target)
    const seen = byKey.get(key)
    if (seen) {
      seen.after = change.after
      seen.outcome = change.outcome
    } else {
      byKey.set(key, {kind: change.kind, target: change.target, before: change.before, after: change.after, outcome: change.outcome})
    }
  }

  return [...byKey.values()].reverse()
}

export function planUndo(
  entry: JournalEntry,
  targets: UndoTarget[],
  /** The state read now, or the error that reading it met. */
  live: (target: UndoTarget) => {state: unknown} | {error: string},
  handlers: (kind: string) => ChangeHandler<any>,
  options: {force?: boolean} = {},
): Plan {
  const force = Boolean(options.force)
  const plan = emptyPlan(entry.header.kind)
  for (const item of targets) {
    const handler = handlers(item.kind)
    const read = live(item)
    if ('error' in read) {
      plan.conflicts.push({target: item.target, live: null, reason: `could not read its live state: ${read.error}`})
      continue
    }

    const now = read.state
    const reversal = reversalOf(handler, item.before, item.after, now, force)
    if ('done' in reversal) {
      plan.unchanged.push({
        target: item.target,
        state: now,
        reason: item.outcome === 'applied' ? `already back to ${handler.describe(now)}` : `the change never landed (${handler.describe(now)})`,
      })
    } else if ('conflict' in reversal) {
      plan.conflicts.push({target: item.target, live: now, reason: `${reversal.conflict}; not overwritten — use --force to overwrite`})
    } else {
      plan.changes.push({
        kind: item.kind,
        target: item.target,
        before: now,
        after: reversal.to,
        // Between this plan and the write somebody may change the target again: merge onto that.
        replan(fresh) {
          const again = reversalOf(handler, item.before, item.after, fresh, force)
          if ('done' in again) return {unchanged: `already back to ${handler.describe(fresh)}`}
          if ('conflict' in again) return {conflict: `${again.conflict}; not overwritten — use --force to overwrite`}
          return {after: again.to}
        },
      })
    }
  }

  if (entry.undoneBy.length > 0) plan.warnings.push(`${entry.header.id} was already undone by ${entry.undoneBy.join(', ')}.`)
  if (entry.end === undefined || entry.end.status === 'interrupted') {
    plan.notes.push(`${entry.header.id} was interrupted; only what it may have applied is reversed (checked against the live state).`)
  }

  if (entry.damaged.length > 0)
    plan.warnings.push(`${entry.file}: damaged lines ${entry.damaged.map((damaged) => damaged.line).join(', ')} were passed over (--force).`)
  return plan
}

/** Undo goes where the change went: the journal's region, endpoint and profile, unless overridden consistently. */
export function undoContext(entry: JournalEntry, flags: {region?: string[]; 'endpoint-url'?: string; profile?: string[]}) {
  const {header} = entry
  const region = flags.region ?? []
  if (region.length > 0 && header.places) {
    throw new UserError(`${header.id} was made in ${header.places.length} account-regions; undo goes back to each of them.`, {
      code: 'RegionMismatch',
      hint: 'Leave out --region.',
    })
  }

  if (region.length > 1 || (region.length === 1 && region[0] !== header.region)) {
    throw new UserError(`${header.id} was made in ${header.region}, not ${region.join(', ')}.`, {
      code: 'RegionMismatch',
      hint: 'Leave out --region; undo goes to where the change was made.',
    })
  }

  const endpoint = flags['endpoint-url'] ?? header.endpointUrl
  if ((flags.profile?.length ?? 0) > 1) {
    throw new UserError('lx undo takes one --profile: the credentials to go back with.', {hint: 'Leave it out to use the profile the change was made with.'})
  }

  return {region: header.region, 'endpoint-url': endpoint, profile: flags.profile?.[0] ?? header.profile}
}
