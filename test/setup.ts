// Root set-up for every mocha run: no test may reach the network. Loopback stays open because the
// end-to-end tests talk to the sandbox on 127.0.0.1; everything else is refused by nock.
import nock from 'nock'

import {removeScratchDirs, scratchDir} from './helpers/scratch-dir.js'

process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTTESTTEST'
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret'
process.env.AWS_REGION = 'us-east-1'
process.env.AWS_EC2_METADATA_DISABLED = 'true'
process.env.NO_COLOR = '1'
// The journal of in-process command runs goes to a scratch directory, never the user's.
process.env.LX_HOME = scratchDir('lx-test-home-')
// Waits and step retries poll in milliseconds in tests.
process.env.LX_POLL_MS = '10'
process.env.LX_STEP_BACKOFF_MS = '5'
// Retries back off in milliseconds, not seconds, so throttling tests stay quick.
process.env.LX_RETRY_BASE_MS = '5'
process.env.COLUMNS = '120'
delete process.env.AWS_PROFILE
delete process.env.AWS_ENDPOINT_URL
delete process.env.AWS_DEFAULT_REGION

nock.disableNetConnect()
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'))

export const mochaHooks = {
  // Every temporary folder a test made with scratchDir (journals, sandbox files, lx homes) goes.
  afterAll() {
    removeScratchDirs()
  },
  afterEach() {
    nock.cleanAll()
    process.exitCode = undefined
  },
}
