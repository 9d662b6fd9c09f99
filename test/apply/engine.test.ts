import assert from 'node:assert/strict'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {applyPlan, type ApplyOptions} from '../../src/apply/engine.js'
import {findEntryToUndo, readJournal} from '../../src/apply/journal.js'
import {ChangedButFailed, type ChangeHandler, emptyPlan, type Plan} from '../../src/apply/plan.js'
import {planUndo} from '../../src/apply/plan-undo.js'
import {UserError} from '../../src/errors.js'

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

const home = () => mkdtempSync(join(tmpdir(), 'lx-engine-'))

describe('apply engine', () => {
  before(() => {
    process.env.LX_STEP_BACKOFF_MS = '1'
  })

  it('a dry run writes nothing and journals nothing', async () => {
    const account = fakeAccount({a: 1, b: 2})
    const dir = home()
    const report = await applyPlan(planOf([['a', 1, 5], ['b', 2, 5]]), options(account.handler, dir, {dryRun: true}))
    assert.deepEqual(account.writes, [])
    assert.equal(report.plan.changes.length, 2)
    assert.equal(report.plan.changes[0].summary, 'value 1 → value 5')
    assert.deepEqual(readJournal(dir), [])
  })

  it('refuses more than one function without a TTY and without --yes, before any write', async () => {
    const account = fakeAccount({a: 1, b: 2})
    await assert.rejects(applyPlan(planOf([['a', 1, 5], ['b', 2, 5]]), options(account.handler, home(), {yes: false})), (error: unknown) => {
      assert.ok(error instanceof UserError)
      assert.match(error.message, /Refusing to change 2 functions without confirmation/)
      assert.match(error.hint!, /--yes.*--dry-run/)
      return true
    })
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
    const report = await applyPlan(planOf([['a', 1, 2], ['b', 1, 2], ['c', 1, 2]]), options(account.handler, home()))
    assert.deepEqual(
      report.results.map((r) => [r.label, r.status]),
      [['a', 'changed'], ['b', 'failed'], ['c', 'changed']],
    )
    assert.match(report.results[1].reason!, /nope/)
    assert.equal(report.summary.failed, 1)
  })

  it('gives up on a conflict that never clears', async () => {
    const account = fakeAccount({a: 1})
    account.failures.set('a', Array.from({length: 20}, () => Object.assign(new Error('busy'), {name: 'ResourceConflictException'})))
    const report = await applyPlan(planOf([['a', 1, 2]]), options(account.handler, home()))
    assert.equal(report.results[0].status, 'failed')
  })

  it('re-plans on fresh state and skips when the re-plan says so', async () => {
    const account = fakeAccount({a: 7, b: 1})
    const plan = planOf([['a', 1, 2], ['b', 1, 2]])
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
    const plan = planOf([['a', 0, 1], ['a', 1, 2], ['a', 2, 3]])
    await applyPlan(plan, options(account.handler, home()))
    assert.deepEqual(account.writes, ['a=1', 'a=2', 'a=3'])
  })

  it('journals a write that went through but failed, so it can be undone', async () => {
    const account = fakeAccount({a: null})
    account.handler.write = async (_target, _from, to) => {
      account.values.set('a', to.value)
      throw new ChangedButFailed('provisioned concurrency FAILED: FUNCTION_ERROR_INIT_FAILURE', to)
    }

    const dir = home()
    const report = await applyPlan(planOf([['a', null, 5]]), options(account.handler, dir))
    assert.equal(report.results[0].status, 'failed')
    assert.match(report.results[0].reason!, /FUNCTION_ERROR_INIT_FAILURE/)
    assert.deepEqual(readJournal(dir)[0].changes.map((c) => [c.before, c.after]), [[{value: null}, {value: 5}]])
  })

  it('journal → undo restores the before-state, and reports targets changed since instead of overwriting them', async () => {
    const account = fakeAccount({a: 1, b: null})
    const dir = home()
    const first = await applyPlan(planOf([['a', 1, 5], ['b', null, 3]]), options(account.handler, dir))
    assert.ok(first.journalId)
    account.values.set('b', 9) // someone else changed b since

    const entry = findEntryToUndo(dir)
    assert.equal(entry.header.id, first.journalId)
    const undo = await applyPlan(planUndo(entry), options(account.handler, dir, {journal: {home: dir, command: 'lx undo', region: 'us-east-1', undoOf: entry.header.id}}))
    assert.equal(account.values.get('a'), 1)
    assert.equal(account.values.get('b'), 9, 'not overwritten')
    const b = undo.results.find((r) => r.label === 'b')!
    assert.equal(b.status, 'skipped')
    assert.match(b.reason!, /changed since \(now value 9\).*--force/)

    // --force overwrites it.
    await applyPlan(planUndo(entry), options(account.handler, dir, {force: true}))
    assert.equal(account.values.get('b'), null)

    const journal = readJournal(dir)
    assert.deepEqual(journal.find((e) => e.header.id === first.journalId)!.undoneBy.length > 0, true)
  })

  it('undo of a run that changed nothing is refused as bad input', () => {
    assert.throws(() => planUndo({header: {type: 'run', id: 'x', time: '', command: '', kind: 'fake', region: 'us-east-1'}, changes: [], undoneBy: []}), UserError)
  })
})
