import assert from 'node:assert/strict'
import {appendFileSync, mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {applyPlan, type ApplyOptions, exitCodeOf} from '../../src/apply/engine.js'
import {entryStatus, findEntryToUndo, type JournalEntry, JournalWriter, readJournal} from '../../src/apply/journal.js'
import {ChangedButFailed, type ChangeHandler, emptyPlan, type Plan} from '../../src/apply/plan.js'
import {planUndo, undoTargets} from '../../src/apply/plan-undo.js'
import {Failure, UserError} from '../../src/errors.js'
import {scratchDir} from '../helpers/scratch-dir.js'

type State = {value: number | null}

/** An in-memory "account" and a handler over it, recording every write. */
function fakeAccount(initial: Record<string, number | null>) {
  const values = new Map(Object.entries(initial))
  const writes: string[] = []
  const failures = new Map<string, Error[]>()
  const handler: ChangeHandler<State> = {
    kind: 'fake',
    describe: (s) => (s.value === null ? 'none' : `value ${s.value}`),
    same: (a, b) => a.value === b.value,
    async read(target) {
      return {value: values.get(target.functionName) ?? null}
    },
    async write(target, _from, to) {
      const queued = failures.get(target.functionName)
      if (queued && queued.length > 0) throw queued.shift()
      writes.push(`${target.functionName}=${to.value}`)
      values.set(target.functionName, to.value)
      return to
    },
  }
  return {values, writes, failures, handler}
}

function planOf(changes: Array<[string, number | null, number | null]>): Plan<State> {
  const plan = emptyPlan<State>('fake')
  for (const [name, before, after] of changes) plan.changes.push({kind: 'fake', target: {functionName: name}, before: {value: before}, after: {value: after}})
  return plan
}

function options(handler: ChangeHandler<State>, home: string, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    handlers: () => handler,
    dryRun: false,
    yes: true,
    journal: {home, command: 'lx test', region: 'us-east-1'},
    reasonOf: (error) => (error as Error).message,
    interactive: false,
    ...extra,
  }
}

const homes: string[] = []
const home = () => {
  const dir = scratchDir('lx-engine-')
  homes.push(dir)
  return dir
}

describe('apply engine', () => {
  before(() => {
    process.env.LX_STEP_BACKOFF_MS = '1'
  })

  after(() => {
    for (const dir of homes.splice(0)) rmSync(dir, {recursive: true, force: true})
  })

  it('a dry run writes nothing and journals nothing', async () => {
    const account = fakeAccount({a: 1, b: 2})
    const dir = home()
    const report = await applyPlan(
      planOf([
        ['a', 1, 5],
        ['b', 2, 5],
      ]),
      options(account.handler, dir, {dryRun: true}),
    )
    assert.deepEqual(account.writes, [])
    assert.equal(report.plan.changes.length, 2)
    assert.equal(report.plan.changes[0].summary, 'value 1 → value 5')
    assert.deepEqual(readJournal(dir), [])
  })

  it('refuses more than one function without a TTY and without --yes, before any write', async () => {
    const account = fakeAccount({a: 1, b: 2})
    await assert.rejects(
      applyPlan(
        planOf([
          ['a', 1, 5],
          ['b', 2, 5],
        ]),
        options(account.handler, home(), {yes: false}),
      ),
      (error: unknown) => {
        assert.ok(error instanceof UserError)
        assert.match(error.message, /Refusing to change 2 functions without confirmation/)
        assert.match(error.hint!, /--yes.*--dry-run/)
        return true
      },
    )
    assert.deepEqual(account.writes, [])
  })

  it('applies a single-function change without asking', async () => {
    const account = fakeAccount({a: 1})
    const report = await applyPlan(planOf([['a', 1, 5]]), options(account.handler, home(), {yes: false}))
    assert.equal(report.summary.changed, 1)
  })

  it('asks on a TTY and stops on "no"', async () => {
    const account = fakeAccount({a: 1, b: 1})
    // The engine's prompt is injectable through confirmApply's ask; here the TTY answer is "n".
    const {confirmApply} = await import('../../src/apply/confirm.js')
    await assert.rejects(confirmApply({functionsAffected: 2, changes: 2, yes: false, interactive: true, ask: async () => 'n'}), /Not applied/)
    await confirmApply({functionsAffected: 2, changes: 2, yes: false, interactive: true, ask: async () => 'y'})
    assert.deepEqual(account.writes, [])
  })

  it('retries update conflicts and throttling, and reports other failures per target without stopping the rest', async () => {
    const account = fakeAccount({a: 1, b: 1, c: 1})
    const conflict = Object.assign(new Error('An update is in progress'), {name: 'ResourceConflictException', $metadata: {httpStatusCode: 409}})
    const throttle = Object.assign(new Error('Rate exceeded'), {name: 'TooManyRequestsException', $metadata: {httpStatusCode: 429}})
    account.failures.set('a', [conflict, throttle])
    account.failures.set('b', [new Error('InvalidParameterValueException: nope')])
    const report = await applyPlan(
      planOf([
        ['a', 1, 2],
        ['b', 1, 2],
        ['c', 1, 2],
      ]),
      options(account.handler, home()),
    )
    assert.deepEqual(
      report.results.map((r) => [r.label, r.status]),
      [
        ['a', 'changed'],
        ['b', 'failed'],
        ['c', 'changed'],
      ],
    )
    assert.match(report.results[1].reason!, /nope/)
    assert.equal(report.summary.failed, 1)
  })

  it('gives up on a conflict that never clears', async () => {
    const account = fakeAccount({a: 1})
    account.failures.set(
      'a',
      Array.from({length: 20}, () => Object.assign(new Error('busy'), {name: 'ResourceConflictException'})),
    )
    const report = await applyPlan(planOf([['a', 1, 2]]), options(account.handler, home()))
    assert.equal(report.results[0].status, 'failed')
  })

  it('re-plans on fresh state and skips when the re-plan says so', async () => {
    const account = fakeAccount({a: 7, b: 1})
    const plan = planOf([
      ['a', 1, 2],
      ['b', 1, 2],
    ])
    plan.changes[0].replan = (fresh) => ({after: {value: (fresh.value ?? 0) + 1}})
    plan.changes[1].replan = () => ({skip: 'no longer eligible'})
    const report = await applyPlan(plan, options(account.handler, home()))
    assert.deepEqual(account.writes, ['a=8'])
    assert.equal(report.results.find((r) => r.label === 'b')!.reason, 'no longer eligible')
  })

  it('reports a target already in the wanted state as unchanged (idempotent re-run)', async () => {
    const account = fakeAccount({a: 2})
    const report = await applyPlan(planOf([['a', 1, 2]]), options(account.handler, home()))
    assert.equal(report.results[0].status, 'unchanged')
    assert.deepEqual(account.writes, [])
  })

  it('runs the changes of one function in plan order', async () => {
    const account = fakeAccount({a: 0})
    const plan = planOf([
      ['a', 0, 1],
      ['a', 1, 2],
      ['a', 2, 3],
    ])
    await applyPlan(plan, options(account.handler, home()))
    assert.deepEqual(account.writes, ['a=1', 'a=2', 'a=3'])
  })

  it('reports a write AWS took but that did not reach the state asked for as changed, not verified (exit 1), and journals it', async () => {
    const account = fakeAccount({a: null})
    account.handler.write = async (_target, _from, to) => {
      account.values.set('a', to.value)
      throw new ChangedButFailed('schedule deleted to be recreated, but putting it back failed', to)
    }

    const dir = home()
    const report = await applyPlan(planOf([['a', null, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'changed')
    assert.equal(report.results[0].verified, false)
    assert.match(report.results[0].reason!, /changed, not verified: schedule deleted/)
    assert.deepEqual([report.summary.changed, report.summary.unverified], [1, 1])
    assert.equal(exitCodeOf(report), 1)
    assert.deepEqual(
      readJournal(dir)[0].changes.map((c) => [c.before, c.after, c.verified]),
      [[{value: null}, {value: 5}, false]],
    )
  })

  it('a verification that fails (e.g. provisioned concurrency FAILED) leaves the change reported as changed, journaled, and exits 1', async () => {
    const account = fakeAccount({a: null})
    account.handler.settle = async () => {
      throw new Error('provisioned concurrency FAILED: FUNCTION_ERROR_INIT_FAILURE')
    }

    const dir = home()
    const report = await applyPlan(planOf([['a', null, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'changed')
    assert.match(report.results[0].reason!, /not verified: .*FUNCTION_ERROR_INIT_FAILURE/)
    assert.equal(exitCodeOf(report), 1)
    const [entry] = readJournal(dir)
    assert.deepEqual(
      entry.changes.map((c) => [c.after, c.outcome, c.verified]),
      [[{value: 5}, 'applied', false]],
    )
    assert.equal(entry.end?.status, 'failed')
  })

  it('a write whose answer was lost (5xx) but that landed is reported changed and journaled as applied', async () => {
    const account = fakeAccount({a: 1})
    const lost = Object.assign(new Error('We encountered an internal error'), {name: 'ServiceException', $metadata: {httpStatusCode: 500}})
    account.handler.write = async (target, _from, to) => {
      account.values.set(target.functionName, to.value)
      throw lost
    }

    const dir = home()
    const report = await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    assert.deepEqual([report.results[0].status, report.results[0].verified], ['changed', true])
    assert.deepEqual(
      readJournal(dir)[0].changes.map((c) => [c.before, c.after, c.outcome]),
      [[{value: 1}, {value: 5}, 'applied']],
    )
  })

  it('a write whose answer was lost and that did not land is tried again from a fresh read, and journaled once as applied', async () => {
    const account = fakeAccount({a: 1})
    account.failures.set('a', [Object.assign(new Error('internal error'), {name: 'ServiceException', $metadata: {httpStatusCode: 503}})])
    const dir = home()
    const report = await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'changed')
    assert.deepEqual(account.writes, ['a=5'])
    assert.deepEqual(
      readJournal(dir)[0].changes.map((c) => [c.before, c.after, c.outcome]),
      [[{value: 1}, {value: 5}, 'applied']],
    )
  })

  it('a 5xx on every attempt fails the target; nothing applied, nothing for undo', async () => {
    const account = fakeAccount({a: 1})
    account.failures.set(
      'a',
      Array.from({length: 20}, () => Object.assign(new Error('internal error'), {name: 'ServiceException', $metadata: {httpStatusCode: 500}})),
    )
    const dir = home()
    const report = await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'failed')
    assert.equal(readJournal(dir)[0].changes.length, 0)
    assert.throws(() => findEntryToUndo(dir), /Nothing to undo/)
  })

  it('when neither the answer nor a read can tell whether a write landed, the report says so and undo checks the live state', async () => {
    const account = fakeAccount({a: 1})
    const realRead = account.handler.read
    let reads = 0
    account.handler.read = async (target, context) => {
      if (++reads === 2) throw Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
      return realRead(target, context)
    }

    account.handler.write = async (target, _from, to) => {
      account.values.set(target.functionName, to.value)
      throw Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
    }

    const dir = home()
    const report = await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'failed')
    assert.match(report.results[0].reason!, /may have been applied: `lx undo` checks the live state/)
    const entry = findEntryToUndo(dir)
    assert.deepEqual(
      entry.changes.map((c) => c.outcome),
      ['unknown'],
    )

    account.handler.read = realRead
    await applyPlan(await undoPlan(entry, account.handler), undoOptions(account.handler, dir, entry.header.id))
    assert.equal(account.values.get('a'), 1)
  })

  it('a run killed while a write was in flight leaves an intent that undo reverses when it landed, and leaves alone when it did not', async () => {
    const account = fakeAccount({a: 5, b: 1})
    const dir = home()
    const writer = new JournalWriter(dir, {command: 'lx test', kind: 'fake', region: 'us-east-1'})
    writer.intent('fake', {functionName: 'a'}, {value: 1}, {value: 5}) // landed: a is 5 now
    writer.intent('fake', {functionName: 'b'}, {value: 1}, {value: 7}) // never landed: b is still 1
    const entry = findEntryToUndo(dir)
    assert.equal(entryStatus(entry), 'interrupted')
    const plan = await undoPlan(entry, account.handler)
    assert.deepEqual(
      plan.changes.map((c) => [c.target.functionName, c.before, c.after]),
      [['a', {value: 5}, {value: 1}]],
    )
    assert.match(plan.unchanged[0].reason!, /never landed/)
    await applyPlan(plan, undoOptions(account.handler, dir, entry.header.id))
    assert.deepEqual([account.values.get('a'), account.values.get('b')], [1, 1])
  })

  it('journal → undo restores the before-state, reports targets changed since as conflicts (exit 1) instead of overwriting them', async () => {
    const account = fakeAccount({a: 1, b: null})
    const dir = home()
    const first = await applyPlan(
      planOf([
        ['a', 1, 5],
        ['b', null, 3],
      ]),
      options(account.handler, dir),
    )
    assert.ok(first.journalId)
    account.values.set('b', 9) // someone else changed b since

    const entry = findEntryToUndo(dir)
    assert.equal(entry.header.id, first.journalId)
    const plan = await undoPlan(entry, account.handler)
    // The plan shows the live state it found, not the journal's.
    assert.deepEqual(
      plan.changes.map((c) => c.before),
      [{value: 5}],
    )
    assert.deepEqual(
      plan.conflicts.map((c) => c.live),
      [{value: 9}],
    )
    const undo = await applyPlan(plan, undoOptions(account.handler, dir, entry.header.id))
    assert.equal(account.values.get('a'), 1)
    assert.equal(account.values.get('b'), 9, 'not overwritten')
    const b = undo.results.find((r) => r.label === 'b')!
    assert.equal(b.status, 'conflict')
    assert.match(b.reason!, /changed since lx set it \(now value 9\).*--force/)
    assert.equal(exitCodeOf(undo), 1)

    // --force overwrites it.
    await applyPlan(await undoPlan(entry, account.handler, true), undoOptions(account.handler, dir, entry.header.id))
    assert.equal(account.values.get('b'), null)

    const journal = readJournal(dir)
    assert.deepEqual(journal.find((e) => e.header.id === first.journalId)!.undoneBy.length > 0, true)
  })

  it('undo where every target was changed since changes nothing and exits 1', async () => {
    const account = fakeAccount({a: 1})
    const dir = home()
    await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    account.values.set('a', 6)
    const entry = findEntryToUndo(dir)
    const undo = await applyPlan(await undoPlan(entry, account.handler), undoOptions(account.handler, dir, entry.header.id))
    assert.deepEqual([undo.summary.changed, undo.summary.conflict], [0, 1])
    assert.equal(exitCodeOf(undo), 1)
    assert.deepEqual(account.writes, ['a=5'])
  })

  it('undo where nothing needs undoing any more exits 0', async () => {
    const account = fakeAccount({a: 1})
    const dir = home()
    await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    account.values.set('a', 1) // somebody put it back already
    const entry = findEntryToUndo(dir)
    const undo = await applyPlan(await undoPlan(entry, account.handler), undoOptions(account.handler, dir, entry.header.id))
    assert.deepEqual([undo.summary.changed, undo.summary.unchanged, exitCodeOf(undo)], [0, 1, 0])
  })

  it('undo of a run that changed nothing is refused as bad input', () => {
    const dir = home()
    const writer = new JournalWriter(dir, {command: 'lx test', kind: 'fake', region: 'us-east-1'})
    writer.end('complete', {})
    assert.throws(() => undoTargets(readJournal(dir)[0]), UserError)
  })

  it('a damaged journal line is named (file and line) and undo refuses to guess without --force', async () => {
    const account = fakeAccount({a: 1})
    const dir = home()
    await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    const [{file}] = readJournal(dir)
    appendFileSync(file, '{"type":"intent","seq":9,"kind":"fa\n')
    const entry = findEntryToUndo(dir)
    assert.throws(
      () => undoTargets(entry),
      (error: unknown) => {
        assert.ok(error instanceof UserError)
        assert.ok(error.message.includes(file))
        assert.match(error.message, /damaged line \(\d+\)/)
        return true
      },
    )
    assert.equal(undoTargets(entry, {force: true}).length, 1)
  })

  it('an unreadable journal file is a failure naming the file', () => {
    const dir = home()
    mkdirSync(join(dir, 'journal', 'broken.jsonl'), {recursive: true}) // a directory where a file should be
    assert.throws(
      () => readJournal(dir),
      (error: unknown) => {
        assert.ok(error instanceof Failure)
        assert.match(error.message, /broken\.jsonl/)
        return true
      },
    )
  })

  it('a redo (an undo of an undo) is found by plain undo', async () => {
    const account = fakeAccount({a: 1})
    const dir = home()
    await applyPlan(planOf([['a', 1, 5]]), options(account.handler, dir))
    const change = findEntryToUndo(dir)
    const undo = await applyPlan(await undoPlan(change, account.handler), undoOptions(account.handler, dir, change.header.id))
    assert.throws(() => findEntryToUndo(dir), /Nothing to undo/)
    const undoEntry = readJournal(dir).find((entry) => entry.header.id === undo.journalId)!
    const redo = await applyPlan(await undoPlan(undoEntry, account.handler), undoOptions(account.handler, dir, undoEntry.header.id))
    assert.equal(account.values.get('a'), 5)
    assert.equal(findEntryToUndo(dir).header.id, redo.journalId)
  })
})

async function undoPlan(entry: JournalEntry, handler: ChangeHandler<State>, force = false): Promise<Plan> {
  const targets = undoTargets(entry, {force})
  const context = {progress() {}, signal: new AbortController().signal}
  const live = new Map<unknown, {state: unknown}>()
  for (const target of targets) live.set(target, {state: await handler.read(target.target, context)})
  return planUndo(
    entry,
    targets,
    (target) => live.get(target)!,
    () => handler,
    {force},
  )
}

function undoOptions(handler: ChangeHandler<State>, dir: string, undoOf: string): ApplyOptions {
  return options(handler, dir, {journal: {home: dir, command: 'lx undo', region: 'us-east-1', undoOf}})
}
