// `?`: what every key does. Replaces the table and charts until any key is pressed.
import {Box, Text} from 'ink'

export const KEY_HELP: Array<[string, string]> = [
  ['↑ / k, ↓ / j', 'select the previous / next function'],
  ['PgUp / PgDn', 'move a page'],
  ['Enter', 'focus the selected function (Enter or Esc to go back)'],
  ['s', 'cycle sort: throttles, cold, invocations, errors, peak, name'],
  ['/', 'filter by function name (Enter to keep, Esc to clear)'],
  ['+ / -', 'widen / narrow the time range'],
  ['r', 'refresh now, cold starts included'],
  ['?', 'this help'],
  ['q', 'quit'],
]

/** What the terms on screen mean. */
/** What the terms on screen mean; each fits an 80-column terminal. */
export const LEGEND: Array<[string, string]> = [
  ['claimed', 'what AWS counts against the limit: reserved and PC included'],
  ['THR 5M', 'throttles in the last 5 complete minutes: the ranking'],
  ['THR 3H', 'throttles over the whole range'],
  ['TREND', 'last minutes, ↑ rising ↓ falling → steady, or "stopped 4m ago"'],
  ['PEAK/RSVD', 'peak concurrent executions / reserved concurrency'],
  ['PC UTIL', 'provisioned-concurrency use; SPILLOVER: invocations beyond it'],
]

export function HelpOverlay({width, refreshSeconds}: {width: number; refreshSeconds: number}) {
  const keyWidth = Math.max(...KEY_HELP.map(([key]) => key.length))
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {KEY_HELP.map(([key, what]) => (
        <Text key={key} wrap="truncate-end">
          <Text color="cyan">{key.padEnd(keyWidth)}</Text> {what}
        </Text>
      ))}
      <Text> </Text>
      <Text bold>Terms</Text>
      {LEGEND.map(([term, what]) => (
        <Text key={term} wrap="truncate-end">
          <Text color="cyan">{term.padEnd(keyWidth)}</Text> {what}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor wrap="wrap">
        Metrics refresh every {refreshSeconds}s (CloudWatch has 1-minute resolution); only the new minutes are fetched. Cold starts come from Logs Insights over
        /aws/lambda/NAME and are counted every few minutes. Press any key to close.
      </Text>
    </Box>
  )
}
