// Progress on stderr. Only on a TTY and only once an operation has taken more than a moment;
// in CI and pipes it stays silent so logs hold results, not redraws.

export interface Progress {
  update(done: number, total: number, detail?: string): void
  note(message: string): void
  stop(): void
}

export interface ProgressOptions {
  label: string
  /** Show nothing until this much time has passed (ms). */
  delayMs?: number
  stream?: NodeJS.WriteStream
  enabled?: boolean
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return ''
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
}

export function progressBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(ratio * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

let innerMuted = 0

/**
 * While `run` runs, progress bars created inside it stay silent: a run across a fleet of
 * account-regions shows one bar for all of them, not one per place drawn over each other.
 */
export async function withInnerProgressMuted<T>(run: () => Promise<T>): Promise<T> {
  innerMuted++
  try {
    return await run()
  } finally {
    innerMuted--
  }
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const enabled = options.enabled ?? (innerMuted === 0 && Boolean(stream.isTTY) && !process.env.CI)
  const started = Date.now()
  const delay = options.delayMs ?? 400
  let lastLine = ''
  let lastDraw = 0
  const draw = (line: string, force = false) => {
    if (!enabled) return
    const now = Date.now()
    if (!force && (now - started < delay || now - lastDraw < 80)) return
    lastDraw = now
    const columns = stream.columns ?? 100
    const text = line.length >= columns ? line.slice(0, columns - 1) : line
    stream.write(`\r\u001B[2K${text}`)
    lastLine = text
  }

  return {
    update(done, total, detail) {
      const elapsed = (Date.now() - started) / 1000
      const eta = done > 0 && done < total ? ` eta ${formatEta((elapsed / done) * (total - done))}` : ''
      draw(`${options.label} ${progressBar(done, total)} ${done}/${total}${detail ? ` ${detail}` : ''}${eta}`)
    },
    note(message) {
      if (!enabled) return
      if (lastLine) stream.write('\r\u001B[2K')
      stream.write(`${message}\n`)
      lastLine = ''
    },
    stop() {
      if (enabled && lastLine) stream.write('\r\u001B[2K')
      lastLine = ''
    },
  }
}
