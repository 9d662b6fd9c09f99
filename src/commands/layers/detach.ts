import {Args} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import type {FunctionConfigState} from '../../layers/function-config.js'
import {planLayerChange} from '../../layers/layers-service.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class LayersDetach extends MutatingCommand<ApplyReport<FunctionConfigState>> {
  static override summary = 'Detach a layer (any version) from one function or a selection, keeping the other layers in order.'
  static override description =
    `Functions that do not have the layer are reported unchanged. Waits for each update to finish, retries update conflicts, re-reads and re-plans if a ` +
    `function changed meanwhile, and journals every change for \`lx undo\`.`

  static override examples = [
    '<%= config.bin %> layers detach arn:aws:lambda:us-east-1:123456789012:layer:auth-helpers --all --dry-run',
    '<%= config.bin %> layers detach arn:aws:lambda:us-east-1:123456789012:layer:auth-helpers checkout-api',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer ARN: arn:aws:lambda:REGION:ACCOUNT:layer:NAME (a :VERSION suffix is ignored).', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {...selectionFlags, ...mutationFlags}

  async run(): Promise<ApplyReport<FunctionConfigState>> {
    const {argv, flags} = await this.parse(LayersDetach)
    const [arn, ...names] = argv as string[]
    return this.planAndApply(flags, (aws, {isFleet}) => planLayerChange(aws, {action: 'detach', arn, names, selection: flags, inEachRegion: isFleet}))
  }
}
