// The traffic simulation behind the sandbox's metrics and logs.
//
// Two ways of knowing a minute, with the same arithmetic (arithmetic.ts) and the same traffic
// (traffic.ts):
// - History: any minute that was not simulated live (before the sandbox started, or aged out of
//   the live ring) is computed on demand in closed form, at minute granularity, from the settings
//   that were in force then (config-timeline.ts). Nothing is stored, so seven days of history for
//   a thousand functions cost nothing until someone asks.
// - Live: from the minute the sandbox started, every function is stepped second by second against
//   the account's current settings (reserved and provisioned concurrency, the unreserved pool),
//   with warm environments carried from second to second. Closed minutes go into a ring of
//   RING_MINUTES minutes per function.
//
// There are no timers. The simulation is advanced lazily to the clock's `now()` whenever a request
// arrives (sync.ts), before the request can change a setting, so a change takes effect from the
// moment it was made. Long gaps (a high --speed, or a test jumping the clock) are stepped coarser so
// a request stays fast, and gaps longer than the ring are skipped: only the minute hooks (auto
// scaling) run through them, and those minutes are history.

import type {Account, LambdaFunction, TrafficProfile} from '../account.js'
import type {SimClock} from '../clock.js'
import {emptyStepResult, IDLE_EXPIRY_SECONDS, onDemandDemand, step, type ProvisionedSlot, type StepInput, type StepResult} from './arithmetic.js'
import {claimOf, slotsAt, snapshotOf, Timeline, unchanged, type FunctionSnapshot, type LayerEffectsOf} from './config-timeline.js'
import {Channel, hash3, roundCount, seedOf} from './noise.js'
import {AA, AA_SIZE, ACCOUNT, ACCOUNT_SIZE, FA, FA_SIZE, FN, FN_SIZE, PC, PC_SIZE, QA, QA_SIZE} from './records.js'
import {concurrencyBound, emptyMinuteTraffic, minuteTraffic, rateOver, type MinuteTraffic, type Rate} from './traffic.js'

/** Live minutes kept per function (12 hours); older minutes are recomputed as history. */
export const RING_MINUTES = 720
/** Function-steps one sync may take before it steps coarser. */
export const STEP_BUDGET = 100_000
const STEP_SIZES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]
const IDLE_MINUTES = Math.ceil(IDLE_EXPIRY_SECONDS / 60)

/** The account-wide settings in force over a period. */
interface Epoch {
  /** The unreserved pool: limit minus reservations minus provisioned concurrency outside them. */
  pool: number
  /** Reservations plus provisioned concurrency outside them (ClaimedAccountConcurrency's fixed part). */
  claimed: number
  /** The most the functions without a reservation could ask for at once. */
  bound: number
  /** bound ≤ pool: no function can ever be throttled by the pool, so nobody needs to look at the others. */
  fits: boolean
}

/** Something that runs at every simulated minute boundary (auto scaling). */
export interface MinuteHook {
  /** False when the hook has nothing to do (lets long gaps be skipped outright). */
  active(): boolean
  /** `minute` just closed; `endMs` is its end (the moment the hook acts at). */
  onMinute(minute: number, endMs: number): void
}

export interface SimulationOptions {
  /** Mixed into every function's noise; the same seed gives the same traffic. Default 1. */
  trafficSeed?: number
  /** Function-steps per sync before stepping coarser. */
  stepBudget?: number
}

class FunctionSim {
  readonly name: string
  readonly seed: number
  readonly timeline: Timeline<FunctionSnapshot>
  snap: FunctionSnapshot
  readonly mt: MinuteTraffic = emptyMinuteTraffic()
  readonly rate: Rate = {rps: 0, peak: 0}
  readonly slots: ProvisionedSlot[] = []
  odDemand = 0
  /** Warm on-demand environments. */
  alive = 0
  /** Peak environments of the last IDLE_MINUTES closed minutes, by minute. */
  readonly needs = new Float64Array(IDLE_MINUTES)
  readonly acc = new Float64Array(FA_SIZE)
  /** Accumulators of the open minute per provisioned qualifier, and the same aligned with snap.provisioned. */
  readonly pcAcc = new Map<string, Float64Array>()
  pcAccList: Float64Array[] = []
  ring: Float32Array | undefined
  readonly pcRings = new Map<string, Float32Array>()

  constructor(
    readonly fn: LambdaFunction,
    trafficSeed: number,
    effectsOf: LayerEffectsOf,
  ) {
    this.name = fn.name
    this.seed = seedOf(fn.name, trafficSeed)
    this.snap = snapshotOf(fn, effectsOf)
    this.timeline = new Timeline(this.snap)
    this.alignAccumulators()
  }

  alignAccumulators(): void {
    this.pcAccList = this.snap.provisioned.map((pc) => {
      let acc = this.pcAcc.get(pc.qualifier)
      if (!acc) {
        acc = new Float64Array(QA_SIZE)
        this.pcAcc.set(pc.qualifier, acc)
      }
      return acc
    })
  }
}

const mod = (value: number, by: number) => ((value % by) + by) % by

export class Simulation {
  /** Simulated epoch ms the sandbox started at; minutes before it are history. */
  readonly startedAt: number
  /** First live minute (minute indices are epoch minutes). */
  readonly liveFrom: number
  private readonly functions: FunctionSim[] = []
  private readonly byName = new Map<string, FunctionSim>()
  private readonly epochs: Timeline<Epoch>
  private readonly hooks: MinuteHook[] = []
  private readonly stepBudget: number
  /** Simulated up to here (epoch seconds, exclusive). */
  private cursor: number
  private lastSyncMs: number
  private readonly minuteAt = new Float64Array(RING_MINUTES).fill(Number.NaN)
  private readonly accountRing = new Float32Array(RING_MINUTES * ACCOUNT_SIZE)
  private readonly accountAcc = new Float64Array(AA_SIZE)
  private readonly factorMemo = new Map<number, number>()
  private readonly accountMemo = new Map<number, Float64Array>()
  // Scratch space, reused so the hot loops allocate nothing.
  private readonly out: StepResult = emptyStepResult()
  private readonly input: StepInput = {rps: 0, peakRps: 0, durationMs: 0, errorRate: 0, seconds: 1, reserved: null, poolFactor: 1, provisioned: [], warm: 0}
  private readonly hMt = emptyMinuteTraffic()
  private readonly hRate: Rate = {rps: 0, peak: 0}
  private readonly hSlots: ProvisionedSlot[] = []
  private readonly hAcc = new Float64Array(FA_SIZE)
  private readonly hQa = new Float64Array(QA_SIZE)
  private hPc: Float64Array[] = []
  private readonly scratchFn = new Float64Array(FN_SIZE)
  /** Where provisioned lookups put the function row they do not return. */
  private readonly hFn = new Float64Array(FN_SIZE)
  private readonly scratchPc = new Float64Array(PC_SIZE)
  private readonly scratchAccount = new Float64Array(ACCOUNT_SIZE)
  /** What a layer version does to the functions that carry it (declared in the seed). */
  private readonly effectsOf: LayerEffectsOf = (arn) => this.account.findLayerVersion(arn)?.effects

  constructor(
    readonly account: Account,
    readonly clock: SimClock,
    options: SimulationOptions = {},
  ) {
    const trafficSeed = options.trafficSeed ?? 1
    this.stepBudget = options.stepBudget ?? STEP_BUDGET
    this.startedAt = clock.now()
    this.liveFrom = Math.floor(this.startedAt / 60_000)
    this.cursor = this.liveFrom * 60
    this.lastSyncMs = this.startedAt
    for (const name of account.functionNames()) {
      const sim = new FunctionSim(account.functions.get(name)!, trafficSeed, this.effectsOf)
      this.functions.push(sim)
      this.byName.set(name, sim)
    }
    this.epochs = new Timeline(this.computeEpoch())
    // Warm environments and the first minute's seconds before the start, now rather than on the
    // first request.
    this.prime()
  }

  addMinuteHook(hook: MinuteHook): void {
    this.hooks.push(hook)
  }

  /** The first minute without data: the one being simulated now. */
  get openMinute(): number {
    return Math.floor(this.cursor / 60)
  }

  /** Simulated time reached (epoch ms). */
  get simulatedTo(): number {
    return this.cursor * 1000
  }

  hasFunction(name: string): boolean {
    return this.byName.has(name)
  }

  functionNames(): string[] {
    return this.functions.map((sim) => sim.name)
  }

  /** Advances to the clock's present. */
  sync(): void {
    this.advanceTo(this.clock.now())
  }

  advanceTo(nowMs: number): void {
    const target = Math.floor(nowMs / 1000)
    // Changes since the last sync were made by the request that followed it, at its time.
    this.refresh(this.lastSyncMs)
    this.lastSyncMs = Math.max(this.lastSyncMs, nowMs)
    if (target <= this.cursor) return

    // Beyond the ring, live detail would be thrown away: skip it, running only the minute hooks.
    const keepFrom = (Math.floor(target / 60) - RING_MINUTES + 1) * 60
    if (keepFrom > this.cursor + 60) this.fastForward(keepFrom)

    const count = Math.max(1, this.functions.length)
    const wanted = ((target - this.cursor) * count) / this.stepBudget
    const dt = STEP_SIZES.find((size) => size >= wanted) ?? 60
    while (this.cursor < target) {
      const minute = Math.floor(this.cursor / 60)
      const minuteEnd = (minute + 1) * 60
      const until = Math.min(target, minuteEnd)
      let t = this.cursor
      while (t < until) {
        const next = Math.min(until, (Math.floor(t / dt) + 1) * dt)
        this.stepAll(t, next - t)
        t = next
      }
      this.cursor = until
      if (until === minuteEnd) this.closeMinute(minute)
    }
  }

  /** Changes a function's traffic from now on (tests and demos use it to make load rise). */
  setTraffic(name: string, traffic: Partial<TrafficProfile>): void {
    const sim = this.byName.get(name)
    if (!sim) throw new Error(`no function ${name}`)
    this.sync()
    Object.assign(sim.fn.traffic, traffic)
    this.noteChange(name, this.clock.now())
  }

  /**
   * Records a settings change made outside a request (auto scaling acting at a simulated
   * moment), so the live steps and history both see it from `atMs` on.
   */
  noteChange(name: string, atMs: number): void {
    const sim = this.byName.get(name)
    if (!sim) return
    this.applySnapshot(sim, atMs)
    this.epochs.push(atMs, this.computeEpoch())
  }

  // -------------------------------------------------------------------------------------------
  // Reading minutes

  /** One function's minute: live if the ring still holds it, else history. Undefined for an unknown function. */
  functionRecord(name: string, minute: number, out: Float64Array = this.scratchFn, warm = Number.POSITIVE_INFINITY): Float64Array | undefined {
    const sim = this.byName.get(name)
    if (!sim) return undefined
    const slot = mod(minute, RING_MINUTES)
    if (this.minuteAt[slot] === minute && sim.ring) {
      const base = slot * FN_SIZE
      for (let i = 0; i < FN_SIZE; i++) out[i] = sim.ring[base + i]
      return out
    }
    this.historyFunction(sim, minute, warm, out)
    return out
  }

  /** One provisioned alias or version's minute; undefined when it had nothing allocated then. */
  qualifierRecord(name: string, qualifier: string, minute: number, out: Float64Array = this.scratchPc): Float64Array | undefined {
    const sim = this.byName.get(name)
    if (!sim) return undefined
    const slot = mod(minute, RING_MINUTES)
    if (this.minuteAt[slot] === minute && sim.ring) {
      const ring = sim.pcRings.get(qualifier)
      if (!ring) return undefined
      const base = slot * PC_SIZE
      for (let i = 0; i < PC_SIZE; i++) out[i] = ring[base + i]
      return out[PC.allocated] > 0 ? out : undefined
    }
    const snap = this.historyFunction(sim, minute, Number.POSITIVE_INFINITY, this.hFn)
    const index = snap.provisioned.findIndex((pc) => pc.qualifier === qualifier)
    if (index < 0) return undefined
    out.set(this.hPc[index])
    return out[PC.allocated] > 0 ? out : undefined
  }

  /** All of a function's provisioned aliases for a minute, summed (maxima for utilisation); undefined when none. */
  provisionedRecord(name: string, minute: number, out: Float64Array = this.scratchPc): Float64Array | undefined {
    const sim = this.byName.get(name)
    if (!sim) return undefined
    out.fill(0)
    let found = false
    const add = (row: ArrayLike<number>, base: number) => {
      if (!(row[base + PC.allocated] > 0)) return
      found = true
      out[PC.allocated] += row[base + PC.allocated]
      out[PC.invocations] += row[base + PC.invocations]
      out[PC.spillover] += row[base + PC.spillover]
      out[PC.executionsMax] += row[base + PC.executionsMax]
      out[PC.executionsAvg] += row[base + PC.executionsAvg]
      out[PC.utilizationMax] = Math.max(out[PC.utilizationMax], row[base + PC.utilizationMax])
      out[PC.utilizationAvg] = Math.max(out[PC.utilizationAvg], row[base + PC.utilizationAvg])
    }
    const slot = mod(minute, RING_MINUTES)
    if (this.minuteAt[slot] === minute && sim.ring) {
      for (const ring of sim.pcRings.values()) add(ring, slot * PC_SIZE)
    } else {
      const snap = this.historyFunction(sim, minute, Number.POSITIVE_INFINITY, this.hFn)
      for (let i = 0; i < snap.provisioned.length; i++) add(this.hPc[i], 0)
    }
    return found ? out : undefined
  }

  accountRecord(minute: number, out: Float64Array = this.scratchAccount): Float64Array {
    const slot = mod(minute, RING_MINUTES)
    if (this.minuteAt[slot] === minute) {
      const base = slot * ACCOUNT_SIZE
      for (let i = 0; i < ACCOUNT_SIZE; i++) out[i] = this.accountRing[base + i]
      return out
    }
    out.set(this.accountHistory(minute))
    return out
  }

  /**
   * Per-minute invocations, cold starts, init and duration sums of one function over
   * [fromMinute, toMinute): what its REPORT log lines add up to. History minutes find their cold
   * starts by comparing with the environments of the minutes before (idle ones expire).
   */
  logMinutes(
    name: string,
    fromMinute: number,
    toMinute: number,
  ): {invocations: Float64Array; coldStarts: Float64Array; initSum: Float64Array; durationSum: Float64Array; memoryAddedMb: Float64Array} | undefined {
    const sim = this.byName.get(name)
    if (!sim) return undefined
    const length = Math.max(0, toMinute - fromMinute)
    const result = {
      invocations: new Float64Array(length),
      coldStarts: new Float64Array(length),
      initSum: new Float64Array(length),
      durationSum: new Float64Array(length),
      memoryAddedMb: new Float64Array(length),
    }
    const recent: number[] = []
    const record = new Float64Array(FN_SIZE)
    for (let minute = fromMinute - IDLE_MINUTES; minute < toMinute; minute++) {
      const warm = recent.length === IDLE_MINUTES ? Math.max(...recent) : Number.POSITIVE_INFINITY
      this.functionRecord(name, minute, record, warm)
      recent.push(record[FN.environments])
      if (recent.length > IDLE_MINUTES) recent.shift()
      const index = minute - fromMinute
      if (index < 0) continue
      result.invocations[index] = record[FN.invocations]
      result.coldStarts[index] = record[FN.coldStarts]
      result.initSum[index] = record[FN.initSum]
      result.durationSum[index] = record[FN.durationSum]
      result.memoryAddedMb[index] = sim.timeline.at(minute * 60_000 + 30_000).memoryAddedMb
    }
    return result
  }

  /** Qualifiers that have (or had, within the ring) provisioned concurrency. */
  provisionedQualifiers(name: string): string[] {
    const sim = this.byName.get(name)
    if (!sim) return []
    const names = new Set<string>([
      ...sim.timeline.at(Number.NEGATIVE_INFINITY).provisioned.map((pc) => pc.qualifier),
      ...sim.snap.provisioned.map((pc) => pc.qualifier),
      ...sim.pcRings.keys(),
    ])
    return [...names].sort()
  }

  /** The function's settings at a moment (memory size and timeout for REPORT lines). */
  snapshotAt(name: string, atMs: number): FunctionSnapshot | undefined {
    return this.byName.get(name)?.timeline.at(atMs)
  }

  seedOf(name: string): number | undefined {
    return this.byName.get(name)?.seed
  }

  // -------------------------------------------------------------------------------------------
  // Live stepping

  /** Warm environments at the start, as the history before it left them. */
  private prime(): void {
    this.warmFromHistory(this.liveFrom)
    this.beginMinute(Math.floor(this.cursor / 60))
    // The seconds of the first minute before the start, in one step: the first request need not
    // walk through them one by one.
    const startSecond = Math.floor(this.startedAt / 1000)
    if (startSecond > this.cursor) {
      this.stepAll(this.cursor, startSecond - this.cursor)
      this.cursor = startSecond
    }
  }

  /**
   * Warm environments at the start of `minute` as history leaves them: those the minute before
   * needed (traffic changes slowly enough that the minutes before that rarely needed more).
   */
  private warmFromHistory(minute: number): void {
    const record = new Float64Array(FN_SIZE)
    for (const sim of this.functions) {
      this.historyFunction(sim, minute - 1, Number.POSITIVE_INFINITY, record)
      sim.needs.fill(record[FN.environments])
      sim.alive = record[FN.environments]
    }
  }

  private beginMinute(minute: number): void {
    for (const sim of this.functions) minuteTraffic(sim.snap.traffic, sim.seed, minute, sim.mt)
  }

  private stepAll(t: number, seconds: number): void {
    const epoch = this.epochs.current
    const atMs = t * 1000
    const functions = this.functions
    const input = this.input
    const out = this.out
    input.seconds = seconds

    let poolFactor = 1
    if (!epoch.fits) {
      let demand = 0
      for (const sim of functions) {
        rateOver(sim.mt, sim.seed, t, seconds, sim.rate)
        slotsAt(sim.snap, atMs, sim.slots)
        if (sim.snap.reserved === null) {
          sim.odDemand = onDemandDemand(sim.rate.rps, sim.mt.durationMs, sim.slots)
          demand += sim.odDemand
        }
      }
      if (demand > epoch.pool) poolFactor = Math.max(0, epoch.pool) / demand
    }

    let concurrency = 0
    let concurrencyPeak = 0
    let unreserved = 0
    let unreservedPeak = 0
    for (const sim of functions) {
      if (epoch.fits) {
        rateOver(sim.mt, sim.seed, t, seconds, sim.rate)
        slotsAt(sim.snap, atMs, sim.slots)
      }
      const {mt, snap, acc} = sim
      input.rps = sim.rate.rps
      input.peakRps = sim.rate.peak
      input.durationMs = mt.durationMs
      input.errorRate = mt.errorRate
      input.reserved = snap.reserved
      input.poolFactor = poolFactor
      input.provisioned = sim.slots
      input.warm = sim.alive
      const r = step(input, out)

      acc[FA.invocations] += r.invocations
      acc[FA.errors] += r.errors
      acc[FA.throttles] += r.throttles
      acc[FA.durationSum] += r.invocations * mt.durationMs
      acc[FA.postRuntimeSum] += r.invocations * mt.postRuntimeMs
      if (r.peakConcurrency > acc[FA.concurrencyPeak]) acc[FA.concurrencyPeak] = r.peakConcurrency
      acc[FA.concurrencySum] += r.concurrency * seconds
      acc[FA.coldStarts] += r.coldStarts
      acc[FA.initSum] += r.coldStarts * mt.initMs
      acc[FA.seconds] += seconds
      if (r.environments > acc[FA.environments]) acc[FA.environments] = r.environments
      if (r.environments > sim.alive) sim.alive = r.environments

      const slots = sim.slots
      for (let i = 0; i < slots.length; i++) {
        const qa = sim.pcAccList[i]
        const pc = r.provisioned[i]
        const allocated = slots[i].allocated
        if (allocated > qa[QA.allocated]) qa[QA.allocated] = allocated
        qa[QA.invocations] += pc.invocations
        qa[QA.spillover] += pc.spillover
        if (pc.usedPeak > qa[QA.executionsPeak]) qa[QA.executionsPeak] = pc.usedPeak
        qa[QA.executionsSum] += pc.used * seconds
        if (pc.utilization > qa[QA.utilizationPeak]) qa[QA.utilizationPeak] = pc.utilization
        if (allocated > 0) {
          qa[QA.utilizationSum] += (pc.used / allocated) * seconds
          qa[QA.allocatedSeconds] += seconds
        }
      }

      concurrency += r.concurrency
      concurrencyPeak += r.peakConcurrency
      if (snap.reserved === null) {
        unreserved += r.concurrency
        unreservedPeak += r.peakConcurrency
      }
    }

    const a = this.accountAcc
    if (concurrencyPeak > a[AA.concurrencyPeak]) a[AA.concurrencyPeak] = concurrencyPeak
    a[AA.concurrencySum] += concurrency * seconds
    if (unreservedPeak > a[AA.unreservedPeak]) a[AA.unreservedPeak] = unreservedPeak
    a[AA.unreservedSum] += unreserved * seconds
    if (unreservedPeak + epoch.claimed > a[AA.claimedPeak]) a[AA.claimedPeak] = unreservedPeak + epoch.claimed
    a[AA.claimedSum] += (unreserved + epoch.claimed) * seconds
    a[AA.seconds] += seconds
  }

  private closeMinute(minute: number): void {
    const slot = mod(minute, RING_MINUTES)
    const total = this.accountRing
    const accountBase = slot * ACCOUNT_SIZE
    total.fill(0, accountBase, accountBase + ACCOUNT_SIZE)
    const record = this.scratchFn
    const pcRecord = this.scratchPc
    for (const sim of this.functions) {
      // Provisioned aliases first: the function's invocations are theirs added up.
      let throughAliases = 0
      // Rings of qualifiers without an allocation this minute say so (allocated 0).
      for (const ring of sim.pcRings.values()) ring.fill(0, slot * PC_SIZE, (slot + 1) * PC_SIZE)
      for (const [qualifier, qa] of sim.pcAcc) {
        finalizeProvisioned(qa, qualifierSeed(sim.seed, qualifier), minute, pcRecord)
        let ring = sim.pcRings.get(qualifier)
        if (!ring) {
          ring = new Float32Array(RING_MINUTES * PC_SIZE)
          sim.pcRings.set(qualifier, ring)
        }
        ring.set(pcRecord, slot * PC_SIZE)
        total[accountBase + ACCOUNT.provisionedInvocations] += pcRecord[PC.invocations]
        total[accountBase + ACCOUNT.spillover] += pcRecord[PC.spillover]
        throughAliases += pcRecord[PC.invocations] + pcRecord[PC.spillover]
        qa.fill(0)
      }
      // Traffic sent to $LATEST (latestShare) does not pass the aliases: then the function counts its own.
      const allThroughAliases = sim.snap.provisioned.length > 0 && sim.pcAcc.size === sim.snap.provisioned.length && !(sim.snap.traffic.latestShare ?? 0)
      finalizeFunction(sim.acc, sim.seed, minute, sim.mt, record, allThroughAliases ? throughAliases : undefined)
      sim.ring ??= new Float32Array(RING_MINUTES * FN_SIZE)
      sim.ring.set(record, slot * FN_SIZE)
      total[accountBase + ACCOUNT.invocations] += record[FN.invocations]
      total[accountBase + ACCOUNT.errors] += record[FN.errors]
      total[accountBase + ACCOUNT.throttles] += record[FN.throttles]
      total[accountBase + ACCOUNT.durationSum] += record[FN.durationSum]

      // Accumulators of qualifiers that lost their configuration are dropped.
      if (sim.pcAcc.size !== sim.snap.provisioned.length) {
        for (const qualifier of [...sim.pcAcc.keys()]) if (!sim.snap.provisioned.some((pc) => pc.qualifier === qualifier)) sim.pcAcc.delete(qualifier)
      }

      // Environments idle for IDLE_MINUTES are reclaimed.
      sim.needs[mod(minute, IDLE_MINUTES)] = record[FN.environments]
      let alive = 0
      for (let i = 0; i < IDLE_MINUTES; i++) if (sim.needs[i] > alive) alive = sim.needs[i]
      sim.alive = alive
      sim.acc.fill(0)
    }

    const a = this.accountAcc
    const seconds = Math.max(1, a[AA.seconds])
    total[accountBase + ACCOUNT.concurrencyMax] = Math.round(a[AA.concurrencyPeak])
    total[accountBase + ACCOUNT.concurrencyAvg] = a[AA.concurrencySum] / seconds
    total[accountBase + ACCOUNT.unreservedMax] = Math.round(a[AA.unreservedPeak])
    total[accountBase + ACCOUNT.unreservedAvg] = a[AA.unreservedSum] / seconds
    total[accountBase + ACCOUNT.claimedMax] = Math.round(a[AA.claimedPeak])
    total[accountBase + ACCOUNT.claimedAvg] = a[AA.claimedSum] / seconds
    a.fill(0)
    this.minuteAt[slot] = minute

    this.beginMinute(minute + 1)
    const endMs = (minute + 1) * 60_000
    for (const hook of this.hooks) if (hook.active()) hook.onMinute(minute, endMs)
  }

  /** Skips to `toSeconds` (a minute boundary) without live detail; the minute hooks still run. */
  private fastForward(toSeconds: number): void {
    for (const sim of this.functions) {
      sim.acc.fill(0)
      for (const qa of sim.pcAcc.values()) qa.fill(0)
    }
    this.accountAcc.fill(0)
    const from = Math.floor(this.cursor / 60)
    const to = toSeconds / 60
    if (this.hooks.some((hook) => hook.active())) {
      for (let minute = from; minute < to; minute++) {
        this.cursor = (minute + 1) * 60
        for (const hook of this.hooks) if (hook.active()) hook.onMinute(minute, (minute + 1) * 60_000)
      }
    }
    this.cursor = toSeconds
    this.warmFromHistory(to)
    this.beginMinute(to)
  }

  private refresh(atMs: number): void {
    let changed = false
    for (const sim of this.functions) {
      if (unchanged(sim.snap, sim.fn)) continue
      this.applySnapshot(sim, atMs)
      changed = true
    }
    if (changed) this.epochs.push(atMs, this.computeEpoch())
  }

  private applySnapshot(sim: FunctionSim, atMs: number): void {
    const trafficBefore = sim.snap.traffic
    const layersBefore = sim.snap.layersKey
    sim.snap = snapshotOf(sim.fn, this.effectsOf)
    // New layers mean new execution environments: every warm one is replaced, through a cold start.
    if (sim.snap.layersKey !== layersBefore) {
      sim.alive = 0
      sim.needs.fill(0)
    }
    sim.timeline.push(atMs, sim.snap)
    sim.alignAccumulators()
    const traffic = sim.snap.traffic
    if (Number.isFinite(sim.mt.minute) && (Object.keys(traffic) as Array<keyof TrafficProfile>).some((key) => traffic[key] !== trafficBefore[key])) {
      minuteTraffic(traffic, sim.seed, sim.mt.minute, sim.mt)
    }
  }

  private computeEpoch(atMs?: number): Epoch {
    const limit = this.account.settings.concurrencyLimit
    let claimed = 0
    let bound = 0
    for (const sim of this.functions) {
      const snap = atMs === undefined ? sim.snap : sim.timeline.at(atMs)
      claimed += claimOf(snap)
      if (snap.reserved === null) bound += concurrencyBound(snap.traffic)
    }
    const pool = limit - claimed
    return {pool, claimed, bound, fits: bound <= pool}
  }

  // -------------------------------------------------------------------------------------------
  // History (closed form, minute granularity)

  /** Evaluates one function's minute from the settings of its time into `out` (and the provisioned rows into hPc). */
  private historyFunction(sim: FunctionSim, minute: number, warm: number, out: Float64Array): FunctionSnapshot {
    const mid = minute * 60_000 + 30_000
    const snap = sim.timeline.at(mid)
    const mt = minuteTraffic(snap.traffic, sim.seed, minute, this.hMt)
    const rate = rateOver(mt, sim.seed, minute * 60, 60, this.hRate)
    const slots = slotsAt(snap, mid, this.hSlots)
    const input = this.input
    input.rps = rate.rps
    input.peakRps = rate.peak
    input.durationMs = mt.durationMs
    input.errorRate = mt.errorRate
    input.seconds = 60
    input.reserved = snap.reserved
    input.poolFactor = snap.reserved === null ? this.poolFactorAt(minute) : 1
    input.provisioned = slots
    input.warm = warm
    const r = step(input, this.out)
    const acc = this.hAcc
    acc[FA.invocations] = r.invocations
    acc[FA.errors] = r.errors
    acc[FA.throttles] = r.throttles
    acc[FA.durationSum] = r.invocations * mt.durationMs
    acc[FA.postRuntimeSum] = r.invocations * mt.postRuntimeMs
    acc[FA.concurrencyPeak] = r.peakConcurrency
    acc[FA.concurrencySum] = r.concurrency * 60
    acc[FA.coldStarts] = r.coldStarts
    acc[FA.initSum] = r.coldStarts * mt.initMs
    acc[FA.seconds] = 60
    acc[FA.environments] = r.environments
    while (this.hPc.length < slots.length) this.hPc.push(new Float64Array(PC_SIZE))
    const qa = this.hQa
    let throughAliases = 0
    for (let i = 0; i < slots.length; i++) {
      const pc = r.provisioned[i]
      qa[QA.allocated] = slots[i].allocated
      qa[QA.invocations] = pc.invocations
      qa[QA.spillover] = pc.spillover
      qa[QA.executionsPeak] = pc.usedPeak
      qa[QA.executionsSum] = pc.used * 60
      qa[QA.utilizationPeak] = pc.utilization
      qa[QA.utilizationSum] = slots[i].allocated > 0 ? (pc.used / slots[i].allocated) * 60 : 0
      qa[QA.allocatedSeconds] = slots[i].allocated > 0 ? 60 : 0
      finalizeProvisioned(qa, qualifierSeed(sim.seed, snap.provisioned[i].qualifier), minute, this.hPc[i])
      throughAliases += this.hPc[i][PC.invocations] + this.hPc[i][PC.spillover]
    }
    finalizeFunction(acc, sim.seed, minute, mt, out, slots.length > 0 && !(snap.traffic.latestShare ?? 0) ? throughAliases : undefined)
    return snap
  }

  /** The share of their on-demand demand the unreserved pool gave functions without a reservation. */
  private poolFactorAt(minute: number): number {
    const mid = minute * 60_000 + 30_000
    const epoch = this.epochs.at(mid)
    if (epoch.fits) return 1
    const memo = this.factorMemo.get(minute)
    if (memo !== undefined) return memo
    const mt = emptyMinuteTraffic()
    const rate: Rate = {rps: 0, peak: 0}
    const slots: ProvisionedSlot[] = []
    let demand = 0
    for (const sim of this.functions) {
      const snap = sim.timeline.at(mid)
      if (snap.reserved !== null) continue
      minuteTraffic(snap.traffic, sim.seed, minute, mt)
      rateOver(mt, sim.seed, minute * 60, 60, rate)
      demand += onDemandDemand(rate.rps, mt.durationMs, slotsAt(snap, mid, slots))
    }
    const factor = demand > epoch.pool ? Math.max(0, epoch.pool) / demand : 1
    this.factorMemo.set(minute, factor)
    return factor
  }

  private accountHistory(minute: number): Float64Array {
    const memo = this.accountMemo.get(minute)
    if (memo) return memo
    const total = new Float64Array(ACCOUNT_SIZE)
    const record = new Float64Array(FN_SIZE)
    let concurrency = 0
    let burst = 0
    let unreserved = 0
    let unreservedBurst = 0
    for (const sim of this.functions) {
      const snap = this.historyFunction(sim, minute, Number.POSITIVE_INFINITY, record)
      total[ACCOUNT.invocations] += record[FN.invocations]
      total[ACCOUNT.errors] += record[FN.errors]
      total[ACCOUNT.throttles] += record[FN.throttles]
      total[ACCOUNT.durationSum] += record[FN.durationSum]
      for (let i = 0; i < snap.provisioned.length; i++) {
        total[ACCOUNT.provisionedInvocations] += this.hPc[i][PC.invocations]
        total[ACCOUNT.spillover] += this.hPc[i][PC.spillover]
      }
      // Peaks of different functions rarely coincide: the account's peak is the sum of averages
      // plus the largest single excursion.
      const excursion = Math.max(0, record[FN.concurrencyMax] - record[FN.concurrencyAvg])
      concurrency += record[FN.concurrencyAvg]
      burst = Math.max(burst, excursion)
      if (snap.reserved === null) {
        unreserved += record[FN.concurrencyAvg]
        unreservedBurst = Math.max(unreservedBurst, excursion)
      }
    }
    const epoch = this.epochs.at(minute * 60_000 + 30_000)
    total[ACCOUNT.concurrencyMax] = Math.round(concurrency + burst)
    total[ACCOUNT.concurrencyAvg] = concurrency
    total[ACCOUNT.unreservedMax] = Math.round(unreserved + unreservedBurst)
    total[ACCOUNT.unreservedAvg] = unreserved
    total[ACCOUNT.claimedMax] = Math.round(unreserved + unreservedBurst + epoch.claimed)
    total[ACCOUNT.claimedAvg] = unreserved + epoch.claimed
    this.accountMemo.set(minute, total)
    return total
  }
}

function qualifierSeed(seed: number, qualifier: string): number {
  let hash = seed
  for (let i = 0; i < qualifier.length; i++) hash = hash3(hash, qualifier.charCodeAt(i), i)
  return hash
}

/** Turns a minute's raw accumulators into its record: whole requests, integer concurrency peaks. */
function finalizeFunction(acc: Float64Array, seed: number, minute: number, mt: MinuteTraffic, out: Float64Array, invocationsThroughAliases?: number): void {
  const invocations = invocationsThroughAliases ?? roundCount(acc[FA.invocations], seed, minute, Channel.roundInvocations)
  const meanDuration = acc[FA.invocations] > 0 ? acc[FA.durationSum] / acc[FA.invocations] : mt.durationMs
  const coldStarts = Math.min(invocations, roundCount(acc[FA.coldStarts], seed, minute, Channel.roundColdStarts))
  const meanInit = acc[FA.coldStarts] > 0 ? acc[FA.initSum] / acc[FA.coldStarts] : mt.initMs
  const peak = acc[FA.concurrencyPeak]
  out[FN.invocations] = invocations
  out[FN.errors] = Math.min(invocations, roundCount(acc[FA.errors], seed, minute, Channel.roundErrors))
  out[FN.throttles] = roundCount(acc[FA.throttles], seed, minute, Channel.roundThrottles)
  out[FN.durationSum] = invocations * meanDuration
  out[FN.postRuntimeSum] = acc[FA.invocations] > 0 ? invocations * (acc[FA.postRuntimeSum] / acc[FA.invocations]) : 0
  // A minute with an invocation had at least one execution running.
  out[FN.concurrencyMax] = invocations > 0 ? Math.max(1, Math.round(peak)) : Math.round(peak)
  out[FN.concurrencyAvg] = acc[FA.concurrencySum] / Math.max(1, acc[FA.seconds])
  out[FN.coldStarts] = coldStarts
  out[FN.initSum] = coldStarts * meanInit
  out[FN.environments] = acc[FA.environments]
}

function finalizeProvisioned(qa: Float64Array, seed: number, minute: number, out: Float64Array): void {
  const invocations = roundCount(qa[QA.invocations], seed, minute, Channel.roundProvisioned)
  out[PC.allocated] = qa[QA.allocated]
  out[PC.invocations] = invocations
  out[PC.spillover] = roundCount(qa[QA.spillover], seed, minute, Channel.roundSpillover)
  out[PC.executionsMax] = invocations > 0 ? Math.max(1, Math.round(qa[QA.executionsPeak])) : Math.round(qa[QA.executionsPeak])
  out[PC.executionsAvg] = qa[QA.executionsSum] / 60
  out[PC.utilizationMax] = qa[QA.allocated] > 0 ? Math.min(1, out[PC.executionsMax] / qa[QA.allocated]) : 0
  out[PC.utilizationAvg] = qa[QA.allocatedSeconds] > 0 ? qa[QA.utilizationSum] / qa[QA.allocatedSeconds] : 0
}
