// A horizontal gauge, "███████░░░░░░", for a value against a limit.

export function gauge(value: number, limit: number, width: number): string {
  const cells = Math.max(1, Math.floor(width))
  const ratio = limit > 0 ? Math.min(1, Math.max(0, value / limit)) : 0
  // Any use at all shows one cell; full only when the limit is reached.
  let filled = Math.round(ratio * cells)
  if (value > 0 && filled === 0) filled = 1
  if (ratio < 1 && filled === cells) filled = cells - 1
  return '█'.repeat(filled) + '░'.repeat(cells - filled)
}
