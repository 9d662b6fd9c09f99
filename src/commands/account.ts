import {LxCommand} from '../base-command.js'
import {type AccountConcurrency, readAccountConcurrency} from '../concurrency/read-concurrency.js'
import {minUnreservedFlag} from '../input/flags.js'
import {FunctionReader} from '../select/function-reader.js'
import {renderAccount, renderAccountFleet, type AccountRow} from '../ui/render-account.js'
import {unreachableRecords} from '../ui/render-fleet.js'
import {createProgress} from '../lib/progress.js'

export default class Account extends LxCommand<AccountConcurrency | AccountRow[]> {
  static override summary = 'Account concurrency at a glance: limit, unreserved, reserved and provisioned totals, headroom.'
  static override examples = [
    '<%= config.bin %> account',
    '<%= config.bin %> account --region eu-west-1 --json',
    '<%= config.bin %> account --accounts org --role-name OrganizationAccountAccessRole --all-regions',
  ]

  static override flags = {
    'min-unreserved': minUnreservedFlag('The unreserved floor AWS enforces on this account (100 on most accounts).'),
  }

  async run(): Promise<AccountConcurrency | AccountRow[]> {
    const {flags} = await this.parse(Account)
    const fleet = await this.fleet(flags)
    const {values, unreachable} = await this.readFleet(flags, async (place) => {
      const reader = new FunctionReader(await place.aws.lambda())
      const read = (onProgress?: (done: number, total: number) => void) =>
        readAccountConcurrency(reader, {region: place.region, unreservedFloor: flags['min-unreserved'], onProgress})
      if (fleet.isFleet) return read()
      const progress = createProgress({label: 'Reading functions'})
      return read((done, total) => progress.update(done, total)).finally(() => progress.stop())
    })
    if (!fleet.isFleet) {
      const [{value}] = values
      this.log(renderAccount(value))
      return value
    }

    // Several account-regions: one row each (account and region first), then those not reached.
    const rows: AccountRow[] = [...values.map(({place, value}) => ({account: place.account, ...value})), ...unreachableRecords(unreachable)]
    this.log(renderAccountFleet(rows))
    await this.reportUnreachable(fleet, unreachable)
    return rows
  }
}
