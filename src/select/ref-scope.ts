// Functions named by ARN must be in the partition, region and account lx is working in: Lambda is
// called with the bare name, so an ARN of elsewhere would otherwise act on the same-named function
// here. Pure; checked before any Lambda call.
import {checkSameAccount} from '../aws/account-check.js'
import {checkPartition, type FunctionRef} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'

/** Partition and region of every full ARN against the region in effect. */
export function checkRefsRegion(refs: FunctionRef[], region: string): void {
  for (const ref of refs) {
    if (ref.partition) checkPartition(ref.partition, region, ref.input)
    if (ref.region && ref.region !== region) {
      throw new UserError(`${ref.input} is in ${ref.region}, but lx is working in ${region}.`, {
        code: 'RegionMismatch',
        hint: `Pass --region ${ref.region}.`,
      })
    }
  }
}

/** Whether any reference names an account, i.e. whether the caller's account must be looked up. */
export function namesAnAccount(refs: FunctionRef[]): boolean {
  return refs.some((ref) => ref.accountId !== undefined)
}

/** The account of every ARN and partial ARN against the account of the credentials. */
export function checkRefsAccount(refs: FunctionRef[], accountId: string): void {
  for (const ref of refs) {
    if (ref.accountId !== undefined) checkSameAccount(ref.accountId, accountId, ref.input)
  }
}
