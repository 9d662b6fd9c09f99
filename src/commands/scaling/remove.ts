import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {validateActionName} from '../../scaling/scaling-input.js'
import {checkQualifierInput, planRemove} from '../../scaling/scaling-service.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ScalingRemove extends MutatingCommand<ApplyReport> {
  static override summary = 'Remove one schedule, or all auto scaling of an alias.'
  static override description =
    `With --schedule, deletes that scheduled action. Without it, deletes the schedules, the scaling policies and then the scalable target — each ` +
    `journaled, so \`lx undo\` restores them all. Provisioned concurrency itself stays at its current level.`

  static override examples = [
    '<%= config.bin %> scaling remove checkout-api --qualifier live --schedule weekday-peak',
    '<%= config.bin %> scaling remove checkout-api --qualifier live',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs, or name:qualifier (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    qualifier: qualifierFlag({description: 'Alias or published version whose auto scaling is removed.'}),
    schedule: Flags.string({description: 'Remove only this schedule (by name).'}),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ScalingRemove)
    const names = argv as string[]
    const schedule = flags.schedule === undefined ? undefined : validateActionName(flags.schedule)
    checkQualifierInput(names, flags.qualifier)
    return this.planAndApply(flags, async (aws) => planRemove(aws, {names, selection: flags, qualifier: flags.qualifier}, {schedule}))
  }
}
