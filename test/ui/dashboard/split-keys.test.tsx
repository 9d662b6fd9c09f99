import assert from 'node:assert/strict'

import {splitKeys} from '../../../src/ui/dashboard/split-keys.js'

describe('splitKeys', () => {
  it('passes single keys and special keys through', () => {
    assert.deepEqual(splitKeys('j', {}), [{input: 'j', key: {}}])
    assert.deepEqual(splitKeys('', {downArrow: true}), [{input: '', key: {downArrow: true}}])
    assert.deepEqual(splitKeys('c', {ctrl: true}), [{input: 'c', key: {ctrl: true}}])
  })

  it('splits a burst into keystrokes, Enter and Backspace included', () => {
    assert.deepEqual(splitKeys('jj\r', {}), [
      {input: 'j', key: {}},
      {input: 'j', key: {}},
      {input: '', key: {return: true}},
    ])
    assert.deepEqual(
      splitKeys('ab\u007F', {}).map((stroke) => stroke.key.backspace ?? stroke.input),
      ['a', 'b', true],
    )
  })

  it('reads Esc followed by keys as Esc, then the keys', () => {
    assert.deepEqual(splitKeys('s/x', {meta: true}), [
      {input: '', key: {escape: true, meta: true}},
      {input: 's', key: {}},
      {input: '/', key: {}},
      {input: 'x', key: {}},
    ])
  })
})
