// Reading Ink frames in tests: without colour codes, and waiting for the frame a state change
// produces (Ink renders asynchronously after input and after promises settle).

// eslint-disable-next-line no-control-regex -- ESC starts every colour and cursor code: it is what this strips
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g

export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(ANSI, '')
}

export async function waitFor(check: () => boolean, what = 'the expected frame', timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
}
