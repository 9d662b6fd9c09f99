// Every command that prints a table, at 80 and 120 columns: the table fits, the function names are
// there (cut with an ellipsis when long), the numbers are whole, and with no limit (--wide, a pipe)
// every column is back. The renderers take the width as input, so no terminal is needed.
import assert from 'node:assert/strict'

import type {FunctionConcurrency} from '../../src/concurrency/read-concurrency.js'
import type {DestinationsRow} from '../../src/destinations/destinations-service.js'
import type {FunctionLayers} from '../../src/layers/layers-service.js'
import type {ScalingListRow} from '../../src/scaling/scaling-service.js'
import type {FunctionTriggers} from '../../src/triggers/read-triggers.js'
import {renderConcurrencyList} from '../../src/ui/render-concurrency-list.js'
import {renderConcurrencyPlan} from '../../src/ui/render-concurrency-plan.js'
import {renderDestinations} from '../../src/ui/render-destinations.js'
import {renderHistory} from '../../src/ui/render-history.js'
import {renderLayersList} from '../../src/ui/render-layers.js'
import {renderScalingList} from '../../src/ui/render-scaling.js'
import {renderTriggers} from '../../src/ui/render-triggers.js'
import {textWidth} from '../../src/ui/table.js'
import {planReport} from './plan-report-fixture.js'
import {ACCOUNT} from '../helpers/aws-ids.js'

const LONG = 'payments-reconciliation-nightly-batch-eu-west-1' // 46 characters
const layer = (name: string, version: number) => {
  const layerArn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:${name}`
  return {arn: `${layerArn}:${version}`, layerArn, version, codeSize: 1000}
}

/** Lines of every table in the output: from a header row to the blank line after it. */
function tableLines(output: string, headers: RegExp): string[] {
  const lines = output.split('\n')
  const tables: string[] = []
  for (let index = 0; index < lines.length; index++) {
    if (!headers.test(lines[index])) continue
    for (; index < lines.length && lines[index] !== ''; index++) tables.push(lines[index])
  }

  assert.ok(tables.length > 0, `no table in:\n${output}`)
  return tables
}

interface Case {
  command: string
  render: (width: number) => string
  /** The header line(s) of the table(s). */
  headers: RegExp
  /** Headers of columns that may go on a narrow terminal, all back without a limit. */
  all: string[]
  /** Values that must appear whole at every width. */
  whole: string[]
}

const cases: Case[] = [
  {
    command: 'concurrency list',
    render: (width) =>
      renderConcurrencyList(
        [
          {
            functionName: LONG,
            runtime: 'provided.al2023',
            packageType: 'Zip',
            architecture: 'arm64',
            reserved: 1250,
            provisioned: [{qualifier: 'live', requested: 300, allocated: 120, available: 120, status: 'IN_PROGRESS'}],
          },
          {functionName: 'api', runtime: 'nodejs20.x', packageType: 'Zip', architecture: 'x86_64', reserved: null, provisioned: []},
        ] satisfies FunctionConcurrency[],
        {width},
      ),
    headers: /^FUNCTION /,
    all: ['RUNTIME', 'ARCH', 'RESERVED', 'PROVISIONED (allocated/requested)'],
    whole: ['1250'],
  },
  {
    command: 'concurrency plan',
    render: (width) =>
      renderConcurrencyPlan(
        planReport([
          {
            name: LONG,
            reserved: [20, 52],
            provisioned: [null, 38],
            throttles: [11_746_722, 0],
            coldStarts: [674, 325],
            cost: [32_186.28, 32_328.97],
            reason: 'reserved 20 throttled 11.7M requests at its cap; peak demand 43 + 20 % headroom',
          },
          {name: 'api', reserved: [null, null], reason: 'peak 2 ≪ unreserved pool 635: no reservation needed'},
        ]),
        {width},
      ),
    headers: /^FUNCTION /,
    all: ['RESERVED', 'PROVISIONED', '$/MONTH', 'Δ $/MONTH', 'THROTTLES', 'COLD STARTS', 'REASON'],
    whole: ['20 → 52', '+$142.69', '11.7M → 0'],
  },
  {
    command: 'layers list',
    render: (width) =>
      renderLayersList(
        {
          functions: [
            {
              functionName: LONG,
              runtime: 'python3.12',
              architecture: 'arm64',
              packageType: 'Zip',
              layers: [layer('datadog-extension-arm', 65), layer('observability-wrapper', 12), layer('shared-deps', 3)],
              behind: [],
              aliasesBehind: [],
            },
            {functionName: 'api', runtime: 'nodejs20.x', architecture: 'x86_64', packageType: 'Zip', layers: [], behind: [], aliasesBehind: []},
          ] satisfies FunctionLayers[],
          layers: [],
          aliasesRead: false,
          calls: {newestVersions: 0, aliases: 0},
        },
        {width},
      ),
    headers: /^FUNCTION /,
    all: ['RUNTIME', 'ARCH', 'LAYERS (merge order)'],
    whole: [],
  },
  {
    command: 'triggers list',
    render: (width) =>
      renderTriggers(
        [
          {
            functionName: LONG,
            triggers: [
              {source: 'SQS', arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments-reconciliation-requests-queue`, mode: 'sync', qualifier: 'live'},
              {source: 'EventBridge', arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/nightly-reconciliation-schedule`, mode: 'async'},
            ],
          },
          {functionName: 'api', triggers: []},
        ] satisfies FunctionTriggers[],
        {width},
      ),
    headers: /^FUNCTION /,
    all: ['SOURCE', 'MODE', 'ARN'],
    whole: ['async'],
  },
  {
    command: 'destinations list',
    render: (width) =>
      renderDestinations(
        [
          {
            functionName: LONG,
            configs: [
              {
                qualifier: 'live',
                onSuccess: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments-reconciliation-succeeded`,
                onFailure: `arn:aws:sns:eu-west-1:${ACCOUNT}:payments-reconciliation-failed`,
                maximumRetryAttempts: 1,
                maximumEventAgeInSeconds: 21_600,
              },
            ],
            asyncTriggers: 12,
          },
          {functionName: 'api', configs: [], asyncTriggers: 0},
        ] satisfies DestinationsRow[],
        {width},
      ),
    headers: /^FUNCTION /,
    all: ['QUALIFIER', 'ON SUCCESS', 'ON FAILURE', 'RETRIES', 'MAX AGE', 'ASYNC TRIGGERS'],
    whole: ['12'],
  },
  {
    command: 'scaling list',
    render: (width) =>
      renderScalingList(
        [
          {
            functionName: LONG,
            qualifier: 'live',
            resourceId: `function:${LONG}:live`,
            min: 10,
            max: 1250,
            policy: {name: 'lx-target-tracking-provisioned-utilization', targetValue: 0.7, scaleInCooldown: 300, scaleOutCooldown: 60},
            schedules: [
              {name: 'lx-busy', schedule: 'cron(45 12 * * ? *)', timezone: 'Europe/Amsterdam', min: 380, max: 1250, nextRun: '2030-11-28T12:45:00.000Z'},
            ],
            provisioned: {requested: 380, allocated: 120, status: 'IN_PROGRESS'},
          },
        ] satisfies ScalingListRow[],
        {width},
      ),
    headers: /^(FUNCTION|  TARGET) /,
    all: ['QUALIFIER', 'MIN', 'MAX', 'POLICY (target)', 'PROVISIONED (allocated/requested)', 'SCHEDULES', 'NAME', 'SCHEDULE', 'ZONE', 'NEXT RUN'],
    whole: ['1250', 'cron(45 12 * * ? *)'],
  },
  {
    command: 'history',
    render: (width) =>
      renderHistory(
        [
          {
            id: '20301128-124501-7f3a',
            time: '2030-11-28T12:45:01.123Z',
            command: `lx concurrency set ${LONG} checkout-api orders-api --reserved 50 --yes`,
            region: 'eu-west-1',
            changes: 3,
            unconfirmed: 0,
            damagedLines: 0,
            accountRegions: 1,
            status: 'completed',
            undoneBy: ['20301128-130000-1b2c'],
          },
        ],
        {width},
      ),
    headers: /^ID /,
    all: ['TIME', 'CHANGES', 'STATUS', 'COMMAND'],
    whole: ['20301128-124501-7f3a'],
  },
]

describe('tables fit the terminal', () => {
  for (const {command, render, headers, all, whole} of cases) {
    describe(command, () => {
      for (const width of [80, 120]) {
        it(`fits ${width} columns, names cut with an ellipsis, numbers whole`, () => {
          const output = render(width)
          const lines = tableLines(output, headers)
          for (const line of lines) assert.ok(textWidth(line) <= width, `${textWidth(line)} > ${width}: ${line}\n${output}`)
          assert.ok(
            lines.some((line) => line.startsWith(LONG.slice(0, 12)) || line.startsWith(`  ${LONG.slice(0, 12)}`) || line.includes(LONG.slice(0, 12))),
            output,
          )
          for (const value of whole) assert.ok(output.includes(value), `${value} whole in:\n${output}`)
          const narrowed = lines.some((line) => line.includes('…'))
          if (narrowed) assert.match(output, /--wide shows all\)$/m)
        })
      }

      it('with no limit (--wide, or stdout not a terminal), every column in full', () => {
        const output = render(Number.POSITIVE_INFINITY)
        const lines = tableLines(output, headers)
        for (const header of all)
          assert.ok(
            lines.some((line) => line.includes(header)),
            `${header} in:\n${output}`,
          )
        assert.ok(output.includes(LONG), output)
        assert.doesNotMatch(output, /…|--wide/)
      })
    })
  }

  it('the plan wraps its prose to the width too, but never a command line', () => {
    for (const width of [80, 120]) {
      const output = cases[1].render(width)
      const long = output.split('\n').filter((line) => textWidth(line) > width)
      assert.ok(
        long.every((line) => line.startsWith('lx ')),
        long.join('\n'),
      )
      assert.match(output, /^lx concurrency set payments-reconciliation-nightly-batch-eu-west-1 --provisioned 38 --qualifier live$/m)
    }
  })

  it('at 80 columns the plan keeps what was recommended and why it is cheaper or dearer, and leaves out the rest', () => {
    const output = cases[1].render(80)
    assert.match(output, /^FUNCTION +RESERVED +PROVISIONED +Δ \$\/MONTH +THROTTLES$/m)
    assert.match(output, /^\(REASON, COLD STARTS, \$\/MONTH hidden; --wide shows all\)$/m)
  })
})
