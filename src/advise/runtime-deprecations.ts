// When Lambda deprecates each managed runtime. Pure data, dated.
//
// Source: AWS Lambda Developer Guide, "Lambda runtimes" (docs.aws.amazon.com/lambda/latest/dg/
// lambda-runtimes.html), the supported and deprecated runtime tables, as read in December 2026.
// AWS moves these dates now and then (it postponed python3.9's blocks twice): update the table,
// and TABLE_DATE with it, when the page changes. Block dates are listed where the page gives them.
// After the deprecation date a runtime gets no security patches; after "block update" the function's
// code and configuration can no longer be changed until it moves to a supported runtime.

export const TABLE_DATE = '2026-12-01'
export const TABLE_SOURCE = 'AWS Lambda Developer Guide, "Lambda runtimes" (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html)'

export interface RuntimeDeprecation {
  /** ISO dates (UTC). */
  deprecation: string
  blockCreate?: string
  blockUpdate?: string
  /** The supported runtime of the same language to move to. */
  successor: string
}

export const RUNTIME_DEPRECATIONS: Record<string, RuntimeDeprecation> = {
  'nodejs14.x': {deprecation: '2023-12-04', successor: 'nodejs22.x'},
  'nodejs16.x': {deprecation: '2024-06-12', successor: 'nodejs22.x'},
  'nodejs18.x': {deprecation: '2025-09-01', successor: 'nodejs22.x'},
  'nodejs20.x': {deprecation: '2026-04-30', blockCreate: '2026-06-01', blockUpdate: '2026-07-01', successor: 'nodejs22.x'},
  'nodejs22.x': {deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01', successor: 'nodejs24.x'},
  'nodejs24.x': {deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01', successor: 'nodejs24.x'},
  'python3.7': {deprecation: '2023-12-04', successor: 'python3.13'},
  'python3.8': {deprecation: '2024-10-14', blockCreate: '2026-08-31', blockUpdate: '2026-09-30', successor: 'python3.13'},
  'python3.9': {deprecation: '2025-12-15', blockCreate: '2026-08-31', blockUpdate: '2026-09-30', successor: 'python3.13'},
  'python3.10': {deprecation: '2026-10-31', blockCreate: '2026-11-30', blockUpdate: '2027-01-15', successor: 'python3.13'},
  'python3.11': {deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: 'python3.13'},
  'python3.12': {deprecation: '2028-10-31', blockCreate: '2028-11-30', blockUpdate: '2029-01-10', successor: 'python3.13'},
  'python3.13': {deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: 'python3.14'},
  'python3.14': {deprecation: '2029-06-30', successor: 'python3.14'},
  java8: {deprecation: '2024-01-08', successor: 'java21'},
  'java8.al2': {deprecation: '2027-06-30', successor: 'java21'},
  java11: {deprecation: '2027-06-30', successor: 'java21'},
  java17: {deprecation: '2027-06-30', successor: 'java21'},
  java21: {deprecation: '2029-06-30', successor: 'java25'},
  java25: {deprecation: '2029-06-30', successor: 'java25'},
  dotnet6: {deprecation: '2024-12-20', successor: 'dotnet10'},
  dotnet7: {deprecation: '2024-05-14', successor: 'dotnet10'},
  dotnet8: {deprecation: '2026-11-10', successor: 'dotnet10'},
  dotnet9: {deprecation: '2026-11-10', successor: 'dotnet10'},
  dotnet10: {deprecation: '2028-11-14', successor: 'dotnet10'},
  'ruby2.7': {deprecation: '2023-12-07', successor: 'ruby3.4'},
  'ruby3.2': {deprecation: '2026-03-31', successor: 'ruby3.4'},
  'ruby3.3': {deprecation: '2027-03-31', successor: 'ruby3.4'},
  'ruby3.4': {deprecation: '2028-03-31', successor: 'ruby3.4'},
  'go1.x': {deprecation: '2024-01-08', successor: 'provided.al2023'},
  provided: {deprecation: '2024-01-08', successor: 'provided.al2023'},
}

/** "Deprecating soon": within this many days. */
export const SOON_DAYS = 180

export type RuntimeStatus =
  | {status: 'deprecated'; since: string; updatesBlocked: boolean; entry: RuntimeDeprecation}
  | {status: 'deprecating'; on: string; days: number; entry: RuntimeDeprecation}
  | {status: 'supported' | 'unknown'}

const DAY_MS = 86_400_000

export function runtimeStatus(runtime: string | null | undefined, now: Date): RuntimeStatus {
  const entry = runtime ? RUNTIME_DEPRECATIONS[runtime] : undefined
  if (!entry) return {status: 'unknown'}
  const deprecation = Date.parse(`${entry.deprecation}T00:00:00Z`)
  if (deprecation <= now.getTime()) {
    const blocked = entry.blockUpdate !== undefined && Date.parse(`${entry.blockUpdate}T00:00:00Z`) <= now.getTime()
    return {status: 'deprecated', since: entry.deprecation, updatesBlocked: blocked, entry}
  }

  const days = Math.ceil((deprecation - now.getTime()) / DAY_MS)
  return days <= SOON_DAYS ? {status: 'deprecating', on: entry.deprecation, days, entry} : {status: 'supported'}
}

/** Runtimes SnapStart supports (Java 11 and later, Python 3.12 and later, .NET 8 and later). */
export function snapStartSupport(runtime: string | null | undefined): 'free' | 'billed' | null {
  if (!runtime) return null
  const java = /^java(\d+)/.exec(runtime)
  if (java) return Number(java[1]) >= 11 ? 'free' : null
  const python = /^python3\.(\d+)$/.exec(runtime)
  if (python) return Number(python[1]) >= 12 ? 'billed' : null
  const dotnet = /^dotnet(\d+)$/.exec(runtime)
  if (dotnet) return Number(dotnet[1]) >= 8 ? 'billed' : null
  return null
}
