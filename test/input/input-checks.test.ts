import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {listNames} from '../../src/input/list-names.js'
import {parseWholeNumber} from '../../src/input/numbers.js'
import {checkQualifier, checkQualifierAgreement} from '../../src/input/qualifier.js'

const refused = (run: () => unknown, code: string, message: RegExp) =>
  assert.throws(run, (error: unknown) => error instanceof UserError && error.code === code && message.test(error.message))

describe('shared input checks', () => {
  it('whole numbers: a lower bound, or a range', () => {
    assert.equal(parseWholeNumber('min', ' 7 ', {min: 0}), 7)
    refused(() => parseWholeNumber('min', '-1', {min: 0}), 'BadNumber', /--min must be a whole number ≥ 0, not "-1"/)
    refused(() => parseWholeNumber('max', '0', {min: 1}), 'BadNumber', /≥ 1, not 0\./)
    refused(() => parseWholeNumber('max', '9007199254740993', {min: 1}), 'BadNumber', /whole number/)
    assert.equal(parseWholeNumber('max-retries', '2', {min: 0, max: 2}), 2)
    refused(() => parseWholeNumber('max-retries', '3', {min: 0, max: 2, example: 1}), 'BadNumber', /--max-retries must be a whole number from 0 to 2/)
    assert.throws(
      () => parseWholeNumber('max-retries', 'x', {min: 0, max: 2, example: 1}),
      (error: UserError) => error.hint === 'e.g. --max-retries 1',
    )
  })

  it('qualifiers: the shape, and agreement with names', () => {
    assert.equal(checkQualifier('live'), 'live')
    assert.equal(checkQualifier('$LATEST'), '$LATEST')
    refused(() => checkQualifier('live alias'), 'BadQualifier', /--qualifier "live alias" is not an alias name or version number/)
    refused(() => checkQualifier('a/b', 'fn:a/b'), 'BadQualifier', /^fn:a\/b "a\/b"/)
    assert.doesNotThrow(() => checkQualifierAgreement(['fn:live', 'other', 'x:$LATEST'], 'live'))
    assert.doesNotThrow(() => checkQualifierAgreement(['fn:live'], undefined))
    refused(() => checkQualifierAgreement(['fn:prod'], 'live'), 'AmbiguousQualifier', /fn:prod names qualifier prod, but --qualifier is live/)
  })

  it('names in a message: all of five, the first five of more', () => {
    assert.equal(listNames(['a', 'b']), 'a, b')
    assert.equal(listNames(['a', 'b', 'c', 'd', 'e', 'f', 'g']), 'a, b, c, d, e and 2 more')
  })
})
