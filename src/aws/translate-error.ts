// AWS exceptions become lx errors here, once: a one-line message saying what went wrong, and a
// hint saying what to do about it.
import {Failure, UserError, type LxError} from '../errors.js'
import type {AwsCallInfo} from './aws-context.js'

const IAM_PREFIX: Record<AwsCallInfo['service'], string> = {
  lambda: 'lambda',
  autoscaling: 'application-autoscaling',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
  sts: 'sts',
  organizations: 'organizations',
  account: 'account',
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

export function callInfo(error: unknown): AwsCallInfo | undefined {
  return (error as {$lx?: AwsCallInfo})?.$lx
}

/** The IAM action a failed call needed, e.g. `lambda:PutFunctionConcurrency`. */
export function iamAction(info: AwsCallInfo | undefined, message = ''): string | undefined {
  const named = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)
  if (named) return named[1]
  if (!info?.operation) return undefined
  // The SDK's operation names carry API versions that IAM does not (ListFunctions20150331).
  const operation = info.operation.replace(/\d{8}$/, '')
  return `${IAM_PREFIX[info.service]}:${operation}`
}

function networkCode(error: any): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; current = current.cause, depth++) {
    if (typeof current.code === 'string' && NETWORK_CODES.has(current.code)) return current.code
    const fromMessage = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)\b/.exec(String(current.message ?? ''))
    if (fromMessage) return fromMessage[1]
  }

  return undefined
}

/** Is this the kind of error the user (or the next retry) could fix, or is it lx's own bug? */
export function isAwsError(error: unknown): boolean {
  return Boolean((error as any)?.$metadata) || Boolean(callInfo(error))
}

export function translateAwsError(error: unknown): LxError {
  if (error instanceof UserError || error instanceof Failure) return error
  const err = error as any
  const info = callInfo(err)
  const name: string = err?.name ?? err?.Code ?? 'Error'
  const message: string = String(err?.message ?? err ?? 'unknown error')
  const status: number | undefined = err?.$metadata?.httpStatusCode
  const where = info?.operation ? ` (${info.operation})` : ''

  if (name === 'CredentialsProviderError' || /Could not load credentials|credential.*(missing|not found)/i.test(message)) {
    return new UserError('No AWS credentials were found.', {
      code: 'MissingCredentials',
      hint:
        'Pass --profile or set AWS_PROFILE, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any dummy values work against ' +
        '`lx sandbox`).',
      cause: err,
    })
  }

  if (/Region is missing/i.test(message)) {
    return new UserError('No AWS region is set.', {
      code: 'MissingRegion',
      hint: 'Pass --region (e.g. --region us-east-1), set AWS_REGION, or set a region in your profile.',
      cause: err,
    })
  }

  const net = networkCode(err)
  if (net) {
    const target = info?.endpoint ?? 'AWS'
    return new Failure(`Could not reach ${target}: ${net === 'ECONNREFUSED' ? 'connection refused' : net}${where}.`, {
      code: 'EndpointUnreachable',
      hint: info?.endpoint
        ? 'Check --endpoint-url / AWS_ENDPOINT_URL, and that the server (e.g. `lx sandbox`) is running.'
        : 'Check your network connection and --region.',
      cause: err,
    })
  }

  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation)$/.test(name) || (status === 403 && !/Signature|Token|UnrecognizedClient/.test(name))) {
    const action = iamAction(info, message)
    return new Failure(`Access denied${action ? `: the credentials in use may not call ${action}` : where}.`, {
      code: 'AccessDenied',
      hint: action ? `Grant ${action} to this role or user (see "IAM permissions" in the README).` : 'Check the IAM policy of this role or user.',
      cause: err,
    })
  }

  if (/^(UnrecognizedClientException|InvalidSignatureException|ExpiredToken|ExpiredTokenException|InvalidClientTokenId)$/.test(name)) {
    return new Failure(`AWS rejected the credentials${where}: ${message}`, {
      code: 'BadCredentials',
      hint: 'Refresh them (e.g. `aws sso login`) or choose another --profile.',
      cause: err,
    })
  }

  if (status === 429 || /^(TooManyRequestsException|ThrottlingException|Throttling|RequestLimitExceeded)$/.test(name)) {
    return new Failure(`AWS kept throttling ${info?.operation ?? 'the request'} after ${err?.$metadata?.attempts ?? 'several'} attempts.`, {
      code: 'Throttled',
      hint: "Other tools may be using this account's API quota; try again shortly, or lower LX_RATE_CONTROL.",
      cause: err,
    })
  }

  if (name === 'ResourceNotFoundException' && info?.functionName && /function/i.test(message)) {
    return new Failure(`Function ${info.functionName} was not found.`, {
      code: 'FunctionNotFound',
      hint: 'Check the name, the qualifier and --region (`lx concurrency list` shows what exists).',
      cause: err,
    })
  }

  return new Failure(`${message.replace(/\.$/, '')}${where}.`, {code: name, cause: err})
}
