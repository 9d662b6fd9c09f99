// Bounded parallelism for reads. The rate budget in aws/ sets the pace; this only caps how many
// requests are open at once so that thousands of functions do not mean thousands of sockets.

export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      // eslint-disable-next-line no-await-in-loop -- each worker takes the next item only when its last one is done: that is the limit
      results[index] = await fn(items[index], index)
    }
  }

  await Promise.all(Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker))
  return results
}

/** Runs tasks as they arrive, at most `limit` at a time (for work that starts before all input is known). */
export function createLimiter(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  let active = 0
  const waiting: Array<() => void> = []
  const release = () => {
    active--
    waiting.shift()?.()
  }

  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      release()
    }
  }
}
