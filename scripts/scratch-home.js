// A fresh LX_HOME for one bench run, removed when the bench process exits (however it exits).
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const made = []
process.on('exit', () => {
  for (const home of made) rmSync(home, {recursive: true, force: true})
})

export function scratchHome(prefix = 'lx-bench-') {
  const home = mkdtempSync(join(tmpdir(), prefix))
  made.push(home)
  return home
}
