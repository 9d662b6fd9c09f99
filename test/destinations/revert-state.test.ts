import assert from 'node:assert/strict'

import {type EventInvokeSettings, revertState} from '../../src/destinations/event-invoke-state.js'

const config = (settings: Partial<EventInvokeSettings>) => ({
  config: {onSuccess: null, onFailure: null, maximumRetryAttempts: null, maximumEventAgeInSeconds: null, ...settings},
})
const queue = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`

describe('undo of an async-invocation change (three-way merge)', () => {
  it('deletes a config lx created when nothing else was set in it since', () => {
    const after = config({onFailure: queue('dlq')})
    assert.deepEqual(revertState({config: null}, after, after, false), {to: {config: null}})
  })

  it('keeps a member somebody else set since in a config lx created', () => {
    const after = config({onFailure: queue('dlq')})
    const live = config({onFailure: queue('dlq'), maximumRetryAttempts: 0})
    assert.deepEqual(revertState({config: null}, after, live, false), {to: config({maximumRetryAttempts: 0})})
  })

  it('restores only the member lx changed', () => {
    const before = config({onFailure: queue('old'), maximumEventAgeInSeconds: 3600})
    const after = config({onFailure: queue('new'), maximumEventAgeInSeconds: 3600})
    const live = config({onFailure: queue('new'), maximumEventAgeInSeconds: 600})
    assert.deepEqual(revertState(before, after, live, false), {to: config({onFailure: queue('old'), maximumEventAgeInSeconds: 600})})
  })

  it('brings back a config lx deleted', () => {
    const before = config({onSuccess: queue('ok')})
    assert.deepEqual(revertState(before, {config: null}, {config: null}, false), {to: before})
  })

  it('is a conflict when the member lx changed was changed again, and done when it is back already', () => {
    const before = config({onFailure: queue('old')})
    const after = config({onFailure: queue('new')})
    assert.ok('conflict' in revertState(before, after, config({onFailure: queue('third')}), false))
    assert.deepEqual(revertState(before, after, config({onFailure: queue('third')}), true), {to: before})
    assert.deepEqual(revertState(before, after, before, false), {done: true})
  })
})
