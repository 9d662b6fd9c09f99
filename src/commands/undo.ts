import {Args, Flags} from '@oclif/core'

import {findEntryToUndo, lxHome} from '../apply/journal.js'
import type {ApplyReport} from '../apply/plan.js'
import {undoContext, undoTargets} from '../apply/plan-undo.js'
import {MutatingCommand, mutationFlags} from '../mutating-command.js'

export default class Undo extends MutatingCommand<ApplyReport> {
  static override summary = 'Reverse the last change (or the one named) from the journal.'
  static override description = [
    'Reads the live state of every target the change touched and reverses only what lx changed: a layer or an',
    'environment variable somebody else added since is kept. A target whose changed fields were changed again since',
    'is reported, not overwritten (exit 1), unless --force. Undo is journaled too, so it can itself be undone.',
  ].join('\n')

  static override examples = ['<%= config.bin %> undo', '<%= config.bin %> undo 20261126-101500-ab12 --dry-run']
  static override args = {id: Args.string({description: 'Journal entry id (see `lx history`); default: the newest not yet undone.'})}
  static override flags = {
    ...mutationFlags,
    force: Flags.boolean({description: 'Restore even targets that were changed again since, and pass over damaged journal lines.'}),
  }

  async run(): Promise<ApplyReport> {
    const {args, flags} = await this.parse(Undo)
    const entry = findEntryToUndo(lxHome(this.config.dataDir), args.id)
    // Before any AWS call: a damaged journal or an entry with nothing in it is refused here.
    const targets = undoTargets(entry, {force: flags.force})
    const context = undoContext(entry, flags)
    const [{planUndoFromLive}, {translateAwsError}] = await Promise.all([import('../apply/undo-service.js'), import('../aws/translate-error.js')])
    const reasonOf = (error: unknown) => translateAwsError(error).message
    const title = `undo ${entry.header.id} (${entry.header.command})`
    if (entry.header.places) {
      // A fleet change: back to every account-region it went to, each with its own credentials.
      const {fleetOfJournal} = await import('../fleet/journal-fleet.js')
      const fleet = await fleetOfJournal(entry.header.places, {
        endpointUrl: context['endpoint-url'],
        version: this.config.version,
        profile: flags.profile?.[0],
      })
      this.fleetValue = fleet
      const plan = await planUndoFromLive(fleet.places, entry, targets, {force: flags.force, reasonOf})
      const aws = fleet.places[0]?.aws ?? (await this.aws({'endpoint-url': context['endpoint-url'], region: context.region}))
      return this.runPlan(plan, {aws, fleet, unreachable: fleet.unreachable, flags, title, region: context.region, undoOf: entry.header.id})
    }

    const aws = await this.aws(context)
    if (entry.header.account) {
      const {checkSameAccount} = await import('../aws/account-check.js')
      checkSameAccount(
        entry.header.account,
        await aws.accountId(),
        `Journal entry ${entry.header.id}`,
        `Run lx undo with credentials for account ${entry.header.account} (--profile).`,
      )
    }

    const plan = await planUndoFromLive([{aws}], entry, targets, {force: flags.force, reasonOf})
    return this.runPlan(plan, {aws, flags, title, region: context.region, undoOf: entry.header.id})
  }
}
