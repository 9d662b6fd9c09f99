// The journal: one JSON Lines file per mutating run under $LX_HOME/journal. The header is written
// before the first call and each change is appended the moment it is done, so a run that is
// interrupted or crashes still leaves an exact record for `lx undo`.
import {appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {randomBytes} from 'node:crypto'

import {UserError} from '../errors.js'
import type {Target} from './plan.js'

export interface JournalHeader {
  type: 'run'
  id: string
  time: string
  command: string
  kind: string
  region: string
  endpointUrl?: string
  profile?: string
  /** Set when this run reverses another one. */
  undoOf?: string
}

export interface JournalChange {
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

export interface JournalEntry {
  header: JournalHeader
  changes: JournalChange[]
  end?: JournalEnd
  /** Runs that reversed this one. */
  undoneBy: string[]
}

/** $LX_HOME, else the platform's data directory for lx (what oclif calls config.dataDir). */
export function lxHome(dataDir?: string): string {
  if (process.env.LX_HOME) return process.env.LX_HOME
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
  private changeCount = 0

  constructor(home: string, header: Omit<JournalHeader, 'type' | 'id' | 'time'>) {
    const dir = journalDir(home)
    mkdirSync(dir, {recursive: true})
    const now = new Date()
    this.id = newId(now)
    this.file = join(dir, `${this.id}.jsonl`)
    const full: JournalHeader = {type: 'run', id: this.id, time: now.toISOString(), ...header}
    writeFileSync(this.file, `${JSON.stringify(full)}\n`, {mode: 0o600})
  }

  get changes(): number {
    return this.changeCount
  }

  record(kind: string, target: Target, before: unknown, after: unknown): void {
    const line: JournalChange = {type: 'change', time: new Date().toISOString(), kind, target, before, after}
    appendFileSync(this.file, `${JSON.stringify(line)}\n`)
    this.changeCount++
  }

  end(status: JournalEnd['status'], counts: Record<string, number>): void {
    const line: JournalEnd = {type: 'end', time: new Date().toISOString(), status, counts}
    appendFileSync(this.file, `${JSON.stringify(line)}\n`)
  }
}

function parseEntry(text: string): Omit<JournalEntry, 'undoneBy'> | undefined {
  const lines = text.split('\n').filter(Boolean)
  let header: JournalHeader | undefined
  const changes: JournalChange[] = []
  let end: JournalEnd | undefined
  for (const line of lines) {
    try {
      const record = JSON.parse(line)
      if (record.type === 'run') header = record
      else if (record.type === 'change') changes.push(record)
      else if (record.type === 'end') end = record
    } catch {
      // A line cut short by a crash: the lines before it still stand.
    }
  }

  return header ? {header, changes, end} : undefined
}

/** Every journal entry, newest first. */
export function readJournal(home: string): JournalEntry[] {
  const dir = journalDir(home)
  if (!existsSync(dir)) return []
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => parseEntry(readFileSync(join(dir, name), 'utf8')))
    .filter((entry): entry is Omit<JournalEntry, 'undoneBy'> => entry !== undefined)
    .map((entry) => ({...entry, undoneBy: [] as string[]}))
    .sort((a, b) => b.header.time.localeCompare(a.header.time) || b.header.id.localeCompare(a.header.id))
  const byId = new Map(entries.map((entry) => [entry.header.id, entry]))
  for (const entry of entries) {
    if (entry.header.undoOf && entry.changes.length > 0) byId.get(entry.header.undoOf)?.undoneBy.push(entry.header.id)
  }

  return entries
}

/** The entry to undo: the named one, or the newest with changes that was not undone yet. */
export function findEntryToUndo(home: string, id?: string): JournalEntry {
  const entries = readJournal(home)
  if (id) {
    const entry = entries.find((candidate) => candidate.header.id === id || candidate.header.id.startsWith(id))
    if (!entry) throw new UserError(`No journal entry ${id}.`, {code: 'UnknownJournalId', hint: '`lx history` lists them.'})
    return entry
  }

  const entry = entries.find((candidate) => candidate.changes.length > 0 && candidate.undoneBy.length === 0 && !candidate.header.undoOf)
  if (!entry) throw new UserError('Nothing to undo: the journal has no change that was not undone already.', {code: 'NothingToUndo', hint: '`lx history` lists the journal.'})
  return entry
}
