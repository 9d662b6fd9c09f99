// Applies and reverses asynchronous invocation configs for the engine. `write(from, to)` ends in
// exactly `to` — undo depends on it, restoring absent members and absent configs too — while
// touching as little as possible:
//   to null                   → DELETE
//   no config yet             → PUT with exactly the members of `to`
//   a member goes away        → PUT with exactly the members of `to`: UPDATE (POST) cannot unset
//                               a retry or age limit, and how it treats an omitted destination
//                               side is not something to rely on
//   otherwise                 → POST with only the members that change, so a setting changed by
//                               someone else between our read and our write survives
// DestinationConfig travels as one member in a POST: whenever either side changes, both sides of
// `to` are sent. The answer of each write is checked: a PUT must leave exactly `to`; should a POST
// not land what it sent, a PUT of exactly `to` follows.
import {
  DeleteFunctionEventInvokeConfigCommand,
  type DestinationConfig,
  type LambdaClient,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda'

import {ChangedButFailed, type ChangeHandler, type HandlerFactory, type Target} from '../apply/plan.js'
import {
  describeState,
  type EventInvokeSettings,
  type EventInvokeState,
  type Member,
  MEMBERS,
  revertState,
  sameState,
  stateFromAws,
} from './event-invoke-state.js'
import {isMissingConfig, readEventInvokeState} from './read-event-invoke.js'

function destinationConfig(settings: Pick<EventInvokeSettings, 'onSuccess' | 'onFailure'>): DestinationConfig {
  return {
    ...(settings.onSuccess ? {OnSuccess: {Destination: settings.onSuccess}} : {}),
    ...(settings.onFailure ? {OnFailure: {Destination: settings.onFailure}} : {}),
  }
}

/** The PUT input that leaves exactly `settings` behind. */
export function putInput(target: Target, settings: EventInvokeSettings) {
  const destinations = destinationConfig(settings)
  return {
    FunctionName: target.functionName,
    Qualifier: target.qualifier,
    ...(settings.maximumRetryAttempts === null ? {} : {MaximumRetryAttempts: settings.maximumRetryAttempts}),
    ...(settings.maximumEventAgeInSeconds === null ? {} : {MaximumEventAgeInSeconds: settings.maximumEventAgeInSeconds}),
    ...(Object.keys(destinations).length > 0 ? {DestinationConfig: destinations} : {}),
  }
}

export type WriteCall = {method: 'DELETE'} | {method: 'PUT'; input: ReturnType<typeof putInput>} | {method: 'POST'; input: ReturnType<typeof putInput>}

/** Which call moves `from` to `to`, and with what body. Pure, so the choice is tested without AWS. */
export function chooseWrite(target: Target, from: EventInvokeState, to: EventInvokeState): WriteCall {
  if (to.config === null) return {method: 'DELETE'}
  if (from.config === null) return {method: 'PUT', input: putInput(target, to.config)}
  const before = from.config
  const after = to.config
  const changed = MEMBERS.filter((member) => before[member] !== after[member])
  if (changed.some((member) => after[member] === null)) return {method: 'PUT', input: putInput(target, after)}
  const destinationsChanged = changed.includes('onSuccess') || changed.includes('onFailure')
  return {
    method: 'POST',
    input: {
      FunctionName: target.functionName,
      Qualifier: target.qualifier,
      ...(changed.includes('maximumRetryAttempts') ? {MaximumRetryAttempts: after.maximumRetryAttempts!} : {}),
      ...(changed.includes('maximumEventAgeInSeconds') ? {MaximumEventAgeInSeconds: after.maximumEventAgeInSeconds!} : {}),
      ...(destinationsChanged ? {DestinationConfig: destinationConfig(after)} : {}),
    },
  }
}

async function put(lambda: LambdaClient, target: Target, settings: EventInvokeSettings): Promise<EventInvokeState> {
  const reached = stateFromAws(await lambda.send(new PutFunctionEventInvokeConfigCommand(putInput(target, settings))))
  if (!sameState(reached, {config: settings})) {
    throw new ChangedButFailed(`AWS left the async config as ${describeState(reached)}, not ${describeState({config: settings})}`, reached)
  }

  return reached
}

/** The members a POST body sets, as state members (DestinationConfig stands for both sides). */
function membersSent(input: Record<string, unknown>): Member[] {
  const sent: Member[] = []
  if ('MaximumRetryAttempts' in input) sent.push('maximumRetryAttempts')
  if ('MaximumEventAgeInSeconds' in input) sent.push('maximumEventAgeInSeconds')
  if ('DestinationConfig' in input) sent.push('onSuccess', 'onFailure')
  return sent
}

export async function writeConfig(lambda: LambdaClient, target: Target, from: EventInvokeState, to: EventInvokeState): Promise<EventInvokeState> {
  const call = chooseWrite(target, from, to)
  if (call.method === 'DELETE') {
    try {
      await lambda.send(new DeleteFunctionEventInvokeConfigCommand({FunctionName: target.functionName, Qualifier: target.qualifier}))
    } catch (error) {
      // Deleted meanwhile: the goal is reached all the same.
      if (!isMissingConfig(error)) throw error
    }

    return {config: null}
  }

  if (call.method === 'PUT') return put(lambda, target, to.config!)
  let reached: EventInvokeState
  try {
    reached = stateFromAws(await lambda.send(new UpdateFunctionEventInvokeConfigCommand(call.input)))
  } catch (error) {
    // The config was deleted between the read and this write: create it as wanted.
    if (isMissingConfig(error)) return put(lambda, target, to.config!)
    throw error
  }

  // What was sent must have landed. A member not sent that differs from `to` was changed by
  // someone else in the meantime, and is theirs to keep (the journal records what is there now).
  const landed = reached.config !== null && membersSent(call.input).every((member) => reached.config![member] === to.config![member])
  return landed ? reached : put(lambda, target, to.config!)
}

export const createHandler: HandlerFactory = async (aws) => {
  const lambda = await aws.lambda()
  const handler: ChangeHandler<EventInvokeState> = {
    kind: 'event-invoke-config',
    describe: describeState,
    same: sameState,
    read: (target) => readEventInvokeState(lambda, target),
    async write(target, from, to, context) {
      context.progress(describeState(to))
      return writeConfig(lambda, target, from, to)
    },
    revert: (before, after, live, {force}) => revertState(before, after, live, force),
  }
  return handler
}
