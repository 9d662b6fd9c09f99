import {Args} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type FunctionConcurrency, readFunctionConcurrency} from '../../concurrency/read-concurrency.js'
import {selectFunctions} from '../../select/select-functions.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {createProgress} from '../../ui/progress.js'
import {renderConcurrencyList} from '../../ui/render-concurrency-list.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class ConcurrencyList extends LxCommand<FunctionConcurrency[]> {
  static override summary = 'Reserved and provisioned concurrency of each function.'
  static override description = 'With no names or selector flags, lists every function in the region.'
  static override examples = [
    '<%= config.bin %> concurrency list',
    '<%= config.bin %> concurrency list --match "^checkout-" --json',
    '<%= config.bin %> concurrency list --tag team=payments',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {...selectionFlags, wide: wideFlag}

  async run(): Promise<FunctionConcurrency[]> {
    const {argv, flags} = await this.parse(ConcurrencyList)
    const aws = await this.aws(flags)
    const {reader, functions} = await selectFunctions(aws, argv as string[], flags, {mutating: false})
    const progress = createProgress({label: 'Reading concurrency'})
    const rows = await readFunctionConcurrency(reader, functions, (done, total) => progress.update(done, total)).finally(() => progress.stop())
    this.log(renderConcurrencyList(rows, {width: tableWidth(flags.wide)}))
    return rows
  }
}
