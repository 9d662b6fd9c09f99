import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import type {FunctionConfigState} from '../../layers/function-config.js'
import {planLayerChange} from '../../layers/layers-service.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ExtensionsAttach extends MutatingCommand<ApplyReport<FunctionConfigState>> {
  static override summary = 'Attach an extension (a layer version plus the environment variables it needs) to one function or a selection.'
  static override description =
    `The layer is added like \`lx layers attach\` (other layers keep their place). The --env variables are merged into each function's variables: every ` +
    `other variable is kept. Values are never printed, only their names. AWS_LAMBDA_EXEC_WRAPPER is allowed (wrapper-based extensions use it); variables ` +
    `the Lambda runtime reserves (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, …) are refused.`

  static override examples = [
    '<%= config.bin %> extensions attach arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension:3 --all --env ' +
      'LOG_SHIPPER_ENDPOINT=https://logs.example.com --yes',
    '<%= config.bin %> extensions attach arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:2 checkout-api --env ' +
      'AWS_LAMBDA_EXEC_WRAPPER=/opt/acme-wrapper --env ACME_API_KEY="$ACME_API_KEY"',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer version ARN: arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION.', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    env: Flags.string({
      char: 'e',
      description: 'Environment variable the extension needs, KEY=VALUE; repeat for several. Other variables are kept.',
      multiple: true,
      multipleNonGreedy: true,
    }),
  }

  async run(): Promise<ApplyReport<FunctionConfigState>> {
    const {argv, flags} = await this.parse(ExtensionsAttach)
    const [arn, ...names] = argv as string[]
    return this.planAndApply(flags, (aws, {isFleet}) =>
      planLayerChange(aws, {action: 'attach', arn, names, selection: flags, env: flags.env, inEachRegion: isFleet}),
    )
  }
}
