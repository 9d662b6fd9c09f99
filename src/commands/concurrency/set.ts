import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {planConcurrencyChange} from '../../concurrency/concurrency-service.js'
import {validateQualifierFlag} from '../../concurrency/plan-concurrency.js'
import {UserError} from '../../errors.js'
import {minUnreservedFlag, qualifierFlag, wholeNumberFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ConcurrencySet extends MutatingCommand<ApplyReport> {
  static override summary = 'Set reserved or provisioned concurrency on one function or a selection, safely.'
  static override description =
    `Checks before any write: the number, the qualifier, the account's unreserved floor, and provisioned against reserved. Prints the plan, asks before ` +
    `changing more than one function, waits for provisioned concurrency to be READY, and journals every change for \`lx undo\`.`
  static override examples = [
    '<%= config.bin %> concurrency set checkout-api --reserved 80',
    '<%= config.bin %> concurrency set checkout-api --provisioned 20 --qualifier live',
    '<%= config.bin %> concurrency set --match "^orders-" --reserved 10 --dry-run',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    reserved: wholeNumberFlag({min: 0})({
      description: 'Reserved concurrency: a whole number ≥ 0 (0 throttles the function entirely).',
      exactlyOne: ['reserved', 'provisioned'],
    }),
    provisioned: wholeNumberFlag({min: 1})({
      description: 'Provisioned concurrency: a whole number ≥ 1 (needs --qualifier).',
      exactlyOne: ['reserved', 'provisioned'],
    }),
    qualifier: qualifierFlag({description: 'Alias or published version for provisioned concurrency (not $LATEST).'}),
    'no-wait': Flags.boolean({description: 'Return once provisioned concurrency is requested, without waiting for READY.'}),
    'min-unreserved': minUnreservedFlag(),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ConcurrencySet)
    const request =
      flags.reserved === undefined
        ? {type: 'provisioned' as const, qualifier: validateQualifierFlag(flags.qualifier), value: flags.provisioned!}
        : {type: 'reserved' as const, value: flags.reserved}
    if (request.type === 'reserved' && flags.qualifier) {
      throw new UserError('Reserved concurrency applies to the whole function; --qualifier goes with --provisioned.', {hint: 'Drop --qualifier.'})
    }

    // Across a fleet each account-region plans on its own: its functions, and its own unreserved floor.
    return this.planAndApply(
      flags,
      async (aws) => planConcurrencyChange(aws, {names: argv as string[], selection: flags, request, minUnreserved: flags['min-unreserved']}),
      {handlerOptions: {wait: !flags['no-wait']}},
    )
  }
}
