import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {minUnreservedFlag, qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {parseSetRequest} from '../../scaling/scaling-input.js'
import {checkQualifierInput, planSet} from '../../scaling/scaling-service.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ScalingSet extends MutatingCommand<ApplyReport> {
  static override summary = 'Scale provisioned concurrency with traffic: a scalable target and a target-tracking policy.'
  static override description = `Registers (or updates) the alias as a scalable target of Application Auto Scaling with --min and --max, and puts the \
target-tracking policy "lx-target-tracking" on LambdaProvisionedConcurrencyUtilization. Re-running updates both in place; \`lx undo\` restores what was there \
before.

Checked before any write: whole numbers, min ≤ max, --target in (0, 1], the qualifier exists and is not $LATEST, and max against what the function can get \
(its reserved concurrency, or the account's unreserved pool above its floor) — a warning, or a refusal with --strict.`

  static override examples = [
    '<%= config.bin %> scaling set checkout-api --qualifier live --min 2 --max 50',
    '<%= config.bin %> scaling set checkout-api --qualifier live --min 2 --max 50 --target 0.6 --scale-in-cooldown 300',
    "<%= config.bin %> scaling set --match '^api-' --qualifier live --min 1 --max 10 --yes",
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs, or name:qualifier (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    qualifier: qualifierFlag({description: 'Alias or published version whose provisioned concurrency scales (not $LATEST).'}),
    min: Flags.string({description: 'Least provisioned concurrency: a whole number ≥ 0.', required: true}),
    max: Flags.string({description: 'Most provisioned concurrency: a whole number ≥ 1, at least --min.', required: true}),
    target: Flags.string({description: 'Utilization to aim for, above 0 and at most 1 (default 0.7 for a new policy; an existing one keeps its target).'}),
    'scale-in-cooldown': Flags.string({description: "Seconds after a scale-in before the next one (default: AWS's, or what the policy has)."}),
    'scale-out-cooldown': Flags.string({description: "Seconds after a scale-out before the next one (default: AWS's, or what the policy has)."}),
    strict: Flags.boolean({description: 'Refuse, instead of warning, when --max is more than the function can get.'}),
    'min-unreserved': minUnreservedFlag(),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ScalingSet)
    const names = argv as string[]
    const request = parseSetRequest(flags)
    checkQualifierInput(names, flags.qualifier)
    return this.planAndApply(flags, async (aws) =>
      planSet(aws, {names, selection: flags, qualifier: flags.qualifier}, request, {strict: flags.strict, minUnreserved: flags['min-unreserved']}),
    )
  }
}
