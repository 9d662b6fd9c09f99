import {Flags} from '@oclif/core'

import {entryStatus, lxHome, readJournal} from '../apply/journal.js'
import {LxCommand} from '../base-command.js'
import {type HistoryItem, renderHistory} from '../ui/render-history.js'
import {tableWidth, wideFlag} from '../ui/wide-flag.js'

export type {HistoryItem} from '../ui/render-history.js'

export default class History extends LxCommand<HistoryItem[]> {
  static override summary = 'The journal of changes, newest first.'
  static override examples = ['<%= config.bin %> history', '<%= config.bin %> history --limit 5 --json']
  static override flags = {
    limit: Flags.integer({description: 'Show at most this many entries.', default: 20, min: 1}),
    wide: wideFlag,
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
        accountRegions: entry.header.places?.length ?? 1,
        endpointUrl: entry.header.endpointUrl,
        changes: entry.changes.length,
        unconfirmed: entry.changes.filter((change) => change.outcome !== 'applied').length,
        damagedLines: entry.damaged.length,
        status: entryStatus(entry),
        undoOf: entry.header.undoOf,
        undoneBy: entry.undoneBy,
      }))
    this.log(renderHistory(items, {width: tableWidth(flags.wide)}))
    return items
  }
}
