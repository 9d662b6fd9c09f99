// The state lx plans, applies and journals for asynchronous invocation: one function's (or one
// qualifier's) event invoke config, complete enough that `lx undo` restores it exactly — every
// member is present, `null` meaning "not set" (AWS then applies its defaults), and a missing
// config is `config: null`. Pure.
import type {FunctionEventInvokeConfig} from '@aws-sdk/client-lambda'

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
export type DestinationsRequest =
  | {type: 'set'; settings: Partial<EventInvokeSettings>}
  | {type: 'remove'; sides: Array<'onSuccess' | 'onFailure'>}

/** The desired state for a request, given the current state: only the members named change. */
export function applyRequest(current: EventInvokeState, request: DestinationsRequest): EventInvokeState {
  if (request.type === 'set') return {config: {...(current.config ?? EMPTY_SETTINGS), ...request.settings}}
  if (request.sides.length === 0 || current.config === null) return {config: null}
  const config = {...current.config}
  for (const side of request.sides) config[side] = null
  return {config}
}
