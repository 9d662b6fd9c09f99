// Reads of asynchronous invocation configs. GetFunctionEventInvokeConfig answers 404
// ResourceNotFoundException both when the config does not exist and when the function or
// qualifier does not; only the message tells them apart ("… doesn't have an EventInvokeConfig").
import {GetFunctionEventInvokeConfigCommand, type LambdaClient, ListFunctionEventInvokeConfigsCommand} from '@aws-sdk/client-lambda'

import type {Target} from '../apply/plan.js'
import {type EventInvokeSettings, type EventInvokeState, stateFromAws} from './event-invoke-state.js'

const LIST_PAGE = 50

export function isMissingConfig(error: unknown): boolean {
  const err = error as {name?: string; message?: string}
  return err?.name === 'ResourceNotFoundException' && /EventInvokeConfig/i.test(err.message ?? '')
}

export function isNotFound(error: unknown): boolean {
  return (error as {name?: string})?.name === 'ResourceNotFoundException'
}

/** The config of one function or qualifier; `config: null` when there is none. */
export async function readEventInvokeState(lambda: LambdaClient, target: Target): Promise<EventInvokeState> {
  try {
    return stateFromAws(await lambda.send(new GetFunctionEventInvokeConfigCommand({FunctionName: target.functionName, Qualifier: target.qualifier})))
  } catch (error) {
    if (isMissingConfig(error)) return {config: null}
    throw error
  }
}

/**
 * For planning: the config, or undefined when the qualifier does not exist (the planner skips or
 * refuses that target). A missing function is an error as usual.
 */
export async function readTargetState(lambda: LambdaClient, target: Target): Promise<EventInvokeState | undefined> {
  try {
    return await readEventInvokeState(lambda, target)
  } catch (error) {
    if (target.qualifier && isNotFound(error)) return undefined
    throw error
  }
}

export interface QualifiedConfig extends EventInvokeSettings {
  /** `$LATEST` for the unqualified config, else the alias or version. */
  qualifier: string
}

/** Every config of a function (one per qualifier), 50 per page. */
export async function listEventInvokeConfigs(lambda: LambdaClient, functionName: string): Promise<QualifiedConfig[]> {
  const configs: QualifiedConfig[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListFunctionEventInvokeConfigsCommand({FunctionName: functionName, Marker: marker, MaxItems: LIST_PAGE}))
    for (const item of page.FunctionEventInvokeConfigs ?? []) {
      const arn = item.FunctionArn ?? ''
      const qualified = /:function:[^:]+:([^:]+)$/.exec(arn)
      configs.push({qualifier: qualified?.[1] ?? '$LATEST', ...stateFromAws(item).config!})
    }

    marker = page.NextMarker
  } while (marker)
  return configs.sort((a, b) => (a.qualifier === '$LATEST' ? -1 : b.qualifier === '$LATEST' ? 1 : a.qualifier.localeCompare(b.qualifier)))
}
