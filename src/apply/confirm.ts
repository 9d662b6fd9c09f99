// The confirmation rule (docs/contract.md): more than one function affected → ask on a TTY; --yes skips the
// question; without a TTY and without --yes, refuse (exit 2) before any write.
import {createInterface} from 'node:readline/promises'

import {Interrupted, UserError} from '../errors.js'

export interface ConfirmOptions {
  functionsAffected: number
  changes: number
  yes: boolean
  /** For tests; defaults to whether stdin and stderr are TTYs. */
  interactive?: boolean
  ask?: (question: string) => Promise<string>
}

/**
 * Asks on the terminal. Ctrl-C at the question is an interrupt (exit 130, nothing changed), not an
 * error; end of input (Ctrl-D) is no answer, so nothing is applied.
 */
export async function askOnTerminal(
  question: string,
  streams: {input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal?: boolean} = {input: process.stdin, output: process.stderr},
): Promise<string> {
  const rl = createInterface(streams)
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.on('SIGINT', () => reject(new Interrupted('Interrupted at the question: nothing was changed.')))
      rl.on('close', () => resolve(''))
      rl.question(question).then(resolve, () => resolve(''))
    })
  } finally {
    rl.close()
  }
}

export async function confirmApply(options: ConfirmOptions): Promise<void> {
  if (options.yes || options.functionsAffected <= 1) return
  const interactive = options.interactive ?? Boolean(process.stdin.isTTY && process.stderr.isTTY)
  if (!interactive) {
    throw new UserError(`Refusing to change ${options.functionsAffected} functions without confirmation; nothing was changed.`, {
      code: 'ConfirmationRequired',
      hint: 'Add --yes to apply the plan above, or --dry-run to only show it.',
    })
  }

  const answer = await (options.ask ?? askOnTerminal)(
    `Apply ${options.changes} change${options.changes === 1 ? '' : 's'} to ${options.functionsAffected} functions? [y/N] `,
  )
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new UserError('Not applied; nothing was changed.', {code: 'NotConfirmed'})
  }
}
