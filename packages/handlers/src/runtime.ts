import type * as Effect from "effect/Effect"
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
}

/** Runs one invocation on a handler runtime, its log lines carrying its request id and correlation id. */
export const runInvocation = <A, E, R, ER>(
  runtime: ManagedRuntime.ManagedRuntime<R, ER>,
  event: unknown,
  context: LambdaContextLike | undefined,
  effect: Effect.Effect<A, E, R>
): Promise<A> => runtime.runPromise(effect.pipe(invocationLogs(event, context)))
