import { Layer, ManagedRuntime } from "effect"

/** One memo map for every handler runtime of a container, so shared layers are built once. */
export const memoMap = Layer.makeMemoMapUnsafe()

/** A runtime built once per container (at module scope) and kept across warm invocations. */
export const makeHandlerRuntime = <R, E>(layer: Layer.Layer<R, E>) => ManagedRuntime.make(layer, { memoMap })

/** The part of the Lambda context the handlers read. */
export interface LambdaContextLike {
  readonly awsRequestId?: string
  readonly invokedFunctionArn?: string
}
