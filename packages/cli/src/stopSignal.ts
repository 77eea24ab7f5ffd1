/**
 * Resolves on the first SIGINT or SIGTERM: how a serving command (`twin serve`, `jobs serve`) waits to stop.
 * Both listeners go then, so none is left behind.
 */
export const untilStopSignal = (): Promise<void> =>
  new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop)
      process.off("SIGTERM", stop)
      resolve()
    }
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  })
