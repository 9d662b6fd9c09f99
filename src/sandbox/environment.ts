// What a service implementation gets from the sandbox it runs in.

import type {Account} from './account.js'
import type {SimClock} from './clock.js'

export interface SandboxEnvironment {
  account: Account
  clock: SimClock
  /** Verbose log line (a no-op unless the sandbox was started verbose). */
  log(line: string): void
}
