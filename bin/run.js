#!/usr/bin/env node
// `lx dashboard` in a terminal sizes the heap for its live view here, before oclif and the AWS SDK
// load and allocate (src/ui/dashboard/live-heap.ts).
if (process.argv[2] === 'dashboard') {
  const live = await import('../dist/ui/dashboard/live-heap.js')
  const facts = {args: process.argv.slice(2), env: process.env, stdoutIsTTY: process.stdout.isTTY, stdinIsTTY: process.stdin.isTTY}
  if (live.willRenderLive(facts)) live.tuneHeapForLiveView()
}

// The subpath import loads only what running a command needs, not all of @oclif/core (start-up).
const {execute} = await import('@oclif/core/execute')
await execute({dir: import.meta.url})
