// The architecture's import boundaries are ESLint rules (eslint.config.js). These tests lint deliberate violations,
// held in memory at a path inside the folder under test, and check that the boundary rule reports them, so a config
// change that silently drops a boundary fails here.
import {ESLint} from 'eslint'
import assert from 'node:assert/strict'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

// The type-aware rules need the file on disk in the TypeScript program; these sources exist only in memory and the
// boundaries do not need types, so the program is left out.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: {parserOptions: {project: null, projectService: false}},
    rules: {'@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/await-thenable': 'off'},
  },
})

async function boundaryErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, {filePath: `${root}/${path}`})
  return result.messages
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message)
}

describe('import boundaries (eslint.config.js)', function () {
  this.timeout(60_000)

  it('a domain folder importing src/ui is an error', async () => {
    const errors = await boundaryErrors('src/metrics/violation.ts', "import {renderTable} from '../ui/table.js'\nexport const x = renderTable\n")
    assert.equal(errors.length, 1, String(errors))
    assert.match(errors[0], /'\.\.\/ui\/table\.js'.*rendering lives in src\/ui/s)
  })

  it('a domain folder importing src/commands, even lazily, is an error', async () => {
    const errors = await boundaryErrors('src/scaling/violation.ts', "export const load = () => import('../commands/scaling/set.js')\n")
    assert.equal(errors.length, 1, String(errors))
  })

  it('the sandbox importing lx code outside src/sandbox is an error, at any depth', async () => {
    const top = await boundaryErrors('src/sandbox/violation.ts', "import {planApply} from '../apply/plan.js'\nexport const x = planApply\n")
    assert.equal(top.length, 1, String(top))
    assert.match(top[0], /'\.\.\/apply\/plan\.js'.*imports nothing of lx/s)
    const nested = await boundaryErrors(
      'src/sandbox/lambda/violation.ts',
      "import {x} from '../../lib/x.js'\nimport {y} from '../y.js'\nexport const z = [x, y]\n",
    )
    assert.equal(nested.length, 1, String(nested))
    assert.match(nested[0], /'\.\.\/\.\.\/lib\/x\.js'/)
  })

  it('only the sandbox command imports the sandbox', async () => {
    const source = "import {startSandbox} from '../sandbox/server.js'\nexport const x = startSandbox\n"
    assert.deepEqual(await boundaryErrors('src/commands/sandbox.ts', source), [])
    assert.equal((await boundaryErrors('src/commands/account.ts', source)).length, 1, String(await boundaryErrors('src/commands/account.ts', source)))
    assert.equal((await boundaryErrors('src/base-violation.ts', source.replace('../sandbox/', './sandbox/'))).length, 1)
    assert.equal((await boundaryErrors('src/lib/violation.ts', source)).length, 1, String(await boundaryErrors('src/lib/violation.ts', source)))
  })

  it('a command importing an AWS SDK client is an error; its types are fine', async () => {
    const value = "import {LambdaClient} from '@aws-sdk/client-lambda'\nexport const x = LambdaClient\n"
    assert.equal(
      (await boundaryErrors('src/commands/concurrency/violation.ts', value)).length,
      1,
      String(await boundaryErrors('src/commands/concurrency/violation.ts', value)),
    )
    const lazy = "export const load = () => import('@aws-sdk/client-lambda')\n"
    assert.equal(
      (await boundaryErrors('src/commands/concurrency/violation.ts', lazy)).length,
      1,
      String(await boundaryErrors('src/commands/concurrency/violation.ts', lazy)),
    )
    const types = "import type {FunctionConfiguration} from '@aws-sdk/client-lambda'\nexport type X = FunctionConfiguration\n"
    assert.deepEqual(await boundaryErrors('src/commands/concurrency/violation.ts', types), [])
  })

  it('the engine imports nothing of src/ui (the progress bar lives in src/lib)', async () => {
    assert.deepEqual(await boundaryErrors('src/apply/violation.ts', "import {createProgress} from '../lib/progress.js'\nexport const x = createProgress\n"), [])
    assert.equal(
      (await boundaryErrors('src/apply/violation.ts', "import {renderApply} from '../ui/render-apply.js'\nexport const x = renderApply\n")).length,
      1,
      String(await boundaryErrors('src/apply/violation.ts', "import {renderApply} from '../ui/render-apply.js'\nexport const x = renderApply\n")),
    )
  })

  it('an import cycle is an error', async () => {
    // engine.ts imports plan.ts; a plan.ts that imports the engine closes a cycle.
    const [result] = await eslint.lintText("import {applyPlan} from './engine.js'\nexport const x = applyPlan\n", {filePath: `${root}/src/apply/plan.ts`})
    assert.ok(
      result.messages.some((message) => message.ruleId === 'import-x/no-cycle'),
      JSON.stringify(result.messages),
    )
  })
})
