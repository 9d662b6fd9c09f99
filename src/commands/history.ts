import {Flags} from '@oclif/core'

import {entryStatus, lxHome, readJournal} from '../apply/journal.js'
import {LxCommand} from '../base-command.js'
import {renderTable} from '../ui/table.js'

export interface HistoryItem {
  id: string
  time: string
  command: string
  region: string
  account?: string
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

export default class History extends LxCommand<HistoryItem[]> {
  static override summary = 'The journal of changes, newest first.'
  static override examples = ['<%= config.bin %> history', '<%= config.bin %> history --limit 5 --json']
  static override flags = {
    limit: Flags.integer({description: 'Show at most this many entries.', default: 20, min: 1}),
  }

  async run(): Promise<HistoryItem[]> {
    const {flags} = await this.parse(History)
    const items = readJournal(lxHome(this.config.dataDir))
      .slice(0, flags.limit)
      .map((entry) => ({
        id: entry.header.id,
        time: entry.header.time,
        command: entry.header.command,
        region: entry.header.region,
        ...(entry.header.account ? {account: entry.header.account} : {}),
        endpointUrl: entry.header.endpointUrl,
        changes: entry.changes.length,
        unconfirmed: entry.changes.filter((change) => change.outcome !== 'applied').length,
        damagedLines: entry.damaged.length,
        status: entryStatus(entry),
        undoOf: entry.header.undoOf,
        undoneBy: entry.undoneBy,
      }))
    if (items.length === 0) {
      this.log('The journal is empty: no change has been made with lx yet.')
      return items
    }

    this.log(
      renderTable(
        [
          {header: 'ID', value: (item: HistoryItem) => item.id},
          {header: 'TIME', value: (item) => item.time.replace('T', ' ').slice(0, 19)},
          {header: 'CHANGES', value: (item) => (item.unconfirmed > 0 ? `${item.changes} (${item.unconfirmed} unconfirmed)` : item.changes), align: 'right'},
          {
            header: 'STATUS',
            value: (item) => [item.status, item.undoneBy.length > 0 && 'undone', item.damagedLines > 0 && `${item.damagedLines} damaged lines`].filter(Boolean).join(', '),
          },
          {header: 'COMMAND', value: (item) => item.command},
        ],
        items,
      ),
    )
    return items
  }
}
