// Lambda's error shapes, with the status codes and message member casing of the service model
// (ResourceNotFoundException and ServiceException carry `Message`, the others `message`).

import {AwsError} from '../protocol.js'

export function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', 404, message, {messageKey: 'Message'})
}

export function functionNotFound(arn: string): AwsError {
  return notFound(`Function not found: ${arn}`)
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', 400, message)
}

export function conflict(message: string): AwsError {
  return new AwsError('ResourceConflictException', 409, message)
}

export function preconditionFailed(message: string): AwsError {
  return new AwsError('PreconditionFailedException', 412, message)
}

export function serviceError(message = 'An internal error occurred. Please try again.'): AwsError {
  return new AwsError('ServiceException', 500, message, {messageKey: 'Message'})
}

export function callerThrottled(retryAfterSeconds: number): AwsError {
  return new AwsError('TooManyRequestsException', 429, 'Rate exceeded', {
    fields: {Reason: 'CallerRateLimitExceeded'},
    headers: {'Retry-After': String(retryAfterSeconds)},
  })
}

/** The framework-level message AWS produces when a member breaks a model constraint. */
export function constraintViolation(member: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value)
  return new AwsError('ValidationException', 400, `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`)
}

export function missingMember(member: string): AwsError {
  return constraintViolation(member, null, 'Member must not be null')
}
