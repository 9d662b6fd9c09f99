import {Args} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {qualifierFlag} from '../../input/flags.js'
import {listScaling, type ScalingListRow, validateScalingQualifier} from '../../scaling/scaling-service.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import {byPlace, fleetRecords, renderEmptyPlaces} from '../../ui/fleet-list.js'
import type {PlaceFields} from '../../ui/render-fleet.js'
import {renderScalingList} from '../../ui/render-scaling.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class ScalingList extends LxCommand<Array<ScalingListRow | PlaceFields>> {
  static override summary = 'Auto scaling of provisioned concurrency: targets, policies, schedules and what is provisioned now.'
  static override description =
    'With no names or selector flags, lists every scalable target of Lambda in the region. Next runs are shown in UTC; "—" when a schedule will not ' +
    'run again or lx cannot tell.'
  static override examples = [
    '<%= config.bin %> scaling list',
    '<%= config.bin %> scaling list checkout-api --json',
    "<%= config.bin %> scaling list --match '^api-' --qualifier live",
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    qualifier: qualifierFlag({description: 'Only this alias or version.'}),
    wide: wideFlag,
  }

  async run(): Promise<Array<ScalingListRow | PlaceFields>> {
    const {argv, flags} = await this.parse(ScalingList)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    if (flags.qualifier !== undefined) validateScalingQualifier(flags.qualifier)
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const rows = await listScaling(place.aws, {names: argv as string[], selection: flags, qualifier: flags.qualifier})
      return rows.map((row) => ({...row, account: row.account ?? place.account}))
    })
    const rows = byPlace(values.flatMap(({value}) => value))
    this.log(renderScalingList(rows, {width: tableWidth(flags.wide), ...(fleet.isFleet ? {fleet: {places: values.length + empty.length}} : {})}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    return fleet.isFleet ? fleetRecords(rows, unreachable) : rows
  }
}
