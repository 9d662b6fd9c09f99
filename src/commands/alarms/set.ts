import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {validateSetFlags} from '../../alarms/alarm-kinds.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class AlarmsSet extends MutatingCommand<ApplyReport> {
  static override summary = 'Create or update the CloudWatch alarms every Lambda function (and the account) should have.'
  static override description = [
    'Alarms are named lx-<function>-<kind> (account alarms lx-account-<kind>) and notify the SNS topic on ALARM and back to OK. Kinds: ',
    'throttles (any throttle within --minutes), errors (error rate from metric math, 3× the normal rate over --window, at least 5%), ',
    'duration (p99 above --duration-percent of the timeout), spillover (provisioned concurrency spillover, functions with provisioned ',
    'concurrency only), and for the account concurrency (ConcurrentExecutions at --concurrency-percent of the account limit) and ',
    'unreserved (unreserved concurrency in use at --unreserved-percent of the unreserved pool). Without --kind: every function kind, ',
    "plus the account's with --all. The plan shows each threshold and why. An existing alarm of the same name that lx did not create is ",
    'left alone.',
  ].join('')

  static override examples = [
    '<%= config.bin %> alarms set --all --notify arn:aws:sns:us-east-1:123456789012:ops-alarms --kind throttles --kind concurrency',
    '<%= config.bin %> alarms set checkout-api orders-api --notify arn:aws:sns:us-east-1:123456789012:ops-alarms --kind errors --error-rate 2',
    '<%= config.bin %> alarms set --tag team=payments --notify arn:aws:sns:us-east-1:123456789012:payments --window 7d --dry-run',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    notify: Flags.string({description: 'ARN of the SNS topic the alarms notify (same region).', required: true}),
    kind: Flags.string({description: 'Alarm kind: throttles, errors, duration, spillover, concurrency, unreserved; repeat for several.', multiple: true}),
    window: Flags.string({description: 'Traffic the default thresholds are judged on, e.g. 7d, 14d (up to 30d).', default: '14d'}),
    minutes: Flags.string({description: 'throttles, spillover: minutes looked at; one bad minute in them alarms (1-1440).', helpGroup: 'THRESHOLDS'}),
    'throttle-threshold': Flags.string({description: 'throttles: throttles per minute tolerated (default 0: any throttle alarms).', helpGroup: 'THRESHOLDS'}),
    'error-rate': Flags.string({description: 'errors: error rate in percent above which it alarms (above 0, up to 100).', helpGroup: 'THRESHOLDS'}),
    'duration-percent': Flags.string({description: 'duration: p99 as a percentage of the timeout (1-100, default 80).', helpGroup: 'THRESHOLDS'}),
    'spillover-threshold': Flags.string({description: 'spillover: spillover invocations per minute tolerated (default 0).', helpGroup: 'THRESHOLDS'}),
    'concurrency-percent': Flags.string({description: 'concurrency: percent of the account limit (1-100, default 90).', helpGroup: 'THRESHOLDS'}),
    'unreserved-percent': Flags.string({description: 'unreserved: percent of the unreserved pool in use (1-100, default 90).', helpGroup: 'THRESHOLDS'}),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(AlarmsSet)
    validateSetFlags(flags)
    // The service reads AWS: loaded only when the command runs (start-up stays small).
    const {planAlarmsSetChange} = await import('../../alarms/alarms-service.js')
    // Across a fleet the --notify topic is taken in each account-region's own region (same account
    // and name): CloudWatch only notifies a topic of the alarm's region.
    return this.planAndApply(flags, async (aws, {isFleet}) => planAlarmsSetChange(aws, argv as string[], flags, {inEachRegion: isFleet}))
  }
}
