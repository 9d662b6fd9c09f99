// Typos end like any other bad input: exit 2, nothing run, and the likely intended command line or
// flag named — without a terminal too (these run the built CLI with pipes, no TTY).
import assert from 'node:assert/strict'

import {runCli} from '../helpers/run-cli.js'
import {suggestCommand} from '../../src/hooks/command-not-found.js'
import {closestMatch} from '../../src/lib/closest-match.js'

describe('typos', function () {
  this.timeout(60_000)

  it('an unknown command exits 2 and suggests the command with every argument and flag kept', async () => {
    const {code, stdout, stderr} = await runCli(['concurency', 'set', 'orders api', '--reserved', '5', '--dry-run'])
    assert.equal(code, 2)
    assert.equal(stdout, '')
    assert.equal(stderr, `Error: "concurency set 'orders api'" is not an lx command.\n  Did you mean: lx concurrency set 'orders api' --reserved 5 --dry-run\n`)
  })

  it('a mistyped subcommand is matched within its topic', async () => {
    const {code, stderr} = await runCli(['concurrency', 'lst', '--match', '^checkout-'])
    assert.equal(code, 2)
    assert.match(stderr, /Did you mean: lx concurrency list --match '\^checkout-'$/m)
  })

  it('an unknown command with --json answers in JSON on stdout', async () => {
    const {code, stdout} = await runCli(['acount', '--json'])
    assert.equal(code, 2)
    assert.deepEqual(JSON.parse(stdout).error, {
      code: 'UnknownCommand',
      message: '"acount" is not an lx command.',
      hint: 'Did you mean: lx account --json',
      exitCode: 2,
    })
  })

  it('a word that is no command at all points to the list of commands', async () => {
    const {code, stderr} = await runCli(['frobnicate'])
    assert.equal(code, 2)
    assert.match(stderr, /^ {2}Run `lx help` for the list of commands\.$/m)
  })

  it('an unknown flag exits 2 and names the closest flag the command takes', async () => {
    const {code, stderr} = await runCli(['concurrency', 'set', 'foo', '--reserve', '5'])
    assert.equal(code, 2)
    assert.match(stderr, /^Error: Unknown flag --reserve; did you mean --reserved\?$/m)
  })

  it('several unknown flags are each named, with a guess where there is one', async () => {
    const {code, stderr} = await runCli(['concurrency', 'set', 'foo', '--reserved=5', '--dryrun', '--colour'])
    assert.equal(code, 2)
    assert.match(stderr, /^Error: Unknown flags --dryrun \(did you mean --dry-run\?\), --colour\.$/m)
  })
})

describe('closest match', () => {
  it('takes a near miss or an abbreviation, never an unrelated word', () => {
    assert.equal(closestMatch('--reserve', ['--reserved', '--provisioned', '--qualifier']), '--reserved')
    assert.equal(closestMatch('--qualifer', ['--reserved', '--provisioned', '--qualifier']), '--qualifier')
    assert.equal(closestMatch('--prov', ['--reserved', '--provisioned']), '--provisioned')
    assert.equal(closestMatch('--colour', ['--reserved', '--provisioned', '--qualifier']), undefined)
  })

  it('suggests the deepest command whose every word is a plausible typo', () => {
    const ids = ['concurrency:list', 'concurrency:set', 'concurrency:unset', 'concurrency:plan', 'scaling:set', 'account']
    assert.deepEqual(suggestCommand(['concurrency', 'st', 'f', '--reserved', '5'], ids, ['concurrency', 'scaling']), {
      words: ['concurrency', 'set', 'f', '--reserved', '5'],
      topic: false,
    })
    assert.deepEqual(suggestCommand(['scalling', 'sett', 'f'], ids, ['concurrency', 'scaling']), {words: ['scaling', 'set', 'f'], topic: false})
    assert.deepEqual(suggestCommand(['concurrency', 'frobnicate'], ids, ['concurrency', 'scaling']), {words: ['concurrency', 'frobnicate'], topic: true})
    assert.equal(suggestCommand(['frobnicate'], ids, ['concurrency', 'scaling']), undefined)
  })
})
