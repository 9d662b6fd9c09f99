// "Did you mean …?" for mistyped commands and flags: the candidate with the fewest single-character
// edits, if it is close enough to be what the user meant rather than a different word.

export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }

    previous = current
  }

  return previous[b.length]
}

/**
 * The closest candidate, or undefined when even the closest needs more edits than a typo would
 * (a third of the longer word, at least 2): `--reserve` → `--reserved`, but `--color` → nothing.
 * A candidate that starts with the input (an abbreviation) counts as one edit.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = candidate.startsWith(input) && input.length >= 3 ? 1 : editDistance(input, candidate)
    if (!best || distance < best.distance) best = {candidate, distance}
  }

  if (!best) return undefined
  const allowed = Math.max(2, Math.floor(Math.max(input.length, best.candidate.length) / 3))
  return best.distance <= allowed ? best.candidate : undefined
}
