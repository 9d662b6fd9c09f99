// `lx undo` of a journal entry made in another account is refused before any Lambda call: the
// same function name in the account of the current credentials is somebody else's function.
import assert from 'node:assert/strict'
import {rmSync} from 'node:fs'

import {JournalWriter} from '../../src/apply/journal.js'
import {fnConfig, lambda} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'
import {serveCallerIdentity} from '../helpers/sts-nock.js'
import {scratchDir} from '../helpers/scratch-dir.js'

describe('lx undo and the account a change was made in', () => {
  let home: string
  let saved: string | undefined
  beforeEach(() => {
    saved = process.env.LX_HOME
    home = scratchDir('lx-undo-account-')
    process.env.LX_HOME = home
  })
  afterEach(() => {
    process.env.LX_HOME = saved
    rmSync(home, {recursive: true, force: true})
  })

  function journalFrom(account: string): string {
    const writer = new JournalWriter(home, {command: 'lx concurrency set email-sender --reserved 60', kind: 'reserved', region: 'us-east-1', account})
    const seq = writer.intent('reserved', {functionName: 'email-sender'}, {reserved: 5}, {reserved: 60})
    writer.outcome(seq, 'applied', {after: {reserved: 60}})
    writer.end('complete', {changed: 1})
    return writer.id
  }

  it('refuses with exit 2 naming both accounts, and sends no Lambda call', async () => {
    const id = journalFrom('999999999999')
    serveCallerIdentity('123456789012')
    const forbidden = lambda().get('/2015-03-31/functions/email-sender').reply(200, {})
    const {exitCode, stdout} = await runLx(['undo', id, '--yes', '--json'])
    assert.equal(exitCode, 2)
    const {error} = json(stdout)
    assert.equal(error.code, 'AccountMismatch')
    assert.match(error.message, /999999999999.*123456789012/)
    assert.equal(forbidden.isDone(), false, 'no Lambda call was made')
  })

  it('goes ahead with credentials for the account the change was made in', async () => {
    journalFrom('123456789012')
    serveCallerIdentity('123456789012', {times: 2})
    lambda()
      .get('/2015-03-31/functions/email-sender')
      .times(2)
      .reply(200, {Configuration: fnConfig('email-sender'), Concurrency: {ReservedConcurrentExecutions: 60}})
      .put('/2017-10-31/functions/email-sender/concurrency', {ReservedConcurrentExecutions: 5})
      .reply(200, {ReservedConcurrentExecutions: 5})
    const {exitCode, stdout, stderr} = await runLx(['undo', '--yes', '--json'])
    assert.equal(exitCode, 0, stderr)
    assert.equal(json(stdout).summary.changed, 1)
  })
})
