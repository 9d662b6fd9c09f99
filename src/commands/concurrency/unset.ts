import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {planConcurrencyChange} from '../../concurrency/concurrency-service.js'
import {validateQualifierFlag} from '../../concurrency/plan-concurrency.js'
import {UserError} from '../../errors.js'
import {minUnreservedFlag, qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ConcurrencyUnset extends MutatingCommand<ApplyReport> {
  static override summary = 'Remove reserved concurrency, or the provisioned concurrency of one alias or version.'
  static override examples = [
    '<%= config.bin %> concurrency unset checkout-api --reserved',
    '<%= config.bin %> concurrency unset checkout-api --provisioned --qualifier live',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    reserved: Flags.boolean({
      description: 'Remove reserved concurrency (the function draws from the unreserved pool again).',
      exactlyOne: ['reserved', 'provisioned'],
    }),
    provisioned: Flags.boolean({description: 'Remove the provisioned concurrency config of --qualifier.', exactlyOne: ['reserved', 'provisioned']}),
    qualifier: qualifierFlag({description: 'Alias or version whose provisioned concurrency to remove.'}),
    'min-unreserved': minUnreservedFlag(),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ConcurrencyUnset)
    if (flags.reserved && flags.qualifier) {
      throw new UserError('Reserved concurrency applies to the whole function; --qualifier goes with --provisioned.', {hint: 'Drop --qualifier.'})
    }

    const request = flags.reserved
      ? {type: 'reserved' as const, value: null}
      : {type: 'provisioned' as const, qualifier: validateQualifierFlag(flags.qualifier), value: null}
    return this.planAndApply(flags, async (aws) =>
      planConcurrencyChange(aws, {names: argv as string[], selection: flags, request, minUnreserved: flags['min-unreserved']}),
    )
  }
}
