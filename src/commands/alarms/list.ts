import {Args, Flags} from '@oclif/core'

import type {AlarmsList as AlarmsListData} from '../../alarms/alarms-service.js'
import {parseKinds} from '../../alarms/alarm-kinds.js'
import {LxCommand} from '../../base-command.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import {byPlace, fleetRecords, renderEmptyPlaces} from '../../ui/fleet-list.js'
import {type AlarmsListAt, renderAlarmsFleet, renderAlarmsList} from '../../ui/render-alarms.js'
import type {PlaceFields} from '../../ui/render-fleet.js'

export default class AlarmsList extends LxCommand<AlarmsListData | Array<AlarmsListAt | PlaceFields>> {
  static override summary = "lx's CloudWatch alarms with their state and threshold, and the functions that have none."
  static override description =
    'State is OK, ALARM or INSUFFICIENT_DATA (a new alarm, or one without data yet). Account alarms are always listed. ' +
    'With no names or selector flags, looks at every function in the region.'

  static override examples = [
    '<%= config.bin %> alarms list',
    '<%= config.bin %> alarms list --match "^checkout-" --json',
    '<%= config.bin %> alarms list --kind throttles',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    kind: Flags.string({description: 'Only alarms of this kind; repeat for several.', multiple: true}),
  }

  async run(): Promise<AlarmsListData | Array<AlarmsListAt | PlaceFields>> {
    const {argv, flags} = await this.parse(AlarmsList)
    if (flags.kind) parseKinds(flags.kind)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    const {readAlarmsList} = await import('../../alarms/alarms-service.js')
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const list = await readAlarmsList(place.aws, argv as string[], flags, flags.kind)
      return {...list, alarms: list.alarms.map((row) => ({...row, account: row.account ?? place.account}))}
    })
    if (!fleet.isFleet) {
      const [{value}] = values
      this.log(renderAlarmsList(value))
      return value
    }

    // Several account-regions: today's object for each (with its account and region), then those not reached.
    const places: AlarmsListAt[] = byPlace(values.map(({place, value}) => ({account: place.account, region: place.region, ...value})))
    this.log(renderAlarmsFleet(places, {places: values.length + empty.length}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    return fleetRecords(places, unreachable)
  }
}
