// What a service implementation gets from the sandbox it runs in.

import type {Account} from './account.js'
import type {SimClock} from './clock.js'
import type {Fleet} from './fleet.js'

export interface SandboxEnvironment {
  account: Account
  clock: SimClock
  /** The organization and the credentials of the fleet (STS, Organizations, Account Management read it). */
  fleet?: Fleet
  /** Verbose log line (a no-op unless the sandbox was started verbose). */
  log(line: string): void
}
