import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {checkEnvironmentRegion, checkRegionName, isRegionName} from '../../src/input/region.js'

describe('region names', () => {
  for (const name of [
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-north-1',
    'cn-northwest-1',
    'ap-southeast-4',
    'il-central-1',
    'mx-central-1',
    'us-isob-east-1',
    'eusc-de-east-1',
  ]) {
    it(`accepts ${name}`, () => assert.equal(checkRegionName(name, '--region'), name))
  }

  for (const name of ['us_east', 'us-east', 'useast1', 'US-EAST-1', 'us-east-1a', 'us-east-1 ', 'east-1', 'us-east-100', '']) {
    it(`refuses ${JSON.stringify(name)}`, () => assert.equal(isRegionName(name), false))
  }

  it('refuses with a hint, and a guess when the name is a typo of one', () => {
    assert.throws(
      () => checkRegionName('us_east_1', '--region'),
      (error: unknown) =>
        error instanceof UserError &&
        error.code === 'BadRegion' &&
        /--region "us_east_1" is not an AWS region name \(did you mean us-east-1\?\)/.test(error.message) &&
        /us-east-1/.test(error.hint ?? ''),
    )
    assert.throws(() => checkRegionName('eu-west-1b', '--region'), /did you mean eu-west-1\?/)
    assert.throws(
      () => checkRegionName('us_east', '--region'),
      (error: Error) => !/did you mean/.test(error.message),
    )
  })

  it('checks AWS_REGION, else AWS_DEFAULT_REGION — the one lx would use', () => {
    assert.throws(() => checkEnvironmentRegion({AWS_REGION: 'mars'}), /AWS_REGION "mars"/)
    assert.throws(() => checkEnvironmentRegion({AWS_DEFAULT_REGION: 'mars'}), /AWS_DEFAULT_REGION "mars"/)
    assert.doesNotThrow(() => checkEnvironmentRegion({AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'mars'}))
    assert.doesNotThrow(() => checkEnvironmentRegion({}))
  })
})
