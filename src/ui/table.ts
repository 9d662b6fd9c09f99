// Plain aligned tables for human output on stdout, fitted to the terminal. Numbers align right;
// nothing here colours output, so piping to a file or grep gives clean text.
//
// Fitting, the same for every table: when a table is wider than the terminal, headers and values
// with a short form take it, then the columns that matter least are dropped one by one, then long
// text (names, ARNs, reasons) is cut with an ellipsis. Numbers are never cut. Scripts and pipes
// (stdout not a TTY) and --wide get every column in full.

/**
 * How readily a column gives way on a narrow terminal. One scale for every table, so the same kind
 * of column goes at the same point everywhere: an identity column never goes; higher levels go
 * first.
 */
export const Priority = {
  /** What the row is and its main value: never dropped (the function name, the reserved value). */
  identity: 0,
  /** The answer to the command's question (provisioned concurrency, the layers, the failure destination). */
  primary: 1,
  /** Context most readers look at (status, counts, the success destination). */
  secondary: 2,
  /** Details (runtime, reasons, retries). */
  detail: 3,
  /** Worth having on a wide terminal only (architecture, figures shown elsewhere too). */
  extra: 4,
} as const

export interface Column<Row> {
  header: string
  value: (row: Row) => string | number | null | undefined
  align?: 'left' | 'right'
  /** See Priority. Default: the first column is identity, the others give way right to left. */
  priority?: number
  /** A shorter header, used once the table does not fit. */
  short?: string
  /** A shorter form of the value (fewer details, same meaning), used once the table does not fit. */
  compact?: (row: Row) => string | number | null | undefined
  /** Cut long values with an ellipsis at the end, or in the middle (ARNs, whose both ends matter). */
  truncate?: 'end' | 'middle'
  /** The narrowest a cut column may get (default 12, or its header). */
  minWidth?: number
}

export interface TableOptions {
  /** Terminal columns to fit (see outputWidth); Infinity: no limit. Default: withTableWidth's, else no limit. */
  width?: number
}

let ambientWidth: number | undefined

/**
 * Fit the tables of a renderer that takes no width of its own (`lx dashboard --once`) to `width`
 * while `render` runs. Synchronous and restored afterwards, so nothing leaks into other output.
 */
export function withTableWidth<T>(width: number, render: () => T): T {
  const before = ambientWidth
  ambientWidth = width
  try {
    return render()
  } finally {
    ambientWidth = before
  }
}

const GAP = 2
const ELLIPSIS = '…'

/** Display columns of plain text: one per code point (sparklines, arrows and ellipses are narrow). */
export function textWidth(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

export function cut(text: string, width: number, where: 'end' | 'middle' = 'end'): string {
  const chars = [...text]
  if (chars.length <= width) return text
  if (width <= 1) return ELLIPSIS.slice(0, width)
  if (where === 'end') return chars.slice(0, width - 1).join('') + ELLIPSIS
  const head = Math.ceil((width - 1) / 2)
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - (width - 1 - head)).join('')
}

/**
 * Narrow columns one step at a time, down to their minimum, until the total fits: the widest first
 * (so a long name and a long reason share the cut), of equals the less important.
 */
function shrink(natural: number[], minimum: number[], priorities: number[], total: (widths: number[]) => number, width: number): number[] {
  const widths = [...natural]
  let excess = total(widths) - width
  while (excess > 0) {
    let next = -1
    for (const [position, value] of widths.entries()) {
      if (value <= minimum[position]) continue
      const better = next === -1 || value > widths[next] || (value === widths[next] && priorities[position] > priorities[next])
      if (better) next = position
    }

    if (next === -1) break
    widths[next]--
    excess--
  }

  return widths
}

interface Stream {
  isTTY?: boolean
  columns?: number
}

/**
 * How wide human output may be: a terminal's width (COLUMNS wins over the terminal's own report,
 * as for ls), no limit when stdout is a pipe or a file, or with --wide.
 */
export function outputWidth(options: {wide?: boolean; stream?: Stream; env?: NodeJS.ProcessEnv} = {}): number {
  const {wide = false, stream = process.stdout, env = process.env} = options
  if (wide || !stream.isTTY) return Number.POSITIVE_INFINITY
  const fromEnv = Number(env.COLUMNS)
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv
  return stream.columns && stream.columns > 0 ? stream.columns : 80
}

interface Layout {
  /** Indexes of the columns shown, in order. */
  shown: number[]
  headers: string[]
  widths: number[]
  hidden: string[]
  cut: boolean
  /** The short headers and compact values are used. */
  narrowed: boolean
}

/**
 * Which columns to show, under which headers, how wide. `cells` are the full values, `compact` the
 * values to use once the table does not fit (the same where a column has no compact form). Pure.
 */
export function fitColumns<Row>(columns: Array<Column<Row>>, cells: string[][], compact: string[][], width: number): Layout {
  const natural = (lines: string[][], index: number, header: string) => Math.max(textWidth(header), ...lines.map((line) => textWidth(line[index])))
  const full = columns.map((column, index) => natural(cells, index, column.header))
  const total = (widths: number[]) => widths.reduce((sum, value) => sum + value, 0) + GAP * Math.max(0, widths.length - 1)
  const all = columns.map((_, index) => index)
  if (total(full) <= width) return {shown: all, headers: columns.map((column) => column.header), widths: full, hidden: [], cut: false, narrowed: false}

  const headers = columns.map((column) => column.short ?? column.header)
  const natural2 = columns.map((_, index) => natural(compact, index, headers[index]))
  const priority = (index: number) => columns[index].priority ?? index
  const minimum = (index: number) => {
    const column = columns[index]
    if (!column.truncate) return natural2[index]
    return Math.min(natural2[index], Math.max(column.minWidth ?? 12, textWidth(headers[index])))
  }

  // Drop the least important column (of equals, the one that frees the most room) while even the
  // narrowest layout of what is left is too wide; identity columns stay whatever the width.
  const shown = [...all]
  const hidden: string[] = []
  const worse = (a: number, b: number) => priority(a) > priority(b) || (priority(a) === priority(b) && minimum(a) >= minimum(b))
  const drop = (candidates: number[]) => {
    const victim = candidates.reduce((worst, index) => (worse(index, worst) ? index : worst))
    shown.splice(shown.indexOf(victim), 1)
    hidden.push(columns[victim].header)
  }

  while (total(shown.map((index) => minimum(index))) > width) {
    const droppable = shown.filter((index) => priority(index) > Priority.identity)
    if (droppable.length === 0) break
    drop(droppable)
  }

  // Then cut long text — but never keep less important columns when dropping them would show a more
  // important one in full: drop the least of them, and fit again.
  let widths: number[]
  for (;;) {
    widths = shrink(
      shown.map((index) => natural2[index]),
      shown.map((index) => minimum(index)),
      shown.map((index) => priority(index)),
      total,
      width,
    )
    const cut = shown
      .map((index, position) => ({index, deficit: natural2[index] - widths[position]}))
      .filter(({index, deficit}) => deficit > 0 && priority(index) > Priority.identity)
      .sort((a, b) => priority(a.index) - priority(b.index))
    if (cut.length === 0) break
    const [{index: first, deficit}] = cut
    const lessImportant = shown.filter((index) => priority(index) > priority(first))
    const room = lessImportant.reduce((sum, index) => sum + widths[shown.indexOf(index)] + GAP, 0)
    if (lessImportant.length === 0 || room < deficit) break
    drop(lessImportant)
  }

  const wasCut = shown.some((index, position) => widths[position] < natural2[index])
  return {shown, headers: shown.map((index) => headers[index]), widths, hidden: hidden.reverse(), cut: wasCut, narrowed: true}
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '-'
  return String(value)
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)))
  return right ? fill + text : text + fill
}

/** What was left out, on one line that fits too. */
function narrowedNote(layout: Layout, width: number): string {
  const what = [layout.hidden.length > 0 ? `${layout.hidden.join(', ')} hidden` : '', layout.cut ? 'long values cut (…)' : ''].filter(Boolean).join(', ')
  const wide = '; --wide shows all'
  const hidden = layout.hidden.join(', ')
  const notes = [
    `(${what} to fit ${width} columns${wide})`,
    hidden ? `(${hidden} hidden${wide})` : '',
    `(narrowed to fit ${width} columns${wide})`,
    `(narrowed${wide})`,
    '(narrowed)',
  ]
  return notes.find((note) => note && textWidth(note) <= width) ?? ''
}

export function renderTable<Row>(columns: Array<Column<Row>>, rows: Row[], options: TableOptions = {}): string {
  // Only commands pass a width (from --wide and the terminal), so the renderers stay pure.
  const width = options.width ?? ambientWidth ?? Number.POSITIVE_INFINITY
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))))
  const hasCompact = columns.some((column) => column.compact)
  const compactRow = (row: Row, line: number) => columns.map((column, index) => (column.compact ? cell(column.compact(row)) : cells[line][index]))
  const compact = hasCompact ? rows.map((row, line) => compactRow(row, line)) : cells
  const layout = fitColumns(columns, cells, compact, width)
  const values = layout.narrowed ? compact : cells
  const format = (values: string[]) =>
    layout.shown
      .map((index, position) => {
        const column = columns[index]
        const text = cut(values[index], layout.widths[position], column.truncate)
        return pad(text, layout.widths[position], column.align === 'right')
      })
      .join(' '.repeat(GAP))
      .trimEnd()
  const headerLine = format(columns.map((_, index) => layout.headers[layout.shown.indexOf(index)] ?? ''))
  const lines = [headerLine, ...values.map((line) => format(line))]
  const note = layout.hidden.length > 0 || layout.cut ? narrowedNote(layout, width) : ''
  if (note) lines.push(note)
  return lines.join('\n')
}

/**
 * Prose around a table, wrapped at word boundaries to the same width; continuation lines take
 * `indent` (a bullet's hanging indent). A word longer than the width (an ARN) is left whole.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  if (textWidth(text) <= width) return [text]
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (line !== '' && line.trim() !== '' && textWidth(candidate) > width) {
      lines.push(line)
      line = `${indent}${word}`
    } else {
      line = candidate
    }
  }

  lines.push(line)
  return lines
}

/** Two-column "label  value" block, for summaries. */
export function renderPairs(pairs: Array<[string, string | number]>): string {
  const width = Math.max(...pairs.map(([label]) => label.length))
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')
}
