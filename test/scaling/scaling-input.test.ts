import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {parseScheduleRequest, parseSetRequest, parseTargetValue, validateActionName} from '../../src/scaling/scaling-input.js'
import {checkQualifierInput} from '../../src/scaling/scaling-service.js'

const NOW = Date.parse('2026-03-28T12:00:00Z')

function refuses(run: () => unknown, reason: RegExp) {
  assert.throws(run, (error: unknown) => error instanceof UserError && error.exitCode === 2 && reason.test(error.message))
}

describe('scaling input checks', () => {
  describe('lx scaling set', () => {
    it('takes min, max, target and cooldowns', () => {
      assert.deepEqual(parseSetRequest({min: '1', max: '10', target: '0.6', 'scale-in-cooldown': '300', 'scale-out-cooldown': '0'}), {
        min: 1,
        max: 10,
        targetValue: 0.6,
        scaleInCooldown: 300,
        scaleOutCooldown: 0,
      })
    })

    it('leaves what was not given undefined (an existing policy keeps its own)', () => {
      assert.deepEqual(parseSetRequest({min: '0', max: '1'}), {min: 0, max: 1, targetValue: undefined, scaleInCooldown: undefined, scaleOutCooldown: undefined})
    })

    const bad: Array<[Parameters<typeof parseSetRequest>[0], RegExp]> = [
      [{min: '10', max: '5'}, /--min 10 is above --max 5/],
      [{min: '-1', max: '5'}, /--min must be a whole number ≥ 0/],
      [{min: '1.5', max: '5'}, /--min must be a whole number/],
      [{min: 'one', max: '5'}, /--min must be a whole number/],
      [{min: '0', max: '0'}, /--max must be a whole number ≥ 1/],
      [{min: '0', max: '2.5'}, /--max must be a whole number/],
      [{min: '1', max: '5', target: '0'}, /--target must be a fraction above 0 and at most 1/],
      [{min: '1', max: '5', target: '1.5'}, /--target/],
      [{min: '1', max: '5', target: '70'}, /--target/],
      [{min: '1', max: '5', target: '-0.5'}, /--target/],
      [{min: '1', max: '5', target: 'abc'}, /--target/],
      [{min: '1', max: '5', target: ''}, /--target/],
      [{min: '1', max: '5', 'scale-in-cooldown': '-5'}, /--scale-in-cooldown must be a whole number ≥ 0/],
      [{min: '1', max: '5', 'scale-out-cooldown': '1.5'}, /--scale-out-cooldown must be a whole number/],
    ]
    for (const [flags, reason] of bad) {
      it(`refuses ${JSON.stringify(flags)}`, () => refuses(() => parseSetRequest(flags), reason))
    }

    it('reads --target as a fraction, or a percentage with %', () => {
      assert.equal(parseTargetValue('1'), 1)
      assert.equal(parseTargetValue('0.75'), 0.75)
      assert.equal(parseTargetValue('70%'), 0.7)
    })
  })

  describe('lx scaling schedule', () => {
    const base = {name: 'peak', schedule: 'cron(0 8 ? * MON-FRI *)'}
    it('takes a schedule with min and max, zone optional', () => {
      const request = parseScheduleRequest({...base, min: '5', max: '50', timezone: 'Europe/Paris'}, NOW)
      assert.deepEqual(
        {name: request.name, expression: request.expression, timezone: request.timezone, min: request.min, max: request.max},
        {
          name: 'peak',
          expression: 'cron(0 8 ? * MON-FRI *)',
          timezone: 'Europe/Paris',
          min: 5,
          max: 50,
        },
      )
      assert.equal(parseScheduleRequest({...base, max: '3'}, NOW).min, null)
    })

    const bad: Array<[Parameters<typeof parseScheduleRequest>[0], RegExp]> = [
      [{...base}, /needs --min, --max or both/],
      [{...base, min: '9', max: '3'}, /--min 9 is above --max 3/],
      [{...base, min: '-2'}, /--min must be a whole number ≥ 0/],
      [{...base, max: '2.5'}, /--max must be a whole number/],
      [{...base, schedule: 'cron(0 8 * * *)', min: '1'}, /6 fields/],
      [{...base, schedule: 'every day', min: '1'}, /not a valid schedule/],
      [{...base, timezone: 'Mars/Olympus', min: '1'}, /not a time zone/],
      [{...base, schedule: 'rate(1 hour)', timezone: 'Europe/Paris', min: '1'}, /--timezone applies to at\(\) and cron\(\)/],
      [{...base, schedule: 'at(2026-03-28T11:00:00)', min: '1'}, /is in the past \(UTC\)/],
      // 13:30 in Paris (UTC+1 on 28 March) is 12:30 UTC — still ahead of NOW; 12:30 Paris is not.
      [{...base, schedule: 'at(2026-03-28T12:30:00)', timezone: 'Europe/Paris', min: '1'}, /in the past \(Europe\/Paris\)/],
      [{...base, schedule: 'cron(0 0 * * ? 2020)', min: '1'}, /never runs again/],
      [{...base, name: 'a:b', min: '1'}, /not a valid schedule name/],
      [{...base, name: ' padded', min: '1'}, /not a valid schedule name/],
      [{...base, name: 'x'.repeat(257), min: '1'}, /not a valid schedule name/],
    ]
    for (const [flags, reason] of bad) {
      it(`refuses ${JSON.stringify(flags).slice(0, 100)}`, () => refuses(() => parseScheduleRequest(flags, NOW), reason))
    }

    it('accepts a future at() in a zone', () => {
      assert.equal(parseScheduleRequest({...base, schedule: 'at(2026-03-28T14:00:00)', timezone: 'Europe/Paris', min: '1'}, NOW).schedule.type, 'at')
    })

    it('checks schedule names like AWS does', () => {
      assert.equal(validateActionName('weekday peak-1'), 'weekday peak-1')
      refuses(() => validateActionName('a/b'), /not a valid schedule name/)
      refuses(() => validateActionName('a|b'), /not a valid schedule name/)
      refuses(() => validateActionName(''), /not a valid schedule name/)
    })
  })

  describe('qualifier', () => {
    it('comes from --qualifier or name:qualifier', () => {
      checkQualifierInput(['fn'], 'live')
      checkQualifierInput(['fn:live', 'other:7'], undefined)
      checkQualifierInput([], 'live')
    })

    const bad: Array<[string[], string | undefined, RegExp]> = [
      [['fn'], undefined, /needs --qualifier/],
      [[], undefined, /needs --qualifier/],
      [['fn'], '$LATEST', /cannot scale on \$LATEST/],
      [['fn:$LATEST'], undefined, /cannot scale on \$LATEST/],
      [['fn:live'], 'prod', /names qualifier live, but --qualifier is prod/],
      [['fn'], 'bad qualifier', /not an alias name or version number/],
    ]
    for (const [names, flag, reason] of bad) {
      it(`refuses ${JSON.stringify(names)} --qualifier ${flag}`, () => refuses(() => checkQualifierInput(names, flag), reason))
    }
  })
})
