// The shape of an AWS region name, checked before any call: a name the SDK cannot resolve to an
// endpoint would otherwise fail later, with the SDK's wording and exit 1.
import {UserError} from '../errors.js'

/**
 * partition prefix, optional sub-parts, area, number: us-east-1, eu-central-2, us-gov-west-1,
 * cn-north-1, us-isob-east-1, il-central-1, eusc-de-east-1. A pattern rather than a list, so a
 * region AWS opens next year is accepted without a new lx.
 */
const REGION_NAME = /^[a-z]{2,4}(-[a-z]+){1,3}-\d{1,2}$/

export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name)
}

/** `source` is where the name came from: `--region`, `AWS_REGION` or `AWS_DEFAULT_REGION`. */
export function checkRegionName(name: string, source: string): string {
  if (isRegionName(name)) return name
  const tidied = name
    .trim()
    .toLowerCase()
    .replaceAll('_', '-')
    .replace(/(-\d{1,2})[a-z]$/, '$1')
  const guess = tidied !== name && isRegionName(tidied) ? ` (did you mean ${tidied}?)` : ''
  throw new UserError(`${source} "${name}" is not an AWS region name${guess}.`, {
    code: 'BadRegion',
    hint: 'A region name looks like us-east-1, eu-central-1 or us-gov-west-1 (`aws ec2 describe-regions` lists yours).',
  })
}

/** AWS_REGION, else AWS_DEFAULT_REGION: the one the AWS context will use when no --region is given. */
export function checkEnvironmentRegion(env: NodeJS.ProcessEnv): void {
  if (env.AWS_REGION) checkRegionName(env.AWS_REGION, 'AWS_REGION')
  else if (env.AWS_DEFAULT_REGION) checkRegionName(env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION')
}
