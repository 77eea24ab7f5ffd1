// Attribute and transaction helpers shared by the job read model's views and its counters.
import { randomUUID } from "node:crypto"
import {
  type AttributeValue,
  type DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput
} from "@aws-sdk/client-dynamodb"
import { Jobs } from "@personalize-ops/core"
import { Effect } from "effect"
import { AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

export const S = (s: string): AttributeValue => ({ S: s })
export const N = (n: number): AttributeValue => ({ N: String(n) })
export const str = (v: AttributeValue | undefined) => (v !== undefined && "S" in v ? v.S : undefined)
export const num = (v: AttributeValue | undefined) => (v !== undefined && "N" in v ? Number(v.N) : undefined)

/** A number as 15 digits, so sort keys order as numbers do. */
export const pad = (n: number) => String(Math.max(0, Math.floor(n))).padStart(15, "0")

export type TransactWriteItem = NonNullable<TransactWriteItemsCommandInput["TransactItems"]>[number]

/** The cancellation reason codes of a failed transaction, in action order. */
const cancellationCodes = (e: AwsCallError): ReadonlyArray<string | undefined> =>
  e.name === "TransactionCanceledException"
    ? ((e.cause as { CancellationReasons?: ReadonlyArray<{ Code?: string }> }).CancellationReasons ?? []).map(
        (r) => r.Code
      )
    : []

/** A transaction that only met another one on the same items: resent with the same token. */
const isTransactionConflict = (e: AwsCallError) =>
  e.name === "TransactionConflictException" ||
  (cancellationCodes(e).includes("TransactionConflict") && !cancellationCodes(e).includes("ConditionalCheckFailed"))

/**
 * Sends one transaction with a `ClientRequestToken` (an SDK retry of a committed try is a no-op), resent
 * with the same token on throttling and on conflicts with another transaction. A failed condition answers
 * "raced": another writer changed what the caller read, so it reads again and decides again.
 */
export const transact = (client: DynamoDBClient, items: ReadonlyArray<TransactWriteItem>) => {
  const token = randomUUID()
  return awsCall("TransactWriteItems", (abortSignal) =>
    client.send(new TransactWriteItemsCommand({ TransactItems: [...items], ClientRequestToken: token }), {
      abortSignal
    })
  ).pipe(
    retryThrottled({ retryable: (e) => e instanceof AwsCallError && isTransactionConflict(e) }),
    Effect.as("written" as const),
    Effect.catchIf(
      (e) =>
        e instanceof AwsCallError &&
        e.name === "TransactionCanceledException" &&
        cancellationCodes(e).includes("ConditionalCheckFailed"),
      () => Effect.succeed("raced" as const)
    ),
    Effect.mapError((cause) => new Jobs.ReadModelFailure({ operation: "TransactWriteItems", cause }))
  )
}

/** Runs one SDK call of the read model: throttling retried, failures as `ReadModelFailure`. */
export const readModelCall = <A>(operation: string, f: (signal: AbortSignal) => Promise<A>) =>
  awsCall(operation, f).pipe(
    retryThrottled(),
    Effect.mapError((cause) => new Jobs.ReadModelFailure({ operation, cause }))
  )

/** Retries `once` while it answers "raced" (at most 100 tries). */
export const untilSettled = <A>(
  what: string,
  once: Effect.Effect<A | "raced", Jobs.ReadModelFailure>
): Effect.Effect<A, Jobs.ReadModelFailure> =>
  Effect.gen(function* () {
    for (let tries = 0; tries < 100; tries++) {
      const outcome = yield* once
      if (outcome !== "raced") return outcome as A
    }
    return yield* new Jobs.ReadModelFailure({
      operation: "TransactWriteItems",
      cause: `${what}: 100 tries lost to concurrent writers`
    })
  })
