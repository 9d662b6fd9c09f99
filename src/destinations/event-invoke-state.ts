// The state lx plans, applies and journals for asynchronous invocation: one function's (or one
// qualifier's) event invoke config, complete enough that `lx undo` restores it exactly — every
// member is present, `null` meaning "not set" (AWS then applies its defaults), and a missing
// config is `config: null`. Pure.
import type {FunctionEventInvokeConfig} from '@aws-sdk/client-lambda'

import type {Reversal} from '../apply/plan.js'
import {shortDestination} from './destination-arn.js'

export interface EventInvokeSettings {
  onSuccess: string | null
  onFailure: string | null
  maximumRetryAttempts: number | null
  maximumEventAgeInSeconds: number | null
}

export interface EventInvokeState {
  /** null: no event invoke config at all. */
  config: EventInvokeSettings | null
}

export const MEMBERS = ['onSuccess', 'onFailure', 'maximumRetryAttempts', 'maximumEventAgeInSeconds'] as const
export type Member = (typeof MEMBERS)[number]

/** What AWS does for a member that is not set. */
export const AWS_DEFAULTS = {maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600} as const

export const EMPTY_SETTINGS: EventInvokeSettings = {onSuccess: null, onFailure: null, maximumRetryAttempts: null, maximumEventAgeInSeconds: null}

export function stateFromAws(config: FunctionEventInvokeConfig | undefined): EventInvokeState {
  if (!config) return {config: null}
  return {
    config: {
      onSuccess: config.DestinationConfig?.OnSuccess?.Destination || null,
      onFailure: config.DestinationConfig?.OnFailure?.Destination || null,
      maximumRetryAttempts: config.MaximumRetryAttempts ?? null,
      maximumEventAgeInSeconds: config.MaximumEventAgeInSeconds ?? null,
    },
  }
}

export function sameState(a: EventInvokeState, b: EventInvokeState): boolean {
  if (a.config === null || b.config === null) return a.config === b.config
  return MEMBERS.every((member) => a.config![member] === b.config![member])
}

export function formatAge(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

export function describeState(state: EventInvokeState): string {
  const {config} = state
  if (config === null) return 'no async config'
  const parts = [
    `on-success ${config.onSuccess ? shortDestination(config.onSuccess) : 'none'}`,
    `on-failure ${config.onFailure ? shortDestination(config.onFailure) : 'none'}`,
  ]
  if (config.maximumRetryAttempts !== null) parts.push(`retries ${config.maximumRetryAttempts}`)
  if (config.maximumEventAgeInSeconds !== null) parts.push(`max age ${formatAge(config.maximumEventAgeInSeconds)}`)
  return parts.join(', ')
}

/** What a command asks for, applied to whatever the config is when the write happens. */
export type DestinationsRequest = {type: 'set'; settings: Partial<EventInvokeSettings>} | {type: 'remove'; sides: Array<'onSuccess' | 'onFailure'>}

/** The desired state for a request, given the current state: only the members named change. */
export function applyRequest(current: EventInvokeState, request: DestinationsRequest): EventInvokeState {
  if (request.type === 'set') return {config: {...(current.config ?? EMPTY_SETTINGS), ...request.settings}}
  if (request.sides.length === 0 || current.config === null) return {config: null}
  const config = {...current.config}
  for (const side of request.sides) config[side] = null
  return {config}
}

/**
 * Undo's three-way merge, member by member: the members lx changed go back, the others keep their
 * live value. A config lx created goes away again when nothing else is left in it; one lx deleted
 * comes back with its members. A member somebody else changed since is a conflict (reversed anyway
 * with `force`).
 */
export function revertState(before: EventInvokeState, after: EventInvokeState, live: EventInvokeState, force: boolean): Reversal<EventInvokeState> {
  const [was, wrote, now] = [before.config ?? EMPTY_SETTINGS, after.config ?? EMPTY_SETTINGS, live.config ?? EMPTY_SETTINGS]
  const result: EventInvokeSettings = {...now}
  const conflicts: string[] = []
  let pending = false
  for (const member of MEMBERS) {
    if (was[member] === wrote[member] || now[member] === was[member]) continue
    if (now[member] !== wrote[member]) {
      conflicts.push(member)
      if (!force) continue
    }

    pending = true
    ;(result as Record<Member, unknown>)[member] = was[member]
  }

  // Existence is a member too: a config created (or deleted) by lx with nothing of its own in it.
  const emptyNow = MEMBERS.every((member) => result[member] === null)
  if (!pending && before.config === null && after.config !== null && live.config !== null && emptyNow) pending = true
  if (!pending && before.config !== null && after.config === null && live.config === null) pending = true
  if (conflicts.length > 0 && !force) return {conflict: `changed since lx set it: ${conflicts.join(', ')} (now ${describeState(live)})`}
  if (!pending) return {done: true}
  return {to: {config: before.config === null && emptyNow ? null : result}}
}
