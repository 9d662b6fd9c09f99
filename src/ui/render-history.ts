// `lx history` for people: one row per journal entry, newest first.
import {Priority, renderTable, type TableOptions} from './table.js'

export interface HistoryItem {
  id: string
  time: string
  command: string
  region: string
  account?: string
  /** Account-regions the change worked in: 1, or a fleet's count. */
  accountRegions: number
  endpointUrl?: string
  /** Writes AWS took, or may have taken (answer lost, run killed while it was in flight). */
  changes: number
  /** Of those, the ones whose answer never came: undo checks them against the live state. */
  unconfirmed: number
  /** Journal lines that could not be read back (undo refuses them without --force). */
  damagedLines: number
  status: string
  undoOf?: string
  undoneBy: string[]
}

export function renderHistory(items: HistoryItem[], options: TableOptions = {}): string {
  if (items.length === 0) return 'The journal is empty: no change has been made with lx yet.'
  return renderTable(
    [
      // The id is what `lx undo` and `lx impact` take: never cut.
      {header: 'ID', value: (item: HistoryItem) => item.id, priority: Priority.identity},
      {header: 'TIME', value: (item) => item.time.replace('T', ' ').slice(0, 19), priority: Priority.secondary},
      {
        header: 'CHANGES',
        value: (item) => (item.unconfirmed > 0 ? `${item.changes} (${item.unconfirmed} unconfirmed)` : item.changes),
        align: 'right',
        priority: Priority.detail,
      },
      {header: 'WHERE', value: (item) => (item.accountRegions > 1 ? `${item.accountRegions} account-regions` : item.region), priority: Priority.detail},
      {
        header: 'STATUS',
        value: (item) =>
          [item.status, item.undoneBy.length > 0 && 'undone', item.damagedLines > 0 && `${item.damagedLines} damaged lines`].filter(Boolean).join(', '),
        priority: Priority.primary,
      },
      {header: 'COMMAND', value: (item) => item.command, priority: Priority.identity, truncate: 'end', minWidth: 20},
    ],
    items,
    options,
  )
}
