// CloudWatch metric math for the sandbox's GetMetricData: parse an expression, name the ids it
// uses, and evaluate it over the series of the other queries of the request.
//
// Supported: numbers and query ids; + - * / ^ and unary minus between scalars, time series (TS)
// and arrays of time series (TS[]); parentheses; lists [a, b, …]; METRICS() and METRICS("text");
// SUM, AVG, MIN, MAX (of one TS: a scalar over its datapoints; of a TS[]: one TS, timestamp by
// timestamp); FILL(TS | TS[], number | REPEAT | LINEAR); ABS, CEIL, FLOOR.
// CloudWatch's rules followed: missing values count as 0 in arithmetic between two series and in
// SUM/AVG of an array; a datapoint that would divide by zero is dropped; a final result must be a
// TS or a TS[]. Where the sandbox chooses: MIN/MAX of an array look only at the values present;
// FILL fills the bins of the requested window up to the present (not the future), REPEAT from the
// last value before a gap (a gap at the start stays), LINEAR only between two values.

export class MetricMathError extends Error {}

export interface Series {
  /** Epoch seconds, ascending. */
  timestamps: number[]
  values: number[]
}

export interface LabeledSeries extends Series {
  label: string
}

export type MathValue = {kind: 'scalar'; value: number} | {kind: 'series'; series: LabeledSeries} | {kind: 'array'; items: LabeledSeries[]}

type Node =
  | {type: 'number'; value: number}
  | {type: 'id'; name: string}
  | {type: 'string'; value: string}
  | {type: 'keyword'; name: 'REPEAT' | 'LINEAR'}
  | {type: 'negate'; operand: Node}
  | {type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node}
  | {type: 'list'; items: Node[]}
  | {type: 'call'; name: string; args: Node[]}

export interface Expression {
  readonly text: string
  readonly root: Node
  /** Query ids the expression reads (METRICS() reads every metric query: see `readsAllMetrics`). */
  readonly ids: string[]
  readonly readsAllMetrics: boolean
}

const FUNCTIONS = new Set(['SUM', 'AVG', 'MIN', 'MAX', 'FILL', 'METRICS', 'ABS', 'CEIL', 'FLOOR'])
const KEYWORDS = new Set(['REPEAT', 'LINEAR'])

// ---------------------------------------------------------------------------------------------
// Parsing

interface Token {
  kind: 'number' | 'id' | 'name' | 'string' | 'op' | 'end'
  text: string
  at: number
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    const rest = text.slice(i)
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest)
    if (number) {
      tokens.push({kind: 'number', text: number[0], at: i})
      i += number[0].length
      continue
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)
    if (word) {
      tokens.push({kind: /^[a-z]/.test(word[0]) ? 'id' : 'name', text: word[0], at: i})
      i += word[0].length
      continue
    }
    if (c === '"' || c === '“') {
      const close = c === '"' ? '"' : '”'
      const end = text.indexOf(close, i + 1)
      if (end < 0) throw new MetricMathError(`unterminated string at position ${i + 1}`)
      tokens.push({kind: 'string', text: text.slice(i + 1, end), at: i})
      i = end + 1
      continue
    }
    if ('+-*/^()[],'.includes(c)) {
      tokens.push({kind: 'op', text: c, at: i})
      i++
      continue
    }
    throw new MetricMathError(`unexpected character "${c}" at position ${i + 1}`)
  }
  tokens.push({kind: 'end', text: '', at: text.length})
  return tokens
}

class Parser {
  private index = 0
  readonly ids = new Set<string>()
  readsAllMetrics = false

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.additive()
    const next = this.peek()
    if (next.kind !== 'end') throw this.unexpected(next)
    return node
  }

  private peek(): Token {
    return this.tokens[this.index]
  }

  private take(): Token {
    return this.tokens[this.index++]
  }

  private isOp(text: string): boolean {
    const token = this.peek()
    return token.kind === 'op' && token.text === text
  }

  private expect(text: string): void {
    const token = this.take()
    if (token.kind !== 'op' || token.text !== text) throw this.unexpected(token, `"${text}"`)
  }

  private unexpected(token: Token, wanted?: string): MetricMathError {
    const found = token.kind === 'end' ? 'the end of the expression' : `"${token.text}" at position ${token.at + 1}`
    return new MetricMathError(`${wanted ? `expected ${wanted}, found` : 'unexpected'} ${found}`)
  }

  private additive(): Node {
    let left = this.multiplicative()
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.take().text as '+' | '-'
      left = {type: 'binary', op, left, right: this.multiplicative()}
    }
    return left
  }

  private multiplicative(): Node {
    let left = this.unary()
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.take().text as '*' | '/'
      left = {type: 'binary', op, left, right: this.unary()}
    }
    return left
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.take()
      return {type: 'negate', operand: this.unary()}
    }
    return this.power()
  }

  private power(): Node {
    const base = this.primary()
    if (!this.isOp('^')) return base
    this.take()
    return {type: 'binary', op: '^', left: base, right: this.unary()}
  }

  private primary(): Node {
    const token = this.take()
    switch (token.kind) {
      case 'number':
        return {type: 'number', value: Number(token.text)}
      case 'id':
        this.ids.add(token.text)
        return {type: 'id', name: token.text}
      case 'string':
        return {type: 'string', value: token.text}
      case 'name': {
        if (KEYWORDS.has(token.text)) return {type: 'keyword', name: token.text as 'REPEAT' | 'LINEAR'}
        if (!this.isOp('(')) {
          throw new MetricMathError(`"${token.text}" at position ${token.at + 1} is neither a function nor an id (ids start with a lowercase letter)`)
        }
        if (!FUNCTIONS.has(token.text)) {
          throw new MetricMathError(`the function ${token.text} is not supported by the sandbox; it evaluates ${[...FUNCTIONS].join(', ')}`)
        }
        this.take()
        const args: Node[] = []
        if (!this.isOp(')')) {
          args.push(this.additive())
          while (this.isOp(',')) {
            this.take()
            args.push(this.additive())
          }
        }
        this.expect(')')
        if (token.text === 'METRICS') this.readsAllMetrics = true
        return {type: 'call', name: token.text, args}
      }
      case 'op': {
        if (token.text === '(') {
          const inner = this.additive()
          this.expect(')')
          return inner
        }
        if (token.text === '[') {
          const items = [this.additive()]
          while (this.isOp(',')) {
            this.take()
            items.push(this.additive())
          }
          this.expect(']')
          return {type: 'list', items}
        }
        throw this.unexpected(token)
      }
      default:
        throw this.unexpected(token)
    }
  }
}

export function parseExpression(text: string): Expression {
  if (text.trim() === '') throw new MetricMathError('the expression is empty')
  const parser = new Parser(tokenize(text))
  const root = parser.parse()
  return {text, root, ids: [...parser.ids], readsAllMetrics: parser.readsAllMetrics}
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface EvaluationContext {
  /** The value of a query id (a metric's series, or another expression's result). */
  valueOf(id: string): MathValue
  /** The metric queries (not expressions) of the request, for METRICS(). */
  metricIds(): string[]
  /** Bin starts (epoch seconds, ascending) FILL may fill for a series of this period. */
  bins(period: number): number[]
  /** The period of the series an expression works on (the smallest of the metrics it reads). */
  period: number
}

const scalar = (value: number): MathValue => ({kind: 'scalar', value})
const series = (s: LabeledSeries): MathValue => ({kind: 'series', series: s})

function describe(value: MathValue): string {
  return value.kind === 'scalar' ? 'a number' : value.kind === 'series' ? 'a time series' : 'an array of time series'
}

function asSeriesList(value: MathValue, what: string): LabeledSeries[] {
  if (value.kind === 'series') return [value.series]
  if (value.kind === 'array') return value.items
  throw new MetricMathError(`${what} takes time series, not ${describe(value)}`)
}

function apply(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      // CloudWatch drops a datapoint that would divide by zero.
      return b === 0 ? undefined : a / b
    default: {
      const result = a ** b
      return Number.isFinite(result) ? result : undefined
    }
  }
}

function mapValues(s: LabeledSeries, f: (value: number) => number | undefined, label = s.label): LabeledSeries {
  const out: LabeledSeries = {label, timestamps: [], values: []}
  for (let i = 0; i < s.timestamps.length; i++) {
    const value = f(s.values[i])
    if (value !== undefined && Number.isFinite(value)) {
      out.timestamps.push(s.timestamps[i])
      out.values.push(value)
    }
  }
  return out
}

/** Timestamp by timestamp over the union of the series' timestamps; a missing value is passed as undefined. */
function zip(list: LabeledSeries[], label: string, f: (values: Array<number | undefined>) => number | undefined): LabeledSeries {
  const out: LabeledSeries = {label, timestamps: [], values: []}
  // A merge of ascending series: one cursor per series.
  const cursors = list.map(() => 0)
  const values: Array<number | undefined> = list.map(() => undefined)
  for (;;) {
    let t = Number.POSITIVE_INFINITY
    for (const [i, s] of list.entries()) if (cursors[i] < s.timestamps.length && s.timestamps[cursors[i]] < t) t = s.timestamps[cursors[i]]
    if (t === Number.POSITIVE_INFINITY) return out
    for (const [i, s] of list.entries()) {
      if (cursors[i] < s.timestamps.length && s.timestamps[cursors[i]] === t) values[i] = s.values[cursors[i]++]
      else values[i] = undefined
    }
    const value = f(values)
    if (value !== undefined && Number.isFinite(value)) {
      out.timestamps.push(t)
      out.values.push(value)
    }
  }
}

function binary(op: string, left: MathValue, right: MathValue): MathValue {
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    const value = apply(op, left.value, right.value)
    return scalar(value ?? Number.NaN)
  }
  if (left.kind === 'array' || right.kind === 'array') {
    if (left.kind === 'array' && right.kind === 'array') throw new MetricMathError(`${op} cannot combine two arrays of time series`)
    const items = left.kind === 'array' ? left.items : (right as {items: LabeledSeries[]}).items
    return {
      kind: 'array',
      items: items.map((item) => {
        const result = left.kind === 'array' ? binary(op, series(item), right) : binary(op, left, series(item))
        return {...(result as {series: LabeledSeries}).series, label: item.label}
      }),
    }
  }
  if (left.kind === 'scalar') return series(mapValues((right as {series: LabeledSeries}).series, (v) => apply(op, left.value, v)))
  if (right.kind === 'scalar') return series(mapValues(left.series, (v) => apply(op, v, right.value)))
  // Two time series: missing values count as 0.
  return series(zip([left.series, right.series], left.series.label, ([a, b]) => apply(op, a ?? 0, b ?? 0)))
}

function aggregate(name: string, value: MathValue): MathValue {
  if (value.kind === 'scalar') throw new MetricMathError(`${name} takes a time series or an array of time series, not a number`)
  if (value.kind === 'series') {
    const values = value.series.values
    if (values.length === 0) return scalar(Number.NaN)
    switch (name) {
      case 'SUM':
        return scalar(values.reduce((a, b) => a + b, 0))
      case 'AVG':
        return scalar(values.reduce((a, b) => a + b, 0) / values.length)
      case 'MIN':
        return scalar(Math.min(...values))
      default:
        return scalar(Math.max(...values))
    }
  }
  const {items} = value
  return series(
    zip(items, name, (values) => {
      if (name === 'SUM') return values.reduce<number>((a, b) => a + (b ?? 0), 0)
      if (name === 'AVG') return values.reduce<number>((a, b) => a + (b ?? 0), 0) / values.length
      const present = values.filter((v): v is number => v !== undefined)
      if (present.length === 0) return undefined
      return name === 'MIN' ? Math.min(...present) : Math.max(...present)
    }),
  )
}

function fill(s: LabeledSeries, how: MathValue | 'REPEAT' | 'LINEAR', bins: number[]): LabeledSeries {
  const known = new Map(s.timestamps.map((t, i) => [t, s.values[i]]))
  const grid = [...new Set([...bins, ...s.timestamps])].sort((a, b) => a - b)
  // For LINEAR: the next timestamp with a value, from each position (one pass from the end).
  const nextKnown: Array<number | undefined> = []
  if (how === 'LINEAR') {
    let next: number | undefined
    for (let i = grid.length - 1; i >= 0; i--) {
      nextKnown[i] = next
      if (known.has(grid[i])) next = grid[i]
    }
  }
  const out: LabeledSeries = {label: s.label, timestamps: [], values: []}
  let previous: {t: number; value: number} | undefined
  for (const [index, t] of grid.entries()) {
    let value = known.get(t)
    if (value === undefined) {
      if (how === 'REPEAT') value = previous?.value
      else if (how === 'LINEAR') {
        const next = nextKnown[index]
        if (previous && next !== undefined) value = previous.value + ((known.get(next)! - previous.value) * (t - previous.t)) / (next - previous.t)
      } else value = (how as {value: number}).value
    } else previous = {t, value}
    if (value !== undefined && Number.isFinite(value)) {
      out.timestamps.push(t)
      out.values.push(value)
    }
  }
  return out
}

function evaluateNode(node: Node, context: EvaluationContext): MathValue {
  switch (node.type) {
    case 'number':
      return scalar(node.value)
    case 'id':
      return context.valueOf(node.name)
    case 'string':
      throw new MetricMathError(`a string ("${node.value}") is only allowed as the argument of METRICS()`)
    case 'keyword':
      throw new MetricMathError(`${node.name} is only allowed as the second argument of FILL()`)
    case 'negate':
      return binary('*', scalar(-1), evaluateNode(node.operand, context))
    case 'binary':
      return binary(node.op, evaluateNode(node.left, context), evaluateNode(node.right, context))
    case 'list':
      return {kind: 'array', items: node.items.flatMap((item) => asSeriesList(evaluateNode(item, context), 'A list [ … ]'))}
    case 'call':
      return call(node.name, node.args, context)
  }
}

function call(name: string, args: Node[], context: EvaluationContext): MathValue {
  const arity = (count: number) => {
    if (args.length !== count) throw new MetricMathError(`${name} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`)
  }
  switch (name) {
    case 'METRICS': {
      if (args.length > 1 || (args.length === 1 && args[0].type !== 'string')) throw new MetricMathError('METRICS takes nothing or one string')
      const filter = args.length === 1 ? (args[0] as {value: string}).value : ''
      const ids = context.metricIds().filter((id) => id.includes(filter))
      return {kind: 'array', items: ids.flatMap((id) => asSeriesList(context.valueOf(id), 'METRICS'))}
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX':
      arity(1)
      return aggregate(name, evaluateNode(args[0], context))
    case 'ABS':
    case 'CEIL':
    case 'FLOOR': {
      arity(1)
      const f = name === 'ABS' ? Math.abs : name === 'CEIL' ? Math.ceil : Math.floor
      const value = evaluateNode(args[0], context)
      if (value.kind === 'scalar') return scalar(f(value.value))
      if (value.kind === 'series') return series(mapValues(value.series, f))
      return {kind: 'array', items: value.items.map((item) => mapValues(item, f))}
    }
    default: {
      // FILL
      arity(2)
      const target = evaluateNode(args[0], context)
      const list = asSeriesList(target, 'FILL')
      const how = args[1].type === 'keyword' ? args[1].name : evaluateNode(args[1], context)
      if (typeof how !== 'string' && how.kind !== 'scalar') throw new MetricMathError('FILL fills with a number, REPEAT or LINEAR in the sandbox')
      const bins = context.bins(context.period)
      const filled = list.map((item) => fill(item, how, bins))
      return target.kind === 'series' ? series(filled[0]) : {kind: 'array', items: filled}
    }
  }
}

/** Evaluates an expression; its final result must be a time series or an array of them. */
export function evaluateExpression(expression: Expression, context: EvaluationContext): LabeledSeries[] | LabeledSeries {
  const value = evaluateNode(expression.root, context)
  if (value.kind === 'scalar') throw new MetricMathError('the final result must be a time series or an array of time series, not a single number')
  return value.kind === 'series' ? value.series : value.items
}
