import {Flags} from '@oclif/core'

import {lxHome, readJournal} from '../apply/journal.js'
import {LxCommand} from '../base-command.js'
import {renderTable} from '../ui/table.js'

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
        endpointUrl: entry.header.endpointUrl,
        changes: entry.changes.length,
        status: entry.end?.status ?? 'unfinished',
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
          {header: 'CHANGES', value: (item) => item.changes, align: 'right'},
          {header: 'STATUS', value: (item) => (item.undoneBy.length > 0 ? `${item.status}, undone` : item.status)},
          {header: 'COMMAND', value: (item) => item.command},
        ],
        items,
      ),
    )
    return items
  }
}
