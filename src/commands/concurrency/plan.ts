import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {validateQualifierFlag} from '../../concurrency/plan-concurrency.js'
import {minUnreservedFlag, qualifierFlag} from '../../input/flags.js'
import {DEFAULT_HEADROOM} from '../../recommend/recommend-function.js'
import {parseHeadroom, parseWindow} from '../../recommend/recommend-input.js'
import type {ConcurrencyPlanFleetReport, ConcurrencyPlanReport} from '../../recommend/recommend-service.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {renderConcurrencyPlan, renderConcurrencyPlanFleet} from '../../ui/render-concurrency-plan.js'
import {unreachableRecords} from '../../ui/render-fleet.js'
import {placeLabel} from '../../fleet/place.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

const windowFlag = Flags.custom<number>({
  description: 'How much traffic to learn from: a number and h, d or w (1d, 7d, 2w); at most 30d.',
  default: 7 * 86_400,
  defaultHelp: async () => '7d',
  helpValue: 'DURATION',
  async parse(input) {
    return parseWindow(input)
  },
})

const headroomFlag = Flags.custom<number>({
  description: 'Margin above the observed peak for reserved concurrency (0.2 or 20%).',
  default: DEFAULT_HEADROOM,
  defaultHelp: async () => String(DEFAULT_HEADROOM),
  helpValue: 'FRACTION',
  async parse(input) {
    return parseHeadroom(input)
  },
})

export default class ConcurrencyPlan extends LxCommand<ConcurrencyPlanReport | ConcurrencyPlanFleetReport> {
  static override summary = 'Recommend reserved and provisioned concurrency from each function’s own traffic, with cost.'
  static override description = `Reads the window's CloudWatch metrics (invocations, throttles, duration, concurrency, provisioned utilisation and spillover) \
and recommends for each function:

Reserved: the observed peak demand plus --headroom, raised where the current cap throttled; none where the function needs a small share of the shared pool.

Provisioned: the busy hour's mean concurrency (Little's law: requests/s × duration), only where callers wait on cold starts and it would be used above the \
~60 % break-even; with auto scaling (target 0.7) and, for traffic with a daily shape, a schedule of the busy hours.

It replays the window against the current and the recommended settings (throttles, cold starts), estimates the monthly cost of each against on-demand, checks \
that the account keeps its unreserved floor, and prints the lx commands that would apply the changes, in an order AWS accepts. When the account cannot take \
them all, it holds back the increases that do not fit, prints only the commands that do, and says what to change first (a higher account limit, lower \
reservations). Nothing is changed. With no names or selector flags, every function in the region is planned.`

  static override examples = [
    '<%= config.bin %> concurrency plan',
    '<%= config.bin %> concurrency plan checkout-api --window 14d',
    '<%= config.bin %> concurrency plan --match "^orders-" --qualifier live --headroom 0.3 --json',
  ]

  static override strict = false
  static override args = {
    functions: Args.string({description: 'Function names or ARNs, or name:qualifier (or use the selection flags); default: every function.'}),
  }
  static override flags = {
    ...selectionFlags,
    window: windowFlag(),
    qualifier: qualifierFlag({
      description: 'Alias or published version to plan provisioned concurrency for (default: the one that has it, or the only alias).',
    }),
    headroom: headroomFlag(),
    'min-unreserved': minUnreservedFlag(),
    wide: wideFlag,
  }

  async run(): Promise<ConcurrencyPlanReport | ConcurrencyPlanFleetReport> {
    const {argv, flags} = await this.parse(ConcurrencyPlan)
    const qualifier = flags.qualifier === undefined ? undefined : validateQualifierFlag(flags.qualifier)
    const fleet = await this.fleet(flags)
    const [{planConcurrencyRecommendations, mergePlanReports}, {placeArguments}, {favourMemoryOverSpeed}] = await Promise.all([
      import('../../recommend/recommend-service.js'),
      import('../../recommend/recommend-commands.js'),
      import('../../lib/heap-settings.js'),
    ])
    // Weeks of metrics for thousands of functions pass through this process: half the memory for a
    // few per cent of speed (src/lib/heap-settings.ts).
    favourMemoryOverSpeed()
    // One clock for every account-region, so their windows are the same.
    const request = {
      names: argv as string[],
      selection: flags,
      windowSeconds: flags.window,
      headroom: flags.headroom,
      qualifier,
      minUnreserved: flags['min-unreserved'],
      now: Date.now(),
    }
    // Each account-region has its own concurrency pool: planned, and checked, on its own.
    const {values, unreachable, empty} = await this.readFleet(flags, async (place) =>
      planConcurrencyRecommendations(place.aws, {
        ...request,
        quiet: fleet.isFleet,
        account: place.account,
        placeArguments: fleet.isFleet ? placeArguments(place) : undefined,
      }),
    )
    const width = tableWidth(flags.wide)
    if (!fleet.isFleet) {
      const [{value}] = values
      this.log(renderConcurrencyPlan(value, {width}))
      return value
    }

    const merged = mergePlanReports(
      values.map(({place, value}) => ({account: place.account, report: value})),
      request,
    )
    const report: ConcurrencyPlanFleetReport = {
      ...merged,
      places: [...merged.places, ...unreachableRecords(unreachable).map((item) => ({...item, unreachable: item.unreachable ?? ''}))],
      // A place where the selection found nothing (a named function is not there) is said, not an error.
      notes: [...merged.notes, ...empty.map(({place, reason}) => `${placeLabel(place)}: nothing to plan: ${reason}`)],
    }
    this.log(renderConcurrencyPlanFleet(report, {width}))
    await this.reportUnreachable(fleet, unreachable)
    return report
  }
}
