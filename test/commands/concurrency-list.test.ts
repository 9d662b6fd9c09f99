import assert from 'node:assert/strict'

import {fnConfig, functionArn, lambda} from '../helpers/aws-nock.js'
import {json, runLx} from '../helpers/run-command.js'

describe('lx concurrency list', () => {
  function serveTwoFunctions() {
    return lambda()
      .get('/2015-03-31/functions')
      .query({MaxItems: '50'})
      .reply(200, {
        Functions: [
          fnConfig('checkout-api', {Runtime: 'nodejs20.x'}),
          fnConfig('thumbnailer', {Runtime: undefined, PackageType: 'Image', Architectures: ['arm64']}),
        ],
      })
      .get('/2015-03-31/functions/checkout-api')
      .reply(200, {Configuration: fnConfig('checkout-api'), Concurrency: {ReservedConcurrentExecutions: 20}})
      .get('/2015-03-31/functions/thumbnailer')
      .reply(200, {Configuration: fnConfig('thumbnailer')})
      .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
      .query({List: 'ALL', MaxItems: '50'})
      .reply(200, {
        ProvisionedConcurrencyConfigs: [
          {
            FunctionArn: functionArn('checkout-api', 'live'),
            RequestedProvisionedConcurrentExecutions: 10,
            AllocatedProvisionedConcurrentExecutions: 4,
            AvailableProvisionedConcurrentExecutions: 4,
            Status: 'IN_PROGRESS',
          },
        ],
        NextMarker: 'm2',
      })
      .get('/2019-09-30/functions/checkout-api/provisioned-concurrency')
      .query({List: 'ALL', MaxItems: '50', Marker: 'm2'})
      .reply(200, {
        ProvisionedConcurrencyConfigs: [
          {
            FunctionArn: functionArn('checkout-api', '3'),
            RequestedProvisionedConcurrentExecutions: 5,
            AllocatedProvisionedConcurrentExecutions: 0,
            Status: 'FAILED',
            StatusReason: 'FUNCTION_ERROR_INIT_FAILURE',
          },
        ],
      })
      .get('/2019-09-30/functions/thumbnailer/provisioned-concurrency')
      .query(true)
      .reply(200, {ProvisionedConcurrencyConfigs: []})
  }

  it('prints one aligned row per function with reserved and provisioned per qualifier', async () => {
    const scope = serveTwoFunctions()
    const {stdout, exitCode} = await runLx(['concurrency', 'list'])
    assert.equal(exitCode, 0)
    const lines = stdout.split('\n')
    assert.match(lines[0], /^FUNCTION\s+RUNTIME\s+ARCH\s+RESERVED\s+PROVISIONED/)
    assert.match(stdout, /checkout-api\s+nodejs20\.x\s+x86_64\s+20\s+3: 0\/5 FAILED \(FUNCTION_ERROR_INIT_FAILURE\), live: 4\/10 IN_PROGRESS/)
    assert.match(stdout, /thumbnailer\s+image\s+arm64\s+none\s+-/)
    assert.match(stdout, /2 functions; 1 with reserved \(20 total\); 2 provisioned configs \(15 requested\)/)
    // Columns align: RESERVED values end in the same column.
    const reservedEnd = lines[0].indexOf('RESERVED') + 'RESERVED'.length
    assert.equal(lines[1].slice(reservedEnd - 2, reservedEnd), '20'.padStart(2))
    assert.ok(scope.isDone())
  })

  describe('on a terminal 80 columns wide', () => {
    const stdout = process.stdout as {isTTY?: boolean}
    let wasTTY: boolean | undefined
    let wasColumns: string | undefined
    beforeEach(() => {
      wasTTY = stdout.isTTY
      wasColumns = process.env.COLUMNS
      stdout.isTTY = true
      process.env.COLUMNS = '80'
    })
    afterEach(() => {
      stdout.isTTY = wasTTY
      process.env.COLUMNS = wasColumns
    })

    it('fits the table in 80 columns and says what it left out', async () => {
      serveTwoFunctions()
      const {stdout: out, exitCode} = await runLx(['concurrency', 'list'])
      assert.equal(exitCode, 0)
      const table = out.split('\n\n')[0].split('\n')
      for (const line of table) assert.ok(line.length <= 80, `${line.length}: ${line}`)
      assert.match(table[0], /^FUNCTION\s+RUNTIME\s+ARCH\s+RESERVED\s+PROVISIONED$/)
      assert.match(out, /^checkout-api\s+nodejs20\.x\s+x86_64\s+20\s+3: 0\/5 FAILED \(FUNCTION_ERROR_INIT_…$/m)
      assert.match(out, /^\(long values cut \(…\) to fit 80 columns; --wide shows all\)$/m)
    })

    it('--wide shows every column in full', async () => {
      serveTwoFunctions()
      const {stdout: out, exitCode} = await runLx(['concurrency', 'list', '--wide'])
      assert.equal(exitCode, 0)
      assert.match(out, /^FUNCTION\s+RUNTIME\s+ARCH\s+RESERVED\s+PROVISIONED \(allocated\/requested\)$/m)
      assert.match(out, /live: 4\/10 IN_PROGRESS$/m)
      assert.doesNotMatch(out, /…|--wide/)
    })
  })

  it('--json is an array of {functionName, reserved, provisioned[]} and nothing else on stdout', async () => {
    serveTwoFunctions()
    const {stdout, exitCode} = await runLx(['concurrency', 'list', '--json'])
    assert.equal(exitCode, 0)
    const rows = json(stdout)
    assert.deepEqual(rows[0].provisioned[1], {qualifier: 'live', requested: 10, allocated: 4, available: 4, status: 'IN_PROGRESS'})
    assert.equal(rows[0].reserved, 20)
    assert.equal(rows[1].reserved, null)
    assert.deepEqual(rows[1].provisioned, [])
  })
})
