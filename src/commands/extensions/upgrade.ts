import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {upgradeFlags} from '../../layers/upgrade-flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ExtensionsUpgrade extends MutatingCommand<ApplyReport> {
  static override summary =
    'Move every selected function that carries an older version of an extension to its newest (or --to) version, and set the variables it needs.'
  static override description =
    `Like \`lx layers upgrade\`, and the --env variables are merged into the variables of each function that moves (every other variable is kept; values ` +
    `are never printed). Functions already on the target version with those variables are unchanged.`

  static override examples = [
    '<%= config.bin %> extensions upgrade log-shipper-extension --all --env LOG_SHIPPER_FORMAT=json --dry-run',
    '<%= config.bin %> extensions upgrade arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:3 --all --env ' +
      'AWS_LAMBDA_EXEC_WRAPPER=/opt/acme-wrapper --yes',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer name (this account), layer ARN, or layer version ARN.', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    ...upgradeFlags,
    env: Flags.string({
      char: 'e',
      description: 'Environment variable the new version needs, KEY=VALUE; repeat for several. Other variables are kept.',
      multiple: true,
      multipleNonGreedy: true,
    }),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ExtensionsUpgrade)
    const [layer, ...names] = argv as string[]
    const input = {
      layer,
      names,
      selection: flags,
      to: flags.to,
      allowDowngrade: flags['allow-downgrade'],
      publish: flags.publish,
      alias: flags.alias,
      env: flags.env,
    }
    const {planLayerUpgrade} = await import('../../layers/upgrade-service.js')
    // Across a fleet a layer ARN is taken in each account-region's own region (same account and name).
    return this.planAndApply(flags, async (aws, {isFleet}) => planLayerUpgrade(aws, {...input, inEachRegion: isFleet}))
  }
}
