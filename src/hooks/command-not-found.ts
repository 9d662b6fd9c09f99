// An unknown command: say what was probably meant — the whole command line, arguments and flags
// kept, ready to copy — and exit 2 (bad input), with or without a terminal. It replaces
// @oclif/plugin-not-found, which exits 127 and, on a terminal, asks to run its guess: lx changes
// live AWS resources, so it never runs a command the user did not type.
import type {Hook} from '@oclif/core'

import {closestMatch, editDistance} from '../lib/closest-match.js'

export interface CommandSuggestion {
  /** The words to run instead: the command's own, then everything else the user typed. */
  words: string[]
  /** It names a topic (`lx concurrency`), not a command. */
  topic: boolean
}

/**
 * The suggestion for `words` (everything typed after `lx`), or undefined. Each leading word must be
 * a plausible typo of its part of a command id; the deepest command wins, then the fewest edits. Pure.
 */
export function suggestCommand(words: readonly string[], commandIds: readonly string[], topics: readonly string[]): CommandSuggestion | undefined {
  const firstFlag = words.findIndex((word) => word.startsWith('-'))
  const leading = firstFlag === -1 ? words.length : firstFlag
  let best: {id: string; depth: number; distance: number; topic: boolean} | undefined
  const candidates = [...commandIds.map((id) => ({id, topic: false})), ...topics.map((id) => ({id, topic: true}))]
  for (const {id, topic} of candidates) {
    const parts = id.split(':')
    if (parts.length > leading) continue
    let distance = 0
    for (const [index, part] of parts.entries()) {
      if (closestMatch(words[index], [part]) === undefined) {
        distance = Number.POSITIVE_INFINITY
        break
      }

      distance += editDistance(words[index], part)
    }

    if (distance === Number.POSITIVE_INFINITY) continue
    const depth = parts.length
    if (!best || depth > best.depth || (depth === best.depth && distance < best.distance)) best = {id, depth, distance, topic}
  }

  if (!best) return undefined
  return {words: [...best.id.split(':'), ...words.slice(best.depth)], topic: best.topic}
}

/** Quote a word for a POSIX shell when it needs it, so the suggestion can be pasted back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`
}

const hook: Hook.CommandNotFound = async function (options) {
  const {config} = options
  const visible = config.commands.filter((command) => !command.hidden)
  const ids = [...visible.map((command) => command.id), ...visible.flatMap((command) => command.aliases)]
  const topics = config.topics.filter((topic) => !topic.hidden).map((topic) => topic.name)
  const words = [...options.id.split(':'), ...(options.argv ?? [])]
  const suggestion = suggestCommand(words, ids, topics)
  const typed = options.id
    .split(':')
    .map((word) => shellWord(word))
    .join(' ')
  const message = `"${typed}" is not an ${config.bin} command.`
  let hint = `Run \`${config.bin} help\` for the list of commands.`
  if (suggestion?.topic) hint = `Run \`${config.bin} help ${suggestion.words[0]}\` for the ${suggestion.words[0]} commands.`
  else if (suggestion) hint = `Did you mean: ${config.bin} ${suggestion.words.map((word) => shellWord(word)).join(' ')}`
  // The same shape as every other lx error under --json (base-command.ts).
  if (options.argv?.includes('--json')) process.stdout.write(`${JSON.stringify({error: {code: 'UnknownCommand', message, hint, exitCode: 2}}, null, 2)}\n`)
  else process.stderr.write(`Error: ${message}\n  ${hint}\n`)
  // Exit here: oclif would otherwise print its own "command not found" and exit 1.
  this.exit(2)
}

export default hook
