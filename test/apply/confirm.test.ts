import assert from 'node:assert/strict'
import {PassThrough} from 'node:stream'

import {askOnTerminal} from '../../src/apply/confirm.js'
import {Interrupted} from '../../src/errors.js'

describe('the confirmation question on a terminal', () => {
  const terminal = () => ({input: new PassThrough(), output: new PassThrough(), terminal: true})

  it('Ctrl-C at [y/N] is an interrupt (exit 130, nothing changed), not an error', async () => {
    const streams = terminal()
    const answer = askOnTerminal('Apply 2 changes to 2 functions? [y/N] ', streams)
    streams.input.write('\u0003')
    await assert.rejects(answer, (error: unknown) => {
      assert.ok(error instanceof Interrupted)
      assert.equal(error.exitCode, 130)
      assert.match(error.message, /nothing was changed/)
      assert.doesNotMatch(error.message, /bug/)
      return true
    })
  })

  it('returns what was typed, and nothing on end of input (Ctrl-D)', async () => {
    const typed = terminal()
    const yes = askOnTerminal('? ', typed)
    typed.input.write('y\r')
    assert.equal(await yes, 'y')

    const closed = terminal()
    const none = askOnTerminal('? ', closed)
    closed.input.end()
    assert.equal(await none, '')
  })
})
