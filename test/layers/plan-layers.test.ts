import assert from 'node:assert/strict'

import {UserError} from '../../src/errors.js'
import {parseEnvAssignments, parseEnvNames} from '../../src/layers/env-flags.js'
import {describeConfig, type FunctionConfigState, sameConfig} from '../../src/layers/function-config.js'
import {type FunctionFacts, type LayerRequest, type LayerVersionInfo, mergeConfig, planFunction, planLayers} from '../../src/layers/plan-layers.js'
import {layerArn, layerVersionArn as arn} from '../helpers/aws-ids.js'

function layer(name: string, version: number, extra: Partial<LayerVersionInfo> = {}): LayerVersionInfo {
  return {arn: arn(name, version), layerArn: layerArn(name), version, compatibleRuntimes: [], compatibleArchitectures: [], ...extra}
}

function fn(extra: Partial<FunctionFacts> & {layers?: string[]; environment?: Record<string, string> | null} = {}): FunctionFacts {
  const {layers = [], environment = null, ...rest} = extra
  return {functionName: 'f', packageType: 'Zip', runtime: 'nodejs20.x', architectures: ['x86_64'], config: {layers, environment, revisionId: 'r1'}, ...rest}
}

const LOG3 = layer('log-shipper', 3)
const attach = (l: LayerVersionInfo, environment: Record<string, string> = {}): LayerRequest => ({action: 'attach', layer: l, environment})
const detach = (name: string, environmentKeys: string[] = []): LayerRequest => ({action: 'detach', layerArn: layerArn(name), environmentKeys})

describe('planning layer and extension changes', () => {
  describe('per function', () => {
    const cases: Array<{
      name: string
      fn: FunctionFacts
      request: LayerRequest
      expect: {layers?: string[]; environment?: Record<string, string> | null; skip?: RegExp; unchanged?: RegExp}
    }> = [
      {name: 'adds the layer at the end of no layers', fn: fn(), request: attach(LOG3), expect: {layers: [arn('log-shipper', 3)], environment: null}},
      {
        name: 'adds the layer after the existing ones, keeping their order',
        fn: fn({layers: [arn('b', 1), arn('a', 2)]}),
        request: attach(LOG3),
        expect: {layers: [arn('b', 1), arn('a', 2), arn('log-shipper', 3)]},
      },
      {
        name: 'replaces an older version in place',
        fn: fn({layers: [arn('a', 1), arn('log-shipper', 1), arn('b', 1)]}),
        request: attach(LOG3),
        expect: {layers: [arn('a', 1), arn('log-shipper', 3), arn('b', 1)]},
      },
      {
        name: 'replaces a newer version in place (downgrade is explicit)',
        fn: fn({layers: [arn('log-shipper', 7), arn('a', 1)]}),
        request: attach(LOG3),
        expect: {layers: [arn('log-shipper', 3), arn('a', 1)]},
      },
      {
        name: 'replacing in place on a function with five layers is not a sixth',
        fn: fn({layers: [arn('a', 1), arn('b', 1), arn('c', 1), arn('d', 1), arn('log-shipper', 2)]}),
        request: attach(LOG3),
        expect: {layers: [arn('a', 1), arn('b', 1), arn('c', 1), arn('d', 1), arn('log-shipper', 3)]},
      },
      {
        name: 'a layer of the same name from another account is another layer',
        fn: fn({layers: [arn('log-shipper', 3, '111122223333')]}),
        request: attach(LOG3),
        expect: {layers: [arn('log-shipper', 3, '111122223333'), arn('log-shipper', 3)]},
      },
      {
        name: 'already attached → unchanged',
        fn: fn({layers: [arn('a', 1), arn('log-shipper', 3)]}),
        request: attach(LOG3),
        expect: {unchanged: /already has log-shipper:3/},
      },
      {
        name: 'a sixth layer is skipped',
        fn: fn({layers: [arn('a', 1), arn('b', 1), arn('c', 1), arn('d', 1), arn('e', 1)]}),
        request: attach(LOG3),
        expect: {skip: /already has 5 layers, Lambda's maximum/},
      },
      {name: 'container images are skipped', fn: fn({packageType: 'Image', runtime: undefined}), request: attach(LOG3), expect: {skip: /container image/}},
      {
        name: 'an arm64-only layer on x86_64 is skipped',
        fn: fn({architectures: ['x86_64']}),
        request: attach(layer('sharp', 2, {compatibleArchitectures: ['arm64']})),
        expect: {skip: /architecture x86_64 is not among sharp:2's compatible architectures \(arm64\)/},
      },
      {
        name: 'a function without Architectures is x86_64',
        fn: fn({architectures: []}),
        request: attach(layer('sharp', 2, {compatibleArchitectures: ['arm64']})),
        expect: {skip: /architecture x86_64/},
      },
      {
        name: 'an arm64-only layer on arm64 is attached',
        fn: fn({architectures: ['arm64']}),
        request: attach(layer('sharp', 2, {compatibleArchitectures: ['arm64']})),
        expect: {layers: [arn('sharp', 2)]},
      },
      {
        name: 'a runtime the layer does not list is skipped',
        fn: fn({runtime: 'python3.12'}),
        request: attach(layer('powertools', 4, {compatibleRuntimes: ['nodejs20.x', 'nodejs22.x']})),
        expect: {skip: /runtime python3.12 is not among powertools:4's compatible runtimes \(nodejs20.x, nodejs22.x\)/},
      },
      {
        name: 'a layer that declares no runtimes or architectures restricts nothing',
        fn: fn({runtime: 'ruby3.3', architectures: ['arm64']}),
        request: attach(LOG3),
        expect: {layers: [arn('log-shipper', 3)]},
      },
      {
        name: 'incompatibility wins over replacing in place (never upgrade into a broken function)',
        fn: fn({architectures: ['x86_64'], layers: [arn('sharp', 1)]}),
        request: attach(layer('sharp', 2, {compatibleArchitectures: ['arm64']})),
        expect: {skip: /architecture x86_64/},
      },
      {
        name: 'extension variables are merged; every other variable is kept',
        fn: fn({environment: {LOG_LEVEL: 'info', API_KEY: 'secret'}}),
        request: attach(LOG3, {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}),
        expect: {layers: [arn('log-shipper', 3)], environment: {LOG_LEVEL: 'info', API_KEY: 'secret', AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}},
      },
      {
        name: 'a named variable takes the given value',
        fn: fn({environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/old', KEEP: '1'}}),
        request: attach(LOG3, {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}),
        expect: {environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper', KEEP: '1'}},
      },
      {
        name: 'layer present but a variable missing → only the variables change',
        fn: fn({layers: [arn('log-shipper', 3)], environment: {KEEP: '1'}}),
        request: attach(LOG3, {LOG_SHIPPER_URL: 'https://x'}),
        expect: {layers: [arn('log-shipper', 3)], environment: {KEEP: '1', LOG_SHIPPER_URL: 'https://x'}},
      },
      {
        name: 'layer and variables already there → unchanged',
        fn: fn({layers: [arn('log-shipper', 3)], environment: {KEEP: '1', LOG_SHIPPER_URL: 'https://x'}}),
        request: attach(LOG3, {LOG_SHIPPER_URL: 'https://x'}),
        expect: {unchanged: /already has log-shipper:3 and the variables/},
      },
      {
        name: "variables that would pass Lambda's 4 KB limit are skipped",
        fn: fn({environment: {BIG: 'x'.repeat(4000)}}),
        request: attach(LOG3, {MORE: 'y'.repeat(200)}),
        expect: {skip: /over Lambda's 4096-byte limit/},
      },
      {
        name: 'detach removes every version of the layer, keeping the others in order',
        fn: fn({layers: [arn('a', 1), arn('log-shipper', 2), arn('b', 1)]}),
        request: detach('log-shipper'),
        expect: {layers: [arn('a', 1), arn('b', 1)], environment: null},
      },
      {
        name: 'detach of a layer that is not attached → unchanged',
        fn: fn({layers: [arn('a', 1)]}),
        request: detach('log-shipper'),
        expect: {unchanged: /does not have log-shipper/},
      },
      {
        name: 'detach on a container image → unchanged (it has no layers)',
        fn: fn({packageType: 'Image', runtime: undefined}),
        request: detach('log-shipper'),
        expect: {unchanged: /does not have/},
      },
      {
        name: 'extension detach removes only the named variables',
        fn: fn({layers: [arn('log-shipper', 3)], environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper', KEEP: '1'}}),
        request: detach('log-shipper', ['AWS_LAMBDA_EXEC_WRAPPER', 'NOT_THERE']),
        expect: {layers: [], environment: {KEEP: '1'}},
      },
      {
        name: 'removing the last variable leaves no variables (null)',
        fn: fn({layers: [arn('log-shipper', 3)], environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}}),
        request: detach('log-shipper', ['AWS_LAMBDA_EXEC_WRAPPER']),
        expect: {layers: [], environment: null},
      },
      {
        name: 'without the layer, named variables are left alone (another extension may use them)',
        fn: fn({layers: [arn('other-wrapper', 1)], environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/other'}}),
        request: detach('log-shipper', ['AWS_LAMBDA_EXEC_WRAPPER']),
        expect: {unchanged: /does not have log-shipper/},
      },
    ]

    for (const testCase of cases) {
      it(testCase.name, () => {
        const outcome = planFunction(testCase.fn, testCase.request)
        if (testCase.expect.skip) {
          assert.ok('skip' in outcome, `expected a skip, got ${JSON.stringify(outcome)}`)
          assert.match(outcome.skip, testCase.expect.skip)
        } else if (testCase.expect.unchanged) {
          assert.ok('unchanged' in outcome, `expected unchanged, got ${JSON.stringify(outcome)}`)
          assert.match(outcome.unchanged, testCase.expect.unchanged)
        } else {
          assert.ok('after' in outcome, `expected a change, got ${JSON.stringify(outcome)}`)
          if (testCase.expect.layers) assert.deepEqual(outcome.after.layers, testCase.expect.layers)
          if (testCase.expect.environment !== undefined) assert.deepEqual(outcome.after.environment, testCase.expect.environment)
        }
      })
    }
  })

  describe('the plan', () => {
    const functions = [
      fn({functionName: 'add', layers: [arn('a', 1)], environment: {K: 'v'}}),
      fn({functionName: 'same', layers: [arn('log-shipper', 3)]}),
      fn({functionName: 'image', packageType: 'Image', runtime: undefined}),
      fn({functionName: 'full', layers: [arn('a', 1), arn('b', 1), arn('c', 1), arn('d', 1), arn('e', 1)]}),
    ]

    it('sorts functions into changes, unchanged and skipped, with the planned before and after', () => {
      const plan = planLayers(functions, attach(LOG3))
      assert.equal(plan.kind, 'function-config')
      assert.deepEqual(
        plan.changes.map((c) => c.target.functionName),
        ['add'],
      )
      assert.deepEqual(plan.changes[0].before, {layers: [arn('a', 1)], environment: {K: 'v'}, revisionId: 'r1'})
      assert.deepEqual(plan.changes[0].after, {layers: [arn('a', 1), arn('log-shipper', 3)], environment: {K: 'v'}})
      assert.deepEqual(
        plan.unchanged.map((u) => [u.target.functionName, u.reason]),
        [['same', 'already has log-shipper:3']],
      )
      assert.deepEqual(
        plan.skipped.map((s) => s.target.functionName),
        ['image', 'full'],
      )
      assert.match(plan.notes.join('\n'), /log-shipper:3 supports runtimes: any; architectures: any/)
    })

    it('re-plans on fresh state: keeps a layer somebody else added since', () => {
      const plan = planLayers(functions, attach(LOG3))
      const fresh: FunctionConfigState = {layers: [arn('a', 1), arn('newcomer', 1)], environment: {K: 'v', ADDED: 'x'}, revisionId: 'r2'}
      assert.deepEqual(plan.changes[0].replan!(fresh), {
        after: {layers: [arn('a', 1), arn('newcomer', 1), arn('log-shipper', 3)], environment: {K: 'v', ADDED: 'x'}},
      })
    })

    it('re-plans on fresh state: skips when the function has filled up to five layers since', () => {
      const plan = planLayers(functions, attach(LOG3))
      const fresh: FunctionConfigState = {layers: [arn('a', 1), arn('b', 1), arn('c', 1), arn('d', 1), arn('e', 1)], environment: null}
      const replanned = plan.changes[0].replan!(fresh)
      assert.ok('skip' in replanned)
      assert.match(replanned.skip, /5 layers/)
    })

    it('re-plans on fresh state: somebody attached it meanwhile → the fresh state is the goal (unchanged)', () => {
      const plan = planLayers(functions, attach(LOG3))
      const fresh: FunctionConfigState = {layers: [arn('a', 1), arn('log-shipper', 3)], environment: {K: 'v'}, revisionId: 'r3'}
      assert.deepEqual(plan.changes[0].replan!(fresh), {after: fresh})
    })

    it('warns when a named variable replaces another value, without printing either value', () => {
      const plan = planLayers(
        [fn({functionName: 'w', environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/secret-old'}})],
        attach(LOG3, {AWS_LAMBDA_EXEC_WRAPPER: '/opt/secret-new'}),
      )
      assert.match(plan.warnings.join('\n'), /AWS_LAMBDA_EXEC_WRAPPER already has another value on 1 function \(w\)/)
      assert.doesNotMatch(plan.warnings.join('\n'), /secret/)
    })

    it('warns on detach when functions without the layer still set a named variable', () => {
      const plan = planLayers(
        [fn({functionName: 'other', environment: {AWS_LAMBDA_EXEC_WRAPPER: '/opt/x'}})],
        detach('log-shipper', ['AWS_LAMBDA_EXEC_WRAPPER']),
      )
      assert.equal(plan.changes.length, 0)
      assert.match(plan.warnings.join('\n'), /1 function without log-shipper set AWS_LAMBDA_EXEC_WRAPPER \(other\); left as is/)
    })
  })

  describe('state', () => {
    it('describes layers in order and masks every variable value', () => {
      const text = describeConfig({layers: [arn('a', 1), arn('log-shipper', 3)], environment: {DD_API_KEY: 'abc123', LOG_LEVEL: 'info'}})
      assert.equal(text, 'layers a:1, log-shipper:3; env DD_API_KEY=****, LOG_LEVEL=****')
      assert.equal(describeConfig({layers: [], environment: null}), 'no layers')
    })

    it('compares layers in order and variables, not the revision; no variables equals an empty map', () => {
      assert.ok(sameConfig({layers: ['x', 'y'], environment: null, revisionId: 'a'}, {layers: ['x', 'y'], environment: {}, revisionId: 'b'}))
      assert.ok(!sameConfig({layers: ['x', 'y'], environment: null}, {layers: ['y', 'x'], environment: null}))
      assert.ok(!sameConfig({layers: [], environment: {A: '1'}}, {layers: [], environment: {A: '2'}}))
      assert.ok(!sameConfig({layers: [], environment: {A: '1'}}, {layers: [], environment: {A: '1', B: '1'}}))
    })

    it('mergeConfig is idempotent: applying the result again changes nothing', () => {
      const first = mergeConfig({layers: [arn('a', 1)], environment: {K: 'v'}}, attach(LOG3, {X: '1'}))
      assert.ok('after' in first)
      assert.ok('unchanged' in mergeConfig(first.after, attach(LOG3, {X: '1'})))
    })
  })

  describe('--env input', () => {
    const good: Array<[string[], Record<string, string>]> = [
      [['AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper'], {AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper'}],
      [['URL=https://x/?a=b'], {URL: 'https://x/?a=b'}],
      [['EMPTY='], {EMPTY: ''}],
      [['a1=1', 'B_2=2'], {a1: '1', B_2: '2'}],
    ]
    for (const [input, expected] of good) {
      it(`accepts ${input.join(' ')}`, () => assert.deepEqual(parseEnvAssignments(input), expected))
    }

    const bad: Array<[string[], RegExp]> = [
      [['NOVALUE'], /is not KEY=VALUE/],
      [['1ABC=x'], /not a valid environment variable name/],
      [['BAD-NAME=x'], /not a valid environment variable name/],
      [['=x'], /not a valid environment variable name/],
      [['X=1'], /not a valid environment variable name/],
      [['AWS_REGION=eu-west-1'], /AWS_REGION is reserved/],
      [['AWS_LAMBDA_FUNCTION_NAME=x'], /reserved/],
      [['AWS_SECRET_ACCESS_KEY=x'], /reserved/],
      [['A1=1', 'A1=2'], /given twice/],
      [[`BIG=${'x'.repeat(5000)}`], /Lambda allows 4096/],
    ]
    for (const [input, message] of bad) {
      it(`refuses ${input.join(' ').slice(0, 40)} (exit 2) without echoing the value`, () => {
        assert.throws(
          () => parseEnvAssignments(input),
          (error: unknown) => {
            assert.ok(error instanceof UserError)
            assert.equal(error.exitCode, 2)
            assert.match(error.message, message)
            assert.doesNotMatch(error.message, /eu-west-1|xxxx/)
            return true
          },
        )
      })
    }

    it('detach takes names only', () => {
      assert.deepEqual(parseEnvNames(['AWS_LAMBDA_EXEC_WRAPPER', 'AWS_LAMBDA_EXEC_WRAPPER', 'DD_API_KEY']), ['AWS_LAMBDA_EXEC_WRAPPER', 'DD_API_KEY'])
      assert.throws(
        () => parseEnvNames(['DD_API_KEY=secret']),
        (error: unknown) => error instanceof UserError && /names only/.test(error.message) && !/secret/.test(error.message),
      )
      assert.throws(() => parseEnvNames(['AWS_REGION']), /reserved/)
    })
  })
})
