#!/usr/bin/env node
// The subpath import loads only what running a command needs, not all of @oclif/core (start-up).
import {execute} from '@oclif/core/execute'

await execute({dir: import.meta.url})
