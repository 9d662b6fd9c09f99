// Live Ink view or one printed snapshot? Ink needs a terminal on both ends (it reads keys in raw
// mode and redraws in place); anything else — a pipe, a file, CI, --json — gets the snapshot.

export interface TerminalFacts {
  once?: boolean
  json?: boolean
  stdoutIsTTY?: boolean
  stdinIsTTY?: boolean
  env?: NodeJS.ProcessEnv
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

export function shouldRenderLive(facts: TerminalFacts): boolean {
  if (facts.once || facts.json) return false
  return Boolean(facts.stdoutIsTTY && facts.stdinIsTTY) && !isCi(facts.env ?? {})
}
