// One-line charts for the `--once` text: ▁▂▃▄▅▆▇█, each column the mean of its periods, scaled to
// the busiest column. Any non-zero column shows at least ▂ so a single throttle is never invisible.
import {resample} from './resample.js'

const BARS = '▁▂▃▄▅▆▇█'

export function sparkline(values: readonly number[], width: number): string {
  const points = resample(values.length > 0 ? values : [0], width, 'mean')
  const max = Math.max(0, ...points)
  return points
    .map((value) => {
      if (value <= 0 || max === 0) return BARS[0]
      return BARS[Math.max(1, Math.ceil((value / max) * (BARS.length - 1)))]
    })
    .join('')
}
