import {LxCommand} from '../base-command.js'
import {type AccountConcurrency, readAccountConcurrency} from '../concurrency/read-concurrency.js'
import {minUnreservedFlag} from '../input/flags.js'
import {FunctionReader} from '../select/function-reader.js'
import {renderAccount} from '../ui/render-account.js'
import {createProgress} from '../lib/progress.js'

export default class Account extends LxCommand<AccountConcurrency> {
  static override summary = 'Account concurrency at a glance: limit, unreserved, reserved and provisioned totals, headroom.'
  static override examples = ['<%= config.bin %> account', '<%= config.bin %> account --region eu-west-1 --json']
  static override flags = {
    'min-unreserved': minUnreservedFlag('The unreserved floor AWS enforces on this account (100 on most accounts).'),
  }

  async run(): Promise<AccountConcurrency> {
    const {flags} = await this.parse(Account)
    const aws = await this.aws(flags)
    const region = await aws.region()
    const reader = new FunctionReader(await aws.lambda())
    const progress = createProgress({label: 'Reading functions'})
    const account = await readAccountConcurrency(reader, {
      region,
      unreservedFloor: flags['min-unreserved'],
      onProgress: (done, total) => progress.update(done, total),
    }).finally(() => progress.stop())
    this.log(renderAccount(account))
    return account
  }
}
