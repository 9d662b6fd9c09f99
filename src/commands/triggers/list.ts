import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {selectFunctions} from '../../select/select-functions.js'
import {parseSelection, selectionFlags} from '../../select/selection-flags.js'
import type {Trigger} from '../../triggers/parse-policy.js'
import {publicTriggers, readFunctionTriggers} from '../../triggers/read-triggers.js'
import {createProgress} from '../../lib/progress.js'
import {accountOfArn, byPlace, fleetRecords, type Located, renderEmptyPlaces} from '../../ui/fleet-list.js'
import type {PlaceFields} from '../../ui/render-fleet.js'
import {renderTriggers} from '../../ui/render-triggers.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

/** A record of `lx triggers list --json`: a function's triggers where it was read. */
type TriggersRecord = Partial<Located> & {functionName: string; triggers: Trigger[]}

export default class TriggersList extends LxCommand<Array<TriggersRecord | PlaceFields>> {
  static override summary = "Each function's triggers, marked synchronous or asynchronous."
  static override description =
    'Triggers come from the resource-based policy (services allowed to invoke the function, with their source ARN) and from event source mappings ' +
    '(SQS, Kinesis, DynamoDB… pollers, always synchronous). Only asynchronous triggers use destinations (`lx destinations`). Triggers granted on an ' +
    'alias are listed as `function:alias`; name `function:alias` to read only that alias. With no names or selector flags, lists every function in the ' +
    'region.'

  static override examples = [
    '<%= config.bin %> triggers list',
    '<%= config.bin %> triggers list --match "^orders-" --json',
    '<%= config.bin %> triggers list auth-authorizer:prod',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    aliases: Flags.boolean({
      description: "Also read each alias's resource policy (one more call per function, and one per alias). --no-aliases reads the unqualified policy only.",
      default: true,
      allowNo: true,
    }),
    wide: wideFlag,
  }

  async run(): Promise<Array<TriggersRecord | PlaceFields>> {
    const {argv, flags} = await this.parse(TriggersList)
    // What was typed is checked before any call: across a fleet, before the accounts and regions are resolved.
    parseSelection(argv as string[], flags, {mutating: false})
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const {reader, functions} = await selectFunctions(place.aws, argv as string[], flags, {mutating: false})
      const progress = createProgress({label: 'Reading triggers'})
      const rows = await readFunctionTriggers(reader.lambda, functions, {
        aliases: flags.aliases,
        onProgress: (done, total) => progress.update(done, total),
      }).finally(() => progress.stop())
      const where = {account: place.account ?? accountOfArn(functions[0]?.arn), region: place.region}
      return rows.map((row) => ({...where, ...row}))
    })
    const rows = byPlace(values.flatMap(({value}) => value))
    this.log(renderTriggers(rows, {width: tableWidth(flags.wide), ...(fleet.isFleet ? {fleet: {places: values.length + empty.length}} : {})}))
    if (empty.length > 0) this.log(`\n${renderEmptyPlaces(empty)}`)
    await this.reportUnreachable(fleet, unreachable)
    const records: TriggersRecord[] = publicTriggers(rows).map((record, index) => ({account: rows[index].account, region: rows[index].region, ...record}))
    return fleet.isFleet ? fleetRecords(records, unreachable) : records
  }
}
