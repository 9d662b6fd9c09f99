// `lx --help` and `lx --version` must stay quick: they may not load the AWS SDK, Ink or React.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, ROOT} from './helpers/run-cli.js'
import {scratchDir} from './helpers/scratch-dir.js'

function modulesLoadedBy(args: string[], expectedStatus = 0): {urls: string[]; stdout: string} {
  const file = join(scratchDir('lx-trace-'), 'imports.txt')
  const hook = join(ROOT, 'test', 'helpers', 'trace-imports.mjs')
  const run = spawnSync(process.execPath, ['--import', hook, BIN, ...args], {
    env: {...process.env, LX_TRACE_IMPORTS_FILE: file, LX_HOME: scratchDir('lx-home-')},
    encoding: 'utf8',
  })
  assert.equal(run.status, expectedStatus, run.stderr)
  return {urls: existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [], stdout: run.stdout}
}

describe('start-up', () => {
  for (const args of [['--help'], ['--version'], ['concurrency', '--help'], ['concurrency', 'set', '--help']]) {
    it(`lx ${args.join(' ')} loads neither the AWS SDK nor Ink`, () => {
      const {urls, stdout} = modulesLoadedBy(args)
      assert.ok(
        urls.some((url) => url.includes('@oclif/core')),
        'the trace works: oclif was seen',
      )
      const heavy = urls.filter((url) => /@aws-sdk|@smithy|\/ink\/|\/react\//.test(url))
      assert.deepEqual(heavy, [])
      assert.ok(stdout.length > 0)
    })
  }

  it('the trace would catch the SDK: a command that talks to AWS does load it', () => {
    const {urls} = modulesLoadedBy(['account', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'], 1)
    assert.ok(urls.some((url) => /@aws-sdk\/client-lambda/.test(url)))
  })

  it('lx history reads only the journal and loads no SDK', () => {
    const {urls} = modulesLoadedBy(['history', '--json'])
    assert.deepEqual(
      urls.filter((url) => /@aws-sdk/.test(url)),
      [],
    )
  })
})
