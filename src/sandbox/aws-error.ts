// An error as AWS returns it: every protocol's codec renders these its own way (protocol.ts, query-protocol.ts).

export interface AwsErrorOptions {
  /** `User` (the caller's fault) or `Service`. */
  type?: 'User' | 'Service'
  /** Extra members of the error shape (e.g. `Reason`). */
  fields?: Record<string, unknown>
  headers?: Record<string, string>
  /** The casing of the message member in the error shape: Lambda models some as `Message`. */
  messageKey?: 'message' | 'Message'
}

/** An error as AWS returns it. Handlers throw these; each codec renders them its own way. */
export class AwsError extends Error {
  readonly type: 'User' | 'Service'
  readonly fields: Record<string, unknown>
  readonly headers: Record<string, string>
  readonly messageKey: 'message' | 'Message'

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: AwsErrorOptions = {},
  ) {
    super(message)
    this.name = code
    this.type = options.type ?? (status >= 500 ? 'Service' : 'User')
    this.fields = options.fields ?? {}
    this.headers = options.headers ?? {}
    this.messageKey = options.messageKey ?? 'message'
  }
}
