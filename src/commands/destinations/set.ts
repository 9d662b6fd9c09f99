import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {planDestinationsChange} from '../../destinations/destinations-service.js'
import type {EventInvokeState} from '../../destinations/event-invoke-state.js'
import {validateQualifier, validateSetRequest} from '../../destinations/plan-destinations.js'
import {qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class DestinationsSet extends MutatingCommand<ApplyReport<EventInvokeState>> {
  static override summary = 'Set where asynchronous invocations go on success and on failure, and their retry limits.'
  static override description =
    `Changes only what is given: other destinations and limits of an existing config are kept. Destinations apply only to asynchronous invocations (S3, ` +
    `SNS, EventBridge… triggers; \`lx triggers list\` shows which a function has). Checked before any write: SQS, SNS, Lambda or EventBridge ARNs (S3 ` +
    `buckets on failure only), no FIFO queues or topics, not the function itself, retries 0-2, max event age 60-21600 s.`

  static override examples = [
    '<%= config.bin %> destinations set image-resizer --on-failure arn:aws:sqs:us-east-1:123456789012:failed-events',
    '<%= config.bin %> destinations set --match "^orders-" --on-failure arn:aws:sns:us-east-1:123456789012:alerts --max-retries 1',
    '<%= config.bin %> destinations set reports-nightly --qualifier live --max-event-age 3600 --dry-run',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    qualifier: qualifierFlag({description: 'Alias or version whose config to change (default: the unqualified function).'}),
    'on-success': Flags.string({description: 'ARN of the SQS queue, SNS topic, Lambda function or EventBridge bus for successful events.'}),
    'on-failure': Flags.string({description: 'ARN for events that failed every retry (SQS, SNS, Lambda, EventBridge or an S3 bucket).'}),
    'max-retries': Flags.string({description: 'Retries after a failed asynchronous invocation: 0-2 (AWS default 2).'}),
    'max-event-age': Flags.string({description: 'Seconds an event may wait before it is dropped or sent on failure: 60-21600 (AWS default 21600).'}),
  }

  async run(): Promise<ApplyReport<EventInvokeState>> {
    const {argv, flags} = await this.parse(DestinationsSet)
    const validated = validateSetRequest(flags)
    const qualifier = validateQualifier(flags.qualifier)
    // Across a fleet the destination ARNs stay as typed: each account-region warns, as it does alone,
    // when a destination is in another region or account than its functions.
    return this.planAndApply(flags, async (aws) => planDestinationsChange(aws, {names: argv as string[], selection: flags, qualifier, validated}))
  }
}
