// Plain aligned tables for human output on stdout. Numbers align right; nothing here colours
// output, so piping to a file or grep gives clean text.

export interface Column<Row> {
  header: string
  value: (row: Row) => string | number | null | undefined
  align?: 'left' | 'right'
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '-'
  return String(value)
}

export function renderTable<Row>(columns: Array<Column<Row>>, rows: Row[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))))
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index].length)))
  const format = (values: string[]) =>
    values
      .map((value, index) => {
        const right = columns[index].align === 'right'
        return right ? value.padStart(widths[index]) : value.padEnd(widths[index])
      })
      .join('  ')
      .trimEnd()
  return [format(columns.map((column) => column.header)), ...cells.map((line) => format(line))].join('\n')
}

/** Two-column "label  value" block, for summaries. */
export function renderPairs(pairs: Array<[string, string | number]>): string {
  const width = Math.max(...pairs.map(([label]) => label.length))
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')
}
