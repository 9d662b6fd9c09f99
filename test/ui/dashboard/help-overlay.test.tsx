/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (The pragmas: mocha runs tests through tsx with tsconfig.json, whose `include` covers src/ only.)
import assert from 'node:assert/strict'
import {render} from 'ink-testing-library'

import {HelpOverlay, KEY_HELP, LEGEND} from '../../../src/ui/dashboard/help-overlay.js'
import {plain} from './ink-helpers.js'

describe('HelpOverlay', () => {
  it('lists every key the dashboard handles', () => {
    const {lastFrame, unmount} = render(<HelpOverlay width={100} refreshSeconds={60} />)
    const frame = plain(lastFrame())
    for (const [key] of KEY_HELP) assert.ok(frame.includes(key), key)
    assert.match(frame, /widen \/ narrow the time range/)
    assert.match(frame, /every 60s/)
    unmount()
  })

  it('explains the terms on screen, each whole within 80 columns', () => {
    const {lastFrame, unmount} = render(<HelpOverlay width={80} refreshSeconds={60} />)
    const frame = plain(lastFrame())
    for (const [term, what] of LEGEND) assert.ok(frame.includes(`${term}`) && frame.includes(what), `${term}: ${what}`)
    for (const [key, what] of KEY_HELP) assert.ok(frame.includes(what), `${key}: ${what}`)
    assert.match(frame, /claimed +what AWS counts against the limit/)
    assert.ok(frame.split('\n').every((line) => line.length <= 80))
    unmount()
  })
})
