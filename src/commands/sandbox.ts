import {Command, Flags} from '@oclif/core'

// Only @oclif/core is imported statically: the server and the account model load inside run(),
// so listing commands or showing help stays fast.

const ratio = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input)
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`expected a number between 0 and 1, got "${input}"`)
    return value
  },
})

const positiveNumber = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`expected a positive number, got "${input}"`)
    return value
  },
})

/** ISO 8601 with a date, and a time zone when it has a time (a bare time would silently mean the machine's zone). */
function parseInstant(input: string): number {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(input) ? Date.parse(input) : Number.NaN
}

export default class Sandbox extends Command {
  static override summary = 'Run an emulated AWS account on loopback that lx, the AWS SDKs and the AWS CLI can use via --endpoint-url.'
  static override description = [
    'Starts a local Lambda control plane with a realistic account (functions, versions, aliases, layers, reserved and',
    'provisioned concurrency, destinations, triggers) and AWS behaviour: the same errors, update and provisioning',
    'delays, and the control-plane rate limits (GetFunction 100/s, other calls 15/s shared). Behind it, a traffic',
    'simulation feeds CloudWatch metrics (GetMetricData) and Logs Insights (cold starts), and Application Auto',
    'Scaling policies and schedules change provisioned concurrency in it. A concurrency change shows in the metrics',
    'a simulated minute later. With --speed above 1 or a --start-time other than now, simulated time and the wall',
    'clock differ, so dashboards (which ask for windows ending at their own now) see only where the two overlap.',
    'Faults: --fault-rate fails a fraction of every request (429 or 500 at random); --fault OPERATION=FRACTION[:500|:429]',
    'fails a fraction of one operation only (repeatable), e.g. --fault GetFunction=0.5:500. The same --fault-seed fails',
    'the same requests. Faults can be changed while the sandbox runs: POST /_sandbox/faults with',
    '{"faults": ["GetFunction=0.5:500"], "faultRate": 0} (replaces them all), DELETE /_sandbox/faults, GET /_sandbox/faults.',
    'Fleet: --accounts N serves an organization of N accounts (the management account, then 111111111111,',
    '222222222222, …, plus a suspended 999999999999) and --regions the regions they run in; the access key picks the',
    'account (a key ending in an account id, e.g. AKIAFLEET111111111111, is that account; AssumeRole keys are the',
    "role's; any other key is the management account) and the signing region picks the region. STS AssumeRole,",
    'Organizations ListAccounts and Account ListRegions answer as AWS does; --deny-role ACCOUNT[:ROLE] makes AssumeRole',
    'refuse a role, --omit-layer REGION[:LAYER] leaves layers unpublished in a region.',
    'Request counts: GET /_sandbox/stats. Account snapshot: GET /_sandbox/state[?account=ID&region=R]. Stop with Ctrl-C.',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> sandbox',
    '<%= config.bin %> sandbox --port 0 --functions 1000 --speed 60',
    '<%= config.bin %> sandbox --start-time 2026-12-06T18:00:00Z',
    '<%= config.bin %> sandbox --seed account.json --rate off --fault-rate 0.05',
    '<%= config.bin %> sandbox --rate lambda=2,GetFunction=5 --fault GetFunction=0.5:500 --fault UpdateFunctionConfiguration=0.1:429',
    '<%= config.bin %> sandbox --accounts 3 --regions us-east-1,eu-west-1,ap-southeast-2 --deny-role 222222222222 --omit-layer ap-southeast-2',
  ]

  static override flags = {
    port: Flags.integer({description: 'Port on 127.0.0.1 (0 picks a free one).', default: 4510, min: 0, max: 65_535}),
    functions: Flags.integer({description: 'Number of functions (the default account has 40; more are generated).', min: 1, exclusive: ['seed']}),
    seed: Flags.file({description: 'JSON account description to load instead of the default account.', exists: true, exclusive: ['functions']}),
    'start-time': Flags.string({
      description: 'Simulated time to start at (ISO 8601, e.g. 2026-12-06T18:00:00Z; default now). Metrics are stamped in simulated time.',
    }),
    speed: positiveNumber({description: 'Simulated seconds per real second (update and provisioning delays run this much faster).', default: 1}),
    rate: Flags.string({
      description:
        'Control-plane rate limits per second, e.g. "lambda=2,GetFunction=5" (lambda: every Lambda call but GetFunction, shared; ' +
        'also control, autoscaling, cloudwatch, logs), "getfunction=100,control=15", or "off".',
      default: 'getfunction=100,control=15',
    }),
    'fault-rate': ratio({description: 'Fraction of requests (0..1) answered with a random 429 TooManyRequestsException or 500 ServiceException.', default: 0}),
    fault: Flags.string({
      description: "Fail a fraction of one operation's requests: OPERATION=FRACTION[:500|:429], e.g. GetFunction=0.5:500 (500 by default). Repeatable.",
      multiple: true,
    }),
    'fault-seed': Flags.integer({description: 'Seed of the fault injection: the same seed fails the same requests.', default: 7}),
    'update-lag': Flags.integer({description: 'Simulated milliseconds UpdateFunctionConfiguration keeps LastUpdateStatus InProgress.', default: 1000, min: 0}),
    'provision-lag': Flags.integer({description: 'Simulated milliseconds provisioned concurrency stays IN_PROGRESS before READY.', default: 20_000, min: 0}),
    'account-limit': Flags.integer({description: 'Account concurrency limit (default 1000).', min: 1}),
    'min-unreserved': Flags.integer({description: 'Unreserved concurrency floor AWS enforces (default 100).', min: 0}),
    region: Flags.string({description: 'Region of the emulated account (ARNs); --regions, when given, wins.', default: 'us-east-1'}),
    accounts: Flags.integer({
      description: 'Active accounts in the organization: the management account, then members 111111111111, 222222222222, … (and a suspended one).',
      min: 1,
      max: 1000,
      default: 1,
    }),
    regions: Flags.string({
      description: 'Comma-separated regions every account runs in, e.g. us-east-1,eu-west-1; requests signed for any other region get 403.',
    }),
    'deny-role': Flags.string({
      description: 'Make STS AssumeRole refuse a role: ACCOUNT (every role of that account) or ACCOUNT:ROLE_NAME. Repeatable.',
      multiple: true,
    }),
    'omit-layer': Flags.string({
      description: "Leave the account's layers unpublished in a region: REGION (all of them) or REGION:LAYER_NAME, in every account. Repeatable.",
      multiple: true,
    }),
    quiet: Flags.boolean({char: 'q', description: 'Print only the endpoint URL.', default: false}),
    verbose: Flags.boolean({description: 'Log every request and every unknown operation to stderr.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Sandbox)
    const {parseFaultSpec, parseRateSpec, startSandbox} = await import('../sandbox/index.js')

    let rate
    let faults
    try {
      rate = parseRateSpec(flags.rate)
      faults = (flags.fault ?? []).map((spec) => parseFaultSpec(spec))
    } catch (error) {
      this.error((error as Error).message, {exit: 2})
    }

    const startTime = flags['start-time'] === undefined ? undefined : parseInstant(flags['start-time'])
    if (startTime !== undefined && !Number.isFinite(startTime)) {
      this.error(`--start-time expected an ISO 8601 time such as 2026-12-06T18:00:00Z, got "${flags['start-time']}"`, {exit: 2})
    }

    let sandbox
    try {
      sandbox = await startSandbox({
        port: flags.port,
        functions: flags.functions,
        seed: flags.seed,
        speed: flags.speed,
        startTime,
        rate,
        faultRate: flags['fault-rate'],
        faults,
        faultSeed: flags['fault-seed'],
        updateLagMs: flags['update-lag'],
        provisionLagMs: flags['provision-lag'],
        concurrencyLimit: flags['account-limit'],
        minUnreserved: flags['min-unreserved'],
        region: flags.region,
        accounts: flags.accounts,
        ...(flags.regions === undefined ? {} : {regions: flags.regions.split(',').map((region) => region.trim())}),
        denyRoles: flags['deny-role'] ?? [],
        omitLayers: flags['omit-layer'] ?? [],
        verbose: flags.verbose,
        log: (line) => process.stderr.write(`${line}\n`),
      })
    } catch (error) {
      const {code, message, name} = error as NodeJS.ErrnoException
      if (name === 'UnknownFaultOperationError' || name === 'SandboxOptionError') this.error(`${message}.`, {exit: 2})
      const hint = code === 'EADDRINUSE' ? ` Port ${flags.port} is taken: pass --port 0 for any free port.` : ''
      this.error(`cannot start the sandbox: ${message}.${hint}`, {exit: code === 'EADDRINUSE' ? 2 : 1})
    }

    // Listening for Ctrl-C before printing the endpoint: a caller that signals as soon as it reads it must not kill us mid-way.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      const stop = (received: NodeJS.Signals) => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve(received)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })

    if (flags.quiet) {
      this.log(sandbox.url)
    } else {
      const {account} = sandbox
      this.log(`lx sandbox listening on ${sandbox.url}`)
      const fleet = sandbox.accountIds.length > 1 || sandbox.regions.length > 1
      if (fleet) {
        const [management, ...members] = sandbox.accountIds
        this.log(`  organization ${sandbox.organizationId}, in ${sandbox.regions.join(', ')} (other regions: 403 UnrecognizedClientException)`)
        this.log(`    management account ${management}`)
        if (members.length > 0) this.log(`    members ${members.join(', ')}`)
        if (sandbox.suspendedAccountIds.length > 0) this.log(`    suspended ${sandbox.suspendedAccountIds.join(', ')} (listed, cannot be assumed)`)
        const denied = flags['deny-role'] ?? []
        if (denied.length > 0) this.log(`    AssumeRole denied: ${denied.map((rule) => (rule.includes(':') ? rule : `${rule} (every role)`)).join(', ')}`)
        if ((flags['omit-layer'] ?? []).length > 0) this.log(`    layers not published: ${(flags['omit-layer'] ?? []).join(', ')}`)
        this.log(`    access keys: AKIAFLEET<ACCOUNT_ID> signs in to that account, AssumeRole keys to the role's, any other key to ${management}`)
        this.log(
          `  every account-region: ${account.functions.size} functions, concurrency limit ${account.settings.concurrencyLimit}, its own state and rate limits`,
        )
      } else {
        this.log(`  account ${account.id} (${account.region}): ${account.functions.size} functions, concurrency limit ${account.settings.concurrencyLimit}`)
      }
      this.log(
        `  rate limits: ${
          rate === 'off'
            ? 'off'
            : Object.entries(rate)
                .map(([name, perSecond]) => `${name} ${perSecond}/s`)
                .join(', ')
        }; speed x${flags.speed}`,
      )
      if (startTime !== undefined) this.log(`  simulated time starts at ${new Date(startTime).toISOString()}`)
      if (faults.length > 0 || flags['fault-rate'] > 0) {
        const {formatFaultRule} = await import('../sandbox/faults.js')
        const listed = [...faults.map(formatFaultRule), ...(flags['fault-rate'] > 0 ? [`every operation ${flags['fault-rate']} (429 or 500)`] : [])]
        this.log(`  faults: ${listed.join(', ')} (seed ${flags['fault-seed']}; change them with POST ${sandbox.url}/_sandbox/faults)`)
      }
      this.log(`  stats: ${sandbox.url}/_sandbox/stats   state: ${sandbox.url}/_sandbox/state`)
      this.log('')
      this.log('Try:')
      this.log(`  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x lx account --endpoint-url ${sandbox.url} --region ${account.region}`)
      this.log(`  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws lambda list-functions --endpoint-url ${sandbox.url} --region ${account.region}`)
      if (sandbox.accountIds.length > 1) {
        const member = sandbox.accountIds[1]
        this.log(`  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws organizations list-accounts --endpoint-url ${sandbox.url} --region ${account.region}`)
        this.log(
          `  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws sts assume-role --role-arn arn:aws:iam::${member}:role/OrganizationAccountAccessRole ` +
            `--role-session-name lx --endpoint-url ${sandbox.url} --region ${account.region}`,
        )
      }
      this.log('Press Ctrl-C to stop.')
    }

    const signal = await stopped
    await sandbox.stop()
    if (!flags.quiet) process.stderr.write(`\nsandbox stopped (${signal})\n`)
  }
}
