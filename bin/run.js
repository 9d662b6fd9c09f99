#!/usr/bin/env node
// `lx dashboard` in a terminal runs its live view in a Node process with a bounded heap; deciding so
// here, before oclif and the AWS SDK load, keeps the process that waits for it small.
const live = process.argv[2] === 'dashboard' ? await import('../dist/ui/dashboard/live-process.js') : undefined
const facts = {args: process.argv.slice(2), env: process.env, stdoutIsTTY: process.stdout.isTTY, stdinIsTTY: process.stdin.isTTY}
if (live?.needsLiveRelaunch(facts)) {
  process.exitCode = await live.relaunchWithLiveFlags()
} else {
  // The subpath import loads only what running a command needs, not all of @oclif/core (start-up).
  const {execute} = await import('@oclif/core/execute')
  await execute({dir: import.meta.url})
}
