// Notes from several sources (the account-regions of a fleet) merged for one reader: a line every
// source has alike is said once, the others keep the label of their source.

export interface LabelledLines {
  label: string
  lines: readonly string[]
}

/** Shared lines first (each with `sharedPrefix`), then every other line as `label: line`, in source order. */
export function sayOnce(sources: readonly LabelledLines[], sharedPrefix = ''): string[] {
  if (sources.length === 0) return []
  const shared = sources.length > 1 ? sources[0].lines.filter((line) => sources.every((source) => source.lines.includes(line))) : []
  return [
    ...shared.map((line) => `${sharedPrefix}${line}`),
    ...sources.flatMap((source) => source.lines.filter((line) => !shared.includes(line)).map((line) => `${source.label}: ${line}`)),
  ]
}
