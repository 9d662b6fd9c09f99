import {Args} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {upgradeFlags} from '../../layers/upgrade-flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class LayersUpgrade extends MutatingCommand<ApplyReport> {
  static override summary = 'Move every selected function that carries an older version of a layer to its newest (or --to) version, in place.'
  static override description = [
    "LAYER is a layer name of this account, a layer ARN, or a layer version ARN (the version to move to). The newest version of this account's layer " +
      "comes from ListLayerVersions; of another account's layer, lx reads upward from the highest version your functions carry.",
    'Every other layer keeps its place. Functions the target version does not support (runtime, architecture, container image) are skipped with the ' +
      'reason; functions already on it are unchanged; functions on a newer version are left alone unless --allow-downgrade.',
    'Only $LATEST changes: aliases keep serving the old layer until a version is published. With --publish --alias NAME, lx publishes each upgraded ' +
      'function (PublishVersion with the revision it just saw) and points the alias at it (UpdateAlias with the alias revision); an alias with weighted ' +
      'routing is refused. Provisioned concurrency on the alias is allocated anew on the new version, and lx waits for READY. `lx undo` restores the ' +
      'layers and points the aliases back; the published versions stay.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> layers upgrade log-shipper-extension --all --dry-run',
    '<%= config.bin %> layers upgrade arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension --to 4 --runtime nodejs20.x --yes',
    '<%= config.bin %> layers upgrade arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:3 --all --publish --alias live --yes',
  ]

  static override strict = false
  static override args = {
    layer: Args.string({description: 'Layer name (this account), layer ARN, or layer version ARN.', required: true}),
    functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'}),
  }

  static override flags = {...selectionFlags, ...mutationFlags, ...upgradeFlags}

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(LayersUpgrade)
    const [layer, ...names] = argv as string[]
    const input = {layer, names, selection: flags, to: flags.to, allowDowngrade: flags['allow-downgrade'], publish: flags.publish, alias: flags.alias}
    const {planLayerUpgrade} = await import('../../layers/upgrade-service.js')
    // Across a fleet a layer ARN is taken in each account-region's own region (same account and name).
    return this.planAndApply(flags, async (aws, {isFleet}) => planLayerUpgrade(aws, {...input, inEachRegion: isFleet}))
  }
}
