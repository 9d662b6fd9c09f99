// The Lambda control plane (restJson1): the route table and the rate-limit class of each
// operation. GetFunction has a bucket of its own; every other call shares the `control` bucket,
// as AWS documents for the Lambda control plane.

import type {SandboxEnvironment} from './environment.js'
import {concurrencyRoutes} from './lambda/concurrency.js'
import {eventInvokeRoutes} from './lambda/event-invoke.js'
import {functionRoutes} from './lambda/functions.js'
import {layerRoutes} from './lambda/layers.js'
import {tagRoutes} from './lambda/tags.js'
import {triggerRoutes} from './lambda/triggers.js'
import {versionRoutes} from './lambda/versions.js'
import type {RestRoute, RestServiceDefinition} from './protocol.js'

export function lambdaRoutes(env: SandboxEnvironment): RestRoute[] {
  const {account} = env
  const routes = [
    ...functionRoutes(account),
    ...versionRoutes(account),
    ...concurrencyRoutes(account),
    ...layerRoutes(account),
    ...eventInvokeRoutes(account),
    ...triggerRoutes(account),
    ...tagRoutes(account),
  ]
  return routes.map((route) => ({...route, rateClass: route.operation === 'GetFunction' ? 'getfunction' : 'control'}))
}

export const lambdaService: RestServiceDefinition = {signingName: 'lambda', create: lambdaRoutes}
