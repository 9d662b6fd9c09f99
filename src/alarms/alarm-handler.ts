// Applies and reverses one CloudWatch metric alarm for the engine. The target's `resource` is the
// alarm name. PutMetricAlarm creates or replaces the whole alarm, so writing a definition (lx's, or
// the one undo puts back) leaves exactly that definition; DeleteAlarms takes it away. Writes go
// through CloudWatch's own rate budget (aws-context.ts), not Lambda's.
import {DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import type {ChangeHandler, HandlerFactory, Target} from '../apply/plan.js'
import {Failure} from '../errors.js'
import {type AlarmState, definitionFromAws, describeState, isLxAlarm, putInput, sameDefinition, sameState} from './alarm-definition.js'

/** Tag of the alarms lx creates (PutMetricAlarm ignores tags on an update). */
export const LX_TAGS = [{Key: 'managed-by', Value: 'lx'}]

function nameOf(target: Target): string {
  if (!target.resource) throw new Failure(`No alarm name in the change for ${target.functionName}.`, {code: 'BadJournal'})
  return target.resource
}

const isNotFound = (error: unknown) => ['ResourceNotFound', 'ResourceNotFoundException'].includes((error as {name?: string})?.name ?? '')

export const createHandler: HandlerFactory = async (aws) => {
  const cloudwatch = await aws.cloudwatch()
  const read = async (target: Target): Promise<AlarmState> => {
    const name = nameOf(target)
    const answer = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [name], AlarmTypes: ['MetricAlarm']}))
    const found = (answer.MetricAlarms ?? []).find((alarm) => alarm.AlarmName === name)
    return {alarm: found ? definitionFromAws(found) : null}
  }

  const handler: ChangeHandler<AlarmState> = {
    kind: 'metric-alarm',
    describe: describeState,
    same: sameState,
    read,
    async write(target, from, to, context) {
      const name = nameOf(target)
      // The last guard of "never touch an alarm lx did not create": only undo, putting back exactly
      // what was there, may write over a definition without lx's mark.
      if (from.alarm && !isLxAlarm(from.alarm) && !(to.alarm && !isLxAlarm(to.alarm))) {
        throw new Failure(`${name} was not created by lx; lx leaves it alone.`, {code: 'ForeignAlarm'})
      }

      if (to.alarm === null) {
        context.progress('deleting')
        try {
          await cloudwatch.send(new DeleteAlarmsCommand({AlarmNames: [name]}))
        } catch (error) {
          // Deleted meanwhile: the goal is reached all the same.
          if (!isNotFound(error)) throw error
        }

        return {alarm: null}
      }

      context.progress(from.alarm ? 'updating' : 'creating')
      await cloudwatch.send(new PutMetricAlarmCommand(putInput(to.alarm, from.alarm ? undefined : LX_TAGS)))
      return {alarm: structuredClone(to.alarm)}
    },
    async settle(target, written) {
      const live = await read(target)
      if (!sameDefinition(live.alarm, written.alarm)) throw new Error(`CloudWatch now holds ${describeState(live)}`)
    },
  }
  return handler
}
