import {Args} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import type {LayerVersions} from '../../layers/read-layer-versions.js'
import {renderLayerVersions} from '../../ui/render-layer-versions.js'

export default class LayersVersions extends LxCommand<LayerVersions> {
  static override summary = "A layer's versions, newest first: compatible runtimes and architectures, created date, description."
  static override description = [
    'LAYER is a layer name of this account, a layer ARN, or a layer version ARN. One ListLayerVersions call per 50 versions.',
    [
      "AWS does not let an account list another account's layer (even a public one): given a version ARN of such a layer, lx reads",
      'that version and the newer ones with GetLayerVersionByArn until 3 in a row are missing (at most 25 calls), and says the list may be incomplete.',
    ].join(' '),
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> layers versions powertools-node',
    '<%= config.bin %> layers versions arn:aws:lambda:us-east-1:123456789012:layer:log-shipper-extension --json',
    '<%= config.bin %> layers versions arn:aws:lambda:us-east-1:111122223333:layer:acme-apm-extension:1',
  ]

  static override args = {
    layer: Args.string({description: "Layer name, layer ARN, or layer version ARN (another account's layer needs a version to start from).", required: true}),
  }

  async run(): Promise<LayerVersions> {
    const {args, flags} = await this.parse(LayersVersions)
    const aws = await this.aws(flags)
    const {layerVersionsOf} = await import('../../layers/read-layer-versions.js')
    const result = await layerVersionsOf(aws, args.layer)
    this.log(renderLayerVersions(result))
    return result
  }
}
