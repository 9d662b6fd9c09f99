// How each kind of trigger invokes a function: synchronously (the caller waits for the result and
// handles errors itself) or asynchronously (Lambda queues the event, retries it, and only then
// hands it to an on-failure destination). Destinations matter only for the asynchronous ones, so
// this table is what `lx destinations list` warns from. Pure data and lookups, no I/O.

export type InvocationMode = 'sync' | 'async'

export interface TriggerKind {
  /** Short name shown to the user ("S3", "API Gateway"). */
  source: string
  mode: InvocationMode
}

interface ServiceEntry extends TriggerKind {
  /** Service principals in resource-based policies. */
  principals: string[]
  /** The service part of the source ARNs (`arn:aws:SERVICE:…`). */
  arnServices: string[]
}

// From the Lambda developer guide, "Invoking Lambda with events from other AWS services".
const SERVICES: ServiceEntry[] = [
  // Asynchronous: Lambda queues the event.
  {source: 'S3', mode: 'async', principals: ['s3.amazonaws.com'], arnServices: ['s3']},
  {source: 'SNS', mode: 'async', principals: ['sns.amazonaws.com'], arnServices: ['sns']},
  {source: 'EventBridge', mode: 'async', principals: ['events.amazonaws.com'], arnServices: ['events']},
  {source: 'EventBridge Scheduler', mode: 'async', principals: ['scheduler.amazonaws.com'], arnServices: ['scheduler']},
  {source: 'SES', mode: 'async', principals: ['ses.amazonaws.com'], arnServices: ['ses']},
  {source: 'CloudWatch Logs', mode: 'async', principals: ['logs.amazonaws.com'], arnServices: ['logs']},
  {source: 'IoT', mode: 'async', principals: ['iot.amazonaws.com'], arnServices: ['iot']},
  {source: 'IoT Events', mode: 'async', principals: ['iotevents.amazonaws.com'], arnServices: ['iotevents']},
  {source: 'CodeCommit', mode: 'async', principals: ['codecommit.amazonaws.com'], arnServices: ['codecommit']},
  {source: 'Config', mode: 'async', principals: ['config.amazonaws.com'], arnServices: ['config']},
  {source: 'CloudFormation', mode: 'async', principals: ['cloudformation.amazonaws.com'], arnServices: ['cloudformation']},
  {source: 'CodePipeline', mode: 'async', principals: ['codepipeline.amazonaws.com'], arnServices: ['codepipeline']},
  // Synchronous: the caller waits for the function's answer.
  {source: 'API Gateway', mode: 'sync', principals: ['apigateway.amazonaws.com'], arnServices: ['execute-api', 'apigateway']},
  {source: 'ALB', mode: 'sync', principals: ['elasticloadbalancing.amazonaws.com'], arnServices: ['elasticloadbalancing']},
  {source: 'Cognito', mode: 'sync', principals: ['cognito-idp.amazonaws.com', 'cognito-sync.amazonaws.com'], arnServices: ['cognito-idp', 'cognito-sync']},
  {source: 'Lex', mode: 'sync', principals: ['lex.amazonaws.com', 'lexv2.amazonaws.com'], arnServices: ['lex']},
  {source: 'Alexa', mode: 'sync', principals: ['alexa-appkit.amazon.com', 'alexa-connectedhome.amazon.com'], arnServices: []},
  {
    source: 'CloudFront',
    mode: 'sync',
    principals: ['cloudfront.amazonaws.com', 'edgelambda.amazonaws.com', 'replicator.lambda.amazonaws.com'],
    arnServices: ['cloudfront'],
  },
  {source: 'Step Functions', mode: 'sync', principals: ['states.amazonaws.com'], arnServices: ['states']},
  {source: 'Firehose', mode: 'sync', principals: ['firehose.amazonaws.com'], arnServices: ['firehose']},
  {source: 'AppSync', mode: 'sync', principals: ['appsync.amazonaws.com'], arnServices: ['appsync']},
  {source: 'Secrets Manager', mode: 'sync', principals: ['secretsmanager.amazonaws.com'], arnServices: ['secretsmanager']},
  {source: 'Connect', mode: 'sync', principals: ['connect.amazonaws.com'], arnServices: ['connect']},
]

// Event source mappings: Lambda's own pollers read the source and invoke synchronously, so
// destinations never apply to them (their failures go to the mapping's own on-failure setting).
const EVENT_SOURCES: Record<string, string> = {
  sqs: 'SQS',
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB',
  kafka: 'MSK',
  mq: 'MQ',
  rds: 'DocumentDB',
  docdb: 'DocumentDB',
}

const BY_PRINCIPAL = new Map(SERVICES.flatMap((entry) => entry.principals.map((principal) => [principal, entry] as const)))
const BY_ARN_SERVICE = new Map(SERVICES.flatMap((entry) => entry.arnServices.map((service) => [service, entry] as const)))

/** `logs.us-east-1.amazonaws.com` → `logs.amazonaws.com`; China partition suffix too. */
function normalisePrincipal(principal: string): string {
  return principal
    .trim()
    .toLowerCase()
    .replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com')
    .replace(/^([a-z0-9-]+)\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com$/, '$1.amazonaws.com')
}

/** The SERVICE of `arn:PARTITION:SERVICE:…`, if the text is an ARN. */
export function arnService(arn: string | undefined): string | undefined {
  const match = /^arn:[a-z-]+:([a-z0-9-]+):/.exec(arn ?? '')
  return match?.[1]
}

/**
 * A principal allowed to invoke the function, classified. A known service principal decides;
 * otherwise the source ARN's service does (principal `*` with an `AWS:SourceArn` condition). An
 * unknown service is taken as asynchronous: event notifications are what services send, and it
 * errs on the side of warning about a missing on-failure destination. An account or role
 * principal calls `Invoke` itself, whose default invocation type is synchronous.
 */
export function classifyPrincipal(principal: string, sourceArn?: string): TriggerKind {
  const normalised = normalisePrincipal(principal)
  const known = BY_PRINCIPAL.get(normalised) ?? BY_ARN_SERVICE.get(arnService(sourceArn) ?? '')
  if (known) return {source: known.source, mode: known.mode}
  if (/\.amazon(aws)?\.com$/.test(normalised)) return {source: normalised.replace(/\.amazonaws\.com$/, ''), mode: 'async'}
  if (normalised === '*') return {source: 'any principal', mode: 'sync'}
  const account = /^(?:arn:[a-z-]+:iam::)?(\d{12})(?::root)?$/.exec(principal.trim())
  if (account) return {source: `account ${account[1]}`, mode: 'sync'}
  return {source: principal.trim(), mode: 'sync'}
}

/** An event source mapping, classified by its source ARN; self-managed Kafka has none. */
export function classifyEventSource(eventSourceArn: string | undefined): TriggerKind {
  if (!eventSourceArn) return {source: 'Kafka', mode: 'sync'}
  const service = arnService(eventSourceArn)
  return {source: (service && EVENT_SOURCES[service]) ?? service ?? 'event source', mode: 'sync'}
}

/** Function URLs are invoked over HTTPS and answer the caller: synchronous. */
export const FUNCTION_URL: TriggerKind = {source: 'Function URL', mode: 'sync'}
