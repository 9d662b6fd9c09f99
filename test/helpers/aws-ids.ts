// The one account, region and ARN spelling every test uses (the sandbox's default account too).
export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
/** Another account, for cross-account and foreign-ARN cases. */
export const OTHER_ACCOUNT = '111122223333'

export function functionArn(name: string, qualifier?: string, account = ACCOUNT): string {
  return `arn:aws:lambda:${REGION}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`
}

/** A layer's ARN without a version. */
export function layerArn(name: string, owner = ACCOUNT): string {
  return `arn:aws:lambda:${REGION}:${owner}:layer:${name}`
}

export function layerVersionArn(name: string, version: number, owner = ACCOUNT): string {
  return `${layerArn(name, owner)}:${version}`
}
