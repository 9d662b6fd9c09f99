// Small helpers to answer AWS calls at the HTTP level with nock, in each wire protocol lx's
// clients speak. They assert on the request the way AWS would read it.
import nock from 'nock'

import {functionArn, REGION} from './aws-ids.js'

export {ACCOUNT, functionArn, REGION} from './aws-ids.js'
export const LAMBDA_HOST = `https://lambda.${REGION}.amazonaws.com`
export const AUTOSCALING_HOST = `https://application-autoscaling.${REGION}.amazonaws.com`
export const CLOUDWATCH_HOST = `https://monitoring.${REGION}.amazonaws.com`
export const LOGS_HOST = `https://logs.${REGION}.amazonaws.com`

/** Lambda (restJson1): a scope on the Lambda endpoint. */
export function lambda(): nock.Scope {
  return nock(LAMBDA_HOST)
}

/** A restJson1 error as Lambda sends it. */
export function lambdaError(status: number, name: string, message: string, extraHeaders: Record<string, string> = {}) {
  return [status, {Type: 'User', message}, {'x-amzn-ErrorType': name, 'content-type': 'application/json', ...extraHeaders}] as const
}

/** A minimal FunctionConfiguration. */
export function fnConfig(name: string, extra: Record<string, unknown> = {}) {
  return {
    FunctionName: name,
    FunctionArn: functionArn(name),
    Runtime: 'nodejs20.x',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    MemorySize: 128,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    RevisionId: `rev-${name}-1`,
    ...extra,
  }
}

type JsonReply = (body: any) => unknown | [number, unknown]

function jsonService(host: string, targetPrefix: string, contentType: string) {
  return (operation: string, reply: JsonReply | object, options: {times?: number} = {}) =>
    nock(host)
      .post('/', (body) => body !== undefined)
      .matchHeader('x-amz-target', `${targetPrefix}.${operation}`)
      .times(options.times ?? 1)
      .reply(function (_uri, body) {
        const result = typeof reply === 'function' ? (reply as JsonReply)(typeof body === 'string' ? JSON.parse(body || '{}') : body) : reply
        if (Array.isArray(result)) return [result[0], JSON.stringify(result[1]), {'content-type': contentType}]
        return [200, JSON.stringify(result), {'content-type': contentType}]
      })
}

/** Application Auto Scaling (awsJson1_1). */
export const autoscaling = jsonService(AUTOSCALING_HOST, 'AnyScaleFrontendService', 'application/x-amz-json-1.1')
/** CloudWatch Logs (awsJson1_1). */
export const logs = jsonService(LOGS_HOST, 'Logs_20140328', 'application/x-amz-json-1.1')
/** CloudWatch (awsJson1_0). */
export const cloudwatch = jsonService(CLOUDWATCH_HOST, 'GraniteServiceVersion20100801', 'application/x-amz-json-1.0')

/** An awsJson error body. */
export function jsonError(status: number, name: string, message: string): [number, unknown] {
  return [status, {__type: name, message}]
}
