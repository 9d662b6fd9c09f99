// Starts the Ink app full-screen and resolves when the user quits. Loaded only by `lx dashboard`
// in a terminal, so no other command pays for React and Ink at start-up.
import {render} from 'ink'

import type {DashboardFeed} from '../../dashboard/dashboard-source.js'
import {App} from './app.js'
import {LIVE_RENDER_OPTIONS} from './render-options.js'

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h'
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l'

export async function runLiveDashboard(feed: DashboardFeed, options: {rangeSeconds: number; refreshSeconds: number}): Promise<void> {
  // The alternate screen gives the dashboard the whole window and gives the shell its scrollback
  // back on exit, as top and less do.
  process.stdout.write(ENTER_ALTERNATE_SCREEN)
  try {
    const instance = render(<App feed={feed} rangeSeconds={options.rangeSeconds} refreshSeconds={options.refreshSeconds} />, {...LIVE_RENDER_OPTIONS})
    await instance.waitUntilExit()
  } finally {
    process.stdout.write(LEAVE_ALTERNATE_SCREEN)
  }
}
