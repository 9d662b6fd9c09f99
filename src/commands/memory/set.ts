import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {parseMemoryMb} from '../../memory/plan-memory.js'
import {planMemoryChange} from '../../memory/memory-service.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class MemorySet extends MutatingCommand<ApplyReport> {
  static override summary = 'Set the memory size of one function or a selection, safely.'
  static override description =
    `Checks --mb before any call (a whole number of MB from 128 to 10240). Prints the plan, asks before changing ` +
    `more than one function, sends each change with the RevisionId it read (a concurrent edit is re-read, not ` +
    `overwritten), waits for the update to finish, and journals every change for \`lx undo\`. CPU scales with memory: watch ` +
    `Duration after lowering it. \`lx advise\` prints this command where memory is far above, or close to, what invocations ` +
    `use.`

  static override examples = ['<%= config.bin %> memory set pricing-model --mb 640', '<%= config.bin %> memory set --match "^reports-" --mb 1024 --dry-run']

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    mb: Flags.string({description: 'Memory size in MB: a whole number from 128 to 10240.', required: true, helpValue: 'N'}),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(MemorySet)
    const memoryMb = parseMemoryMb(flags.mb)
    return this.planAndApply(flags, async (aws) => planMemoryChange(aws, {names: argv as string[], selection: flags, memoryMb}))
  }
}
