// The first steps of every command that acts on functions: flags → selection → the functions.
import type {AwsContext} from '../aws/aws-context.js'
import type {FunctionRef} from '../aws/lambda-arn.js'
import {createProgress} from '../lib/progress.js'
import {FunctionReader} from './function-reader.js'
import {checkRefsAccount, checkRefsRegion, namesAnAccount} from './ref-scope.js'
import {requireSome, resolveSelection, type SelectedFunction} from './resolve-selection.js'
import {describeSelection, parseSelection, type SelectionFlagValues, type SelectionRequest} from './selection-flags.js'

export interface Selected {
  region: string
  reader: FunctionReader
  request: SelectionRequest
  functions: SelectedFunction[]
}

export interface SelectOptions {
  mutating: boolean
  /** The command reads GetFunction of every selected function: begin while listing (see ResolveOptions). */
  readDetails?: boolean
}

export async function selectFunctions(aws: AwsContext, names: string[], flags: SelectionFlagValues, options: SelectOptions): Promise<Selected> {
  // Validate everything the user typed before the first call.
  const request = parseSelection(names, flags, options)
  const region = await aws.region()
  await checkRefsInScope(aws, request.refs, region)
  const reader = new FunctionReader(await aws.lambda())
  const progress = createProgress({label: 'Selecting'})
  try {
    const functions = await resolveSelection(reader, request, {
      region,
      readDetails: options.readDetails,
      onProgress: (message) => progress.update(0, 1, message),
    })
    return {region, reader, request, functions: options.mutating ? requireSome(functions, describeSelection(request)) : functions}
  } finally {
    progress.stop()
  }
}

/**
 * ARNs of another partition, region or account are refused before any Lambda call. The account of
 * the credentials is looked up (STS, once per run) only when some ARN names an account.
 */
export async function checkRefsInScope(aws: AwsContext, refs: FunctionRef[], region: string): Promise<void> {
  checkRefsRegion(refs, region)
  if (namesAnAccount(refs)) checkRefsAccount(refs, await aws.accountId())
}
