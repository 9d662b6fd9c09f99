// The journal: one JSON Lines file per mutating run under $LX_HOME/journal, written ahead of every
// write. Before a write leaves, an `intent` line records the target, the state lx read and the
// state it is about to write; when AWS answers, an `outcome` line records what lx wrote (from the
// request and the answer, never from a later read) or that nothing was applied; then a `verified`
// line says whether the change was seen to take effect. Each line is appended whole and at once,
// so a run killed at any point (even with SIGKILL) leaves a journal from which `lx undo` can tell
// what may have been applied: an intent without an outcome is checked against the live state.
import {appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'
import {randomBytes} from 'node:crypto'

import {Failure, UserError} from '../errors.js'
import {homeSetting} from '../lib/settings.js'
import type {Target} from './plan.js'

export interface JournalHeader {
  type: 'run'
  id: string
  time: string
  command: string
  kind: string
  region: string
  /** The AWS account the run worked in, when known; undo refuses other credentials. */
  account?: string
  endpointUrl?: string
  profile?: string
  /** Set when this run reverses another one. */
  undoOf?: string
  /**
   * A fleet run: every account-region it worked in and how lx reached it (a profile, or a role
   * assumed from the caller's credentials), so undo goes back to each. Targets name their place.
   */
  places?: JournalPlace[]
}

export interface JournalPlace {
  account: string
  region: string
  profile?: string
  roleArn?: string
  externalId?: string
}

/** Written before a write leaves: what lx read and what it is about to write. */
export interface JournalIntent {
  type: 'intent'
  seq: number
  time: string
  kind: string
  target: Target
  before: unknown
  after: unknown
}

/**
 * AWS's answer to an intent's write. applied: `after` is what lx wrote. not-applied: AWS refused
 * it, or it was never sent. unknown: the answer was lost (a 5xx, a dropped connection): it may
 * have been applied, and undo checks the live state.
 */
export interface JournalOutcome {
  type: 'outcome'
  seq: number
  time: string
  status: 'applied' | 'not-applied' | 'unknown'
  after?: unknown
  reason?: string
}

export interface JournalVerified {
  type: 'verified'
  seq: number
  time: string
  ok: boolean
  reason?: string
}

/** Journals written before the write-ahead records: one line per change that was done. */
interface LegacyJournalChange {
  type: 'change'
  time: string
  kind: string
  target: Target
  before: unknown
  after: unknown
}

export interface JournalEnd {
  type: 'end'
  time: string
  status: 'complete' | 'interrupted' | 'failed'
  counts: Record<string, number>
}

/**
 * A change that may have been applied: an intent whose outcome is `applied`, `unknown`, or
 * missing (the run died while the write was in flight). `after` is what lx wrote or meant to.
 */
export interface JournalChange {
  kind: string
  target: Target
  before: unknown
  after: unknown
  time: string
  outcome: 'applied' | 'unknown' | 'unanswered'
  /** undefined: verification never finished (or the entry predates it). */
  verified?: boolean
  reason?: string
}

/** A line that could not be read back: undo will not guess around it without --force. */
export interface DamagedLine {
  line: number
  text: string
}

export interface JournalEntry {
  header: JournalHeader
  changes: JournalChange[]
  end?: JournalEnd
  /** Runs that reversed this one. */
  undoneBy: string[]
  file: string
  damaged: DamagedLine[]
}

/** $LX_HOME, else the platform's data directory for lx (what oclif calls config.dataDir). */
export function lxHome(dataDir?: string): string {
  const home = homeSetting()
  if (home) return home
  if (dataDir) return dataDir
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'lx')
}

function journalDir(home: string): string {
  return join(home, 'journal')
}

function newId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${stamp}-${randomBytes(2).toString('hex')}`
}

export class JournalWriter {
  readonly id: string
  private readonly file: string
  private seq = 0
  private ended = false

  constructor(home: string, header: Omit<JournalHeader, 'type' | 'id' | 'time'>) {
    const dir = journalDir(home)
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const now = new Date()
    this.id = newId(now)
    this.file = join(dir, `${this.id}.jsonl`)
    const full: JournalHeader = {type: 'run', id: this.id, time: now.toISOString(), ...header}
    writeFileSync(this.file, `${JSON.stringify(full)}\n`, {mode: 0o600})
  }

  /** Before the write leaves. Returns the sequence number its outcome refers to. */
  intent(kind: string, target: Target, before: unknown, after: unknown): number {
    const seq = ++this.seq
    this.append({type: 'intent', seq, time: new Date().toISOString(), kind, target, before, after} satisfies JournalIntent)
    return seq
  }

  outcome(seq: number, status: JournalOutcome['status'], details: {after?: unknown; reason?: string} = {}): void {
    this.append({type: 'outcome', seq, time: new Date().toISOString(), status, ...details} satisfies JournalOutcome)
  }

  verified(seq: number, ok: boolean, reason?: string): void {
    this.append({type: 'verified', seq, time: new Date().toISOString(), ok, ...(reason ? {reason} : {})} satisfies JournalVerified)
  }

  end(status: JournalEnd['status'], counts: Record<string, number>): void {
    if (this.ended) return
    this.ended = true
    this.append({type: 'end', time: new Date().toISOString(), status, counts} satisfies JournalEnd)
  }

  /** One write(2) per line: a kill between two lines leaves every earlier line whole. */
  private append(record: object): void {
    appendFileSync(this.file, `${JSON.stringify(record)}\n`)
  }
}

type ParsedEntry = Omit<JournalEntry, 'undoneBy'>

export function parseEntry(text: string, file: string): ParsedEntry | undefined {
  let header: JournalHeader | undefined
  const intents = new Map<number, JournalIntent>()
  const outcomes = new Map<number, JournalOutcome>()
  const verifications = new Map<number, JournalVerified>()
  const legacy: LegacyJournalChange[] = []
  const damaged: DamagedLine[] = []
  let end: JournalEnd | undefined
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    let record: any
    try {
      record = JSON.parse(line)
    } catch {
      record = undefined
    }

    switch (record?.type) {
      case 'run': {
        header = record
        break
      }

      case 'intent': {
        intents.set(record.seq, record)
        break
      }

      case 'outcome': {
        outcomes.set(record.seq, record)
        break
      }

      case 'verified': {
        verifications.set(record.seq, record)
        break
      }

      case 'change': {
        legacy.push(record)
        break
      }

      case 'end': {
        end = record
        break
      }

      default: {
        damaged.push({line: index + 1, text: line.length > 80 ? `${line.slice(0, 77)}...` : line})
      }
    }
  }

  if (!header) {
    if (damaged.length === 0) return undefined
    // The header itself is damaged: keep the entry visible (history, undo refusing) under its file's name.
    const id = basename(file).replace(/\.jsonl$/, '')
    header = {type: 'run', id, time: '', command: '(unreadable header)', kind: 'unknown', region: ''}
  }

  const changes: JournalChange[] = legacy.map((change) => ({...change, outcome: 'applied' as const}))
  for (const [seq, intent] of [...intents.entries()].sort(([a], [b]) => a - b)) {
    const outcome = outcomes.get(seq)
    if (outcome?.status === 'not-applied') continue
    const verification = verifications.get(seq)
    changes.push({
      kind: intent.kind,
      target: intent.target,
      before: intent.before,
      after: outcome?.status === 'applied' && 'after' in outcome ? outcome.after : intent.after,
      time: intent.time,
      outcome: outcome ? (outcome.status as 'applied' | 'unknown') : 'unanswered',
      ...(verification ? {verified: verification.ok} : {}),
      ...(verification?.reason || outcome?.reason ? {reason: verification?.reason ?? outcome?.reason} : {}),
    })
  }

  return {header, changes, end, file, damaged}
}

/** Every journal entry, newest first. A file that cannot be read is a failure naming it. */
export function readJournal(home: string): JournalEntry[] {
  const dir = journalDir(home)
  if (!existsSync(dir)) return []
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'))
  } catch (error) {
    throw unreadable(dir, error)
  }

  const entries = names
    .map((name) => {
      const file = join(dir, name)
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        throw unreadable(file, error)
      }

      return parseEntry(text, file)
    })
    .filter((entry): entry is ParsedEntry => entry !== undefined)
    .map((entry) => ({...entry, undoneBy: [] as string[]}))
    .sort((a, b) => b.header.time.localeCompare(a.header.time) || b.header.id.localeCompare(a.header.id))
  const byId = new Map(entries.map((entry) => [entry.header.id, entry]))
  for (const entry of entries) {
    if (entry.header.undoOf && entry.changes.length > 0) byId.get(entry.header.undoOf)?.undoneBy.push(entry.header.id)
  }

  return entries
}

function unreadable(path: string, error: unknown): Failure {
  const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error)
  return new Failure(`Cannot read the journal at ${path} (${reason}).`, {
    code: 'JournalUnreadable',
    hint: 'Check its owner and permissions (lx writes it with mode 0600), or set LX_HOME to the journal you mean.',
    cause: error,
  })
}

/** How a run is shown in `lx history`: a run without an end line was killed or crashed. */
export function entryStatus(entry: JournalEntry): string {
  return entry.end?.status ?? 'interrupted'
}

/**
 * The entry to undo: the named one, or the newest with changes that was not undone yet. An undo
 * is not picked (that would flip back and forth), but a redo — an undo of an undo — is a change
 * like any other.
 */
export function findEntryToUndo(home: string, id?: string): JournalEntry {
  const entries = readJournal(home)
  if (id) {
    const entry = entries.find((candidate) => candidate.header.id === id || candidate.header.id.startsWith(id))
    if (!entry) throw new UserError(`No journal entry ${id}.`, {code: 'UnknownJournalId', hint: '`lx history` lists them.'})
    return entry
  }

  const byId = new Map(entries.map((entry) => [entry.header.id, entry]))
  const isUndo = (entry: JournalEntry): boolean => {
    const original = entry.header.undoOf ? byId.get(entry.header.undoOf) : undefined
    // An undo of a plain change, or of a redo (which is a change again): odd depth is an undo.
    if (!entry.header.undoOf) return false
    return original === undefined || !isUndo(original)
  }

  const entry = entries.find((candidate) => candidate.changes.length > 0 && candidate.undoneBy.length === 0 && !isUndo(candidate))
  if (!entry)
    throw new UserError('Nothing to undo: the journal has no change that was not undone already.', {
      code: 'NothingToUndo',
      hint: '`lx history` lists the journal.',
    })
  return entry
}
