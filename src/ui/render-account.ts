import type {AccountConcurrency} from '../concurrency/read-concurrency.js'
import {renderPairs} from './table.js'

export function renderAccount(account: AccountConcurrency): string {
  const used = account.limit > 0 ? Math.round(((account.limit - account.unreserved) / account.limit) * 100) : 0
  return renderPairs([
    ['Region', account.region],
    ['Concurrency limit', account.limit],
    ['Unreserved', `${account.unreserved} (floor ${account.unreservedFloor})`],
    ['Reserved, total', `${account.reservedTotal} across ${account.functionsWithReserved} function${account.functionsWithReserved === 1 ? '' : 's'}`],
    ['Provisioned, total', account.provisionedTotal],
    ['Set aside', `${account.limit - account.unreserved} (${used}% of the limit)`],
    ['Headroom', `${account.headroom} more can be reserved or provisioned`],
    ['Functions', account.functionCount],
  ])
}
