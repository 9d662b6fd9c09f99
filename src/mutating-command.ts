// Base of every command that changes AWS state: --dry-run and --yes, and one call that runs a plan
// through the shared engine, prints plan and results, journals, and sets the exit code. With
// --guard, it then watches the changed functions and undoes the change by itself on a regression.
import {Flags, type Interfaces} from '@oclif/core'

import {LxCommand} from './base-command.js'
import type {AwsContext} from './aws/aws-context.js'
import type {HandlerOptions} from './apply/plan.js'
import type {ApplyReport, Plan} from './apply/plan.js'
import type {Fleet, Unreachable} from './fleet/place.js'
import type {FleetFlagValues} from './fleet/fleet-request.js'
import {Failure, UserError} from './errors.js'
import {type GuardFlagValues, guardFlags, parseGuardFlags} from './impact/guard-flags.js'
import type {GuardReport} from './impact/guard-step.js'

export const mutationFlags = {
  'dry-run': Flags.boolean({description: 'Show the plan and stop; nothing is changed.', helpGroup: 'APPLY'}),
  yes: Flags.boolean({char: 'y', description: 'Apply without asking for confirmation.', helpGroup: 'APPLY'}),
  ...guardFlags,
}

/** What a mutating command returns: the apply report, and what the guard saw when there was one. */
// oclif's bounds for parsed flags and args, which it does not export by name.
type FlagOutput = {[name: string]: any}
type ArgOutput = {[name: string]: any}

export type GuardedApplyReport<S = unknown> = ApplyReport<S> & {guard?: GuardReport}

export interface RunPlanOptions {
  /** The context of a one-place run (in a fleet run, the first place's: used only for the guard clock). */
  aws: AwsContext
  /** A fleet run: handlers per account-region, and the journal records each place and how it was reached. */
  fleet?: Fleet
  /** Fleet runs: account-regions that could not be planned (reported; exit 1 unless --skip-unreachable). */
  unreachable?: Unreachable[]
  flags: {'dry-run'?: boolean; yes?: boolean} & GuardFlagValues
  /** What the plan does, for its heading ("set reserved concurrency to 50"). */
  title: string
  region: string
  handlerOptions?: HandlerOptions
  undoOf?: string
}

/** `KEY=VALUE` → `KEY=****`; anything else as it is. */
function maskAssignment(text: string): string {
  const equals = text.indexOf('=')
  return equals > 0 ? `${text.slice(0, equals)}=****` : text
}

/**
 * The command line as journaled and shown by `lx history`: environment values may be secrets, so
 * every spelling of the flag is masked — `--env K=V`, `--env=K=V`, `-e K=V`, `-eK=V`, `-e=K=V`.
 */
export function journaledCommandLine(id: string, argv: string[]): string {
  const masked = argv.map((arg, index) => {
    const previous = argv[index - 1]
    if (previous === '--env' || previous === '-e') return maskAssignment(arg)
    const joined = /^(--env=|-e=?)(.+)$/.exec(arg)
    return joined ? `${joined[1]}${maskAssignment(joined[2])}` : arg
  })
  return ['lx', ...id.split(':'), ...masked].join(' ')
}

export abstract class MutatingCommand<T> extends LxCommand<T> {
  /** The guard flags are checked as soon as they are parsed: a mistake is exit 2 before any AWS call. */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    const guard = parseGuardFlags(parsed.flags as GuardFlagValues)
    if (guard) {
      const {parseFleetFlags} = await import('./fleet/fleet-request.js')
      if (parseFleetFlags(parsed.flags as FleetFlagValues).isFleet) {
        throw new UserError('--guard watches one account-region; it cannot be used across a fleet yet.', {
          code: 'GuardNotAcrossFleet',
          hint: 'Apply to the fleet without --guard, then `lx impact` per account-region; or guard one region at a time.',
        })
      }
    }

    return parsed
  }

  /**
   * Plan in every account-region the flags select and apply it as one run: one plan (grouped by
   * account-region), one confirmation, one journal entry, a worker pool and rate budget per place.
   * With one place this is exactly `planner` then `runPlan`.
   */
  protected async planAndApply<S>(
    flags: RunPlanOptions['flags'] & FleetFlagValues & {'endpoint-url'?: string},
    planner: (aws: AwsContext, scope: {isFleet: boolean}) => Promise<{plan: Plan<S>; region: string; title: string}>,
    options: {handlerOptions?: HandlerOptions} = {},
  ): Promise<GuardedApplyReport<S>> {
    const fleet = await this.fleet(flags)
    if (!fleet.isFleet) {
      const [{aws}] = fleet.places
      const {plan, region, title} = await planner(aws, {isFleet: false})
      return this.runPlan(plan, {aws, flags, title, region, ...options})
    }

    const [{eachPlace, mergePlans}, {describeUnreachable, placeLabel}] = await Promise.all([import('./fleet/each-place.js'), import('./fleet/place.js')])
    const planned = await eachPlace(fleet, (place) => planner(place.aws, {isFleet: true}), {label: 'Planning in'})
    if (planned.values.length === 0 && planned.unreachable.length === 0) {
      // Nothing selected anywhere (in some places no match, in others no such function): bad input.
      const [{reason}] = planned.empty
      throw new UserError(`Nothing to change in any account-region: ${reason}`, {
        code: 'EmptySelection',
        hint: 'Widen the selection; `lx concurrency list` lists what exists.',
      })
    }

    if (planned.values.length === 0) {
      throw new Failure(`No account-region could be planned: ${planned.unreachable.map((item) => describeUnreachable(item)).join('; ')}`, {
        code: 'NothingReached',
        hint: 'Check the credentials, --accounts/--role-name and --region; nothing was changed.',
      })
    }

    const [firstPlanned] = planned.values
    const plan = mergePlans(
      firstPlanned.value.plan.kind,
      planned.values.map(({place, value}) => ({place, plan: value.plan})),
      planned.unreachable,
    )
    for (const {place, reason} of planned.empty) plan.notes.push(`${placeLabel(place)}: nothing to do: ${reason}`)
    const count = planned.values.length
    return this.runPlan(plan, {
      aws: firstPlanned.place.aws,
      fleet,
      unreachable: planned.unreachable,
      flags,
      title: `${firstPlanned.value.title} in ${count} account-region${count === 1 ? '' : 's'}`,
      region: firstPlanned.place.region,
      ...options,
    })
  }

  /** The report carries the plan's state type: what `--json` prints for `before`/`after` (see schemas/). */
  protected async runPlan<S>(plan: Plan<S>, options: RunPlanOptions): Promise<GuardedApplyReport<S>> {
    const [{applyPlan, exitCodeOf}, {loadPlaceHandlers}, {lxHome}, {renderPlan, renderResults}, {translateAwsError}] = await Promise.all([
      import('./apply/engine.js'),
      import('./apply/change-kinds.js'),
      import('./apply/journal.js'),
      import('./ui/render-apply.js'),
      import('./aws/translate-error.js'),
    ])
    const dryRun = Boolean(options.flags['dry-run'])
    const guard = parseGuardFlags(options.flags)
    const guardStep = guard ? await import('./impact/guard-step.js') : undefined
    const clock = guardStep ? await guardStep.clockFor(options.aws) : undefined
    const startedMs = clock?.now() ?? Date.now()
    const kinds = [plan.kind, ...plan.changes.map((change) => change.kind)]
    const fleet = options.fleet?.isFleet ? options.fleet : undefined
    const [handlers, account] = await Promise.all([
      // A one-place run's targets name no place: its one context serves them all.
      loadPlaceHandlers(fleet?.places ?? [{aws: options.aws}], kinds, options.handlerOptions),
      // The journal records the account, so `lx undo` with another account's credentials is refused.
      // GetCallerIdentity needs no permission; should it fail all the same, the entry goes without.
      // A fleet's places know their accounts already.
      dryRun || plan.changes.length === 0 || fleet ? undefined : options.aws.accountId().catch(() => undefined),
    ])
    const json = this.jsonEnabled()
    const journal = {
      home: lxHome(this.config.dataDir),
      command: journaledCommandLine(this.id ?? '', this.argv),
      region: options.region,
      account,
      endpointUrl: options.aws.endpointUrl,
      profile: options.aws.profile,
      undoOf: options.undoOf,
      ...(fleet
        ? {
            places: fleet.places.map((place) => ({
              account: place.account!,
              region: place.region,
              ...place.access,
            })),
          }
        : {}),
    }
    const reasonOf = (error: unknown) => {
      const translated = translateAwsError(error)
      return translated.hint ? `${translated.message} ${translated.hint}` : translated.message
    }

    const report: GuardedApplyReport = await applyPlan(plan, {
      handlers,
      dryRun,
      yes: Boolean(options.flags.yes),
      journal,
      print: json ? undefined : (text) => this.log(text),
      onInterrupt() {
        options.aws.stopNewWrites()
        for (const place of fleet?.places ?? []) place.aws.stopNewWrites()
      },
      describePlan: (report) => renderPlan(report, options.title),
      reasonOf,
    })
    // Every result record says where its target is, in a fleet and in a one-place run alike.
    for (const result of report.results) {
      const where = {account: result.target.account ?? account, region: result.target.region ?? options.region}
      if (where.account) result.account = where.account
      result.region = where.region
    }

    if (options.unreachable?.length) report.unreachable = options.unreachable
    if (!json) this.log(`\n${renderResults(report)}`)
    const code = exitCodeOf(report) || (options.unreachable?.length && !options.fleet?.skipUnreachable ? 1 : 0)
    if (code !== 0) process.exitCode = code
    if (guard && guardStep && clock && !dryRun && !report.interrupted) {
      report.guard = await guardStep.guardChange(report, {
        aws: options.aws,
        request: guard,
        clock,
        startedMs,
        journal,
        reasonOf,
        print: json ? undefined : (text) => this.log(text),
        progress: (text) => process.stderr.write(`${text}\n`),
        render: {plan: renderPlan, results: renderResults},
      })
      if (report.guard.exitCode !== 0) process.exitCode = report.guard.exitCode
    }

    // The engine is generic over kinds; the states in the report are the plan's (or their --json view).
    return report as GuardedApplyReport<S>
  }
}
