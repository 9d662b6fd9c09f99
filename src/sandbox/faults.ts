// Failures on a fraction of requests, so clients can prove they retry and report well: on every
// operation (--fault-rate, half 429 and half 500) or on chosen ones (--fault GetFunction=0.5:500).
// Deterministic for a given seed: a failing test can be replayed. Each rule draws from a random
// sequence of its own, so the faults of one operation do not depend on how many calls of other
// operations came in between.

export type Fault = {kind: 'throttle'} | {kind: 'server-error'}

export interface FaultRule {
  /** `GetFunction`, `lambda:GetFunction` (case-insensitive), or `*` for every operation. */
  operation: string
  /** Fraction of the matching requests that fail, 0..1. */
  fraction: number
  /** 429 TooManyRequestsException, 500 ServiceException, or either at random (half and half). */
  kind: 'throttle' | 'server-error' | 'either'
}

/** A fault rule names an operation the sandbox does not serve (a typo, most likely). */
export class UnknownFaultOperationError extends Error {
  constructor(operation: string) {
    super(`no operation "${operation}" to inject faults into; use a name such as GetFunction or UpdateFunctionConfiguration`)
    this.name = 'UnknownFaultOperationError'
  }
}

/** mulberry32: a tiny, fast PRNG; plenty for spreading faults and generating accounts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FAULT_SPEC = /^\s*([a-z*][\w:*-]*)\s*=\s*(\d*\.?\d+)\s*(?::\s*(\d{3}))?\s*$/i

/** Parses `GetFunction=0.5:500` (the status defaults to 500; 429 throttles instead). */
export function parseFaultSpec(spec: string): FaultRule {
  const match = FAULT_SPEC.exec(spec)
  if (!match) throw new Error(`invalid fault "${spec.trim()}": expected OPERATION=FRACTION[:500|:429], e.g. GetFunction=0.5:500`)
  const [, operation, value, status = '500'] = match
  const fraction = Number(value)
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`invalid fault "${spec.trim()}": the fraction must be between 0 and 1`)
  if (status !== '500' && status !== '429') throw new Error(`invalid fault "${spec.trim()}": the status must be 500 or 429, not ${status}`)
  return {operation, fraction, kind: status === '429' ? 'throttle' : 'server-error'}
}

export function formatFaultRule(rule: FaultRule): string {
  const status = rule.kind === 'either' ? '' : rule.kind === 'throttle' ? ':429' : ':500'
  return `${rule.operation}=${rule.fraction}${status}`
}

/** The rule --fault-rate stands for. */
export function everyOperation(fraction: number): FaultRule {
  return {operation: '*', fraction, kind: 'either'}
}

interface ArmedRule extends FaultRule {
  random: () => number
}

export class FaultInjector {
  private armed: ArmedRule[] = []

  constructor(
    rules: FaultRule[] = [],
    private readonly seed = 7,
  ) {
    this.setRules(rules)
  }

  get rules(): FaultRule[] {
    return this.armed.map(({operation, fraction, kind}) => ({operation, fraction, kind}))
  }

  /** Replaces every rule (an empty list turns faults off); rules on named operations win over `*`. */
  setRules(rules: FaultRule[]): void {
    for (const rule of rules) {
      if (!(rule.fraction >= 0 && rule.fraction <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${rule.fraction}`)
    }

    const ordered = [...rules.filter((rule) => rule.operation !== '*'), ...rules.filter((rule) => rule.operation === '*')]
    // The first `*` rule keeps the plain seed, so --fault-rate fails the same requests as ever.
    let named = 0
    this.armed = ordered.map((rule) => ({...rule, random: seededRandom(rule.operation === '*' ? this.seed : this.seed + 0x9e3779b9 * ++named)}))
  }

  /** The fault for one request of `operation` (`service:Operation`), if any. */
  next(operation: string): Fault | undefined {
    for (const rule of this.armed) {
      if (rule.fraction === 0 || !matches(rule.operation, operation)) continue
      if (rule.random() >= rule.fraction) continue
      if (rule.kind === 'either') return rule.random() < 0.5 ? {kind: 'throttle'} : {kind: 'server-error'}
      return {kind: rule.kind}
    }

    return undefined
  }
}

export function matches(pattern: string, operation: string): boolean {
  if (pattern === '*') return true
  const wanted = pattern.toLowerCase()
  const full = operation.toLowerCase()
  return wanted === full || wanted === full.slice(full.indexOf(':') + 1)
}
