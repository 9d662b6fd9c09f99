// The account a fresh `lx sandbox` shows: a plausible production account, deterministic (the same
// functions, layers and settings every run), and the generator behind `--functions N`.
//
// Seed files (`--seed FILE`) use the same account description, built by seed.ts.
//
// Format (JSON; every member optional unless marked):
// {
//   "accountId": "123456789012", "region": "us-east-1",
//   "concurrencyLimit": 1000, "minUnreserved": 100,
//   "layers": [{"name": "log-shipper-extension", "accountId": "<owner, default: this account>",
//               "versions": [{"description", "compatibleRuntimes": [], "compatibleArchitectures": ["x86_64", "arm64"],
//                             "codeSize", "unzippedSize", "licenseInfo",
//                             "effects": {"initMs", "durationMs", "errorRate", "memoryMb", "postRuntimeMs"}}]}],
//                                          // versions numbered from 1; effects: added to every function carrying it
//   "queues": [ARN], "topics": [ARN], "eventBuses": [ARN], "buckets": [ARN], "streams": [ARN], "tables": [ARN],
//   "functions": [{
//     "name": "checkout-api",                                             // required
//     "packageType": "Zip" | "Image", "runtime": "nodejs20.x", "handler", "imageUri",
//     "architectures": ["arm64"], "memorySize": 1024, "timeout": 30, "description", "codeSize", "unzippedSize",
//     "environment": {"KEY": "value"}, "layers": [layer version ARN], "tags": {"team": "payments"},
//     "reserved": 20,                                                     // reserved concurrency
//     "versions": 3,                                                      // published versions 1..3 (snapshots)
//     "versionLayers": {"1": [layer version ARN]},                        // a version's layers, when not $LATEST's
//     "aliases": [{"name": "live", "version": "3", "routing": {"2": 0.1}, "description"}],
//     "provisioned": [{"qualifier": "live", "requested": 10, "ready": true}],   // ready: false → IN_PROGRESS
//     "eventInvokeConfigs": [{"qualifier": "$LATEST", "maximumRetryAttempts": 1, "maximumEventAgeInSeconds": 3600,
//                             "onSuccess": ARN, "onFailure": ARN}],
//     "permissions": [{"principal": "s3.amazonaws.com", "sourceArn": ARN, "qualifier", "sid"}],
//     "eventSources": [{"arn": ARN, "batchSize": 10, "qualifier", "enabled": true}],
//     "traffic": {"baselineRps", "peakRps", "peakHourUtc", "burstRps", "avgDurationMs", "errorRate", "initDurationMs", "postRuntimeMs"}
//   }]
// }

import {seededRandom} from './faults.js'
import type {Architecture} from './account.js'
import {hashNumber, type AccountDescription, type FunctionDescription, type LayerDescription} from './seed.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
/** A vendor's account, for a layer published by a third party. */
const VENDOR = '111122223333'

const layerArn = (name: string, version: number, owner = ACCOUNT) => `arn:aws:lambda:${REGION}:${owner}:layer:${name}:${version}`
const queue = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`
const topic = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`
const bus = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`
const rule = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`
const api = (id: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}/*/*`
const bucket = (name: string) => `arn:aws:s3:::${name}`
const stream = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`
const tableStream = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}/stream/2024-05-01T00:00:00.000`

const LOG_SHIPPER = (v: 1 | 2 | 3) => layerArn('log-shipper-extension', v)
const POWERTOOLS_NODE = (v: number) => layerArn('powertools-node', v)
const SHARP_ARM64 = (v: number) => layerArn('sharp-arm64', v)
const PANDAS = (v: number) => layerArn('pandas-py312', v)
const AUTH_HELPERS = (v: number) => layerArn('auth-helpers', v)
const SECRETS_CACHE = (v: number) => layerArn('secrets-cache-extension', v)
const ACME_APM = (v: number) => layerArn('acme-apm-extension', v, VENDOR)

const BOTH: Architecture[] = ['x86_64', 'arm64']
const NODE = ['nodejs20.x', 'nodejs22.x']
const PYTHON = ['python3.12', 'python3.13']

export const DEFAULT_LAYERS: LayerDescription[] = [
  {
    // An external extension: it declares no runtimes, so it restricts nothing on that axis.
    name: 'log-shipper-extension',
    versions: [
      {description: 'Ships function logs to the central collector', compatibleArchitectures: BOTH, codeSize: 4_800_000},
      {description: 'Ships function logs; batching', compatibleArchitectures: BOTH, codeSize: 5_100_000},
      {description: 'Ships function logs; batching, gzip', compatibleArchitectures: BOTH, codeSize: 5_200_000},
    ],
  },
  {
    name: 'secrets-cache-extension',
    versions: [
      {description: 'Caches Secrets Manager values for the function', compatibleArchitectures: BOTH},
      {description: 'Caches Secrets Manager and SSM values', compatibleArchitectures: BOTH},
    ],
  },
  {
    name: 'powertools-node',
    versions: [1, 2, 3, 4].map((v) => ({
      description: `Powertools for Node.js, build ${v}`,
      compatibleRuntimes: NODE,
      compatibleArchitectures: BOTH,
      licenseInfo: 'MIT-0',
    })),
  },
  {
    name: 'sharp-arm64',
    versions: [
      {
        description: 'sharp image library, native arm64 build',
        compatibleRuntimes: NODE,
        compatibleArchitectures: ['arm64'] as Architecture[],
        codeSize: 9_500_000,
      },
      {
        description: 'sharp image library, native arm64 build',
        compatibleRuntimes: NODE,
        compatibleArchitectures: ['arm64'] as Architecture[],
        codeSize: 9_800_000,
      },
    ],
  },
  {
    name: 'pandas-py312',
    versions: [
      // Large on purpose: with a big function it gets close to the 250 MB unzipped limit.
      {
        description: 'pandas + numpy',
        compatibleRuntimes: PYTHON,
        compatibleArchitectures: ['x86_64'] as Architecture[],
        codeSize: 48_000_000,
        unzippedSize: 170_000_000,
      },
      {
        description: 'pandas + numpy + pyarrow',
        compatibleRuntimes: PYTHON,
        compatibleArchitectures: ['x86_64'] as Architecture[],
        codeSize: 61_000_000,
        unzippedSize: 205_000_000,
      },
    ],
  },
  {
    name: 'auth-helpers',
    versions: [
      {description: 'JWT verification helpers', compatibleRuntimes: [...NODE, ...PYTHON], compatibleArchitectures: ['x86_64'] as Architecture[]},
      {description: 'JWT verification helpers, JWKS cache', compatibleRuntimes: [...NODE, ...PYTHON], compatibleArchitectures: ['x86_64'] as Architecture[]},
    ],
  },
  {
    name: 'acme-apm-extension',
    accountId: VENDOR,
    versions: [
      {description: 'ACME APM extension', compatibleArchitectures: BOTH, licenseInfo: 'Apache-2.0'},
      {description: 'ACME APM extension', compatibleArchitectures: BOTH, licenseInfo: 'Apache-2.0'},
    ],
  },
  {
    // An external extension whose versions declare what they do to a function (sandbox only), so
    // `lx impact` and `--guard` have something to see: version 1 is light; version 2 is a bad
    // release — slow to start, slow to shut down after each invoke, and failing some invocations.
    name: 'trace-extension',
    versions: [
      {
        description: 'Tracing extension: spans flushed in the background',
        compatibleArchitectures: BOTH,
        codeSize: 3_100_000,
        effects: {initMs: 40, durationMs: 2, memoryMb: 12, postRuntimeMs: 4},
      },
      {
        description: 'Tracing extension: synchronous flush (bad release)',
        compatibleArchitectures: BOTH,
        codeSize: 3_400_000,
        effects: {initMs: 900, durationMs: 180, errorRate: 0.08, memoryMb: 70, postRuntimeMs: 150},
      },
    ],
  },
]

export const DEFAULT_QUEUES = [
  queue('orders-queue'),
  queue('notifications-queue'),
  queue('video-jobs'),
  queue('audit-queue'),
  queue('webhooks-outbox'),
  queue('failed-events-dlq'),
  queue('payments-dlq'),
  queue('invoice-events.fifo'),
]
export const DEFAULT_TOPICS = [topic('order-events'), topic('alerts'), topic('ops-notifications')]
export const DEFAULT_EVENT_BUSES = [bus('default'), bus('orders-bus')]
export const DEFAULT_BUCKETS = [bucket('acme-uploads'), bucket('acme-failed-events'), bucket('acme-media')]
export const DEFAULT_STREAMS = [stream('clickstream'), stream('audit-trail')]
export const DEFAULT_TABLES = [tableStream('orders'), tableStream('users')]

const team = (t: string, env = 'prod') => ({team: t, env})

/**
 * Forty functions, ordered so that the most telling ones come first (`--functions 10` keeps them).
 * Reserved concurrency totals 280 and provisioned concurrency outside reservations 85, so the
 * account starts with 635 unreserved of 1000.
 */
export const DEFAULT_FUNCTIONS: FunctionDescription[] = [
  {
    // Reserved 20 against ~120 req/s × 250 ms ≈ 30 concurrent at night and ~420 req/s ≈ 105 at the
    // 18:00 UTC peak: it throttles at every hour of the day (the demo, the README's tour and the tests
    // rely on that whenever they run), and its day still has a shape (busy hour ≈ 3.5 × quiet hour).
    // Its demand never reaches 150 concurrent, so a reservation of 200 ends the throttles at any hour.
    name: 'checkout-api',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    memorySize: 1024,
    timeout: 29,
    reserved: 20,
    description: 'Checkout HTTP API',
    layers: [LOG_SHIPPER(2), POWERTOOLS_NODE(3)],
    versions: 4,
    aliases: [{name: 'live', version: '4'}],
    environment: {LOG_LEVEL: 'info', ORDERS_TABLE: 'orders', STRIPE_API_KEY: 'sk_test_sandbox_not_a_real_key'},
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('a1b2c3d4e5')}],
    tags: team('payments'),
    traffic: {baselineRps: 120, peakRps: 420, peakHourUtc: 18, burstRps: 520, avgDurationMs: 250, errorRate: 0.004, initDurationMs: 450},
  },
  {
    // Provisioned concurrency that nobody uses: 50 warm environments for a job that runs at night.
    name: 'reports-nightly',
    runtime: 'java21',
    memorySize: 2048,
    timeout: 900,
    description: 'Nightly finance reports',
    versions: 2,
    aliases: [{name: 'live', version: '2'}],
    provisioned: [{qualifier: 'live', requested: 50}],
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('reports-nightly-schedule'), qualifier: 'live'}],
    tags: team('finance'),
    eventInvokeConfigs: [{qualifier: 'live', maximumRetryAttempts: 0, onFailure: topic('ops-notifications')}],
    traffic: {baselineRps: 0, peakRps: 0.02, peakHourUtc: 2, burstRps: 0.05, avgDurationMs: 240_000, errorRate: 0.01, initDurationMs: 3800},
  },
  {
    name: 'orders-api',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 1024,
    description: 'Orders HTTP API',
    layers: [POWERTOOLS_NODE(4), LOG_SHIPPER(3)],
    versions: 3,
    aliases: [
      {name: 'live', version: '3'},
      {name: 'prod', version: '2'},
    ],
    provisioned: [{qualifier: 'live', requested: 25}],
    environment: {LOG_LEVEL: 'info', ORDERS_TABLE: 'orders'},
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('f6g7h8i9j0')}],
    tags: team('orders'),
    traffic: {baselineRps: 30, peakRps: 80, peakHourUtc: 17, burstRps: 120, avgDurationMs: 200, errorRate: 0.002, initDurationMs: 380},
  },
  {
    // Exactly five layers: attaching a sixth must be refused.
    name: 'catalog-api',
    runtime: 'nodejs20.x',
    memorySize: 768,
    description: 'Product catalog API',
    layers: [LOG_SHIPPER(1), POWERTOOLS_NODE(2), AUTH_HELPERS(1), SECRETS_CACHE(1), ACME_APM(2)],
    versions: 1,
    aliases: [{name: 'live', version: '1'}],
    environment: {LOG_LEVEL: 'warn', ACME_APM_SERVICE: 'catalog'},
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('k1l2m3n4o5')}],
    tags: team('catalog'),
    traffic: {baselineRps: 20, peakRps: 60, peakHourUtc: 16, burstRps: 90, avgDurationMs: 120, errorRate: 0.001, initDurationMs: 520},
  },
  {
    // Reserved 10 against ~60 req/s × 400 ms ≈ 24 concurrent.
    name: 'payments-webhook',
    runtime: 'python3.12',
    memorySize: 512,
    reserved: 10,
    description: 'Payment provider webhooks',
    versions: 2,
    aliases: [{name: 'live', version: '2'}],
    environment: {LOG_LEVEL: 'info', WEBHOOK_SECRET: 'whsec_sandbox_not_real'},
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('p6q7r8s9t0')}],
    tags: team('payments'),
    traffic: {baselineRps: 12, peakRps: 60, peakHourUtc: 18, burstRps: 80, avgDurationMs: 400, errorRate: 0.003, initDurationMs: 600},
  },
  {
    // One alias with weighted routing: provisioned concurrency cannot be put on it.
    name: 'user-profile-api',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    memorySize: 512,
    description: 'User profiles',
    versions: 3,
    aliases: [
      {name: 'live', version: '3', routing: {'2': 0.1}, description: 'canary: 10% on v2'},
      {name: 'prod', version: '2'},
    ],
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('u1v2w3x4y5')}],
    tags: team('identity'),
    traffic: {baselineRps: 15, peakRps: 45, peakHourUtc: 14, burstRps: 60, avgDurationMs: 90, errorRate: 0.001, initDurationMs: 350},
  },
  {
    name: 'auth-authorizer',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 256,
    reserved: 40,
    description: 'API Gateway authorizer',
    layers: [AUTH_HELPERS(2)],
    versions: 5,
    aliases: [
      {name: 'live', version: '5'},
      {name: 'prod', version: '5'},
    ],
    provisioned: [{qualifier: 'prod', requested: 15}],
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('a1b2c3d4e5'), qualifier: 'prod'}],
    tags: team('identity'),
    traffic: {baselineRps: 60, peakRps: 180, peakHourUtc: 18, burstRps: 250, avgDurationMs: 35, errorRate: 0.0005, initDurationMs: 280},
  },
  {
    // Reserved 5 against an SQS backlog worth ~18 concurrent at peak.
    name: 'email-sender',
    runtime: 'nodejs20.x',
    memorySize: 256,
    reserved: 5,
    description: 'Transactional email',
    eventSources: [{arn: queue('notifications-queue'), batchSize: 10}],
    environment: {LOG_LEVEL: 'info', FROM_ADDRESS: 'no-reply@example.com'},
    tags: team('growth'),
    traffic: {baselineRps: 5, peakRps: 30, peakHourUtc: 9, burstRps: 50, avgDurationMs: 600, errorRate: 0.002, initDurationMs: 400},
  },
  {
    // Reserved 30 against ~200 req/s × 180 ms ≈ 36 concurrent.
    name: 'cart-service',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    memorySize: 1024,
    reserved: 30,
    description: 'Shopping cart',
    layers: [LOG_SHIPPER(3)],
    versions: 2,
    aliases: [{name: 'live', version: '2'}],
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('a1b2c3d4e5')}],
    tags: team('orders'),
    traffic: {baselineRps: 60, peakRps: 200, peakHourUtc: 18, burstRps: 260, avgDurationMs: 180, errorRate: 0.002, initDurationMs: 420},
  },
  {
    name: 'fraud-scorer',
    packageType: 'Image',
    architectures: ['x86_64'],
    memorySize: 3008,
    timeout: 60,
    description: 'Fraud scoring model (container)',
    versions: 2,
    aliases: [{name: 'live', version: '2'}],
    provisioned: [{qualifier: 'live', requested: 10}],
    tags: team('risk'),
    traffic: {baselineRps: 8, peakRps: 25, peakHourUtc: 18, burstRps: 40, avgDurationMs: 350, errorRate: 0.001, initDurationMs: 2500},
  },
  {
    name: 'image-resizer',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    memorySize: 1536,
    timeout: 60,
    description: 'Resizes uploads',
    layers: [SHARP_ARM64(2), LOG_SHIPPER(3)],
    permissions: [{principal: 's3.amazonaws.com', sourceArn: bucket('acme-uploads')}],
    eventInvokeConfigs: [{maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600, onFailure: queue('failed-events-dlq')}],
    tags: team('media'),
    traffic: {baselineRps: 4, peakRps: 20, peakHourUtc: 12, burstRps: 60, avgDurationMs: 1200, errorRate: 0.005, initDurationMs: 700},
  },
  {
    name: 'notifications-fanout',
    runtime: 'python3.13',
    architectures: ['arm64'],
    memorySize: 256,
    description: 'Fans out order events',
    permissions: [{principal: 'sns.amazonaws.com', sourceArn: topic('order-events')}],
    eventInvokeConfigs: [
      {maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600, onSuccess: topic('ops-notifications'), onFailure: queue('failed-events-dlq')},
    ],
    tags: team('growth'),
    traffic: {baselineRps: 10, peakRps: 40, peakHourUtc: 17, burstRps: 70, avgDurationMs: 150, errorRate: 0.002, initDurationMs: 500},
  },
  {
    name: 'order-events-consumer',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 512,
    description: 'Consumes order events from EventBridge',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('order-created')}],
    eventInvokeConfigs: [{maximumRetryAttempts: 2, onFailure: bus('orders-bus')}],
    tags: team('orders'),
    traffic: {baselineRps: 8, peakRps: 30, peakHourUtc: 17, burstRps: 45, avgDurationMs: 220, errorRate: 0.003, initDurationMs: 400},
  },
  {
    name: 'clickstream-ingest',
    runtime: 'java21',
    architectures: ['arm64'],
    memorySize: 1769,
    reserved: 50,
    description: 'Kinesis clickstream ingestion',
    eventSources: [{arn: stream('clickstream'), batchSize: 500}],
    tags: team('analytics'),
    traffic: {baselineRps: 25, peakRps: 70, peakHourUtc: 20, burstRps: 90, avgDurationMs: 650, errorRate: 0.001, initDurationMs: 3200},
  },
  {
    name: 'search-indexer',
    runtime: 'python3.13',
    architectures: ['arm64'],
    memorySize: 1024,
    description: 'Indexes orders into search',
    eventSources: [{arn: tableStream('orders'), batchSize: 100}],
    tags: team('search'),
    traffic: {baselineRps: 6, peakRps: 25, peakHourUtc: 17, burstRps: 35, avgDurationMs: 300, errorRate: 0.001, initDurationMs: 550},
  },
  {
    name: 'invoice-processor',
    runtime: 'python3.12',
    memorySize: 512,
    timeout: 120,
    description: 'Processes invoices in order',
    eventSources: [{arn: queue('invoice-events.fifo'), batchSize: 10}],
    tags: team('finance'),
    traffic: {baselineRps: 2, peakRps: 8, peakHourUtc: 10, burstRps: 12, avgDurationMs: 900, errorRate: 0.002, initDurationMs: 650},
  },
  {
    name: 'graphql-gateway',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 1769,
    reserved: 100,
    description: 'GraphQL gateway',
    layers: [LOG_SHIPPER(3), POWERTOOLS_NODE(4)],
    versions: 3,
    aliases: [{name: 'live', version: '3'}],
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('g1h2i3j4k5')}],
    tags: team('platform'),
    traffic: {baselineRps: 50, peakRps: 160, peakHourUtc: 18, burstRps: 220, avgDurationMs: 140, errorRate: 0.002, initDurationMs: 480},
  },
  {
    // Reserved 0: switched off on purpose; every invoke is throttled.
    name: 'legacy-billing',
    runtime: 'dotnet8',
    memorySize: 1024,
    reserved: 0,
    description: 'Old billing job, disabled',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('legacy-billing-hourly')}],
    tags: team('finance', 'deprecated'),
    traffic: {baselineRps: 0.02, peakRps: 0.02, peakHourUtc: 0, burstRps: 0.02, avgDurationMs: 5000, errorRate: 0, initDurationMs: 1200},
  },
  {
    name: 'audit-log-writer',
    runtime: 'java21',
    memorySize: 1024,
    reserved: 25,
    description: 'Writes the audit trail',
    eventSources: [{arn: queue('audit-queue'), batchSize: 25}],
    tags: team('security'),
    traffic: {baselineRps: 10, peakRps: 30, peakHourUtc: 15, burstRps: 40, avgDurationMs: 300, errorRate: 0.001, initDurationMs: 2900},
  },
  {
    name: 'pricing-model',
    runtime: 'python3.12',
    memorySize: 3008,
    timeout: 120,
    description: 'Dynamic pricing',
    unzippedSize: 40_000_000,
    layers: [PANDAS(2), LOG_SHIPPER(3)],
    versions: 1,
    aliases: [{name: 'live', version: '1'}],
    tags: team('pricing'),
    traffic: {baselineRps: 3, peakRps: 12, peakHourUtc: 16, burstRps: 20, avgDurationMs: 800, errorRate: 0.002, initDurationMs: 2100},
  },
  {
    name: 'ml-inference',
    packageType: 'Image',
    architectures: ['arm64'],
    memorySize: 4096,
    timeout: 120,
    description: 'Recommendations model (container)',
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('m1n2o3p4q5')}],
    tags: team('ml'),
    traffic: {baselineRps: 5, peakRps: 15, peakHourUtc: 19, burstRps: 25, avgDurationMs: 700, errorRate: 0.002, initDurationMs: 4200},
  },
  {
    name: 'pdf-renderer',
    packageType: 'Image',
    memorySize: 2048,
    timeout: 90,
    description: 'Renders invoices to PDF (container)',
    eventInvokeConfigs: [{maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600, onFailure: bucket('acme-failed-events')}],
    tags: team('finance'),
    permissions: [{principal: 'sns.amazonaws.com', sourceArn: topic('order-events')}],
    traffic: {baselineRps: 1, peakRps: 6, peakHourUtc: 11, burstRps: 10, avgDurationMs: 2500, errorRate: 0.004, initDurationMs: 3000},
  },
  {
    name: 'video-transcode-worker',
    packageType: 'Image',
    memorySize: 8192,
    timeout: 900,
    description: 'Transcodes videos (container)',
    eventSources: [{arn: queue('video-jobs'), batchSize: 1}],
    tags: team('media'),
    traffic: {baselineRps: 0.2, peakRps: 1, peakHourUtc: 13, burstRps: 3, avgDurationMs: 180_000, errorRate: 0.01, initDurationMs: 5000},
  },
  {
    name: 'feature-flags-api',
    runtime: 'nodejs20.x',
    architectures: ['arm64'],
    memorySize: 256,
    description: 'Feature flags',
    versions: 2,
    aliases: [
      {name: 'live', version: '2'},
      {name: 'prod', version: '2'},
    ],
    layers: [SECRETS_CACHE(2)],
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('f1f2f3f4f5')}],
    tags: team('platform'),
    traffic: {baselineRps: 35, peakRps: 90, peakHourUtc: 15, burstRps: 130, avgDurationMs: 25, errorRate: 0.0002, initDurationMs: 300},
  },
  {
    name: 'kyc-verifier',
    runtime: 'java21',
    architectures: ['arm64'],
    memorySize: 2048,
    timeout: 60,
    description: 'Identity verification',
    versions: 2,
    aliases: [{name: 'live', version: '2'}],
    layers: [SECRETS_CACHE(2), LOG_SHIPPER(3)],
    tags: team('risk'),
    permissions: [{principal: 'sns.amazonaws.com', sourceArn: topic('order-events')}],
    eventInvokeConfigs: [{qualifier: 'live', maximumRetryAttempts: 2, onFailure: queue('payments-dlq')}],
    traffic: {baselineRps: 1, peakRps: 5, peakHourUtc: 11, burstRps: 8, avgDurationMs: 1800, errorRate: 0.01, initDurationMs: 3500},
  },
  {
    name: 'inventory-sync',
    runtime: 'ruby3.3',
    memorySize: 512,
    timeout: 300,
    description: 'Syncs stock levels from the ERP',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('inventory-sync-5min')}],
    tags: team('orders'),
    traffic: {baselineRps: 0.0033, peakRps: 0.0033, peakHourUtc: 0, burstRps: 0.0033, avgDurationMs: 45_000, errorRate: 0.02, initDurationMs: 900},
  },
  {
    name: 'session-cleanup',
    runtime: 'python3.12',
    architectures: ['arm64'],
    memorySize: 256,
    timeout: 300,
    description: 'Purges expired sessions',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('session-cleanup-hourly')}],
    tags: team('identity'),
    traffic: {baselineRps: 0.0003, peakRps: 0.0003, peakHourUtc: 0, burstRps: 0.0003, avgDurationMs: 30_000, errorRate: 0, initDurationMs: 500},
  },
  {
    name: 'slack-alerts',
    runtime: 'python3.13',
    architectures: ['arm64'],
    memorySize: 128,
    description: 'Posts alarms to Slack',
    permissions: [{principal: 'sns.amazonaws.com', sourceArn: topic('alerts')}],
    environment: {SLACK_WEBHOOK_URL: 'https://hooks.example.com/services/T000/B000/sandbox'},
    tags: team('platform'),
    traffic: {baselineRps: 0.01, peakRps: 0.1, peakHourUtc: 18, burstRps: 1, avgDurationMs: 400, errorRate: 0.01, initDurationMs: 450},
  },
  {
    name: 'geo-lookup',
    runtime: 'provided.al2023',
    architectures: ['arm64'],
    memorySize: 256,
    description: 'IP geolocation (Rust)',
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('g5g6g7g8g9')}],
    tags: team('platform'),
    traffic: {baselineRps: 80, peakRps: 220, peakHourUtc: 18, burstRps: 300, avgDurationMs: 8, errorRate: 0.0001, initDurationMs: 45},
  },
  {
    name: 'rate-card-api',
    runtime: 'provided.al2023',
    memorySize: 512,
    description: 'Shipping rate cards (Go)',
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('r1r2r3r4r5')}],
    tags: team('shipping'),
    traffic: {baselineRps: 10, peakRps: 30, peakHourUtc: 16, burstRps: 40, avgDurationMs: 40, errorRate: 0.001, initDurationMs: 90},
  },
  {
    name: 'customer-export',
    runtime: 'python3.13',
    memorySize: 2048,
    timeout: 900,
    description: 'Weekly customer export',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('customer-export-weekly')}],
    tags: team('analytics'),
    traffic: {baselineRps: 0, peakRps: 0.0001, peakHourUtc: 3, burstRps: 0.0001, avgDurationMs: 600_000, errorRate: 0.02, initDurationMs: 800},
  },
  {
    name: 'webhook-dispatcher',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 512,
    description: 'Delivers outgoing webhooks',
    eventSources: [{arn: queue('webhooks-outbox'), batchSize: 10}],
    layers: [LOG_SHIPPER(3)],
    tags: team('platform'),
    traffic: {baselineRps: 6, peakRps: 25, peakHourUtc: 17, burstRps: 40, avgDurationMs: 500, errorRate: 0.01, initDurationMs: 380},
  },
  {
    name: 'token-refresher',
    runtime: 'dotnet8',
    architectures: ['arm64'],
    memorySize: 512,
    description: 'Refreshes partner OAuth tokens',
    permissions: [{principal: 'events.amazonaws.com', sourceArn: rule('token-refresh-15min')}],
    tags: team('integrations'),
    traffic: {baselineRps: 0.0011, peakRps: 0.0011, peakHourUtc: 0, burstRps: 0.0011, avgDurationMs: 1500, errorRate: 0.005, initDurationMs: 1100},
  },
  {
    name: 'metrics-aggregator',
    runtime: 'python3.12',
    architectures: ['arm64'],
    memorySize: 1024,
    description: 'Aggregates clickstream metrics',
    eventSources: [{arn: stream('clickstream'), batchSize: 1000}],
    tags: team('analytics'),
    traffic: {baselineRps: 5, peakRps: 14, peakHourUtc: 20, burstRps: 20, avgDurationMs: 700, errorRate: 0.001, initDurationMs: 600},
  },
  {
    name: 's3-virus-scan',
    runtime: 'python3.12',
    memorySize: 2048,
    timeout: 300,
    description: 'Scans uploads',
    permissions: [{principal: 's3.amazonaws.com', sourceArn: bucket('acme-uploads')}],
    tags: team('security'),
    eventInvokeConfigs: [{maximumRetryAttempts: 2, maximumEventAgeInSeconds: 7200}],
    traffic: {baselineRps: 4, peakRps: 20, peakHourUtc: 12, burstRps: 60, avgDurationMs: 4000, errorRate: 0.003, initDurationMs: 1500},
  },
  {
    name: 'cognito-post-confirmation',
    runtime: 'nodejs20.x',
    memorySize: 256,
    description: 'Post sign-up hook',
    permissions: [{principal: 'cognito-idp.amazonaws.com', sourceArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_AbCdEf123`}],
    tags: team('identity'),
    traffic: {baselineRps: 0.2, peakRps: 2, peakHourUtc: 19, burstRps: 5, avgDurationMs: 250, errorRate: 0.001, initDurationMs: 420},
  },
  {
    name: 'dynamodb-archiver',
    runtime: 'python3.13',
    memorySize: 512,
    description: 'Archives deleted users',
    eventSources: [{arn: tableStream('users'), batchSize: 100}],
    tags: team('identity'),
    traffic: {baselineRps: 0.5, peakRps: 3, peakHourUtc: 14, burstRps: 6, avgDurationMs: 200, errorRate: 0.001, initDurationMs: 500},
  },
  {
    name: 'audit-stream-replicator',
    runtime: 'provided.al2023',
    architectures: ['arm64'],
    memorySize: 512,
    description: 'Replicates the audit stream',
    eventSources: [{arn: stream('audit-trail'), batchSize: 200}],
    tags: team('security'),
    traffic: {baselineRps: 3, peakRps: 9, peakHourUtc: 15, burstRps: 12, avgDurationMs: 60, errorRate: 0.0005, initDurationMs: 60},
  },
  {
    name: 'api-docs-renderer',
    runtime: 'ruby3.3',
    architectures: ['arm64'],
    memorySize: 256,
    description: 'Renders API docs',
    permissions: [{principal: 'apigateway.amazonaws.com', sourceArn: api('d1d2d3d4d5')}],
    tags: team('platform'),
    traffic: {baselineRps: 0.3, peakRps: 2, peakHourUtc: 15, burstRps: 4, avgDurationMs: 350, errorRate: 0.001, initDurationMs: 700},
  },
  {
    name: 'dev-playground',
    runtime: 'nodejs22.x',
    memorySize: 128,
    description: 'Scratch function',
    environment: {DEBUG: 'lx*'},
    tags: team('platform', 'dev'),
    traffic: {baselineRps: 0, peakRps: 0.001, peakHourUtc: 10, burstRps: 0.01, avgDurationMs: 50, errorRate: 0.05, initDurationMs: 300},
  },
]

// ---------------------------------------------------------------------------------------------
// `lx advise`: the default account holds at least one case of every finding, for the demo and the
// end-to-end tests. Kept as changes to curated functions (no new function, no claim on the
// unreserved pool, so the account's totals stay as documented above):
// - graphql-gateway: 10 provisioned on `live` that API Gateway never reaches (it invokes the
//   function unqualified), and 5 on version 1, which no alias points to; both inside its
//   reservation of 100.
// - pricing-model: 3008 MB for a working set of about 400 MB (memory far above use).
// - invoice-processor: 512 MB for a working set of 490 MB (close to running out).
// Others come as they are: reports-nightly (provisioned, hardly used), checkout-api (throttled by
// its reservation), s3-virus-scan and slack-alerts (asynchronous, no on-failure destination),
// nodejs20.x and dotnet8 (deprecated runtimes), pricing-model (cold starts SnapStart would hide).
const ADVISE_CASES: Record<string, Pick<FunctionDescription, 'provisioned' | 'traffic'>> = {
  'graphql-gateway': {
    provisioned: [
      {qualifier: 'live', requested: 10},
      {qualifier: '1', requested: 5},
    ],
    traffic: {latestShare: 1},
  },
  'pricing-model': {traffic: {maxMemoryUsedMb: 402}},
  'invoice-processor': {traffic: {maxMemoryUsedMb: 490}},
}

for (const fn of DEFAULT_FUNCTIONS) {
  const cases = ADVISE_CASES[fn.name]
  if (!cases) continue
  if (cases.provisioned) fn.provisioned = [...(fn.provisioned ?? []), ...cases.provisioned]
  if (cases.traffic) fn.traffic = {...fn.traffic, ...cases.traffic}
}

export function defaultAccountDescription(functionCount?: number): AccountDescription {
  const curated = DEFAULT_FUNCTIONS
  const functions =
    functionCount === undefined
      ? curated
      : functionCount <= curated.length
        ? curated.slice(0, functionCount)
        : [...curated, ...generateFunctions(functionCount - curated.length, curated)]
  const extraQueues = functions
    .flatMap((fn) => (fn.eventSources ?? []).map((s) => s.arn))
    .filter((arn) => arn.includes(':sqs:') && !DEFAULT_QUEUES.includes(arn))
  // A fresh copy every time: callers (tests, seeds) may edit the description they get, and the
  // next sandbox must still start from the documented default account.
  return structuredClone({
    accountId: ACCOUNT,
    region: REGION,
    concurrencyLimit: 1000,
    minUnreserved: 100,
    layers: DEFAULT_LAYERS,
    queues: [...DEFAULT_QUEUES, ...new Set(extraQueues)],
    topics: DEFAULT_TOPICS,
    eventBuses: DEFAULT_EVENT_BUSES,
    buckets: DEFAULT_BUCKETS,
    streams: DEFAULT_STREAMS,
    tables: DEFAULT_TABLES,
    functions,
  })
}

const DOMAINS = [
  'orders',
  'payments',
  'catalog',
  'users',
  'search',
  'shipping',
  'inventory',
  'notifications',
  'analytics',
  'billing',
  'auth',
  'media',
  'reviews',
  'loyalty',
  'support',
]
const KINDS = ['api', 'worker', 'consumer', 'processor', 'sync', 'handler', 'scheduler', 'webhook', 'exporter', 'enricher']
const RUNTIMES = [
  'nodejs20.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs22.x',
  'python3.12',
  'python3.12',
  'python3.13',
  'java21',
  'provided.al2023',
  'ruby3.3',
  'dotnet8',
]
const MEMORY = [128, 256, 512, 512, 1024, 1024, 1536, 2048, 3008]

/**
 * More functions with the curated account's variety. Deterministic: the same N always yields the
 * same functions. Reservations and provisioned concurrency are spread only while the account keeps
 * comfortable headroom above its unreserved floor.
 */
function generateFunctions(count: number, existing: FunctionDescription[]): FunctionDescription[] {
  const random = seededRandom(20240501)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const chance = (p: number) => random() < p
  let budget = 1000 - 100 - 200 - existing.reduce((sum, fn) => sum + (fn.reserved ?? fn.provisioned?.reduce((s, p) => s + p.requested, 0) ?? 0), 0)
  const functions: FunctionDescription[] = []
  const demandScale = Math.min(1, existing.length / (existing.length + count))
  for (let i = 1; i <= count; i++) {
    const domain = pick(DOMAINS)
    const kind = pick(KINDS)
    const name = `${domain}-${kind}-${String(i).padStart(4, '0')}`
    const image = chance(0.08)
    const runtime = pick(RUNTIMES)
    const arm = chance(0.5)
    const architectures: Architecture[] = [arm ? 'arm64' : 'x86_64']
    // Generated accounts keep the curated account's total demand per function count, so a
    // 1,000-function account at the default 1,000 limit is busy, not 90 % throttled.
    const peakRps = Math.round(random() ** 3 * 120 * demandScale * 100) / 100
    const avgDurationMs = Math.round(20 + random() ** 2 * 2000)
    const fn: FunctionDescription = {
      name,
      ...(image ? {packageType: 'Image' as const} : {runtime}),
      architectures,
      memorySize: pick(MEMORY),
      timeout: pick([3, 10, 30, 60, 300, 900]),
      description: `${domain} ${kind}`,
      tags: {team: domain, env: chance(0.85) ? 'prod' : 'staging'},
      environment: {LOG_LEVEL: pick(['info', 'warn', 'debug']), SERVICE: domain},
      traffic: {
        baselineRps: Math.round(peakRps * (0.1 + random() * 0.4) * 100) / 100,
        peakRps,
        peakHourUtc: Math.floor(random() * 24),
        burstRps: Math.round(peakRps * (1.2 + random()) * 100) / 100,
        avgDurationMs,
        errorRate: Math.round(random() ** 3 * 0.05 * 10_000) / 10_000,
        initDurationMs: Math.round((runtime.startsWith('java') || image ? 1500 : 200) + random() * 800),
      },
    }
    if (!image && chance(0.4)) fn.layers = compatibleLayers(runtime, architectures[0], pick, chance)
    if (chance(0.33)) {
      const versions = 1 + Math.floor(random() * 4)
      fn.versions = versions
      fn.aliases = [{name: 'live', version: String(versions)}]
      if (versions > 1 && chance(0.4)) fn.aliases.push({name: 'prod', version: String(versions - 1)})
      if (chance(0.1) && budget >= 10) {
        const requested = 2 + Math.floor(random() * 8)
        fn.provisioned = [{qualifier: 'live', requested}]
        budget -= requested
      }
    }
    if (!fn.provisioned && chance(0.08) && budget >= 25) {
      fn.reserved = 5 + Math.floor(random() * 20)
      budget -= fn.reserved
    }
    const trigger = random()
    if (trigger < 0.15) fn.eventSources = [{arn: queue(`${name}-queue`), batchSize: pick([1, 10, 25])}]
    else if (trigger < 0.2) fn.eventSources = [{arn: stream('clickstream'), batchSize: 100}]
    else if (trigger < 0.25) fn.eventSources = [{arn: tableStream('orders'), batchSize: 100}]
    else if (trigger < 0.45) fn.permissions = [{principal: 'apigateway.amazonaws.com', sourceArn: api(`g${(hashNumber(name) % 1e9).toString(36)}`)}]
    else if (trigger < 0.55) fn.permissions = [{principal: 's3.amazonaws.com', sourceArn: bucket('acme-uploads')}]
    else if (trigger < 0.65) fn.permissions = [{principal: 'sns.amazonaws.com', sourceArn: topic('order-events')}]
    else if (trigger < 0.75) fn.permissions = [{principal: 'events.amazonaws.com', sourceArn: rule(`${name}-schedule`)}]
    if (fn.permissions && fn.permissions[0].principal !== 'apigateway.amazonaws.com' && chance(0.3)) {
      fn.eventInvokeConfigs = [{maximumRetryAttempts: pick([0, 1, 2]), onFailure: pick([queue('failed-events-dlq'), topic('alerts'), bus('default')])}]
    }
    functions.push(fn)
  }
  return functions
}

function compatibleLayers(runtime: string, architecture: Architecture, pick: <T>(items: readonly T[]) => T, chance: (p: number) => boolean): string[] {
  const layers = [LOG_SHIPPER(pick([1, 2, 3] as const))]
  if (runtime.startsWith('nodejs')) {
    if (chance(0.6)) layers.push(POWERTOOLS_NODE(pick([2, 3, 4])))
    if (architecture === 'arm64' && chance(0.2)) layers.push(SHARP_ARM64(2))
  }
  if (runtime.startsWith('python') && architecture === 'x86_64' && chance(0.2)) layers.push(PANDAS(1))
  if (chance(0.25)) layers.push(SECRETS_CACHE(2))
  if (chance(0.1)) layers.push(ACME_APM(2))
  return layers
}
