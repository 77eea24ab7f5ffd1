import type { Server } from "node:net"

/** Stops a local test server and waits until it has closed. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => server.close(() => resolve()))
