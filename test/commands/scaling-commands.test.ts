// `lx scaling …` at the HTTP level: the awsJson1_1 calls to Application Auto Scaling (bodies,
// order), what is refused before any write, idempotent re-runs, retries, and undo.
import assert from 'node:assert/strict'

import {json, runLx as runLxRaw} from '../helpers/run-command.js'
import {FakeAws} from '../scaling/fake-aws.js'
import {scratchDir} from '../helpers/scratch-dir.js'
import {scheduleCheckoutLive} from '../helpers/scaling-args.js'

/** runCommand re-splits its arguments on spaces; quote the ones that hold spaces (schedules). */
const runLx = (args: string[]) => runLxRaw(args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)))

const KEY = {ServiceNamespace: 'lambda', ResourceId: 'function:checkout-api:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency'}
const UTILIZATION = {PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization'}

describe('lx scaling (nock)', () => {
  const saved: Record<string, string | undefined> = {}
  beforeEach(() => {
    for (const key of ['LX_HOME', 'LX_POLL_MS', 'LX_STEP_BACKOFF_MS', 'LX_MIN_UNRESERVED']) saved[key] = process.env[key]
    process.env.LX_HOME = scratchDir('lx-scaling-')
    process.env.LX_POLL_MS = '5'
    process.env.LX_STEP_BACKOFF_MS = '5'
    delete process.env.LX_MIN_UNRESERVED
  })
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  const checkout = () => new FakeAws({'checkout-api': {reserved: 100, aliases: ['live'], versions: ['1', '2']}}).install()

  describe('set', () => {
    it('registers the scalable target, then puts the target-tracking policy', async () => {
      const aws = checkout()
      const {stdout, exitCode} = await runLx([
        'scaling',
        'set',
        'checkout-api',
        '--qualifier',
        'live',
        '--min',
        '2',
        '--max',
        '50',
        '--target',
        '0.6',
        '--scale-in-cooldown',
        '120',
      ])
      assert.equal(exitCode, 0, stdout)
      assert.deepEqual(
        aws.writes().map((call) => call.op),
        ['RegisterScalableTarget', 'PutScalingPolicy'],
      )
      const [register, put] = aws.writes()
      assert.deepEqual(register.body, {
        ...KEY,
        MinCapacity: 2,
        MaxCapacity: 50,
        SuspendedState: {DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false},
      })
      assert.deepEqual(put.body, {
        ...KEY,
        PolicyName: 'lx-target-tracking',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {TargetValue: 0.6, PredefinedMetricSpecification: UTILIZATION, ScaleInCooldown: 120},
      })
      assert.match(stdout, /checkout-api:live\s+no scalable target → min 2, max 50/)
      assert.match(stdout, /no policy → policy lx-target-tracking: target utilization 60 %, cooldown in 120s/)
      assert.match(stdout, /Done: 2 changed/)
    })

    it('changes nothing the second time (idempotent), and keeps the target value when --target is left out', async () => {
      const aws = checkout()
      assert.equal((await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '50', '--target', '0.6'])).exitCode, 0)
      const writes = aws.writes().length
      const again = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '50'])
      assert.equal(again.exitCode, 0)
      assert.equal(aws.writes().length, writes, 'no write the second time')
      assert.match(again.stdout, /Nothing to change/)
      assert.match(again.stdout, /already policy lx-target-tracking: target utilization 60 %/)
    })

    it('accepts name:qualifier, and --json returns the apply report', async () => {
      const aws = checkout()
      const {stdout, exitCode} = await runLx(['scaling', 'set', 'checkout-api:live', '--min', '1', '--max', '5', '--json'])
      assert.equal(exitCode, 0)
      const report = json(stdout)
      assert.equal(report.summary.changed, 2)
      assert.deepEqual(
        report.plan.changes.map((change: any) => change.target),
        ['checkout-api:live', 'checkout-api:live (policy lx-target-tracking)'],
      )
      assert.equal(aws.targets.get('function:checkout-api:live').MaxCapacity, 5)
    })

    it('applies to each selected function (--match) with --yes, and refuses without it on no TTY', async () => {
      const aws = new FakeAws({'api-a': {aliases: ['live']}, 'api-b': {aliases: ['live']}, 'api-c': {aliases: ['prod']}, worker: {aliases: ['live']}}).install()
      const refused = await runLx(['scaling', 'set', '--match', '^api-', '--qualifier', 'live', '--min', '1', '--max', '10'])
      assert.equal(refused.exitCode, 2)
      assert.match(refused.stderr, /Refusing to change 2 functions without confirmation/)
      assert.equal(aws.writes().length, 0)
      const {stdout, exitCode} = await runLx(['scaling', 'set', '--match', '^api-', '--qualifier', 'live', '--min', '1', '--max', '10', '--yes'])
      assert.equal(exitCode, 0, stdout)
      assert.deepEqual([...aws.targets.keys()].sort(), ['function:api-a:live', 'function:api-b:live'])
      assert.match(stdout, /api-c:live\s+has no alias or version "live"/)
    })

    const refusals: Array<[string, string[], RegExp]> = [
      ['min above max', ['--min', '10', '--max', '5'], /--min 10 is above --max 5/],
      ['a negative min', ['--min', '-1', '--max', '5'], /--min must be a whole number ≥ 0/],
      ['a fractional max', ['--min', '1', '--max', '2.5'], /--max must be a whole number/],
      ['a target of 0', ['--min', '1', '--max', '5', '--target', '0'], /--target must be a fraction above 0 and at most 1/],
      ['a target above 1', ['--min', '1', '--max', '5', '--target', '70'], /--target must be a fraction/],
      ['a negative cooldown', ['--min', '1', '--max', '5', '--scale-out-cooldown', '-1'], /--scale-out-cooldown must be a whole number ≥ 0/],
    ]
    for (const [what, flags, reason] of refusals) {
      it(`refuses ${what} before any call (exit 2)`, async () => {
        const aws = checkout()
        const {stderr, exitCode} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', ...flags])
        assert.equal(exitCode, 2)
        assert.match(stderr, reason)
        assert.deepEqual(aws.calls, [], 'not even a read')
      })
    }

    it('refuses $LATEST before any call (exit 2)', async () => {
      const aws = checkout()
      const {stderr, exitCode} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', '$LATEST', '--min', '1', '--max', '5'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /cannot scale on \$LATEST/)
      assert.deepEqual(aws.calls, [])
    })

    it('refuses a missing --qualifier before any call (exit 2)', async () => {
      const aws = checkout()
      const {stderr, exitCode} = await runLx(['scaling', 'set', 'checkout-api', '--min', '1', '--max', '5'])
      assert.equal(exitCode, 2)
      assert.match(stderr, /needs --qualifier/)
      assert.deepEqual(aws.calls, [])
    })

    it('refuses an alias or version that does not exist (read, then exit 2, no write)', async () => {
      const aws = checkout()
      for (const qualifier of ['canary', '7']) {
        const {stderr, exitCode} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', qualifier, '--min', '1', '--max', '5'])
        assert.equal(exitCode, 2)
        assert.match(stderr, new RegExp(`has no alias or version "${qualifier}"`))
      }

      assert.deepEqual(aws.writes(), [])
    })

    it('warns when max is above the reserved concurrency, and refuses it with --strict', async () => {
      const aws = new FakeAws({'checkout-api': {reserved: 20, aliases: ['live'], provisioned: {prod: {requested: 5}}}}).install()
      const strict = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '30', '--strict'])
      assert.equal(strict.exitCode, 2)
      assert.match(strict.stderr, /max 30 is above the 15 it can get \(reserved concurrency 20, 5 provisioned on other qualifiers\)/)
      assert.deepEqual(aws.writes(), [])
      const lenient = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '30'])
      assert.equal(lenient.exitCode, 0)
      assert.match(lenient.stdout, /Warning: checkout-api:live: max 30 is above the 15 it can get/)
      assert.equal(aws.writes().length, 2)
    })

    it('warns when max is above what the account can give a function without reservation', async () => {
      const aws = new FakeAws({'checkout-api': {aliases: ['live']}}, {limit: 1000, unreserved: 150}).install()
      const {stdout, exitCode} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '80', '--dry-run'])
      assert.equal(exitCode, 0)
      assert.match(stdout, /max 80 is above the 50 it can get \(account unreserved 150 − floor 100\)/)
      assert.deepEqual(aws.writes(), [])
    })

    it('retries ConcurrentUpdateException from a fresh read', async () => {
      const aws = checkout()
      aws.inject('RegisterScalableTarget', [400, {__type: 'ConcurrentUpdateException', message: 'Concurrent update on the scalable target'}])
      const {exitCode, stdout} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5'])
      assert.equal(exitCode, 0, stdout)
      assert.deepEqual(
        aws.ops().filter((op) => op.startsWith('Register') || op === 'DescribeScalableTargets'),
        [
          'DescribeScalableTargets',
          'DescribeScalableTargets',
          'RegisterScalableTarget',
          'DescribeScalableTargets',
          'RegisterScalableTarget',
          'DescribeScalableTargets',
        ],
      )
    })

    it('reports a policy put that finds no target (ObjectNotFoundException) as failed, with the fix (exit 1)', async () => {
      const aws = checkout()
      aws.inject('PutScalingPolicy', [400, {__type: 'ObjectNotFoundException', message: 'No scalable target registered for service namespace: lambda'}])
      const {exitCode, stdout} = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '5'])
      assert.equal(exitCode, 1)
      assert.match(
        stdout,
        /failed\s+checkout-api:live \(policy lx-target-tracking\): checkout-api:live has no scalable target .* Run `lx scaling set checkout-api --qualifier live --min N --max N` first/,
      )
    })
  })

  describe('schedule', () => {
    it('refuses when the alias has no scalable target, saying to run lx scaling set first (exit 2, no write)', async () => {
      const aws = checkout()
      const {stderr, exitCode} = await runLx(scheduleCheckoutLive('peak', 'cron(0 8 ? * MON-FRI *)', '--min', '10'))
      assert.equal(exitCode, 2)
      assert.match(stderr, /No scalable target for checkout-api:live/)
      assert.match(stderr, /lx scaling set checkout-api --qualifier live --min N --max N/)
      assert.deepEqual(aws.writes(), [])
    })

    it('puts the scheduled action with its zone and capacities, once', async () => {
      const aws = checkout()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '10'])
      const args = scheduleCheckoutLive('peak', 'cron(0 8 ? * MON-FRI *)', '--min', '10', '--max', '40', '--timezone', 'Europe/Paris')
      const {stdout, exitCode} = await runLx(args)
      assert.equal(exitCode, 0, stdout)
      const put = aws.writes().find((call) => call.op === 'PutScheduledAction')!
      assert.deepEqual(put.body, {
        ...KEY,
        ScheduledActionName: 'peak',
        Schedule: 'cron(0 8 ? * MON-FRI *)',
        Timezone: 'Europe/Paris',
        ScalableTargetAction: {MinCapacity: 10, MaxCapacity: 40},
      })
      const writes = aws.writes().length
      const again = await runLx(args)
      assert.equal(again.exitCode, 0)
      assert.equal(aws.writes().length, writes, 'idempotent')
    })

    it('replaces a schedule that dropped its max by deleting it first (AWS cannot clear a field)', async () => {
      const aws = checkout()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '1', '--max', '10'])
      await runLx(scheduleCheckoutLive('night', 'cron(0 20 * * ? *)', '--min', '1', '--max', '5'))
      const before = aws.writes().length
      const {exitCode} = await runLx(scheduleCheckoutLive('night', 'cron(0 20 * * ? *)', '--min', '1'))
      assert.equal(exitCode, 0)
      assert.deepEqual(
        aws
          .writes()
          .slice(before)
          .map((call) => call.op),
        ['DeleteScheduledAction', 'PutScheduledAction'],
      )
      assert.deepEqual(aws.actions.get('function:checkout-api:live|night').ScalableTargetAction, {MinCapacity: 1})
    })

    const refusals: Array<[string, string[], RegExp]> = [
      ['a malformed cron', ['--schedule', 'cron(0 8 * * *)', '--min', '1'], /cron needs 6 fields/],
      ['rate with a plural 1', ['--schedule', 'rate(1 hours)', '--min', '1'], /rate\(1 hour\), singular/],
      ['an at() in the past', ['--schedule', 'at(2001-01-01T00:00:00)', '--min', '1'], /in the past/],
      ['an unknown zone', ['--schedule', 'cron(0 8 * * ? *)', '--min', '1', '--timezone', 'Europe/Atlantis'], /not a time zone lx knows/],
      ['no capacity', ['--schedule', 'cron(0 8 * * ? *)'], /needs --min, --max or both/],
      ['min above max', ['--schedule', 'cron(0 8 * * ? *)', '--min', '5', '--max', '2'], /--min 5 is above --max 2/],
    ]
    for (const [what, flags, reason] of refusals) {
      it(`refuses ${what} before any call (exit 2)`, async () => {
        const aws = checkout()
        const {stderr, exitCode} = await runLx(['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'peak', ...flags])
        assert.equal(exitCode, 2)
        assert.match(stderr, reason)
        assert.deepEqual(aws.calls, [])
      })
    }
  })

  describe('list', () => {
    it('shows min/max, the policy, schedules with their next run, and provisioned concurrency', async () => {
      const aws = new FakeAws({
        'checkout-api': {reserved: 100, aliases: ['live'], provisioned: {live: {requested: 12, allocated: 10, status: 'IN_PROGRESS'}}},
        'orders-api': {aliases: ['live']},
      }).install()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '50', '--target', '0.6', '--scale-out-cooldown', '30'])
      await runLx(scheduleCheckoutLive('black-friday', 'at(2099-11-27T06:00:00)', '--min', '100', '--timezone', 'America/New_York'))
      await runLx(['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'nightly', '--schedule', 'cron(0 20 * * ? *)', '--max', '10'])
      await runLx(['scaling', 'set', 'orders-api', '--qualifier', 'live', '--min', '0', '--max', '5'])

      const listed = await runLx(['scaling', 'list', '--json'])
      assert.equal(listed.exitCode, 0, listed.stderr)
      const rows = json(listed.stdout)
      // One account-region: the record says where it was read (no account: this fake gives no ScalableTargetARN).
      assert.deepEqual(rows[0], {
        region: 'us-east-1',
        functionName: 'checkout-api',
        qualifier: 'live',
        resourceId: 'function:checkout-api:live',
        min: 2,
        max: 50,
        policy: {name: 'lx-target-tracking', targetValue: 0.6, scaleInCooldown: null, scaleOutCooldown: 30},
        schedules: [
          {name: 'black-friday', schedule: 'at(2099-11-27T06:00:00)', timezone: 'America/New_York', min: 100, max: null, nextRun: '2099-11-27T11:00:00.000Z'},
          {name: 'nightly', schedule: 'cron(0 20 * * ? *)', timezone: null, min: null, max: 10, nextRun: rows[0].schedules[1].nextRun},
        ],
        provisioned: {requested: 12, allocated: 10, status: 'IN_PROGRESS'},
      })
      const nightly = new Date(rows[0].schedules[1].nextRun)
      assert.equal(nightly.getUTCHours(), 20)
      assert.ok(nightly.getTime() > Date.now() && nightly.getTime() <= Date.now() + 86_400_000)
      assert.equal(rows[1].functionName, 'orders-api')
      assert.equal(rows[1].provisioned, null, 'no provisioned config: 404 → null')

      const human = await runLx(['scaling', 'list'])
      assert.match(human.stdout, /checkout-api\s+live\s+2\s+50\s+lx-target-tracking 60 % \(cooldown out 30s\)\s+10\/12 IN_PROGRESS\s+2/)
      assert.match(human.stdout, /checkout-api:live\s+black-friday\s+at\(2099-11-27T06:00:00\)\s+America\/New_York\s+100\s+-\s+2099-11-27 11:00 UTC/)
      assert.deepEqual(
        aws.calls.filter((call) => call.op === 'DescribeScalableTargets' && call.body.ResourceIds === undefined).length,
        2,
        'lists the whole namespace once per list',
      )
    })

    it('filters by ResourceIds for named functions', async () => {
      const aws = checkout()
      const {stdout, exitCode} = await runLx(['scaling', 'list', 'checkout-api', '--qualifier', 'live', '--json'])
      assert.equal(exitCode, 0)
      assert.deepEqual(json(stdout), [])
      const describe = aws.calls.find((call) => call.op === 'DescribeScalableTargets')!
      assert.deepEqual(describe.body, {
        ServiceNamespace: 'lambda',
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ResourceIds: ['function:checkout-api:live'],
        MaxResults: 50,
      })
    })

    it('follows NextToken', async () => {
      const aws = checkout()
      const target = (name: string) => ({...KEY, ResourceId: `function:${name}:live`, MinCapacity: 1, MaxCapacity: 2, CreationTime: 1_770_000_000})
      aws.inject('DescribeScalableTargets', {ScalableTargets: [target('a')], NextToken: 't1'}, {ScalableTargets: [target('b')]})
      const {stdout, exitCode} = await runLx(['scaling', 'list', '--json'])
      assert.equal(exitCode, 0)
      assert.deepEqual(
        json(stdout).map((row: any) => row.functionName),
        ['a', 'b'],
      )
      assert.equal(aws.calls.filter((call) => call.op === 'DescribeScalableTargets')[1].body.NextToken, 't1')
    })
  })

  describe('remove and undo', () => {
    it('removes schedules, policy and target one by one, and undo restores all of them', async () => {
      const aws = checkout()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '20', '--target', '0.5'])
      await runLx(scheduleCheckoutLive('peak', 'cron(0 8 ? * MON-FRI *)', '--min', '10', '--timezone', 'Europe/Paris'))
      const snapshot = () => JSON.stringify([[...aws.targets.entries()], [...aws.policies.entries()], [...aws.actions.entries()]])
      const before = snapshot()
      const from = aws.writes().length

      const removed = await runLx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--json'])
      assert.equal(removed.exitCode, 0, removed.stdout)
      const {journalId} = json(removed.stdout)
      assert.deepEqual(
        aws
          .writes()
          .slice(from)
          .map((call) => `${call.op} ${call.body.PolicyName ?? call.body.ScheduledActionName ?? ''}`.trim()),
        ['DeleteScheduledAction peak', 'DeleteScalingPolicy lx-target-tracking', 'DeregisterScalableTarget'],
      )
      assert.deepEqual(aws.writes().at(-1)!.body, KEY)
      assert.equal(aws.targets.size, 0)

      const again = await runLx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live'])
      assert.match(again.stdout, /no auto scaling registered/)

      const mid = aws.writes().length
      // By id, so the test does not depend on how the journal orders runs of the same second.
      const undone = await runLx(['undo', journalId, '--yes'])
      assert.equal(undone.exitCode, 0, undone.stdout + undone.stderr)
      assert.deepEqual(
        aws
          .writes()
          .slice(mid)
          .map((call) => call.op),
        ['RegisterScalableTarget', 'PutScalingPolicy', 'PutScheduledAction'],
      )
      assert.equal(snapshot(), before, 'target, policy and schedule are back as they were')
    })

    it('removes one schedule by name; an unknown name changes nothing', async () => {
      const aws = checkout()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '20'])
      await runLx(['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', 'peak', '--schedule', 'rate(1 day)', '--min', '10'])
      const unknown = await runLx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--schedule', 'lunch'])
      assert.equal(unknown.exitCode, 0)
      assert.match(unknown.stdout, /no schedule "lunch" \(it has: peak\)/)
      const from = aws.writes().length
      const {exitCode} = await runLx(['scaling', 'remove', 'checkout-api', '--qualifier', 'live', '--schedule', 'peak'])
      assert.equal(exitCode, 0)
      assert.deepEqual(
        aws
          .writes()
          .slice(from)
          .map((call) => call.op),
        ['DeleteScheduledAction'],
      )
      assert.equal(aws.targets.size, 1, 'the target stays')
    })

    it('undo leaves a target alone that was changed since, unless --force', async () => {
      const aws = checkout()
      const set = await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '20', '--json'])
      const {journalId} = json(set.stdout)
      aws.targets.get('function:checkout-api:live').MaxCapacity = 35
      const undone = await runLx(['undo', journalId, '--yes'])
      assert.equal(undone.exitCode, 1)
      assert.match(undone.stdout, /conflict\s+checkout-api:live: changed since lx set it \(now min 2, max 35\); not overwritten — use --force/)
      assert.ok(aws.targets.has('function:checkout-api:live'), 'not deregistered')
      assert.equal(aws.policies.size, 0, "lx's own policy, which nobody changed since, is removed")
      const forced = await runLx(['undo', journalId, '--yes', '--force'])
      assert.equal(forced.exitCode, 0)
      assert.equal(aws.targets.size, 0)
    })

    it('undo of set deregisters a target that did not exist before', async () => {
      const aws = checkout()
      await runLx(['scaling', 'set', 'checkout-api', '--qualifier', 'live', '--min', '2', '--max', '20'])
      const from = aws.writes().length
      const {exitCode} = await runLx(['undo', '--yes'])
      assert.equal(exitCode, 0)
      assert.deepEqual(
        aws
          .writes()
          .slice(from)
          .map((call) => call.op),
        ['DeleteScalingPolicy', 'DeregisterScalableTarget'],
      )
      assert.equal(aws.targets.size, 0)
    })
  })
})
