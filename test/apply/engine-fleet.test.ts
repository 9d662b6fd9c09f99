import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {loadPlaceHandlers} from '../../src/apply/change-kinds.js'
import {applyPlan} from '../../src/apply/engine.js'
import {readJournal} from '../../src/apply/journal.js'
import {type ChangeHandler, emptyPlan, type HandlerLookup, type Target} from '../../src/apply/plan.js'
import type {AwsContext} from '../../src/aws/aws-context.js'
import {scratchDir} from '../helpers/scratch-dir.js'

type State = {value: number | null}

/** One in-memory account-region: its values, its writes, and the most writes it had in flight at once. */
function fakePlace(initial: Record<string, number | null>, writeMs = 0) {
  const values = new Map(Object.entries(initial))
  const writes: string[] = []
  let inFlight = 0
  const stats = {maxInFlight: 0}
  const handler: ChangeHandler<State> = {
    kind: 'fake',
    describe: (s) => `value ${s.value}`,
    same: (a, b) => a.value === b.value,
    async read(target) {
      return {value: values.get(target.functionName) ?? null}
    },
    async write(target, _from, to) {
      inFlight++
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, writeMs))
      inFlight--
      writes.push(`${target.functionName}=${to.value}`)
      values.set(target.functionName, to.value)
      return to
    },
  }
  return {values, writes, stats, handler}
}

const homes: string[] = []

describe('apply engine across account-regions', () => {
  after(() => {
    for (const dir of homes.splice(0)) rmSync(dir, {recursive: true, force: true})
  })

  it('writes each target in its own place, journals account and region per target, and runs a worker pool per place', async () => {
    const east = fakePlace({a: 1, b: 1, c: 1}, 5)
    const west = fakePlace({a: 1, b: 1, c: 1}, 5)
    const byPlace: Record<string, ChangeHandler<State>> = {'111111111111|us-east-1': east.handler, '111111111111|eu-west-1': west.handler}
    const handlers: HandlerLookup = (_kind, target) => (target ? byPlace[`${target.account}|${target.region}`] : east.handler)
    const plan = emptyPlan<State>('fake')
    for (const region of ['us-east-1', 'eu-west-1']) {
      for (const name of ['a', 'b', 'c']) {
        const target = {functionName: name, account: '111111111111', region}
        plan.changes.push({kind: 'fake', target, before: {value: 1}, after: {value: region === 'us-east-1' ? 2 : 3}})
      }
    }

    const home = scratchDir('lx-engine-fleet-')
    homes.push(home)
    const report = await applyPlan(plan, {
      handlers,
      dryRun: false,
      yes: true,
      interactive: false,
      workers: 2,
      journal: {
        home,
        command: 'lx test',
        region: 'us-east-1',
        places: [
          {account: '111111111111', region: 'us-east-1'},
          {account: '111111111111', region: 'eu-west-1'},
        ],
      },
      reasonOf: (error) => (error as Error).message,
    })
    assert.equal(report.summary.changed, 6)
    assert.deepEqual([...east.values.values()], [2, 2, 2])
    assert.deepEqual([...west.values.values()], [3, 3, 3])
    // Two workers per place: each place had two writes in flight, never one place starving the other.
    assert.equal(east.stats.maxInFlight, 2)
    assert.equal(west.stats.maxInFlight, 2)
    const labels = ['eu-west-1 a', 'eu-west-1 b', 'eu-west-1 c', 'us-east-1 a', 'us-east-1 b', 'us-east-1 c'].map((label) => `111111111111/${label}`)
    assert.deepEqual(
      report.results.map((result) => result.label),
      labels,
    )
    const [entry] = readJournal(home)
    assert.equal(entry.header.places?.length, 2)
    assert.deepEqual(entry.changes.map((change) => `${change.target.region} ${change.target.functionName}`).sort(), [
      'eu-west-1 a',
      'eu-west-1 b',
      'eu-west-1 c',
      'us-east-1 a',
      'us-east-1 b',
      'us-east-1 c',
    ])
  })

  it('never sends a target through another place: a target whose place has no context is refused', async () => {
    const contexts = (['us-east-1', 'eu-west-1'] as const).map((region) => ({
      account: '111111111111',
      region,
      aws: {lambda: async () => ({region})} as unknown as AwsContext,
    }))
    const handlers = await loadPlaceHandlers(contexts, ['reserved'])
    const target = (account: string, region: string): Target => ({functionName: 'checkout', account, region})
    assert.equal(handlers('reserved', target('111111111111', 'eu-west-1')).kind, 'reserved')
    assert.throws(() => handlers('reserved', target('222222222222', 'eu-west-1')), /No credentials for 222222222222 in eu-west-1; not touched/)
    assert.throws(() => handlers('reserved', {functionName: 'checkout'}), /No credentials/, 'a target without a place is not sent to any of them')
    assert.equal(handlers('reserved').describe({reserved: 5}), 'reserved 5', 'describing needs no place')
  })
})
