// Ink hands a burst of keys that arrived in one read (a fast typist, tmux send-keys, a paste) to
// useInput as ONE call with the whole string. The dashboard's keys are single characters, so the
// burst is split back into keystrokes; otherwise "jj" or "/orders" would be dropped.

export interface KeyFlags {
  upArrow?: boolean
  downArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  return?: boolean
  escape?: boolean
  backspace?: boolean
  delete?: boolean
  ctrl?: boolean
  meta?: boolean
}

export interface Keystroke {
  input: string
  key: KeyFlags
}

const NAVIGATION: Array<keyof KeyFlags> = ['upArrow', 'downArrow', 'pageUp', 'pageDown', 'return', 'escape', 'backspace', 'delete']

export function splitKeys(input: string, key: KeyFlags): Keystroke[] {
  const special = NAVIGATION.some((name) => key[name])
  if (key.ctrl || special || [...input].length <= 1) {
    // Ink reports a lone Esc as meta; keep it as the escape it is.
    return [{input, key}]
  }

  const strokes: Keystroke[] = []
  // Ink strips a leading Esc and sets `meta`: Esc followed by keys, not Alt+key.
  if (key.meta) strokes.push({input: '', key: {escape: true, meta: true}})
  for (const char of input) {
    if (char === '\r' || char === '\n') strokes.push({input: '', key: {return: true}})
    else if (char === '\u007F' || char === '\b') strokes.push({input: '', key: {backspace: true}})
    else if (char === '\u001B') strokes.push({input: '', key: {escape: true, meta: true}})
    else strokes.push({input: char, key: {}})
  }

  return strokes
}
