import {Args, Flags} from '@oclif/core'

import type {AdviseFleetReport, AdviseReport} from '../advise/advise-service.js'
import {LxCommand} from '../base-command.js'
import {parseWindow} from '../recommend/recommend-input.js'
import {UserError} from '../errors.js'
import {selectionFlags} from '../select/selection-flags.js'
import {minUnreservedFlag} from '../input/flags.js'
import {placeLabel} from '../fleet/place.js'

const SEVERITIES = ['critical', 'warning', 'info'] as const
type Severity = (typeof SEVERITIES)[number]

function parseSeverity(flag: string, input: string, allowed: readonly Severity[]): Severity {
  const value = input.trim().toLowerCase() as Severity
  if (!allowed.includes(value))
    throw new UserError(`${flag} must be one of ${allowed.join(', ')}, not "${input}".`, {code: 'BadSeverity', hint: `e.g. ${flag} ${allowed[0]}`})
  return value
}

const windowFlag = Flags.custom<number>({
  description: 'How much history to judge from: a number and h, d or w (1d, 14d, 2w); at least 1h, at most 30d.',
  default: 14 * 86_400,
  defaultHelp: async () => '14d',
  helpValue: 'DURATION',
  async parse(input) {
    return parseWindow(input)
  },
})

export default class Advise extends LxCommand<AdviseReport | AdviseFleetReport> {
  static override summary = 'What wastes money or puts functions at risk, ranked, each with the command that fixes it.'
  static override description =
    `One pass over the selection (default: every function in the region) that reads settings, triggers, CloudWatch ` +
    `metrics and the REPORT lines in Logs Insights, and reports:\n\n` +
    `Money: provisioned concurrency under-used (average and peak utilisation, with what \`lx concurrency plan\` ` +
    `recommends), serving no traffic (invoked, but not through the qualifier that holds it), or on a version no ` +
    `alias points to; memory far above the most any invocation used.\n\n` +
    `Risk: throttling (and its cause: the function's own reservation, the account's unreserved pool, or bursts); ` +
    `account headroom (unreserved close to its floor, peak concurrency close to the limit, recommendations that do ` +
    `not fit); asynchronous triggers with no on-failure destination and no dead-letter queue; memory close to the ` +
    `limit; deprecated or soon deprecated runtimes; cold starts that SnapStart would hide for less than provisioned ` +
    `concurrency.\n\n` +
    `Each finding has a stable id, a severity, the evidence, the monthly saving or cost in dollars, and a fix: an ` +
    `lx command to paste, or an instruction where lx cannot do it. Ranked by money, then severity. Nothing is ` +
    `changed.`

  static override examples = [
    '<%= config.bin %> advise',
    '<%= config.bin %> advise --match "^orders-" --window 7d',
    '<%= config.bin %> advise --min-severity warning --fail-on critical --json',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags); default: every function.'})}
  static override flags = {
    ...selectionFlags,
    window: windowFlag(),
    'min-severity': Flags.string({
      description: 'Report only findings at this severity or above: critical, warning or info.',
      default: 'info',
      helpValue: 'SEVERITY',
    }),
    'fail-on': Flags.string({description: 'Exit 1 when a finding at this severity or above is reported: warning or critical.', helpValue: 'SEVERITY'}),
    'min-unreserved': minUnreservedFlag(),
  }

  async run(): Promise<AdviseReport | AdviseFleetReport> {
    const {argv, flags} = await this.parse(Advise)
    const minSeverity = parseSeverity('--min-severity', flags['min-severity'], SEVERITIES)
    const failOn = flags['fail-on'] === undefined ? undefined : parseSeverity('--fail-on', flags['fail-on'], ['warning', 'critical'])
    const fleet = await this.fleet(flags)
    const [{adviseAccount, mergeAdviseReports}, {renderAdvise}, {atLeast}, {placeArguments, shellQuote}, {unreachableRecords}] = await Promise.all([
      import('../advise/advise-service.js'),
      import('../ui/render-advise.js'),
      import('../advise/findings.js'),
      import('../recommend/recommend-commands.js'),
      import('../ui/render-fleet.js'),
    ])
    // One clock for every account-region, so their windows are the same.
    const request = {
      names: argv as string[],
      selection: flags,
      windowSeconds: flags.window,
      minSeverity,
      minUnreserved: flags['min-unreserved'],
      now: Date.now(),
    }
    const {values, unreachable, empty} = await this.readFleet(flags, async (place) => {
      // In a fleet each fix names its account-region; an aws command only its region and profile.
      const lx = placeArguments(place)
      const aws = ['--region', shellQuote(place.region), ...(place.access.profile ? ['--profile', shellQuote(place.access.profile)] : [])]
      return adviseAccount(place.aws, {...request, quiet: fleet.isFleet, account: place.account, placeArguments: fleet.isFleet ? {lx, aws} : undefined})
    })
    let report: AdviseReport | AdviseFleetReport
    if (fleet.isFleet) {
      const merged = mergeAdviseReports(
        values.map(({place, value}) => ({account: place.account, report: value})),
        request,
      )
      report = {
        ...merged,
        places: [...merged.places, ...unreachableRecords(unreachable)],
        // A place where the selection found nothing (a named function is not there) is said, not an error.
        notes: [...merged.notes, ...empty.map(({place, reason}) => `${placeLabel(place)}: nothing to advise on: ${reason}`)],
      }
    } else report = values[0].value

    if (!this.jsonEnabled()) this.log(renderAdvise(report))
    await this.reportUnreachable(fleet, unreachable)
    // --fail-on looks at every finding of every account-region.
    if (failOn && report.findings.some((finding) => atLeast(finding.severity, failOn))) process.exitCode = 1
    return report
  }
}
