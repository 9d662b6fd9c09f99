import assert from 'node:assert/strict'

import {type AliasVersionState, describeAliasVersion, NEW_VERSION, revertAliasVersion, sameAliasVersion} from '../../src/layers/alias-version.js'
import type {FunctionFacts, LayerVersionInfo} from '../../src/layers/plan-layers.js'
import {type AliasFacts, aliasServesTarget, latestAfterUpgrade, planUpgrade, upgradeConfig, type UpgradeRequest} from '../../src/layers/plan-upgrade.js'
import {layerArn, layerVersionArn as arn} from '../helpers/aws-ids.js'

const LOG4: LayerVersionInfo = {
  arn: arn('log', 4),
  layerArn: layerArn('log'),
  version: 4,
  compatibleRuntimes: ['nodejs20.x'],
  compatibleArchitectures: ['x86_64'],
}

function fn(functionName: string, layers: string[], extra: Partial<FunctionFacts> = {}): FunctionFacts {
  return {functionName, packageType: 'Zip', runtime: 'nodejs20.x', architectures: ['x86_64'], config: {layers, environment: null, revisionId: 'r'}, ...extra}
}

const request = (extra: Partial<UpgradeRequest> = {}): UpgradeRequest => ({layer: LOG4, environment: {}, allowDowngrade: false, ...extra})
const alias = (functionVersion: string, layers: string[], extra: Partial<AliasFacts> = {}): AliasFacts => ({
  functionVersion,
  layers,
  revisionId: 'ar',
  routing: null,
  provisioned: null,
  ...extra,
})

describe('planning a layer upgrade', () => {
  const functions = [
    fn('on1', [arn('utils', 1), arn('log', 1), arn('x', 2)]),
    fn('on2', [arn('log', 2)]),
    fn('on3', [arn('log', 3)]),
    fn('on4', [arn('log', 4)]),
    fn('on5', [arn('log', 5)]),
    fn('arm', [arn('log', 2)], {architectures: ['arm64']}),
    fn('java', [arn('log', 1)], {runtime: 'java21'}),
    fn('image', [arn('log', 1)], {packageType: 'Image', runtime: undefined}),
    fn('without', [arn('utils', 1)]),
  ]

  it('moves every older version in place, keeps other layers and their order, and says why each other function is left', () => {
    const plan = planUpgrade(functions, request())
    assert.deepEqual(
      plan.changes.map((change) => [change.target.functionName, change.after.layers]),
      [
        ['on1', [arn('utils', 1), arn('log', 4), arn('x', 2)]],
        ['on2', [arn('log', 4)]],
        ['on3', [arn('log', 4)]],
      ],
    )
    assert.deepEqual(
      plan.unchanged.map((item) => [item.target.functionName, item.reason]),
      [['on4', 'already on log:4']],
    )
    const skipped = new Map(plan.skipped.map((item) => [item.target.functionName, item.reason]))
    assert.match(skipped.get('on5')!, /carries log:5, newer than 4: left alone \(--allow-downgrade/)
    assert.match(skipped.get('arm')!, /architecture arm64 is not among log:4's compatible architectures/)
    assert.match(skipped.get('java')!, /runtime java21 is not among/)
    assert.match(skipped.get('image')!, /container image/)
    assert.deepEqual(plan.without, ['without'])
    assert.ok(plan.notes.some((note) => /log → v4: 1 from v1, 1 from v2, 1 from v3\./.test(note)))
    assert.ok(plan.notes.some((note) => /Only \$LATEST changes: aliases and published versions of 3 functions keep serving the old log/.test(note)))
  })

  it('--allow-downgrade moves a newer version back', () => {
    const plan = planUpgrade([fn('on5', [arn('log', 5)])], request({allowDowngrade: true}))
    assert.deepEqual(plan.changes[0].after.layers, [arn('log', 4)])
  })

  it('an extension upgrade merges the variables, and a function already on the version without them still changes', () => {
    const plan = planUpgrade(
      [fn('on4', [arn('log', 4)]), fn('on3', [arn('log', 3)], {config: {layers: [arn('log', 3)], environment: {A: '1'}}})],
      request({environment: {B: '2'}}),
    )
    assert.deepEqual(
      plan.changes.map((change) => [change.target.functionName, change.after.environment]),
      [
        ['on4', {B: '2'}],
        ['on3', {A: '1', B: '2'}],
      ],
    )
  })

  it('re-plans on fresh state: a layer added meanwhile is kept; a function that lost the layer or moved ahead is skipped', () => {
    const plan = planUpgrade([fn('on2', [arn('log', 2)])], request())
    const replan = plan.changes[0].replan!
    assert.deepEqual(replan({layers: [arn('new', 1), arn('log', 2)], environment: null}), {after: {layers: [arn('new', 1), arn('log', 4)], environment: null}})
    assert.match((replan({layers: [], environment: null}) as {skip: string}).skip, /does not carry log/)
    assert.match((replan({layers: [arn('log', 6)], environment: null}) as {skip: string}).skip, /newer than 4/)
    assert.deepEqual(upgradeConfig({layers: [arn('log', 4)], environment: null}, request()), {unchanged: 'already on log:4'})
  })

  describe('--publish --alias', () => {
    const aliases = new Map<string, AliasFacts | null>([
      ['on2', alias('7', [arn('log', 2)], {provisioned: 10})],
      ['on4', alias('3', [arn('log', 1)])],
      ['on3', null],
    ])
    const plan = planUpgrade(
      [fn('on2', [arn('log', 2)]), fn('on3', [arn('log', 3)]), fn('on4', [arn('log', 4)]), fn('on4b', [arn('log', 4)])],
      request({alias: 'live'}),
      aliases,
    )

    it('adds an alias step after each function-config step, and one for a function already on the version whose alias is behind', () => {
      assert.deepEqual(
        plan.changes.map((change) => [change.kind, change.target.functionName, change.target.qualifier]),
        [
          ['function-config', 'on2', undefined],
          ['alias-version', 'on2', 'live'],
          ['function-config', 'on3', undefined],
          ['alias-version', 'on4', 'live'],
        ],
      )
      assert.deepEqual(plan.changes[1].after, {functionVersion: NEW_VERSION, layers: [arn('log', 4)], provisioned: 10})
      const skipped = plan.skipped.map((item) => `${item.target.functionName}:${item.target.qualifier}: ${item.reason}`)
      assert.ok(skipped.includes('on3:live: has no alias live; only $LATEST is upgraded'))
      assert.ok(skipped.includes('on4b:live: has no alias live; only $LATEST is upgraded'))
    })

    it('says that provisioned concurrency is allocated anew, and that undo leaves the published versions', () => {
      assert.ok(plan.warnings.some((warning) => /AWS allocates it anew .* lx waits for READY on on2:live \(10\)/.test(warning)))
      assert.ok(plan.notes.some((note) => /undo points them back and leaves the published versions in place/.test(note)))
    })

    it('the alias step re-plans: skipped when $LATEST did not get the version, unchanged when the alias already runs it', () => {
      const replan = plan.changes[1].replan!
      const fresh = (extra: Partial<AliasVersionState>): AliasVersionState => ({
        functionVersion: '7',
        layers: [arn('log', 2)],
        revisionId: 'ar',
        latestLayers: [arn('log', 4)],
        ...extra,
      })
      assert.match((replan(fresh({latestLayers: [arn('log', 2)]})) as {skip: string}).skip, /\$LATEST does not carry log:4 .* alias live left on version 7/)
      assert.match((replan(fresh({functionVersion: '8', layers: [arn('log', 4)]})) as {unchanged: string}).unchanged, /live → version 8 already runs log:4/)
      assert.match((replan(fresh({routing: true})) as {skip: string}).skip, /weighted routing/)
      assert.deepEqual(replan(fresh({})), {after: {functionVersion: NEW_VERSION, layers: [arn('log', 4)], provisioned: null}})
    })

    it('a second run changes nothing: $LATEST and the alias already carry the version', () => {
      const again = planUpgrade([fn('on2', [arn('log', 4)])], request({alias: 'live'}), new Map([['on2', alias('8', [arn('log', 4)])]]))
      assert.equal(again.changes.length, 0)
      assert.equal(again.unchanged.length, 2)
    })

    it('an alias read only as serving the target (no GetAlias) is unchanged, shown as an alias state', () => {
      const served: AliasFacts = {functionVersion: '8', layers: [arn('log', 4)], routing: null, provisioned: null, served: true}
      const again = planUpgrade([fn('on2', [arn('log', 2)])], request({alias: 'live'}), new Map([['on2', served]]))
      assert.deepEqual(
        again.changes.map((change) => change.kind),
        ['function-config'],
      )
      const [unchanged] = again.unchanged
      assert.deepEqual(unchanged, {
        target: {functionName: 'on2', qualifier: 'live'},
        state: {functionVersion: '8', layers: [arn('log', 4)]},
        reason: 'live → version 8 already runs log:4',
      })
    })

    it('never moves an alias read without its revision and routing', () => {
      const served: AliasFacts = {functionVersion: '8', layers: [arn('log', 2)], routing: null, provisioned: null, served: true}
      assert.throws(() => planUpgrade([fn('on2', [arn('log', 2)])], request({alias: 'live'}), new Map([['on2', served]])), /read as up to date/)
    })
  })
})

describe('which aliases the upgrade reads', () => {
  it('latestAfterUpgrade: the layers $LATEST ends with, for the functions whose alias step the plan reaches', () => {
    assert.deepEqual(latestAfterUpgrade(fn('on1', [arn('utils', 1), arn('log', 1)]), request()), [arn('utils', 1), arn('log', 4)])
    assert.deepEqual(latestAfterUpgrade(fn('on4', [arn('log', 4)]), request()), [arn('log', 4)], 'already on the version: its alias may be behind')
    assert.equal(latestAfterUpgrade(fn('without', [arn('utils', 1)]), request()), undefined)
    assert.equal(latestAfterUpgrade(fn('on5', [arn('log', 5)]), request()), undefined, 'newer: left alone')
    assert.equal(latestAfterUpgrade(fn('java', [arn('log', 1)], {runtime: 'java21'}), request()), undefined, 'incompatible: skipped')
    assert.deepEqual(latestAfterUpgrade(fn('java4', [arn('log', 4)], {runtime: 'java21'}), request()), [arn('log', 4)], 'on the version already')
  })

  it('aliasServesTarget: the alias runs exactly what $LATEST will', () => {
    const latest = [arn('utils', 1), arn('log', 4)]
    assert.equal(aliasServesTarget(latest, latest, request()), true)
    assert.equal(aliasServesTarget([arn('log', 4)], latest, request()), false, 'another layer differs')
    assert.equal(aliasServesTarget([arn('utils', 1), arn('log', 3)], latest, request()), false)
  })
})

describe('the alias-version state', () => {
  const before: AliasVersionState = {functionVersion: '7', layers: [arn('log', 2)], revisionId: 'a1', provisioned: 10}
  const after: AliasVersionState = {functionVersion: '9', layers: [arn('log', 4)], revisionId: 'a2', provisioned: 10}

  it('undo points the alias back when it still points where lx moved it, and says the published version stays', () => {
    const reversal = revertAliasVersion(before, after, {...after, revisionId: 'a3'}, false)
    assert.deepEqual(reversal, {to: {functionVersion: '7', layers: [arn('log', 2)], revisionId: 'a3', provisioned: 10, leaves: '9'}})
    assert.equal(describeAliasVersion((reversal as {to: AliasVersionState}).to), 'version 7 (log:2); version 9 stays published')
  })

  it('undo leaves an alias somebody moved since (a conflict), unless forced; and one already back is done', () => {
    assert.match(
      (revertAliasVersion(before, after, {...after, functionVersion: '10'}, false) as {conflict: string}).conflict,
      /now points at version 10, not 9/,
    )
    assert.ok('to' in revertAliasVersion(before, after, {...after, functionVersion: '10'}, true))
    assert.deepEqual(revertAliasVersion(before, after, before, false), {done: true})
  })

  it('a planned new version is never the same as a read one', () => {
    assert.equal(sameAliasVersion({functionVersion: NEW_VERSION, layers: []}, {functionVersion: NEW_VERSION, layers: []}), false)
    assert.equal(sameAliasVersion(before, {...before, revisionId: 'other'}), true)
    assert.equal(
      describeAliasVersion({functionVersion: NEW_VERSION, layers: [arn('log', 4)], provisioned: 5}),
      'a new version (log:4); provisioned 5 allocated anew',
    )
  })
})
