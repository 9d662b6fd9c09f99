// Which journal entry `lx impact` looks at: the one named, or the newest that changed something.
import {type JournalEntry, readJournal} from '../apply/journal.js'
import {UserError} from '../errors.js'

export function findEntryForImpact(home: string, id?: string): {entry: JournalEntry; undoneAtMs?: number} {
  const entries = readJournal(home)
  const entry = id
    ? entries.find((candidate) => candidate.header.id === id || candidate.header.id.startsWith(id))
    : entries.find((candidate) => candidate.changes.length > 0)
  if (!entry) {
    throw new UserError(id ? `No journal entry ${id}.` : 'The journal has no change yet: there is nothing to measure.', {
      code: id ? 'UnknownJournalId' : 'NothingToMeasure',
      hint: '`lx history` lists the journal.',
    })
  }

  if (entry.changes.length === 0) {
    throw new UserError(`Journal entry ${entry.header.id} changed nothing; there is no impact to measure.`, {
      code: 'NothingToMeasure',
      hint: '`lx history` lists the journal.',
    })
  }

  // A change undone since had its effect only until the undo: the after window ends there.
  const undos = entries.filter((candidate) => entry.undoneBy.includes(candidate.header.id)).map((undo) => Date.parse(undo.header.time))
  return {entry, undoneAtMs: undos.length > 0 ? Math.min(...undos) : undefined}
}
