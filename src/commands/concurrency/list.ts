import {Args, Flags} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type FunctionConcurrency, readFunctionConcurrency} from '../../concurrency/read-concurrency.js'
import {selectFunctions} from '../../select/select-functions.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {createProgress} from '../../lib/progress.js'
import {renderConcurrencyList} from '../../ui/render-concurrency-list.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class ConcurrencyList extends LxCommand<FunctionConcurrency[]> {
  static override summary = 'Reserved and provisioned concurrency of each function.'
  static override description = [
    'With no names or selector flags, lists every function in the region.',
    'Reads GetFunction (100/s) and ListProvisionedConcurrencyConfigs (15/s) per function; --aliases adds ListAliases per function',
    'on the same 15/s budget, so it roughly doubles the time on a large account.',
  ].join(' ')

  static override examples = [
    '<%= config.bin %> concurrency list',
    '<%= config.bin %> concurrency list checkout-api orders-api --aliases',
    '<%= config.bin %> concurrency list --match "^checkout-" --json',
    '<%= config.bin %> concurrency list --tag team=payments',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {
    ...selectionFlags,
    aliases: Flags.boolean({
      description: "Also show each function's aliases with the version they point at and any weighted routing (one ListAliases call per function).",
    }),
    wide: wideFlag,
  }

  async run(): Promise<FunctionConcurrency[]> {
    const {argv, flags} = await this.parse(ConcurrencyList)
    const aws = await this.aws(flags)
    const {reader, functions} = await selectFunctions(aws, argv as string[], flags, {mutating: false})
    const progress = createProgress({label: 'Reading concurrency'})
    const onProgress = (done: number, total: number) => progress.update(done, total)
    const rows = await readFunctionConcurrency(reader, functions, onProgress, {aliases: flags.aliases}).finally(() => progress.stop())
    this.log(renderConcurrencyList(rows, {width: tableWidth(flags.wide)}))
    return rows
  }
}
