// --wide, for every command that prints a table: the same flag and wording everywhere.
import {Flags} from '@oclif/core'

import {outputWidth} from './table.js'

export const wideFlag = Flags.boolean({
  description: 'Show every column in full; by default tables are narrowed to fit the terminal (never when piped).',
})

/** The width tables get: the terminal's, or no limit with --wide or when stdout is not a terminal. */
export function tableWidth(wide: boolean | undefined): number {
  return outputWidth({wide})
}
