import {Args, Flags} from '@oclif/core'

import {findEntryToUndo, lxHome} from '../apply/journal.js'
import type {ApplyReport} from '../apply/plan.js'
import {planUndo, undoContext} from '../apply/plan-undo.js'
import {MutatingCommand, mutationFlags} from '../mutating-command.js'

export default class Undo extends MutatingCommand<ApplyReport> {
  static override summary = 'Reverse the last change (or the one named) from the journal.'
  static override description =
    'Targets that were changed again since are reported, not overwritten, unless --force. Undo is journaled too, so it can itself be undone.'

  static override examples = ['<%= config.bin %> undo', '<%= config.bin %> undo 20261126-101500-ab12 --dry-run']
  static override args = {id: Args.string({description: 'Journal entry id (see `lx history`); default: the newest not yet undone.'})}
  static override flags = {
    ...mutationFlags,
    force: Flags.boolean({description: 'Restore even targets that were changed again since.'}),
  }

  async run(): Promise<ApplyReport> {
    const {args, flags} = await this.parse(Undo)
    const entry = findEntryToUndo(lxHome(this.config.dataDir), args.id)
    const context = undoContext(entry, flags)
    const aws = await this.aws(context)
    const plan = planUndo(entry)
    return this.runPlan(plan, {aws, flags, title: `undo ${entry.header.id} (${entry.header.command})`, region: context.region, force: flags.force, undoOf: entry.header.id})
  }
}
