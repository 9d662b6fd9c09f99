// `?`: what every key does. Replaces the table and charts until any key is pressed.
import {Box, Text} from 'ink'

export const KEY_HELP: Array<[string, string]> = [
  ['↑ / k, ↓ / j', 'select the previous / next function'],
  ['PgUp / PgDn', 'move a page'],
  ['Enter', 'focus the selected function (Enter or Esc to go back)'],
  ['s', 'sort by the next column: recent throttles, cold starts, invocations, errors, peak concurrency, name'],
  ['/', 'filter by function name (Enter to keep, Esc to clear)'],
  ['+ / -', 'widen / narrow the time range'],
  ['r', 'refresh now, cold starts included'],
  ['?', 'this help'],
  ['q', 'quit'],
]

/** What the terms on screen mean. */
export const LEGEND: Array<[string, string]> = [
  ['claimed', 'ClaimedAccountConcurrency: what AWS counts against the account limit, reserved and provisioned concurrency included'],
  ['THR 5M', 'throttles in the last complete minutes (5, or the last period when periods are longer): the table is ranked by them'],
  ['THR 3H', 'throttles over the whole range'],
  ['TREND', 'the last periods and their direction (↑ rising, ↓ falling, → steady), or "stopped 4m ago"'],
  ['PEAK/RSVD', 'peak concurrent executions / reserved concurrency'],
  ['PC UTIL', 'peak provisioned-concurrency utilisation; SPILLOVER: invocations that found it full'],
]

export function HelpOverlay({width, refreshSeconds}: {width: number; refreshSeconds: number}) {
  const keyWidth = Math.max(...KEY_HELP.map(([key]) => key.length))
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {KEY_HELP.map(([key, what]) => (
        <Text key={key} wrap="truncate-end">
          <Text color="cyan">{key.padEnd(keyWidth)}</Text>  {what}
        </Text>
      ))}
      <Text> </Text>
      <Text bold>Terms</Text>
      {LEGEND.map(([term, what]) => (
        <Text key={term} wrap="truncate-end">
          <Text color="cyan">{term.padEnd(keyWidth)}</Text>  {what}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor wrap="wrap">
        Metrics refresh every {refreshSeconds}s (CloudWatch has 1-minute resolution); only the new minutes are fetched. Cold starts come from
        Logs Insights over /aws/lambda/NAME and are counted every few minutes. Press any key to close.
      </Text>
    </Box>
  )
}
