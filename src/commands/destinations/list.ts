import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type DestinationsRow, readDestinationsList} from '../../destinations/destinations-service.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import {byPlace, fleetRecords, renderEmptyPlaces} from '../../ui/fleet-list.js'
import {renderDestinations} from '../../ui/render-destinations.js'
import type {PlaceFields} from '../../ui/render-fleet.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class DestinationsList extends LxCommand<Array<DestinationsRow | PlaceFields>> {
  static override summary = 'Asynchronous invocation destinations, retries and event age of each function.'
  static override description =
    'One row per function and qualifier. Warns about functions with asynchronous triggers (S3, SNS, EventBridge…) but no on-failure destination or ' +
    'dead-letter queue: their events are lost after the last retry. With no names or selector flags, lists every function in the region.'

  static override examples = [
    '<%= config.bin %> destinations list',
    '<%= config.bin %> destinations list --tag team=media --json',
    '<%= config.bin %> destinations list reports-nightly:live',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    aliases: Flags.boolean({
      description: "Read each alias's resource policy to find asynchronous triggers granted on it (one more call per function, and one per alias).",
      default: true,
      allowNo: true,
    }),
    wide: wideFlag,
  }

  async run(): Promise<Array<DestinationsRow | PlaceFields>> {
    const {argv, flags} = await this.parse(DestinationsList)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const rows = await readDestinationsList(place.aws, argv as string[], flags, {aliases: flags.aliases})
      return rows.map((row) => ({...row, account: row.account ?? place.account}))
    })
    const rows = byPlace(values.flatMap(({value}) => value))
    this.log(renderDestinations(rows, {width: tableWidth(flags.wide), ...(fleet.isFleet ? {fleet: {places: values.length + empty.length}} : {})}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    return fleet.isFleet ? fleetRecords(rows, unreachable) : rows
  }
}
