// Module resolution hook for the start-up test: records every module URL resolved, to a file.
import {appendFileSync} from 'node:fs'

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  if (process.env.LX_TRACE_IMPORTS_FILE) appendFileSync(process.env.LX_TRACE_IMPORTS_FILE, `${result.url}\n`)
  return result
}
