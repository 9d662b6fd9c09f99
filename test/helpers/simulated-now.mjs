// Preloaded into the lx process under test (NODE_OPTIONS=--import) so that it lives in the
// sandbox's simulated time: Date.now() and `new Date()` run SIMULATED_NOW_OFFSET_MS away from the
// wall clock. lx asks CloudWatch and Logs Insights for windows ending at its own now, so this is
// how a test drives the real CLI at any simulated hour of the day. See simulatedClockEnv().
const offset = Number(process.env.SIMULATED_NOW_OFFSET_MS ?? 0)
if (Number.isFinite(offset) && offset !== 0) {
  const WallDate = Date
  globalThis.Date = class SimulatedDate extends WallDate {
    constructor(...args) {
      if (args.length === 0) super(WallDate.now() + offset)
      else super(...args)
    }

    static now() {
      return WallDate.now() + offset
    }
  }
}
