import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { invocationLogs, layerLambdaLogger, type WriteLine } from "./logging.ts"

/** One memo map for every handler runtime of a container, so shared layers are built once. */
export const memoMap = Layer.makeMemoMapUnsafe()

/**
 * A runtime built once per container (at module scope) and kept across warm invocations, logging JSON
 * lines (logging.ts) to stdout, or to `options.log`.
 */
export const makeHandlerRuntime = <R, E>(layer: Layer.Layer<R, E>, options: { readonly log?: WriteLine } = {}) =>
  ManagedRuntime.make(Layer.merge(layer, layerLambdaLogger(options.log)), { memoMap })

/** The part of the Lambda context the handlers read. */
export interface LambdaContextLike {
  readonly awsRequestId?: string
  readonly invokedFunctionArn?: string
  /** Lambda's: how long this invocation has left before Lambda stops it. */
  readonly getRemainingTimeInMillis?: () => number
}

/** Runs one invocation on a handler runtime, its log lines carrying its request id and correlation id. */
export const runInvocation = <A, E, R, ER>(
  runtime: ManagedRuntime.ManagedRuntime<R, ER>,
  event: unknown,
  context: LambdaContextLike | undefined,
  effect: Effect.Effect<A, E, R>
): Promise<A> => runtime.runPromise(effect.pipe(invocationLogs(event, context)))

/** A Lambda handler on its runtime; `init()` builds the runtime (its layers, SDK clients, settings). */
export type LambdaHandler<Event, A, R, ER> = ((event: Event, context?: LambdaContextLike) => Promise<A>) & {
  readonly runtime: ManagedRuntime.ManagedRuntime<R, ER>
  readonly init: () => Promise<void>
}

/**
 * The one Lambda handler factory: `handle` run per invocation on a runtime built once per container from
 * `layer`. An entry module calls `await handler.init()` at module scope, so the runtime is built in Lambda's
 * init phase and a bad setting fails the cold start naming the variable (never the first event); tests
 * build handlers over memory layers and let the first invocation build the runtime.
 */
export const makeLambdaHandler = <Event, A, E, R, ER>(
  layer: Layer.Layer<R, ER>,
  handle: (event: Event, context: LambdaContextLike) => Effect.Effect<A, E, R>,
  options: { readonly log?: WriteLine } = {}
): LambdaHandler<Event, A, R, ER> => {
  const runtime = makeHandlerRuntime(layer, options)
  const handler = (event: Event, context: LambdaContextLike = {}): Promise<A> =>
    runInvocation(runtime, event, context, handle(event, context))
  return Object.assign(handler, { runtime, init: () => runtime.runPromise(Effect.void) })
}
