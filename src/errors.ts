// The two kinds of error lx reports. Everything thrown out of a command ends up as one of these
// (see base-command.ts), which decides the exit code and how it is printed.

/** Bad input or a refusal: nothing was changed and no write call was sent. Exit 2. */
export class UserError extends Error {
  readonly exitCode = 2
  readonly code: string
  readonly hint?: string

  constructor(message: string, options: {code?: string; hint?: string; cause?: unknown} = {}) {
    super(message, {cause: options.cause})
    this.name = 'UserError'
    this.code = options.code ?? 'BadInput'
    this.hint = options.hint
  }
}

/** AWS or runtime failure (including a bulk run where a target failed). Exit 1. */
export class Failure extends Error {
  readonly exitCode = 1
  readonly code: string
  readonly hint?: string

  constructor(message: string, options: {code?: string; hint?: string; cause?: unknown} = {}) {
    super(message, {cause: options.cause})
    this.name = 'Failure'
    this.code = options.code ?? 'Failure'
    this.hint = options.hint
  }
}

/** Stopped by a signal (Ctrl-C, SIGTERM, SIGHUP) before anything was changed. Exit 128 + signal. */
export class Interrupted extends Error {
  readonly code = 'Interrupted'
  readonly hint?: string

  constructor(
    message: string,
    readonly exitCode = 130,
  ) {
    super(message)
    this.name = 'Interrupted'
  }
}

export type LxError = UserError | Failure | Interrupted
