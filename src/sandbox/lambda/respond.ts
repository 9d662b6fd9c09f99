// Success responses with the status codes the Lambda model assigns to each operation.

import type {SandboxResponse} from '../protocol.js'

export function ok(body: unknown, status = 200): SandboxResponse {
  return {status, body}
}

export function noContent(): SandboxResponse {
  return {status: 204}
}
