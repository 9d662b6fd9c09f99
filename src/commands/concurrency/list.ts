import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {readFunctionConcurrency} from '../../concurrency/read-concurrency.js'
import {selectFunctions} from '../../select/select-functions.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import {createProgress} from '../../lib/progress.js'
import {accountOfArn, byPlace, fleetRecords, renderEmptyPlaces} from '../../ui/fleet-list.js'
import {type ConcurrencyListRow, renderConcurrencyList} from '../../ui/render-concurrency-list.js'
import type {PlaceFields} from '../../ui/render-fleet.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class ConcurrencyList extends LxCommand<Array<ConcurrencyListRow | PlaceFields>> {
  static override summary = 'Reserved and provisioned concurrency of each function.'
  static override description = [
    'With no names or selector flags, lists every function in the region.',
    'Reads GetFunction (100/s) and ListProvisionedConcurrencyConfigs (15/s) per function; --aliases adds ListAliases per function',
    'on the same 15/s budget, so it roughly doubles the time on a large account.',
  ].join(' ')

  static override examples = [
    '<%= config.bin %> concurrency list',
    '<%= config.bin %> concurrency list checkout-api orders-api --aliases',
    '<%= config.bin %> concurrency list --match "^checkout-" --json',
    '<%= config.bin %> concurrency list --tag team=payments',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    aliases: Flags.boolean({
      description: "Also show each function's aliases with the version they point at and any weighted routing (one ListAliases call per function).",
    }),
    wide: wideFlag,
  }

  async run(): Promise<Array<ConcurrencyListRow | PlaceFields>> {
    const {argv, flags} = await this.parse(ConcurrencyList)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place): Promise<ConcurrencyListRow[]> => {
      const {reader, functions} = await selectFunctions(place.aws, argv as string[], flags, {mutating: false})
      const progress = createProgress({label: 'Reading concurrency'})
      const onProgress = (done: number, total: number) => progress.update(done, total)
      const rows = await readFunctionConcurrency(reader, functions, onProgress, {aliases: flags.aliases}).finally(() => progress.stop())
      const account = place.account ?? accountOfArn(functions[0]?.arn)
      return rows.map((row) => ({account, region: place.region, ...row}))
    })
    const rows = byPlace(values.flatMap(({value}) => value))
    const places = {places: values.length + empty.length}
    this.log(renderConcurrencyList(rows, {width: tableWidth(flags.wide), ...(fleet.isFleet ? {fleet: places} : {})}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    return fleet.isFleet ? fleetRecords(rows, unreachable) : rows
  }
}
