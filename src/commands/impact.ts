import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../base-command.js'
import type {ImpactReport} from '../impact/impact-service.js'

export default class Impact extends LxCommand<ImpactReport> {
  static override summary = 'Did a change hurt? Before → after for the functions a journaled change touched.'
  static override description = [
    'Compares a window after the change (default: the time since it, at most 24 h) with an equal window before it:',
    'invocations, errors and error rate, throttles, duration p50/p90/p99, cold starts and init duration p50/p99 (from',
    'REPORT lines, Logs Insights), max memory used, PostRuntimeExtensionsDuration, provisioned utilisation and spillover',
    'where there is provisioned concurrency, and the estimated cost per million invocations. Each signal is judged',
    'better / worse / no change / not enough data, and "worse" only beyond noise (the rules are printed below the table).',
  ].join('\n')

  static override examples = ['<%= config.bin %> impact', '<%= config.bin %> impact 20261126-101500-ab12 --window 30m --json']
  static override args = {id: Args.string({description: 'Journal entry id (see `lx history`); default: the newest change.'})}
  static override flags = {
    window: Flags.string({description: 'Length of the after window (and of the before window), e.g. 30m or 2h; at most 24h.'}),
  }

  async run(): Promise<ImpactReport> {
    const {args, flags} = await this.parse(Impact)
    const [{parseMinutes}, {findEntryForImpact}] = await Promise.all([import('../impact/guard-flags.js'), import('../impact/find-entry.js')])
    const windowSeconds = flags.window === undefined ? undefined : parseMinutes(flags.window, '--window')
    const {lxHome} = await import('../apply/journal.js')
    const {entry, undoneAtMs} = findEntryForImpact(lxHome(this.config.dataDir), args.id)
    const [{undoContext}, {UserError}] = await Promise.all([import('../apply/plan-undo.js'), import('../errors.js')])
    if ((entry.header.places?.length ?? 0) > 1) {
      throw new UserError(`${entry.header.id} changed ${entry.header.places!.length} account-regions; lx impact measures one account-region's change.`, {
        code: 'ImpactNotAcrossFleet',
        hint: '`lx history` lists the journal; measure a one-region change, or watch `lx dashboard --region R` per region.',
      })
    }

    const aws = await this.aws(undoContext(entry, flags))
    const [{measureImpact}, {translateAwsError}, {renderImpact}] = await Promise.all([
      import('../impact/impact-service.js'),
      import('../aws/translate-error.js'),
      import('../ui/render-impact.js'),
    ])
    const report = await measureImpact(aws, entry, {windowSeconds, undoneAtMs, reasonOf: (error) => translateAwsError(error).message})
    if (!this.jsonEnabled()) this.log(renderImpact(report))
    return report
  }
}
