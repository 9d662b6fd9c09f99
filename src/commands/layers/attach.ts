import {Args} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import type {FunctionConfigState} from '../../layers/function-config.js'
import {planLayerChange} from '../../layers/layers-service.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class LayersAttach extends MutatingCommand<ApplyReport<FunctionConfigState>> {
  static override summary = 'Attach a layer version to one function or a selection, keeping every other layer in place.'
  static override description =
    `Adds the layer at the end of each function's layers, or replaces another version of the same layer where it stands; every other layer keeps its ` +
    `place. Skipped with a reason: container-image functions, functions that already have five layers, and runtimes or architectures the layer version ` +
    `does not support (read once with GetLayerVersionByArn). Waits for each update to finish, retries update conflicts, re-reads and re-plans if a ` +
    `function changed meanwhile, and journals every change for \`lx undo\`.`

  static override examples = [
    '<%= config.bin %> layers attach arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3 --all --dry-run',
    '<%= config.bin %> layers attach arn:aws:lambda:us-east-1:123456789012:layer:powertools-node:4 --runtime nodejs20.x --runtime nodejs22.x --yes',
    '<%= config.bin %> layers attach arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3 checkout-api orders-api',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer version ARN: arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION.', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {...selectionFlags, ...mutationFlags}

  async run(): Promise<ApplyReport<FunctionConfigState>> {
    const {argv, flags} = await this.parse(LayersAttach)
    const [arn, ...names] = argv as string[]
    return this.planAndApply(flags, (aws, {isFleet}) => planLayerChange(aws, {action: 'attach', arn, names, selection: flags, inEachRegion: isFleet}))
  }
}
