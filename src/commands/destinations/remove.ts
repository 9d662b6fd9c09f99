import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {planDestinationsChange} from '../../destinations/destinations-service.js'
import type {EventInvokeState} from '../../destinations/event-invoke-state.js'
import {validateQualifier, validateRemoveRequest} from '../../destinations/plan-destinations.js'
import {qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class DestinationsRemove extends MutatingCommand<ApplyReport<EventInvokeState>> {
  static override summary = 'Remove a destination, or the whole asynchronous invocation config.'
  static override description =
    'With --on-success or --on-failure, removes that destination and keeps everything else. With neither, deletes the config: no destinations, and AWS ' +
    'defaults for retries and event age.'
  static override examples = [
    '<%= config.bin %> destinations remove image-resizer --on-success',
    '<%= config.bin %> destinations remove reports-nightly --qualifier live',
    '<%= config.bin %> destinations remove --tag team=media --on-failure --dry-run',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    qualifier: qualifierFlag({description: 'Alias or version whose config to change (default: the unqualified function).'}),
    'on-success': Flags.boolean({description: 'Remove the on-success destination only.'}),
    'on-failure': Flags.boolean({description: 'Remove the on-failure destination only.'}),
  }

  async run(): Promise<ApplyReport<EventInvokeState>> {
    const {argv, flags} = await this.parse(DestinationsRemove)
    const request = validateRemoveRequest(flags)
    const qualifier = validateQualifier(flags.qualifier)
    return this.planAndApply(flags, async (aws) =>
      planDestinationsChange(aws, {names: argv as string[], selection: flags, qualifier, validated: {request, destinations: []}}),
    )
  }
}
