import {Args, Flags} from '@oclif/core'

import type {AwsContext} from '../aws/aws-context.js'
import {LxCommand} from '../base-command.js'
import {Failure} from '../errors.js'
import type {FleetFlagValues} from '../fleet/fleet-request.js'
import type {DashboardSnapshot} from '../dashboard/dashboard-data.js'
import type {DashboardFeed} from '../dashboard/dashboard-source.js'
import {parseRange} from '../metrics/parse-range.js'
import {selectFunctions} from '../select/select-functions.js'
import {selectionFlags, type SelectionFlagValues} from '../select/selection-flags.js'
import {shouldRenderLive} from '../ui/dashboard/dashboard-mode.js'
import {createProgress} from '../lib/progress.js'
import {logsPollMsSetting} from '../lib/settings.js'
import {withTableWidth} from '../ui/table.js'
import {tableWidth, wideFlag} from '../ui/wide-flag.js'

const rangeFlag = Flags.custom<number>({
  description: 'How far back to look: a number and m, h, d or w (15m, 3h, 2d). + and - change it live.',
  default: 3 * 3600,
  defaultHelp: async () => '3h',
  helpValue: 'DURATION',
  async parse(input) {
    return parseRange(input)
  },
})

type DashboardFlags = SelectionFlagValues & FleetFlagValues & {'endpoint-url'?: string; range: number; refresh: number; wide?: boolean}

export default class Dashboard extends LxCommand<DashboardSnapshot | undefined> {
  static override summary = 'Live terminal dashboard of throttles, cold starts, concurrency and errors.'
  static override description = `In a terminal: an Ink dashboard that refreshes every --refresh seconds (↑/↓ select, Enter focus, s sort, / filter, +/- \
range, r refresh, ? help, q quit).
With --once, --json, a pipe or CI: one snapshot, printed as text tables with sparklines (or JSON), then exit.
Functions are ranked by their throttles in the last 5 complete minutes, with the range total, a trend and "stopped 4m ago" beside them, so a fix shows at once.
Metrics come from CloudWatch GetMetricData (billed per metric requested: about 4 per function per refresh); cold starts from Logs Insights over each \
function's log group (billed per GB scanned), counted every 5 minutes.`

  static override examples = [
    '<%= config.bin %> dashboard',
    '<%= config.bin %> dashboard --match "^checkout-" --range 6h',
    '<%= config.bin %> dashboard --once --json --range 1h',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags); default: every function.'})}
  static override flags = {
    ...selectionFlags,
    range: rangeFlag(),
    refresh: Flags.integer({description: 'Seconds between refreshes (metrics have 1-minute resolution).', default: 60, min: 60, helpValue: 'SECONDS'}),
    once: Flags.boolean({description: 'Print one snapshot and exit (automatic without a terminal, in CI and with --json).'}),
    wide: wideFlag,
  }

  async run(): Promise<DashboardSnapshot | undefined> {
    const {argv, flags} = await this.parse(Dashboard)
    const live = shouldRenderLive({
      once: flags.once,
      json: this.jsonEnabled(),
      stdoutIsTTY: process.stdout.isTTY,
      stdinIsTTY: process.stdin.isTTY,
      env: process.env,
    })
    if (live) {
      // bin/run.js usually did this before oclif loaded; started some other way (bin/dev.js), now.
      const {tuneHeapForLiveView} = await import('../ui/dashboard/live-heap.js')
      tuneHeapForLiveView()
    }

    const fleet = await this.fleet(flags)
    if (!fleet.isFleet) return this.runOne(fleet.places[0].aws, argv as string[], flags, live)
    return this.runFleet(argv as string[], flags, live)
  }

  /** One account-region: exactly the dashboard of before fleets. */
  private async runOne(aws: AwsContext, names: string[], flags: DashboardFlags, live: boolean): Promise<DashboardSnapshot | undefined> {
    const {region, reader, functions} = await selectFunctions(aws, names, flags, {mutating: false, readDetails: true})
    const [{DashboardSource}, cloudwatch, logs] = await Promise.all([import('../dashboard/dashboard-source.js'), aws.cloudwatch(), aws.logs()])
    const progress = live ? undefined : createProgress({label: 'Reading'})
    const source = new DashboardSource({
      region,
      functions,
      reader,
      cloudwatch,
      logs,
      waitForProvisioned: !live,
      logsPollMs: logsPollMsSetting(),
      onProgress: progress ? (done, total, what) => progress.update(done, total, what) : undefined,
    })

    if (live) {
      const feed: DashboardFeed = {refresh: (request) => source.refresh(request)}
      await this.goLive(feed, flags)
    }

    const outcome = await source.refresh({rangeSeconds: flags.range, forceColdStarts: true}).finally(() => progress?.stop())
    if (outcome.failure) throw outcome.failure
    const {renderDashboardText} = await import('../ui/dashboard/render-dashboard-text.js')
    this.log(withTableWidth(tableWidth(flags.wide), () => renderDashboardText(outcome.snapshot)))
    return outcome.snapshot
  }

  /**
   * Several account-regions: a source per place (its own clients and budgets), all refreshed on
   * each tick; one table with ACCOUNT and REGION columns, the fleet's throttles and invocations
   * summed, each pool on its own.
   */
  private async runFleet(names: string[], flags: DashboardFlags, live: boolean): Promise<DashboardSnapshot | undefined> {
    const [{DashboardSource}, {FleetDashboardFeed, mergeOutcomes}] = await Promise.all([
      import('../dashboard/dashboard-source.js'),
      import('../dashboard/fleet-dashboard.js'),
    ])
    const {fleet, values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      const [selected, cloudwatch, logs] = await Promise.all([
        selectFunctions(place.aws, names, flags, {mutating: false, readDetails: true}),
        place.aws.cloudwatch(),
        place.aws.logs(),
      ])
      const source = new DashboardSource({
        region: selected.region,
        account: place.account,
        functions: selected.functions,
        reader: selected.reader,
        cloudwatch,
        logs,
        waitForProvisioned: !live,
        logsPollMs: logsPollMsSetting(),
      })
      return {account: place.account, region: place.region, feed: source}
    })
    if (values.length === 0) {
      // Nothing to show: say which account-regions could not be reached, and why.
      await this.reportUnreachable(fleet, unreachable)
      throw new Failure(`None of the selected account-regions could be read (${unreachable.length} not reached).`, {code: 'NothingReached'})
    }

    if (live)
      await this.goLive(
        new FleetDashboardFeed(
          values.map(({value}) => value),
          unreachable,
        ),
        flags,
      )

    const feed = new FleetDashboardFeed(values.map(({value}) => value))
    const progress = createProgress({label: `Reading ${values.length} account-regions`})
    const outcomes = await feed
      .refreshPlaces({rangeSeconds: flags.range, forceColdStarts: true}, (done, total) => progress.update(done, total))
      .finally(() => progress.stop())
    // A place whose metrics or settings could not be read is not reached; the others are shown.
    const {translateAwsError} = await import('../aws/translate-error.js')
    const failed = outcomes.filter(({outcome}) => outcome.failure !== undefined)
    const read = outcomes.filter(({outcome}) => outcome.failure === undefined)
    const notReached = [...unreachable, ...failed.map(({account, region, outcome}) => ({account, region, reason: translateAwsError(outcome.failure).message}))]
    if (read.length === 0) {
      await this.reportUnreachable(fleet, notReached)
      throw failed[0].outcome.failure
    }

    const [{renderDashboardFleetText}, {unreachableRecords}] = await Promise.all([
      import('../ui/dashboard/render-dashboard-text.js'),
      import('../ui/render-fleet.js'),
    ])
    const merged = mergeOutcomes(read).snapshot
    // Places where the selection found nothing are rows of their own (0 functions, and why).
    const nothing = empty.map(({place, reason}) => ({...(place.account ? {account: place.account} : {}), region: place.region, functions: 0, empty: reason}))
    const snapshot = {...merged, places: [...(merged.places ?? []), ...nothing, ...unreachableRecords(notReached)]}
    this.log(withTableWidth(tableWidth(flags.wide), () => renderDashboardFleetText(snapshot)))
    await this.reportUnreachable(fleet, notReached)
    return snapshot
  }

  private async goLive(feed: DashboardFeed, flags: DashboardFlags): Promise<never> {
    const {runLiveDashboard} = await import('../ui/dashboard/run-live-dashboard.js')
    await runLiveDashboard(feed, {rangeSeconds: flags.range, refreshSeconds: flags.refresh})
    // The user quit: reads still in flight (on a large account, minutes of them) answer nothing
    // anybody will see, and must not keep the process alive.
    process.exit(0)
  }
}
