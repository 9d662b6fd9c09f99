// Moves an alias onto a freshly published version of $LATEST (`--publish --alias NAME`), and back
// on undo. Runs after the function-config step of the same function (the engine keeps plan order).
//
// read: GetFunction of $LATEST (its revision, layers, and no update InProgress) plus the alias.
// write: PublishVersion with the $LATEST revision just read, so a change landing in between fails
// with 412 instead of being published; then UpdateAlias with the alias's revision. Undo only
// sends UpdateAlias: the published version stays. settle: provisioned concurrency on the alias is
// allocated anew on the new version; wait until it is READY.
import {GetProvisionedConcurrencyConfigCommand, type LambdaClient, PublishVersionCommand, UpdateAliasCommand} from '@aws-sdk/client-lambda'

import type {ChangeHandler, HandlerFactory, StepContext, Target} from '../apply/plan.js'
import type {AwsContext} from '../aws/aws-context.js'
import {sleep} from '../apply/retry-policy.js'
import {Failure} from '../errors.js'
import {ALIAS_VERSION_KIND, type AliasVersionState, describeAliasVersion, NEW_VERSION, revertAliasVersion, sameAliasVersion} from './alias-version.js'
import {configStateOf} from './function-config.js'
import {pollDelays, readConfiguration, waitWhileInProgress} from './function-config-handler.js'
import type {AliasFacts} from './plan-upgrade.js'
import {readAlias} from './read-alias.js'

/** Provisioned concurrency usually takes a few minutes to allocate; past this something is wrong. */
const MAX_PROVISION_WAIT_MS = 30 * 60 * 1000

/**
 * Aliases read for the plan, used by the first read of each step instead of reading them again:
 * GetAlias and GetProvisionedConcurrencyConfig cost the shared 15/s budget, and a bulk run would
 * otherwise pay for them twice. Safe because UpdateAlias sends the alias's revision: if the alias
 * changed since the plan, AWS answers 412, and the retry reads it afresh. Kept per AWS context (one
 * per account-region: across a fleet the same name is another function in each place), and only
 * for aliases read in full (not those only seen serving the target already).
 */
const planned = new WeakMap<AwsContext, Map<string, AliasFacts>>()
const key = (functionName: string, alias: string) => `${functionName}\u0000${alias}`

export function rememberPlannedAliases(aws: AwsContext, alias: string, facts: ReadonlyMap<string, AliasFacts | null>): void {
  let known = planned.get(aws)
  if (!known) planned.set(aws, (known = new Map()))
  for (const [functionName, fact] of facts) if (fact && !fact.served) known.set(key(functionName, alias), fact)
}

async function readAliasState(
  lambda: LambdaClient,
  known: Map<string, AliasFacts> | undefined,
  target: Target,
  context: StepContext,
): Promise<AliasVersionState> {
  const name = target.qualifier!
  const latest = await waitWhileInProgress(lambda, target, context, await readConfiguration(lambda, target), 'waiting for an earlier update to finish')
  const cached = known?.get(key(target.functionName, name))
  known?.delete(key(target.functionName, name))
  const alias = cached ?? (await readAlias(lambda, target.functionName, name))
  if (!alias) {
    throw new Failure(`${target.functionName} has no alias ${name} (any more).`, {
      code: 'AliasNotFound',
      hint: `\`aws lambda list-aliases --function-name ${target.functionName}\` lists its aliases.`,
    })
  }

  const state = configStateOf(latest)
  return {
    functionVersion: alias.functionVersion,
    layers: alias.layers,
    ...(alias.revisionId ? {revisionId: alias.revisionId} : {}),
    provisioned: alias.provisioned,
    ...(state.revisionId ? {latestRevisionId: state.revisionId} : {}),
    latestLayers: state.layers,
    ...(alias.routing ? {routing: true} : {}),
  }
}

async function waitForProvisioned(lambda: LambdaClient, target: Target, context: StepContext): Promise<void> {
  const {first, max} = pollDelays()
  const started = Date.now()
  for (let poll = 0; ; poll++) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    const config = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName: target.functionName, Qualifier: target.qualifier}))
    if (config.Status === 'READY') return
    if (config.Status === 'FAILED') throw new Error(`provisioned concurrency on ${target.qualifier} FAILED: ${config.StatusReason ?? 'no reason given'}`)
    if (context.signal.aborted) return
    if (Date.now() - started > MAX_PROVISION_WAIT_MS) {
      throw new Error(`provisioned concurrency on ${target.qualifier} was still ${config.Status} after ${MAX_PROVISION_WAIT_MS / 60_000} minutes`)
    }

    const allocated = `${config.AllocatedProvisionedConcurrentExecutions ?? 0}/${config.RequestedProvisionedConcurrentExecutions ?? '?'}`
    context.progress(`provisioned ${allocated} on the new version`)
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await sleep(Math.min(first * 1.5 ** poll, max * 2), context.signal)
  }
}

export const createHandler: HandlerFactory = async (aws) => {
  const lambda = await aws.lambda()
  const handler: ChangeHandler<AliasVersionState> = {
    kind: ALIAS_VERSION_KIND,
    describe: describeAliasVersion,
    same: sameAliasVersion,
    read: (target, context) => readAliasState(lambda, planned.get(aws), target, context),
    async write(target, from, to) {
      let functionVersion = to.functionVersion
      let layers = to.layers
      if (functionVersion === NEW_VERSION) {
        // With the revision just read: a change to $LATEST since then fails with 412 (re-read, re-plan).
        const published = await lambda.send(
          new PublishVersionCommand({
            FunctionName: target.functionName,
            ...(from.latestRevisionId ? {RevisionId: from.latestRevisionId} : {}),
            Description: 'published by lx layers upgrade',
          }),
        )
        if (!published.Version) throw new Error('PublishVersion answered without a version number')
        functionVersion = published.Version
        layers = configStateOf(published).layers
      }

      const moved = await lambda.send(
        new UpdateAliasCommand({
          FunctionName: target.functionName,
          Name: target.qualifier,
          FunctionVersion: functionVersion,
          ...(from.revisionId ? {RevisionId: from.revisionId} : {}),
        }),
      )
      return {
        functionVersion: moved.FunctionVersion ?? functionVersion,
        layers,
        ...(moved.RevisionId ? {revisionId: moved.RevisionId} : {}),
        provisioned: from.provisioned ?? null,
      }
    },
    async settle(target, written, context) {
      if (!written.provisioned) return
      context.progress('provisioned concurrency allocating on the new version')
      await waitForProvisioned(lambda, target, context)
    },
    revert: (before, after, live, {force}) => revertAliasVersion(before, after, live, force),
  }
  return handler
}
