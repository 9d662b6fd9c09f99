// How the live dashboard asks Ink to draw; shared with the bench so it measures the same thing.

/**
 * Every Ink frame rebuilds the whole screen (several MB of short-lived objects on a 160×50
 * terminal). A dashboard gains nothing from 30 frames a second while a key is held; 15 keeps
 * selection responsive and halves the garbage.
 */
export const LIVE_RENDER_OPTIONS = {maxFps: 15, exitOnCtrlC: true, patchConsole: true} as const
