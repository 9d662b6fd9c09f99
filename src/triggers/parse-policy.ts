// A function's resource-based policy → the triggers it allows. GetPolicy returns the policy as a
// JSON document inside a string; statements come in every shape IAM accepts (a single statement or
// a list, a principal as `*`, a string or a list, conditions under any operator). Pure.
import {classifyPrincipal, FUNCTION_URL, type InvocationMode} from './trigger-modes.js'

export interface Trigger {
  source: string
  /** What invokes the function: the source ARN, the mapping's event source, or `*` when the policy does not narrow it. */
  arn: string
  mode: InvocationMode
}

/** A trigger and the qualifier whose policy or mapping it was read from (none: the unqualified function). */
export interface LocatedTrigger extends Trigger {
  qualifier?: string
}

interface Statement {
  Effect?: string
  Principal?: unknown
  Action?: unknown
  Resource?: unknown
  Condition?: Record<string, Record<string, unknown>>
}

const INVOKE_ACTIONS = new Set(['lambda:invokefunction', 'lambda:invokefunctionurl', 'lambda:invokeasync', 'lambda:*', '*'])

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return []
}

function principalsOf(principal: unknown): string[] {
  if (principal === '*') return ['*']
  if (principal && typeof principal === 'object') {
    const {Service, AWS} = principal as {Service?: unknown; AWS?: unknown}
    return [...strings(Service), ...strings(AWS)]
  }

  return strings(principal)
}

/** Values of `AWS:SourceArn` under any condition operator (ArnLike, ArnEquals, StringEquals…). */
function sourceArnsOf(condition: Statement['Condition']): string[] {
  const arns: string[] = []
  for (const block of Object.values(condition ?? {})) {
    if (!block || typeof block !== 'object') continue
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() === 'aws:sourcearn') arns.push(...strings(value))
    }
  }

  return arns
}

export function parsePolicyDocument(policy: string | undefined): Statement[] {
  if (!policy) return []
  let document: {Statement?: unknown}
  try {
    document = JSON.parse(policy) as {Statement?: unknown}
  } catch {
    return []
  }

  const statements = document?.Statement
  if (Array.isArray(statements)) return statements.filter((item): item is Statement => Boolean(item) && typeof item === 'object')
  return statements && typeof statements === 'object' ? [statements as Statement] : []
}

/** The triggers a policy allows, one per principal and source ARN, without duplicates. */
export function triggersFromPolicy(policy: string | undefined): Trigger[] {
  const triggers: Trigger[] = []
  const seen = new Set<string>()
  for (const statement of parsePolicyDocument(policy)) {
    if ((statement.Effect ?? 'Allow') !== 'Allow') continue
    const actions = strings(statement.Action).map((action) => action.toLowerCase())
    if (!actions.some((action) => INVOKE_ACTIONS.has(action))) continue
    const urlOnly = actions.every((action) => action === 'lambda:invokefunctionurl')
    const sourceArns = sourceArnsOf(statement.Condition)
    for (const principal of principalsOf(statement.Principal)) {
      for (const arn of sourceArns.length > 0 ? sourceArns : ['*']) {
        const kind = urlOnly ? FUNCTION_URL : classifyPrincipal(principal, arn === '*' ? undefined : arn)
        const key = `${kind.source}|${arn}`
        if (seen.has(key)) continue
        seen.add(key)
        triggers.push({source: kind.source, arn, mode: kind.mode})
      }
    }
  }

  return triggers
}
