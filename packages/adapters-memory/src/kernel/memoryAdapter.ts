import { Context, Effect, Layer } from "effect"

/** What every memory adapter's maker returns: the port's service, and what tests inspect. */
export type MemoryAdapter<S, Inspector> = { readonly service: S } & Inspector

/**
 * The one shape of a memory adapter's layer: `layerMemory<Port>` provides the port and its inspector (a
 * `Memory<Port>Inspector` service: what it recorded, fault injection). Given a made adapter, the layer
 * shares it (the test keeps the handle); given options, each build makes a fresh one.
 */
export const layerMemoryAdapter = <PortId, S, InspectorId, Inspector, Options>(
  port: Context.Key<PortId, S>,
  inspector: Context.Key<InspectorId, Inspector>,
  make: (options: Options) => MemoryAdapter<S, Inspector>,
  from: MemoryAdapter<S, Inspector> | Options
): Layer.Layer<PortId | InspectorId> =>
  Layer.effectContext(
    Effect.sync(() => {
      const made = isMade<S, Inspector>(from) ? from : make(from as Options)
      const { service, ...rest } = made
      return Context.make(port, service).pipe(Context.add(inspector, rest as unknown as Inspector))
    })
  )

const isMade = <S, Inspector>(from: unknown): from is MemoryAdapter<S, Inspector> =>
  typeof from === "object" && from !== null && "service" in from
