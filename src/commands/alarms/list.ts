import {Args, Flags} from '@oclif/core'

import type {AlarmsList as AlarmsListData} from '../../alarms/alarms-service.js'
import {parseKinds} from '../../alarms/alarm-kinds.js'
import {LxCommand} from '../../base-command.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {renderAlarmsList} from '../../ui/render-alarms.js'

export default class AlarmsList extends LxCommand<AlarmsListData> {
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

  async run(): Promise<AlarmsListData> {
    const {argv, flags} = await this.parse(AlarmsList)
    if (flags.kind) parseKinds(flags.kind)
    const aws = await this.aws(flags)
    const {readAlarmsList} = await import('../../alarms/alarms-service.js')
    const list = await readAlarmsList(aws, argv as string[], flags, flags.kind)
    this.log(renderAlarmsList(list))
    return list
  }
}
