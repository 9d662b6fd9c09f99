import {Args} from '@oclif/core'

import {partitionOfRegion} from '../../aws/lambda-arn.js'
import {LxCommand} from '../../base-command.js'
import {UserError} from '../../errors.js'
import type {LayerVersions} from '../../layers/read-layer-versions.js'
import {byPlace, fleetRecords} from '../../ui/fleet-list.js'
import type {PlaceFields} from '../../ui/render-fleet.js'
import {type LayerVersionsAt, renderLayerVersions, renderLayerVersionsFleet} from '../../ui/render-layer-versions.js'

export default class LayersVersions extends LxCommand<LayerVersions | Array<LayerVersionsAt | PlaceFields>> {
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

  async run(): Promise<LayerVersions | Array<LayerVersionsAt | PlaceFields>> {
    const {args, flags} = await this.parse(LayersVersions)
    const [{layerVersionsOf, parseLayerInput}, {layerArnInRegion}] = await Promise.all([
      import('../../layers/read-layer-versions.js'),
      import('../../layers/layers-service.js'),
    ])
    const layer = parseLayerInput(args.layer)
    const fleet = await this.fleet(flags)
    type Outcome = {found: LayerVersions} | {refused: UserError; layerArn: string}
    const {values, unreachable} = await this.readFleet(flags, async (place): Promise<Outcome> => {
      if (!fleet.isFleet) return {found: await layerVersionsOf(place.aws, args.layer)}
      // Across regions an ARN stands for the same account and layer name in each region.
      const input = layer.kind === 'arn' ? layerArnInRegion(args.layer, place.region) : args.layer
      try {
        return {found: await layerVersionsOf(place.aws, input)}
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        const layerArn =
          layer.kind === 'arn'
            ? layerArnInRegion(layer.layerArn, place.region)
            : `arn:${partitionOfRegion(place.region)}:lambda:${place.region}:${place.account}:layer:${layer.name}`
        return {refused: error, layerArn}
      }
    })
    if (!fleet.isFleet) {
      const [{value}] = values
      const result = (value as {found: LayerVersions}).found
      this.log(renderLayerVersions(result))
      return result
    }

    // Not found anywhere that could be read: the layer (or the input) is wrong, as in one region.
    const refusals = values.flatMap(({value}) => ('refused' in value ? [value.refused] : []))
    if (refusals.length > 0 && refusals.length === values.length && unreachable.length === 0) throw refusals[0]
    const places: LayerVersionsAt[] = byPlace(
      values.map(({place, value}) => {
        const at = {account: place.account, region: place.region}
        return 'found' in value ? {...at, ...value.found} : {...at, layerArn: value.layerArn, layerName: layer.name, missing: value.refused.message}
      }),
    )
    this.log(renderLayerVersionsFleet(layer.name, places))
    await this.reportUnreachable(fleet, unreachable)
    return fleetRecords(places, unreachable)
  }
}
