import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type LayersListing, listLayers} from '../../layers/layers-service.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import {byPlace, renderEmptyPlaces} from '../../ui/fleet-list.js'
import {unreachableRecords} from '../../ui/render-fleet.js'
import {type LayersFleetListing, renderLayersList} from '../../ui/render-layers.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class LayersList extends LxCommand<LayersListing | LayersFleetListing> {
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

  async run(): Promise<LayersListing | LayersFleetListing> {
    const {argv, flags} = await this.parse(LayersList)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const listing = await listLayers(place.aws, argv as string[], flags, {aliases: flags.aliases, outdated: flags.outdated})
      return {...listing, functions: listing.functions.map((row) => ({...row, account: row.account ?? place.account}))}
    })
    const width = tableWidth(flags.wide)
    if (!fleet.isFleet) {
      const [{value}] = values
      this.log(renderLayersList(value, {outdated: flags.outdated, width}))
      return value
    }

    // Several account-regions: one listing whose records say where they were read (a layer's newest
    // version is per region), the calls added up, then the account-regions not reached.
    const listing: LayersFleetListing = {
      functions: byPlace(values.flatMap(({value}) => value.functions)),
      layers: byPlace(values.flatMap(({place, value}) => value.layers.map((layer) => ({account: place.account, region: place.region, ...layer})))),
      aliasesRead: flags.aliases,
      calls: {
        newestVersions: values.reduce((sum, {value}) => sum + value.calls.newestVersions, 0),
        aliases: values.reduce((sum, {value}) => sum + value.calls.aliases, 0),
      },
      unreachable: unreachableRecords(unreachable),
    }
    this.log(renderLayersList(listing, {outdated: flags.outdated, width, fleet: {places: values.length + empty.length}}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    return listing
  }
}
