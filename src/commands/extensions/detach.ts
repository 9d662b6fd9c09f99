import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import type {FunctionConfigState} from '../../layers/function-config.js'
import {planLayerChange} from '../../layers/layers-service.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ExtensionsDetach extends MutatingCommand<ApplyReport<FunctionConfigState>> {
  static override summary = 'Detach an extension: remove its layer (any version) and the environment variables named with --env.'
  static override description =
    `Only the named variables are removed, and only from functions that carry the layer (on others they may belong to another extension); every other ` +
    `variable and layer is kept.`

  static override examples = [
    '<%= config.bin %> extensions detach arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension --all --env AWS_LAMBDA_EXEC_WRAPPER --env ' +
      'ACME_API_KEY --dry-run',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer ARN: arn:aws:lambda:REGION:ACCOUNT:layer:NAME (a :VERSION suffix is ignored).', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    env: Flags.string({
      char: 'e',
      description: 'Name of an environment variable to remove with the layer; repeat for several.',
      multiple: true,
      multipleNonGreedy: true,
    }),
  }

  async run(): Promise<ApplyReport<FunctionConfigState>> {
    const {argv, flags} = await this.parse(ExtensionsDetach)
    const [arn, ...names] = argv as string[]
    return this.planAndApply(flags, (aws, {isFleet}) =>
      planLayerChange(aws, {action: 'detach', arn, names, selection: flags, env: flags.env, inEachRegion: isFleet}),
    )
  }
}
