import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type LayersListing, listLayers} from '../../layers/layers-service.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {renderLayersList} from '../../ui/render-layers.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class LayersList extends LxCommand<LayersListing> {
  static override summary = 'Which layer versions each function carries, and how far behind the newest version they are.'
  static override description = [
    'With no names or selector flags, lists every function in the region. Per layer: the versions in use and how many functions carry each, the newest ' +
      'version available, and how many functions are behind.',
    "The newest version of a layer of your account costs one ListLayerVersions call; AWS does not let you list another account's layer (a vendor's " +
      'public extension), so lx reads versions upward from the highest one in use with GetLayerVersionByArn (the newer versions found plus 3 calls) and ' +
      'says when the newest could not be known.',
    'Per function, the aliases whose published version still runs an older layer version than $LATEST (one ListAliases per function with layers, and ' +
      'one GetFunction per aliased version; --no-aliases skips them).',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> layers list',
    '<%= config.bin %> layers list --outdated',
    '<%= config.bin %> layers list --runtime nodejs20.x --json',
    '<%= config.bin %> layers list checkout-api orders-api --no-aliases',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    outdated: Flags.boolean({description: 'Only functions on an older layer version than the newest, on $LATEST or in an alias.'}),
    aliases: Flags.boolean({description: "Read each function's aliases to show the ones serving an older layer than $LATEST.", default: true, allowNo: true}),
    wide: wideFlag,
  }

  async run(): Promise<LayersListing> {
    const {argv, flags} = await this.parse(LayersList)
    const aws = await this.aws(flags)
    const listing = await listLayers(aws, argv as string[], flags, {aliases: flags.aliases, outdated: flags.outdated})
    this.log(renderLayersList(listing, {outdated: flags.outdated, width: tableWidth(flags.wide)}))
    return listing
  }
}
