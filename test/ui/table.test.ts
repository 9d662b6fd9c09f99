// The one fitting every table uses: short headers and compact values first, then the least important
// columns dropped, then long text cut with an ellipsis; numbers never cut; no limit off a terminal.
import assert from 'node:assert/strict'

import {cut, outputWidth, Priority, renderTable, textWidth, withTableWidth, type Column} from '../../src/ui/table.js'

interface Row {
  name: string
  count: number
  status: string
  arn: string
}

const rows: Row[] = [
  {name: 'payments-reconciliation-nightly-batch', count: 11_746_722, status: 'READY', arn: 'arn:aws:sqs:eu-west-1:123456789012:payments-reconciliation-dlq'},
  {name: 'api', count: 7, status: 'IN_PROGRESS', arn: 'arn:aws:sns:eu-west-1:123456789012:alerts'},
]
const columns: Array<Column<Row>> = [
  {header: 'FUNCTION', value: (row) => row.name, priority: Priority.identity, truncate: 'end', minWidth: 16},
  {header: 'INVOCATIONS', short: 'INVOC', value: (row) => row.count.toLocaleString('en-US'), align: 'right', priority: Priority.identity},
  {header: 'STATUS', value: (row) => row.status, priority: Priority.secondary},
  {header: 'DESTINATION ARN', short: 'ARN', value: (row) => row.arn, priority: Priority.detail, truncate: 'middle', minWidth: 20},
]
const widest = (text: string) => Math.max(...text.split('\n').map((line) => textWidth(line)))

describe('table fitting', () => {
  it('prints everything, aligned, when there is room (and with no limit)', () => {
    const table = renderTable(columns, rows, {width: Number.POSITIVE_INFINITY})
    assert.equal(
      table,
      [
        'FUNCTION                               INVOCATIONS  STATUS       DESTINATION ARN',
        'payments-reconciliation-nightly-batch   11,746,722  READY        arn:aws:sqs:eu-west-1:123456789012:payments-reconciliation-dlq',
        'api                                              7  IN_PROGRESS  arn:aws:sns:eu-west-1:123456789012:alerts',
      ].join('\n'),
    )
  })

  it('cuts the middle of an ARN before anything more important, and says so', () => {
    const table = renderTable(columns, rows, {width: 100})
    assert.ok(widest(table) <= 100, table)
    assert.match(table, /^FUNCTION {2,}INVOC {2}STATUS {7}ARN$/m)
    assert.match(table, /^payments-reconciliation-nightly-batch {2}11,746,722 {2}READY {8}arn:aws:sqs:eu-wes…econciliation-dlq$/m)
    assert.match(table, /^\(long values cut \(…\) to fit 100 columns; --wide shows all\)$/m)
  })

  it('drops the least important column rather than cut a more important one, then cuts names; numbers stay whole', () => {
    const table = renderTable(columns, rows, {width: 44})
    assert.ok(widest(table) <= 44, table)
    assert.doesNotMatch(table, /arn:aws/)
    assert.match(table, /^payments-reconcili… {2}11,746,722 {2}READY$/m)
    assert.match(table, /^\(DESTINATION ARN hidden; --wide shows all\)$/m)
    assert.doesNotMatch(renderTable(columns, rows, {width: 40}), /STATUS/, 'then the next least important')
  })

  it('keeps identity columns even when nothing else fits', () => {
    const table = renderTable(columns, rows, {width: 20})
    assert.match(table, /^payments-reconc…  11,746,722$/m)
  })

  it('a renderer given no width prints everything, unless its command sets one around it', () => {
    assert.doesNotMatch(renderTable(columns, rows), /…|--wide/)
    const fitted = withTableWidth(44, () => renderTable(columns, rows))
    assert.ok(widest(fitted) <= 44, fitted)
    assert.doesNotMatch(renderTable(columns, rows), /…|--wide/, 'and only while it renders')
  })

  it('cuts with an ellipsis at the end or in the middle', () => {
    assert.equal(cut('checkout-api-eu-west', 10), 'checkout-…')
    assert.equal(cut('arn:aws:sqs:eu-west-1:123:dlq', 11, 'middle'), 'arn:a…3:dlq')
    assert.equal(cut('short', 10), 'short')
  })

  it('the width: the terminal (COLUMNS first), no limit off a terminal or with --wide', () => {
    assert.equal(outputWidth({stream: {isTTY: true, columns: 97}, env: {}}), 97)
    assert.equal(outputWidth({stream: {isTTY: true, columns: 97}, env: {COLUMNS: '80'}}), 80)
    assert.equal(outputWidth({stream: {isTTY: true}, env: {}}), 80)
    assert.equal(outputWidth({stream: {isTTY: false, columns: 97}, env: {COLUMNS: '80'}}), Number.POSITIVE_INFINITY)
    assert.equal(outputWidth({wide: true, stream: {isTTY: true, columns: 97}, env: {}}), Number.POSITIVE_INFINITY)
  })
})
