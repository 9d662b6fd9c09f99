// The committed oclif.manifest.json is what an installed lx uses to list commands and flags
// without loading them; a stale one hides new flags from users.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {cpSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from './helpers/run-cli.js'
import {scratchDir} from './helpers/scratch-dir.js'

function normalise(manifest: any) {
  // The version and the absolute paths are not what a user sees.
  const {version: _version, ...rest} = manifest
  return JSON.parse(JSON.stringify(rest).replaceAll(ROOT, '<root>'))
}

describe('oclif manifest', () => {
  it('the committed oclif.manifest.json matches the built commands', () => {
    const dir = scratchDir('lx-manifest-')
    try {
      for (const entry of ['package.json', 'dist']) cpSync(join(ROOT, entry), join(dir, entry), {recursive: true})
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {cwd: dir, stdio: 'pipe'})
      const fresh = normalise(JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')))
      const committed = normalise(JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')))
      assert.deepEqual(committed, fresh, 'oclif.manifest.json is stale: run `npm run build && npm run manifest` and commit it')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
