// The part of the CloudWatch Logs Insights query language the sandbox answers, over Lambda's
// REPORT lines:
//   filter @type = "REPORT"                       (also ==, like, @message like /REPORT/)
//   filter ispresent(@initDuration)               (cold starts only; also @initDuration > 0)
//   stats count(*), count(@initDuration), sum|avg|min|max(@duration|@initDuration|@billedDuration|
//         @maxMemoryUsed|@memorySize), pct(@duration, 99) [as name], … [by bin(5m)[, @log]]
//   fields/display …, sort FIELD [asc|desc], limit N
// Anything else is a MalformedQueryException that says what the sandbox cannot do, with the
// offending command's position, as Insights reports compile errors.

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message)
  }
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'pct'
export type ReportField = '*' | '@initDuration' | '@duration' | '@billedDuration' | '@maxMemoryUsed' | '@memorySize' | '@requestId'

export interface Aggregate {
  fn: AggregateFunction
  field: ReportField
  /** Percentile for pct(). */
  p?: number
  /** The result column: the alias, or the expression as written. */
  name: string
}

export type GroupKey = {kind: 'bin'; seconds: number; name: string} | {kind: 'log'; name: string}

export interface InsightsQuery {
  /** Only REPORT lines (otherwise START and END lines count too). */
  reportOnly: boolean
  /** Only REPORT lines of cold starts. */
  coldOnly: boolean
  stats?: {aggregates: Aggregate[]; groups: GroupKey[]}
  fields?: string[]
  sort?: {field: string; descending: boolean}
  limit?: number
}

const FIELDS = new Set<string>(['@initDuration', '@duration', '@billedDuration', '@maxMemoryUsed', '@memorySize', '@requestId'])
export const EVENT_FIELDS = new Set<string>([
  '@timestamp',
  '@message',
  '@logStream',
  '@log',
  '@requestId',
  '@type',
  '@duration',
  '@billedDuration',
  '@memorySize',
  '@maxMemoryUsed',
  '@initDuration',
  '@ptr',
])

interface Piece {
  text: string
  start: number
}

/** Splits on `|` outside quotes and /regex/ literals. */
function commands(query: string): Piece[] {
  const pieces: Piece[] = []
  let start = 0
  let quote: string | undefined
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]
    if (quote) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch
    else if (ch === '/' && /(like|=~)\s*$/.test(query.slice(start, i))) quote = '/'
    else if (ch === '|') {
      pieces.push({text: query.slice(start, i), start})
      start = i + 1
    }
  }
  pieces.push({text: query.slice(start), start})
  return pieces
    .map((piece) => {
      const lead = piece.text.length - piece.text.trimStart().length
      return {text: piece.text.trim(), start: piece.start + lead}
    })
    .filter((piece) => piece.text !== '' && !piece.text.startsWith('#'))
}

/** Splits on commas outside parentheses. */
function list(text: string): string[] {
  const items: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')') depth--
    else if (text[i] === ',' && depth === 0) {
      items.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  items.push(text.slice(start).trim())
  return items.filter((item) => item !== '')
}

const BIN_UNITS: Record<string, number> = {s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600, d: 86_400}

export function parseInsightsQuery(query: string): InsightsQuery {
  const parsed: InsightsQuery = {reportOnly: false, coldOnly: false}
  const pieces = commands(query)
  if (pieces.length === 0) throw new QuerySyntaxError('The query is empty.', 0, 0)
  for (const piece of pieces) {
    const fail = (message: string): never => {
      throw new QuerySyntaxError(message, piece.start, piece.start + piece.text.length)
    }
    const match = /^([a-zA-Z]+)\b\s*([\s\S]*)$/.exec(piece.text)
    if (!match) fail(`Unexpected input: ${piece.text}`)
    const command = match![1].toLowerCase()
    const rest = match![2].trim()
    switch (command) {
      case 'filter':
        for (const condition of rest.split(/\s+and\s+/i)) filterCondition(condition.trim(), parsed, fail)
        break
      case 'stats':
        if (parsed.stats) fail('The sandbox answers one stats command per query.')
        parsed.stats = statsCommand(rest, fail)
        break
      case 'fields':
      case 'display':
        parsed.fields = list(rest).map((field) => {
          if (!EVENT_FIELDS.has(field)) fail(`The sandbox's REPORT lines have no field ${field}; available: ${[...EVENT_FIELDS].join(', ')}.`)
          return field
        })
        break
      case 'sort': {
        const sort = /^(\S+)(?:\s+(asc|desc))?$/i.exec(rest)
        if (!sort) fail('sort takes a field and asc or desc.')
        parsed.sort = {field: sort![1], descending: (sort![2] ?? 'desc').toLowerCase() === 'desc'}
        break
      }
      case 'limit': {
        if (!/^\d+$/.test(rest) || Number(rest) < 1 || Number(rest) > 10_000) fail('limit takes a number from 1 to 10000.')
        parsed.limit = Number(rest)
        break
      }
      default:
        fail(`The sandbox does not support the ${command} command; it answers filter, stats, fields, display, sort and limit over REPORT lines.`)
    }
  }
  return parsed
}

function filterCondition(condition: string, parsed: InsightsQuery, fail: (message: string) => never): void {
  const text = condition.replace(/^\((.*)\)$/, '$1').trim()
  if (
    /^@type\s*(=|==|like)\s*(["'])REPORT\2$/i.test(text) ||
    /^@message\s*(like|=~)\s*\/\^?REPORT[^/]*\/$/.test(text) ||
    /^@message\s*like\s*(["'])REPORT[^"']*\1$/.test(text)
  ) {
    parsed.reportOnly = true
    return
  }
  if (/^ispresent\(\s*@initDuration\s*\)$/i.test(text) || /^@initDuration\s*>\s*0$/.test(text)) {
    parsed.reportOnly = true
    parsed.coldOnly = true
    return
  }
  fail(`The sandbox cannot evaluate the filter ${text}; it understands @type = "REPORT", @message like /REPORT/ and ispresent(@initDuration).`)
}

function statsCommand(text: string, fail: (message: string) => never): {aggregates: Aggregate[]; groups: GroupKey[]} {
  const by = /\s+by\s+/i.exec(text)
  const aggregateText = by ? text.slice(0, by.index) : text
  const groupText = by ? text.slice(by.index + by[0].length) : ''
  const aggregates = list(aggregateText).map((item) => aggregate(item, fail))
  if (aggregates.length === 0) fail('stats needs at least one aggregate function.')
  const groups = list(groupText).map((item): GroupKey => {
    const alias = /^(.*?)\s+as\s+([A-Za-z_@][\w@.]*)$/i.exec(item)
    const expression = (alias ? alias[1] : item).trim()
    const name = alias ? alias[2] : expression
    const bin = /^bin\(\s*(\d+)\s*([a-z]+)\s*\)$/i.exec(expression)
    if (bin) {
      const unit = BIN_UNITS[bin[2].toLowerCase()]
      if (!unit) fail(`Unknown time unit in ${expression}: use s, m, h or d.`)
      const seconds = Number(bin[1]) * unit
      if (seconds < 60 || seconds % 60 !== 0) fail(`The sandbox keeps REPORT lines per minute: use a bin of whole minutes (${expression} is not).`)
      return {kind: 'bin', seconds, name}
    }
    if (expression === '@log') return {kind: 'log', name}
    return fail(`The sandbox cannot group by ${expression}; use bin(…) and @log.`)
  })
  return {aggregates, groups}
}

function aggregate(item: string, fail: (message: string) => never): Aggregate {
  const alias = /^(.*?)\s+as\s+([A-Za-z_][\w]*)$/i.exec(item)
  const expression = (alias ? alias[1] : item).trim()
  const match = /^(count|sum|avg|min|max|pct)\s*\(\s*([^,)]*?)\s*(?:,\s*(\d+(?:\.\d+)?)\s*)?\)$/i.exec(expression)
  if (!match) return fail(`The sandbox cannot compute ${expression}; it supports count, sum, avg, min, max and pct over REPORT fields.`)
  const fn = match[1].toLowerCase() as AggregateFunction
  const field = (match[2] === '' ? '*' : match[2]) as ReportField
  if (field !== '*' && !FIELDS.has(field)) fail(`The sandbox's REPORT lines have no field ${field}.`)
  if (field === '*' && fn !== 'count') fail(`${fn}(*) is not valid: name a field.`)
  if (fn === 'pct' && match[3] === undefined) fail('pct needs a percentile: pct(@duration, 99).')
  if (fn !== 'pct' && match[3] !== undefined) fail(`${fn} takes one argument.`)
  if (field === '@requestId' && fn !== 'count') fail(`${fn}(@requestId) is not a number.`)
  return {fn, field, ...(fn === 'pct' ? {p: Number(match[3])} : {}), name: alias ? alias[2] : expression}
}
