// Which functions have provisioned concurrency, asked of CloudWatch instead of Lambda. Listing it in
// Lambda costs one ListProvisionedConcurrencyConfigs per function on the control plane's shared
// 15/s budget (2,000 functions: over two minutes, before the first metric); ListMetrics names
// every alias and version that published ProvisionedConcurrencyUtilization in the last two weeks,
// 500 to a page. Lambda is then asked only about those functions.
import {type CloudWatchClient, ListMetricsCommand} from '@aws-sdk/client-cloudwatch'

import {NAMESPACE, QUALIFIER_METRICS} from './metric-queries.js'

/** The qualifier of a `Resource` dimension ("NAME:QUALIFIER"); undefined for a bare function name. */
export function qualifierOfResource(functionName: string, resource: string): string | undefined {
  if (!resource.startsWith(`${functionName}:`)) return undefined
  const qualifier = resource.slice(functionName.length + 1)
  return qualifier === '' ? undefined : qualifier
}

/** Function name → the aliases/versions that have provisioned-concurrency metrics, in listing order. */
export async function readProvisionedQualifiers(cloudwatch: CloudWatchClient): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>()
  let nextToken: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- NextToken pages are sequential by nature
    const page = await cloudwatch.send(
      new ListMetricsCommand({
        Namespace: NAMESPACE,
        MetricName: QUALIFIER_METRICS.provisionedUtilization.metricName,
        Dimensions: [{Name: 'Resource'}],
        NextToken: nextToken,
      }),
    )
    for (const metric of page.Metrics ?? []) {
      const dimensions = metric.Dimensions ?? []
      const functionName = dimensions.find((dimension) => dimension.Name === 'FunctionName')?.Value
      const resource = dimensions.find((dimension) => dimension.Name === 'Resource')?.Value
      if (!functionName || !resource) continue
      const qualifier = qualifierOfResource(functionName, resource)
      if (qualifier === undefined) continue
      const qualifiers = found.get(functionName) ?? []
      if (!qualifiers.includes(qualifier)) qualifiers.push(qualifier)
      found.set(functionName, qualifiers)
    }

    nextToken = page.NextToken
  } while (nextToken)
  return found
}
