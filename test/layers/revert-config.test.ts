import assert from 'node:assert/strict'

import {type FunctionConfigState, revertConfig} from '../../src/layers/function-config.js'
import {layerVersionArn as layer} from '../helpers/aws-ids.js'

const state = (layers: string[], environment: Record<string, string> | null = null, revisionId?: string): FunctionConfigState => ({
  layers,
  environment,
  ...(revisionId ? {revisionId} : {}),
})

describe('undo of a layers/environment change (three-way merge)', () => {
  it('removes the layer lx added and the variables lx set, and nothing else', () => {
    const before = state([layer('base', 1)], {APP: 'x'})
    const after = state([layer('base', 1), layer('log', 3)], {APP: 'x', LOG_URL: 'https://l'})
    const live = state([layer('base', 1), layer('log', 3)], {APP: 'x', LOG_URL: 'https://l'}, 'rev-2')
    assert.deepEqual(revertConfig(before, after, live, false), {to: state([layer('base', 1)], {APP: 'x'}, 'rev-2')})
  })

  it("keeps a colleague's hotfix variable and layer that landed after lx's change", () => {
    const before = state([layer('base', 1)], {APP: 'x'})
    const after = state([layer('base', 1), layer('log', 3)], {APP: 'x', LOG_URL: 'https://l'})
    const live = state([layer('base', 1), layer('log', 3), layer('hotfix', 1)], {APP: 'x', LOG_URL: 'https://l', HOTFIX: 'on'}, 'rev-3')
    assert.deepEqual(revertConfig(before, after, live, false), {to: state([layer('base', 1), layer('hotfix', 1)], {APP: 'x', HOTFIX: 'on'}, 'rev-3')})
  })

  it('puts back the version lx replaced, in place', () => {
    const before = state([layer('a', 1), layer('log', 2), layer('b', 1)])
    const after = state([layer('a', 1), layer('log', 3), layer('b', 1)])
    const live = state([layer('a', 1), layer('log', 3), layer('b', 1)])
    assert.deepEqual(revertConfig(before, after, live, false), {to: state([layer('a', 1), layer('log', 2), layer('b', 1)])})
  })

  it('puts a layer lx detached back where it stood', () => {
    const before = state([layer('a', 1), layer('log', 2), layer('b', 1)], {KEEP: '1', LOG_URL: 'u'})
    const after = state([layer('a', 1), layer('b', 1)], {KEEP: '1'})
    const live = state([layer('a', 1), layer('b', 1)], {KEEP: '1'})
    assert.deepEqual(revertConfig(before, after, live, false), {to: state([layer('a', 1), layer('log', 2), layer('b', 1)], {KEEP: '1', LOG_URL: 'u'})})
  })

  it('is a conflict when somebody changed the very layer or variable lx changed; --force reverses it anyway', () => {
    const before = state([layer('base', 1)], {LOG_LEVEL: 'info'})
    const after = state([layer('base', 1), layer('log', 3)], {LOG_LEVEL: 'debug'})
    const live = state([layer('base', 1), layer('log', 4)], {LOG_LEVEL: 'trace'})
    const refused = revertConfig(before, after, live, false)
    assert.ok('conflict' in refused)
    assert.match(refused.conflict, /layer log is now log:4; variable LOG_LEVEL changed since/)
    assert.deepEqual(revertConfig(before, after, live, true), {to: state([layer('base', 1)], {LOG_LEVEL: 'info'})})
  })

  it('is done when lx fields already hold their old values (the change never landed, or was undone)', () => {
    const before = state([layer('base', 1)], {APP: 'x'})
    const after = state([layer('base', 1), layer('log', 3)], {APP: 'x', LOG_URL: 'u'})
    assert.deepEqual(revertConfig(before, after, state([layer('base', 1), layer('other', 1)], {APP: 'y'}), false), {done: true})
  })

  it('removes the whole variable map when lx set the only variables', () => {
    const before = state([], null)
    const after = state([layer('log', 1)], {AWS_LAMBDA_EXEC_WRAPPER: '/opt/w'})
    assert.deepEqual(revertConfig(before, after, after, false), {to: state([], null)})
  })
})
