// Undo is a plan like any other: each journaled change reversed, newest first, with the state the
// run left behind as the expectation — a target that no longer is in it was changed by someone
// else since, and is reported rather than overwritten (unless --force).
import {UserError} from '../errors.js'
import type {JournalEntry} from './journal.js'
import {emptyPlan, type Plan} from './plan.js'

export function planUndo(entry: JournalEntry): Plan {
  if (entry.changes.length === 0) {
    throw new UserError(`Journal entry ${entry.header.id} changed nothing; there is nothing to undo.`, {code: 'NothingToUndo', hint: '`lx history` lists the journal.'})
  }

  const plan = emptyPlan(entry.header.kind)
  for (const change of [...entry.changes].reverse()) {
    plan.changes.push({kind: change.kind, target: change.target, before: change.after, after: change.before, expected: change.after})
  }

  if (entry.undoneBy.length > 0) plan.warnings.push(`${entry.header.id} was already undone by ${entry.undoneBy.join(', ')}.`)
  if (entry.end?.status === 'interrupted') plan.notes.push(`${entry.header.id} was interrupted; only the changes it made are reversed.`)
  return plan
}

/** Undo goes where the change went: the journal's region, endpoint and profile, unless overridden consistently. */
export function undoContext(entry: JournalEntry, flags: {region?: string; 'endpoint-url'?: string; profile?: string}) {
  const {header} = entry
  if (flags.region && flags.region !== header.region) {
    throw new UserError(`${header.id} was made in ${header.region}, not ${flags.region}.`, {code: 'RegionMismatch', hint: 'Leave out --region; undo goes to where the change was made.'})
  }

  const endpoint = flags['endpoint-url'] ?? header.endpointUrl
  return {region: header.region, 'endpoint-url': endpoint, profile: flags.profile ?? header.profile}
}
