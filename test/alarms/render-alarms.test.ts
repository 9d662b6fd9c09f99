import assert from 'node:assert/strict'

import {renderAlarmsList} from '../../src/ui/render-alarms.js'

const throttles = (functionName: string) => ({
  alarmName: `lx-${functionName}-throttles`,
  kind: 'throttles' as const,
  functionName,
  threshold: 0,
  condition: 'Throttles Sum > 0, 1 of 5 × 1 min',
})

describe('lx alarms list (human view)', () => {
  it('account alarms first, then by name; functions without alarms and orphaned alarms named with what to do', () => {
    const text = renderAlarmsList({
      alarms: [
        {...throttles('orders-api'), state: 'OK'},
        {...throttles('checkout-api'), state: 'ALARM'},
        {
          alarmName: 'lx-account-concurrency',
          kind: 'concurrency',
          functionName: null,
          state: 'INSUFFICIENT_DATA',
          threshold: 900,
          condition: 'ConcurrentExecutions Maximum >= 900',
        },
      ],
      functionsWithoutAlarms: ['slack-alerts'],
      orphaned: ['lx-old-fn-errors'],
    })
    const lines = text.split('\n')
    assert.match(lines[0], /^ALARM +STATE +THRESHOLD +CONDITION$/)
    assert.match(lines[1], /^lx-account-concurrency +INSUFFICIENT_DATA +900 +ConcurrentExecutions Maximum >= 900$/)
    assert.match(lines[2], /^lx-checkout-api-throttles +ALARM +0 +Throttles Sum > 0/)
    assert.match(lines[3], /^lx-orders-api-throttles +OK +0 /)
    assert.match(text, /1 function without lx alarms: slack-alerts\nSet some with `lx alarms set FUNCTION\.\.\. --notify SNS_TOPIC_ARN`\./)
    assert.match(text, /lx alarms of functions that no longer exist: lx-old-fn-errors/)
  })

  it('says so when there are none', () => {
    assert.equal(renderAlarmsList({alarms: [], functionsWithoutAlarms: [], orphaned: []}), 'No lx alarms for the selection.')
  })
})
