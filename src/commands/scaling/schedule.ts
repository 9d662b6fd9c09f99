import {Args, Flags} from '@oclif/core'

import type {ApplyReport} from '../../apply/plan.js'
import {minUnreservedFlag, qualifierFlag} from '../../input/flags.js'
import {MutatingCommand, mutationFlags} from '../../mutating-command.js'
import {parseScheduleRequest} from '../../scaling/scaling-input.js'
import {checkQualifierInput, planSchedule} from '../../scaling/scaling-service.js'
import {selectionFlags} from '../../select/selection-flags.js'

export default class ScalingSchedule extends MutatingCommand<ApplyReport> {
  static override summary = 'Change the scaling range of provisioned concurrency on a schedule, for known peaks.'
  static override description = `Puts a scheduled action (created, or replaced by name) that sets the scalable target's min and/or max when it runs. The \
alias needs a scalable target first (\`lx scaling set\`).

--schedule takes one of:
  cron(min hour day-of-month month day-of-week year)   one day field is ?
  rate(N minutes|hours|days)                            singular for 1
  at(yyyy-mm-ddThh:mm:ss)                               once
Times are UTC unless --timezone names an IANA zone.`

  static override examples = [
    "<%= config.bin %> scaling schedule checkout-api --qualifier live --name weekday-peak --schedule 'cron(0 8 ? * MON-FRI *)' --min 20 --timezone " +
      'Europe/Paris',
    "<%= config.bin %> scaling schedule checkout-api --qualifier live --name night --schedule 'cron(0 20 * * ? *)' --min 1",
    "<%= config.bin %> scaling schedule checkout-api --qualifier live --name black-friday --schedule 'at(2030-11-29T06:00:00)' --min 100 --max 400",
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs, or name:qualifier (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    ...mutationFlags,
    qualifier: qualifierFlag({description: 'Alias or published version with a scalable target (not $LATEST).'}),
    name: Flags.string({description: 'Name of the schedule; the same name replaces it.', required: true}),
    schedule: Flags.string({description: 'cron(...), rate(...) or at(...).', required: true}),
    min: Flags.string({description: 'Minimum the schedule sets when it runs.'}),
    max: Flags.string({description: 'Maximum the schedule sets when it runs.'}),
    timezone: Flags.string({description: 'IANA time zone of at() and cron() (default UTC), e.g. Europe/Paris.'}),
    strict: Flags.boolean({description: 'Refuse, instead of warning, when the capacity is more than the function can get.'}),
    'min-unreserved': minUnreservedFlag(),
  }

  async run(): Promise<ApplyReport> {
    const {argv, flags} = await this.parse(ScalingSchedule)
    const names = argv as string[]
    const request = parseScheduleRequest(flags, Date.now())
    checkQualifierInput(names, flags.qualifier)
    return this.planAndApply(flags, async (aws) =>
      planSchedule(aws, {names, selection: flags, qualifier: flags.qualifier}, request, {strict: flags.strict, minUnreserved: flags['min-unreserved']}),
    )
  }
}
