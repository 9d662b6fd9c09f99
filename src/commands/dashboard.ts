import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../base-command.js'
import type {DashboardSnapshot} from '../dashboard/dashboard-data.js'
import type {DashboardFeed} from '../dashboard/dashboard-source.js'
import {parseRange} from '../metrics/parse-range.js'
import {selectFunctions} from '../select/select-functions.js'
import {selectionFlags} from '../select/selection-flags.js'
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
      const {hasLiveNodeFlags, relaunchWithLiveFlags} = await import('../ui/dashboard/live-process.js')
      if (!hasLiveNodeFlags()) {
        process.exitCode = await relaunchWithLiveFlags()
        return undefined
      }
    }

    const aws = await this.aws(flags)
    const {region, reader, functions} = await selectFunctions(aws, argv as string[], flags, {mutating: false})
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
      const {runLiveDashboard} = await import('../ui/dashboard/run-live-dashboard.js')
      await runLiveDashboard(feed, {rangeSeconds: flags.range, refreshSeconds: flags.refresh})
      // The user quit: reads still in flight (on a large account, minutes of them) answer nothing
      // anybody will see, and must not keep the process alive.
      process.exit(0)
    }

    const outcome = await source.refresh({rangeSeconds: flags.range, forceColdStarts: true}).finally(() => progress?.stop())
    if (outcome.failure) throw outcome.failure
    const {renderDashboardText} = await import('../ui/dashboard/render-dashboard-text.js')
    this.log(withTableWidth(tableWidth(flags.wide), () => renderDashboardText(outcome.snapshot)))
    return outcome.snapshot
  }
}
