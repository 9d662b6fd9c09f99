// The one read about the layer version to attach: its compatible runtimes and architectures. Once
// per command (not per function): it is a control-plane call on the shared 15/s budget.
import {GetLayerVersionByArnCommand, type LambdaClient} from '@aws-sdk/client-lambda'

import type {LayerVersionRef} from '../aws/lambda-arn.js'
import {UserError} from '../errors.js'
import type {LayerVersionInfo} from './plan-layers.js'

export async function readLayerVersion(lambda: LambdaClient, ref: LayerVersionRef): Promise<LayerVersionInfo> {
  try {
    const layer = await lambda.send(new GetLayerVersionByArnCommand({Arn: ref.arn}))
    return {
      arn: ref.arn,
      layerArn: ref.layerArn,
      version: ref.version,
      compatibleRuntimes: layer.CompatibleRuntimes ?? [],
      compatibleArchitectures: layer.CompatibleArchitectures ?? [],
    }
  } catch (error) {
    if ((error as {name?: string}).name === 'ResourceNotFoundException') {
      throw new UserError(`Layer version ${ref.arn} does not exist; nothing was changed.`, {
        code: 'LayerVersionNotFound',
        hint: `Check the name and version (\`lx layers versions ${ref.layerArn}\` lists them); a layer owned by another account must be shared with yours.`,
        cause: error,
      })
    }

    throw error
  }
}
