// Opaque NextToken pagination by offset, for the services that page with NextToken (Organizations,
// Account Management): the token names what it pages through, so one list's token is refused by
// another.

export function nextToken(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({[list]: offset})).toString('base64')
}

/** The offset a token holds, or undefined when it is not a token of `list` (the caller refuses it). */
export function offsetOfNextToken(list: string, token: unknown): number | undefined {
  if (typeof token !== 'string') return undefined
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>)[list]
    return Number.isInteger(offset) && (offset as number) >= 0 ? (offset as number) : undefined
  } catch {
    return undefined
  }
}
