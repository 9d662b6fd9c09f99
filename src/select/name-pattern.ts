// --match and --exclude run against every function name of the account, so a pattern must never
// hang lx: `^(a+)+$` on a 50-character name takes the backtracking engine 2^50 steps.
//
// V8 carries a backtracking-free engine (the `l` flag) whose time is linear in the name's length;
// it is switched on by a V8 flag that is only read when a regular expression is parsed, so setting
// it at run time is safe. That engine cannot run backreferences, lookarounds or repeat counts above
// 16; such a pattern (or every pattern, on a Node without the engine) goes to the backtracking
// engine only when it has no nested or alternating repetition, the shapes that take exponential
// time. Function names are at most 64 characters, so what remains is polynomial and quick.
import {setFlagsFromString} from 'node:v8'

import {UserError} from '../errors.js'

let linearEngine: boolean | undefined

function linearEngineAvailable(): boolean {
  if (linearEngine === undefined) {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine')
      linearEngine = new RegExp('a', 'l').test('a')
    } catch {
      linearEngine = false
    }
  }

  return linearEngine
}

/** Which engine compiled a pattern; exported for tests. */
export function isLinear(regex: RegExp): boolean {
  return regex.flags.includes('l')
}

/** A regular expression over function names that runs in linear time or, failing that, without exponential backtracking. */
export function compileNamePattern(flag: string, source: string, options: {linear?: boolean} = {}): RegExp {
  let regex: RegExp
  try {
    regex = new RegExp(source)
  } catch (error) {
    throw new UserError(`--${flag} "${source}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}.`, {
      code: 'BadRegex',
      hint: `Fix the pattern, e.g. --${flag} '^orders-'.`,
    })
  }

  const linear = options.linear ?? linearEngineAvailable()
  if (linear) {
    try {
      return new RegExp(source, 'l')
    } catch {
      // Backreference, lookaround or a large repeat count: judged below.
    }
  }

  const reason = catastrophicShape(source)
  if (reason) {
    throw new UserError(`--${flag} "${source}" could take lx forever to match (${reason}).`, {
      code: 'CatastrophicRegex',
      hint: linear
        ? 'Leave out backreferences and lookarounds, and write repeat counts above 16 as + or * (e.g. (a|ab)+ for (a|ab){1,40}) to run it in linear time.'
        : 'Repeat a group without a repeat or | inside it, e.g. ^(ab)+$ or ^[ab]+$ instead of ^(a+)+$ or ^(a|ab)+$.',
    })
  }

  return regex
}

interface GroupScan {
  /** A quantifier somewhere inside the group. */
  repeats: boolean
  /** A `|` somewhere inside the group. */
  alternates: boolean
}

const QUANTIFIER = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})/

/**
 * The shape that makes the backtracking engine exponential, or undefined: a group repeated more
 * than once that itself contains a repetition (star height above 1: `(a+)+`, `(a?){30}`) or an
 * alternation (`(a|a)*`). Works on a valid pattern (the caller compiled it first).
 */
export function catastrophicShape(source: string): string | undefined {
  const stack: GroupScan[] = [{repeats: false, alternates: false}]
  let closed: GroupScan | undefined
  let i = 0
  while (i < source.length) {
    const char = source[i]
    const quantifier = QUANTIFIER.exec(source.slice(i))
    if (quantifier) {
      const [token, least, comma, most] = quantifier
      const repeatsMoreThanOnce = token === '*' || token === '+' || (least !== undefined && (comma ? most === '' || Number(most) > 1 : Number(least) > 1))
      if (closed && repeatsMoreThanOnce && closed.repeats) return 'a repeated group with a repeat inside it'
      if (closed && repeatsMoreThanOnce && closed.alternates) return 'a repeated group with | inside it'
      stack.at(-1)!.repeats = true
      i += token.length
      if (source[i] === '?') i++ // lazy: the same repetition
      closed = undefined
      continue
    }

    closed = undefined
    if (char === '\\') {
      i += 2
    } else if (char === '[') {
      i++
      if (source[i] === '^') i++
      if (source[i] === ']') i++ // a leading ] is a literal
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1
      i++
    } else if (char === '(') {
      stack.push({repeats: false, alternates: false})
      i++
      // (?: (?= (?! (?<= (?<! (?<name>: the ? opens a group kind, it repeats nothing.
      if (source[i] === '?') i++
    } else if (char === ')') {
      const group = stack.length > 1 ? stack.pop()! : {repeats: false, alternates: false}
      const parent = stack.at(-1)!
      parent.repeats ||= group.repeats
      parent.alternates ||= group.alternates
      closed = group
      i++
    } else {
      if (char === '|') stack.at(-1)!.alternates = true
      i++
    }
  }

  return undefined
}
