// Fitting a series of N periods into exactly W terminal columns. A column covers ⌊N/W⌋ or ⌈N/W⌉
// periods and shows either their PEAK (charts: a one-minute burst of throttles stays visible
// however narrow the terminal, and the y axis keeps its unit, per period) or their MEAN
// (sparklines: how dense the events are, which peaks of sparse counts would flatten to all-ones).
// Sums are avoided: uneven columns would draw a false ripple. A short series is stretched by
// repeating values, never interpolated.

export function resample(values: readonly number[], width: number, combine: 'max' | 'mean' = 'max'): number[] {
  const columns = Math.floor(width)
  if (columns <= 0 || values.length === 0) return []
  const out: number[] = []
  for (let column = 0; column < columns; column++) {
    const from = Math.floor((column * values.length) / columns)
    const to = Math.max(from + 1, Math.floor(((column + 1) * values.length) / columns))
    let peak = values[from]
    let total = 0
    for (let i = from; i < to; i++) {
      if (values[i] > peak) peak = values[i]
      total += values[i]
    }

    out.push(combine === 'max' ? peak : total / (to - from))
  }

  return out
}
