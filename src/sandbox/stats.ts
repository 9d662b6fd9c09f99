// Request counters, so benchmarks and tests can assert how many calls a command made and how
// many of them were throttled or failed on purpose.

export interface UnknownRequest {
  method: string
  path: string
  target?: string
}

export interface SandboxStats {
  /** Every request that reached an AWS operation (internal `/_sandbox/` endpoints excluded). */
  total: number
  /** Requests per operation, keyed `signingName:Operation` (e.g. `lambda:GetFunction`), throttled ones included. */
  operations: Record<string, number>
  /** 429 answers from the rate limiter or fault injection, per operation. */
  throttled: Record<string, number>
  /** Injected 500 ServiceExceptions, per operation. */
  faults: Record<string, number>
  /** Error answers of the operations themselves (4xx/5xx other than the above), per operation. */
  errors: Record<string, number>
  /** Requests that matched no operation (the most recent 100). */
  unknown: UnknownRequest[]
  /**
   * The same counts per account-region that answered (`ACCOUNT/REGION`, e.g. `111111111111/eu-west-1`):
   * requests per operation and 429s. Requests refused before reaching one (bad credentials, a
   * region the sandbox does not serve) are counted only in the totals above.
   */
  byAccountRegion: Record<string, AccountRegionStats>
}

export interface AccountRegionStats {
  total: number
  operations: Record<string, number>
  throttled: Record<string, number>
}

const MAX_UNKNOWN = 100

export class StatsRecorder {
  private current: SandboxStats = empty()

  /** A request of `operation`, answered by the account-region `where` (`ACCOUNT/REGION`) when given. */
  request(operation: string, where?: string): void {
    this.current.total++
    bump(this.current.operations, operation)
    if (where === undefined) return
    const cell = (this.current.byAccountRegion[where] ??= {total: 0, operations: {}, throttled: {}})
    cell.total++
    bump(cell.operations, operation)
  }

  throttled(operation: string, where?: string): void {
    bump(this.current.throttled, operation)
    if (where !== undefined) bump((this.current.byAccountRegion[where] ??= {total: 0, operations: {}, throttled: {}}).throttled, operation)
  }

  fault(operation: string): void {
    bump(this.current.faults, operation)
  }

  error(operation: string): void {
    bump(this.current.errors, operation)
  }

  unknown(request: UnknownRequest): void {
    this.current.total++
    this.current.unknown.push(request)
    if (this.current.unknown.length > MAX_UNKNOWN) this.current.unknown.shift()
  }

  snapshot(): SandboxStats {
    return structuredClone(this.current)
  }

  reset(): void {
    this.current = empty()
  }
}

function empty(): SandboxStats {
  return {total: 0, operations: {}, throttled: {}, faults: {}, errors: {}, unknown: [], byAccountRegion: {}}
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}
