import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {catastrophicShape, compileNamePattern, isLinear} from '../../src/select/name-pattern.js'
import {fnConfig, lambda} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

// 2^50 backtracking steps for the classic engine: a hang, were it ever run that way.
const LONG_NAME = `${'a'.repeat(50)}!`

describe('--match / --exclude patterns', () => {
  it('run the catastrophic ^(a+)+$ on the linear engine, with the right answers', () => {
    const regex = compileNamePattern('match', '^(a+)+$')
    assert.ok(isLinear(regex))
    assert.equal(regex.test(LONG_NAME), false)
    assert.equal(regex.test('a'.repeat(50)), true)
  })

  it('keep ordinary patterns working on the linear engine', () => {
    const cases: Array<[string, string, boolean]> = [
      ['^orders-', 'orders-api', true],
      ['-(dev|prod)$', 'billing-prod', true],
      ['-(dev|prod)$', 'billing-staging', false],
      ['^svc-\\d{2}$', 'svc-07', true],
      ['api', 'checkout-api', true],
    ]
    for (const [source, name, expected] of cases) {
      const regex = compileNamePattern('match', source)
      assert.ok(isLinear(regex), source)
      assert.equal(regex.test(name), expected, `${source} on ${name}`)
    }
  })

  it('run what the linear engine cannot (backreferences, large counts) on the classic engine when it cannot blow up', () => {
    for (const [source, name, expected] of [
      ['^(\\w+)-\\1$', 'echo-echo', true],
      ['^[a-z]{1,30}$', 'orders', true],
    ] as const) {
      const regex = compileNamePattern('match', source)
      assert.equal(isLinear(regex), false)
      assert.equal(regex.test(name), expected)
    }
  })

  it('refuse, with exit 2 and a hint, a pattern the linear engine cannot run and that would backtrack exponentially', () => {
    for (const source of ['(a?){30}a{30}', '^(?=(a+)+$)\\w{1,64}$', '(a|aa){1,40}$']) {
      assert.throws(
        () => compileNamePattern('exclude', source),
        (error: unknown) =>
          error instanceof UserError &&
          error.exitCode === 2 &&
          error.code === 'CatastrophicRegex' &&
          /^--exclude ".*" could take lx forever/.test(error.message),
        source,
      )
    }

    // The hint's way out: the same alternation with + runs on the linear engine.
    const hint = (error: unknown) => /write repeat counts above 16 as \+ or \*/.test((error as UserError).hint ?? '')
    assert.throws(() => compileNamePattern('exclude', '(a|ab){1,40}$'), hint)
    assert.ok(isLinear(compileNamePattern('exclude', '(a|ab)+$')))
  })

  it('without the linear engine, refuse nested and alternating repetition and keep the rest', () => {
    assert.throws(() => compileNamePattern('match', '^(a+)+$', {linear: false}), /a repeated group with a repeat inside it/)
    assert.throws(() => compileNamePattern('match', '^(a|ab)*$', {linear: false}), /a repeated group with \| inside it/)
    const plain = compileNamePattern('match', '^orders-(api|worker)$', {linear: false})
    assert.equal(isLinear(plain), false)
    assert.equal(plain.test('orders-worker'), true)
  })

  it('catastrophicShape: star height above 1 and repeated alternation, nothing else', () => {
    const shapes: Array<[string, boolean]> = [
      ['^(a+)+$', true],
      ['(?:(?:a+)+)+$', true],
      ['(a?){30}', true],
      ['(a{2})+', true],
      ['(?<n>a*)*', true],
      ['(a|b)*', true],
      ['((a|b)c)+', true],
      ['(a+)?', false],
      ['(a+){1}', false],
      ['(ab)+', false],
      ['\\(a+\\)+', false],
      ['[(]+a+', false],
      ['[a-]+(x)+', false],
      ['-(dev|prod)$', false],
      ['a+?b*', false],
      ['x{2}', false],
    ]
    for (const [source, catastrophic] of shapes) assert.equal(catastrophicShape(source) !== undefined, catastrophic, source)
  })

  it('an invalid pattern is still refused as such', () => {
    assert.throws(() => compileNamePattern('match', '[a-'), /--match "\[a-" is not a valid regular expression/)
  })

  it('lx concurrency list --match ^(a+)+$ over a 50-character name answers (nock)', async () => {
    lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {Functions: [fnConfig(LONG_NAME.slice(0, -1)), fnConfig(`${'a'.repeat(49)}-x`)]})
      .get(`/2015-03-31/functions/${'a'.repeat(50)}`)
      .reply(200, {Configuration: fnConfig('a'.repeat(50))})
      .get(`/2019-09-30/functions/${'a'.repeat(50)}/provisioned-concurrency`)
      .query(true)
      .reply(200, {ProvisionedConcurrencyConfigs: []})
    const {stdout, exitCode, stderr} = await runLx(['concurrency', 'list', '--match', '^(a+)+$', '--json'])
    assert.equal(exitCode, 0, stderr)
    assert.deepEqual(
      json<Array<{functionName: string}>>(stdout).map((row) => row.functionName),
      ['a'.repeat(50)],
    )
  })
})
