import { Logger } from "effect"

/** The provisioning handlers log one JSON object per line (CloudWatch Logs Insights reads the fields, correlationId among them). */
export const layerJsonLogs = Logger.layer([Logger.consoleJson])
