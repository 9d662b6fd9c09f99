import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {requestedKinds} from '../../alarms/alarm-kinds.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class AlarmsRemove extends MutatingCommand<ApplyReport> {
  static override summary = "Delete lx's alarms of the selected functions (and of the account)."
  static override description =
    "Deletes only alarms lx created (named lx-<function>-<kind> and marked as lx's); any other alarm is left alone. " +
    "Without --kind: every function kind, plus the account's alarms with --all. `lx undo` puts them back exactly as they were."

  static override examples = [
    '<%= config.bin %> alarms remove checkout-api --kind throttles',
    '<%= config.bin %> alarms remove --all',
    '<%= config.bin %> alarms remove --all --kind concurrency --kind unreserved --dry-run',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    kind: Flags.string({description: 'Alarm kind: throttles, errors, duration, spillover, concurrency, unreserved; repeat for several.', multiple: true}),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(AlarmsRemove)
    requestedKinds(flags.kind, flags)
    const {planAlarmsRemoveChange} = await import('../../alarms/alarms-service.js')
    return this.planAndApply(flags, async (aws) => planAlarmsRemoveChange(aws, argv as string[], flags))
  }
}
