// The live dashboard keeps ~30 MB of data, but each Ink frame of a full-screen table and charts
// leaves a few MB of garbage, and V8 lets a long-running process's heap grow to ~90 MB before a full
// collection. A full collection at most once a second after rendering keeps the heap near its live
// size, at ~10 ms a time (measured by scripts/bench-dashboard.js: peak RSS 188 → 158 MB with 40
// functions, 228 → 180 MB with 200). What is left is V8's committed heap, which only launch flags
// (--max-semi-space-size, --max-old-space-size) shrink further.
import {useEffect, useRef} from 'react'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

const MIN_INTERVAL_MS = 1000

let collector: (() => void) | null | undefined

/** V8's full collection, made callable without a launch flag; null where the runtime refuses. */
function fullCollection(): (() => void) | null {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      collector = runInNewContext('gc') as () => void
    } catch {
      collector = null
    }
  }

  return collector
}

export function useIdleCollection(): void {
  const last = useRef(0)
  const pending = useRef<NodeJS.Timeout | undefined>(undefined)
  useEffect(() => {
    const collect = fullCollection()
    if (!collect || pending.current) return
    const wait = Math.max(0, last.current + MIN_INTERVAL_MS - Date.now())
    pending.current = setTimeout(() => {
      pending.current = undefined
      last.current = Date.now()
      collect()
    }, wait)
    pending.current.unref?.()
  })
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current)
    },
    [],
  )
}
