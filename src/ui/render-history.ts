// `lx history` for people: one row per journal entry, newest first.
import {Priority, renderTable, type TableOptions} from './table.js'

export interface HistoryItem {
  id: string
  time: string
  command: string
  region: string
  endpointUrl?: string
  changes: number
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
      {header: 'CHANGES', value: (item) => item.changes, align: 'right', priority: Priority.detail},
      {header: 'STATUS', value: (item) => (item.undoneBy.length > 0 ? `${item.status}, undone` : item.status), priority: Priority.primary},
      {header: 'COMMAND', value: (item) => item.command, priority: Priority.identity, truncate: 'end', minWidth: 20},
    ],
    items,
    options,
  )
}
