import assert from 'node:assert/strict'

import {journaledCommandLine} from '../../src/mutating-command.js'

describe('the command line as journaled and shown by lx history', () => {
  it('masks every spelling of --env / -e, and nothing else', () => {
    const line = journaledCommandLine('extensions:attach', [
      'arn:aws:lambda:us-east-1:123456789012:layer:x:1',
      '--env',
      'A=secret-a',
      '--env=B=secret-b',
      '-e',
      'C=secret-c',
      '-eD=secret-d',
      '-e=E=secret-e',
      '--match',
      'api=x',
      '--all',
    ])
    assert.doesNotMatch(line, /secret/)
    assert.equal(
      line,
      'lx extensions attach arn:aws:lambda:us-east-1:123456789012:layer:x:1 --env A=**** --env=B=**** -e C=**** -eD=**** -e=E=**** --match api=x --all',
    )
  })
})
