// Temporary folders for tests: made under the OS temp directory and removed by the root hook in
// test/setup.ts when the run ends, whether the test that made one passed or not.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const made: string[] = []

/** A new empty folder `$TMPDIR/<prefix>XXXXXX`, removed after the run. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Removes every folder scratchDir made (the root afterAll hook calls it). */
export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true})
}
