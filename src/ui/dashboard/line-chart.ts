// A line chart of exactly width × height characters, drawn by asciichart. The series is resampled
// to exactly the columns that fit (each column the peak of its periods), so the chart always fills
// its box and never overflows it.
import asciichart from 'asciichart'

import {resample} from './resample.js'

/** Exactly `height` lines of exactly `width` characters. */
export function plotLineChart(values: readonly number[], options: {width: number; height: number}): string[] {
  const width = Math.max(1, Math.floor(options.width))
  const height = Math.max(1, Math.floor(options.height))
  const max = Math.max(1, ...values)
  // asciichart puts a label of 2+ characters at column 0 and the axis right after it (offset 2).
  const labelWidth = Math.max(2, String(Math.ceil(max)).length)
  const columns = Math.max(1, width - labelWidth - 1)
  const points = resample(values.length > 0 ? values : [0], columns)
  let lines: string[]
  if (height === 1) {
    lines = [`${String(Math.round(max)).padStart(labelWidth)}┤`]
  } else {
    // Labels on the top row (the peak), the bottom row (0) and, when the scale is wide enough for
    // a whole number to sit near it, the middle row; labels on every row repeat rounded values.
    const rows = height - 1
    const middle = Math.round(rows / 2)
    const plotted = asciichart.plot(points, {
      min: 0,
      max,
      height: rows,
      offset: 2,
      format(value: number, row: number) {
        const labelled = row === 0 || row === rows || (row === middle && max >= 4 && rows >= 4)
        return (labelled ? String(Math.round(value)) : '').padStart(labelWidth).slice(-labelWidth)
      },
    })
    lines = plotted.split('\n')
  }

  const sized = lines.slice(0, height).map((line) => (line.length > width ? line.slice(0, width) : line.padEnd(width)))
  while (sized.length < height) sized.unshift(' '.repeat(width))
  return sized
}
