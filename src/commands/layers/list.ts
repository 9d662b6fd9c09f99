import {Args} from '@oclif/core'

import {LxCommand} from '../../base-command.js'
import {type FunctionLayers, listLayers} from '../../layers/layers-service.js'
import {selectionFlags} from '../../select/selection-flags.js'
import {renderLayersList} from '../../ui/render-layers.js'
import {tableWidth, wideFlag} from '../../ui/wide-flag.js'

export default class LayersList extends LxCommand<FunctionLayers[]> {
  static override summary = 'Which layer versions each function carries, in merge order.'
  static override description = 'With no names or selector flags, lists every function in the region. Reads only the ListFunctions pages (or GetFunction per named function).'
  static override examples = [
    '<%= config.bin %> layers list',
    '<%= config.bin %> layers list --runtime nodejs20.x --json',
    '<%= config.bin %> layers list checkout-api orders-api',
  ]

  static override strict = false
  static override args = {functions: Args.string({description: 'Function names or ARNs (or use the selection flags).'})}
  static override flags = {...selectionFlags, wide: wideFlag}

  async run(): Promise<FunctionLayers[]> {
    const {argv, flags} = await this.parse(LayersList)
    const aws = await this.aws(flags)
    const rows = await listLayers(aws, argv as string[], flags)
    this.log(renderLayersList(rows, {width: tableWidth(flags.wide)}))
    return rows
  }
}
