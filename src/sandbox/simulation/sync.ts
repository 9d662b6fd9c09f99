// Lazy driving: the simulation has no timer of its own. Every AWS request first advances it to the
// clock's present, so metrics are up to date when read and a setting a request changes takes
// effect from the moment of that request (not from the start of the gap before it).
//
// The simulation of a sandbox is found from its account, so services registered with
// registerJsonService (which only receive the SandboxEnvironment) reach the same one.

import type {Account} from '../account.js'
import type {SandboxEnvironment} from '../environment.js'
import type {JsonServiceDefinition, RestServiceDefinition} from '../protocol.js'
import {AutoScaling} from './auto-scaling.js'
import {Simulation, type SimulationOptions} from './simulation.js'

/** What the metrics, logs and auto-scaling services share. */
export interface SimulationHandle {
  simulation: Simulation
  autoScaling: AutoScaling
}

const handles = new WeakMap<Account, SimulationHandle>()

/** Creates the simulation of a sandbox (index.ts does, at start-up). */
export function attachSimulation(env: Pick<SandboxEnvironment, 'account' | 'clock'>, options: SimulationOptions = {}): SimulationHandle {
  const simulation = new Simulation(env.account, env.clock, options)
  const handle = {simulation, autoScaling: new AutoScaling(env.account, simulation)}
  handles.set(env.account, handle)
  return handle
}

/** The sandbox's simulation; created on first use when the sandbox was assembled without one. */
export function simulationOf(env: Pick<SandboxEnvironment, 'account' | 'clock'>): SimulationHandle {
  return handles.get(env.account) ?? attachSimulation(env)
}

/** The same REST service, advancing the simulation before each operation. */
export function syncedRestService(definition: RestServiceDefinition): RestServiceDefinition {
  return {
    ...definition,
    create(env) {
      const {simulation} = simulationOf(env)
      return definition.create(env).map((route) => ({
        ...route,
        handle(context) {
          simulation.sync()
          return route.handle(context)
        },
      }))
    },
  }
}

/** The same awsJson service, advancing the simulation before each operation. */
export function syncedJsonService(definition: JsonServiceDefinition): JsonServiceDefinition {
  return {
    ...definition,
    create(env) {
      const {simulation} = simulationOf(env)
      const handler = definition.create(env)
      const operations = Object.fromEntries(
        Object.entries(handler.operations).map(([name, operation]) => [
          name,
          (input: Record<string, unknown>, context: Parameters<typeof operation>[1]) => {
            simulation.sync()
            return operation(input, context)
          },
        ]),
      )
      return {...handler, operations}
    },
  }
}
