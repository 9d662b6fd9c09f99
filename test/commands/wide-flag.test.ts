// --wide is a plain switch on every command that prints a table; a value is refused like any
// other bad input (exit 2), before anything is read.
import assert from 'node:assert/strict'

import {Config} from '@oclif/core'

import {ROOT} from '../helpers/run-cli.js'
import {runLx} from '../helpers/run-command.js'

describe('--wide', () => {
  it('is offered by every command that prints a table', async () => {
    const config = await Config.load(ROOT)
    const withWide = config.commands
      .filter((command) => command.flags.wide)
      .map((command) => command.id)
      .sort()
    assert.deepEqual(withWide, [
      'concurrency:list',
      'concurrency:plan',
      'dashboard',
      'destinations:list',
      'history',
      'layers:list',
      'scaling:list',
      'triggers:list',
    ])
  })

  it('takes no value: `--wide=yes` is bad input (exit 2)', async () => {
    const {stderr, exitCode} = await runLx(['history', '--wide=yes'])
    assert.equal(exitCode, 2)
    assert.match(stderr, /^Error: Unexpected argument: yes$/m)
  })
})
