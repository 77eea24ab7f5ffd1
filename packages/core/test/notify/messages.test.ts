import { describe, expect, it } from "vitest"
import {
  actionFailedMessage,
  campaignDeletedMessage,
  dashboardBuiltMessage,
  minTpsUpdatedMessage,
  NotificationFailure,
  recommenderStoppedMessage,
  snsProtocolMessage,
  snsSubject
} from "../../src/notify/index.ts"

const campaign = "arn:aws:personalize:eu-west-1:123456789012:campaign/shop-campaign"
const recommender = "arn:aws:personalize:us-east-2:123456789012:recommender/for-you"

describe("notification messages: subject, text, region and detail", () => {
  it.each([
    [
      "a campaign's minProvisionedTPS",
      () => minTpsUpdatedMessage({ arn: campaign, kind: "campaign", newMinTPS: 4, reason: "peak 3.6 TPS" }),
      {
        region: "eu-west-1",
        subject: "Personalize campaign shop-campaign: minProvisionedTPS set to 4",
        message: `The minProvisionedTPS of ${campaign} was updated to 4.\n\nReason: peak 3.6 TPS`,
        detail: { ARN: campaign, NewMinTPS: 4, Reason: "peak 3.6 TPS" }
      }
    ],
    [
      "a recommender's minRecommendationRequestsPerSecond",
      () => minTpsUpdatedMessage({ arn: recommender, kind: "recommender", newMinTPS: 2, reason: "quiet" }),
      {
        region: "us-east-2",
        subject: "Personalize recommender for-you: minRecommendationRequestsPerSecond set to 2",
        message: `The minRecommendationRequestsPerSecond of ${recommender} was updated to 2.\n\nReason: quiet`,
        detail: { ARN: recommender, NewMinTPS: 2, Reason: "quiet" }
      }
    ],
    [
      "a deleted campaign",
      () => campaignDeletedMessage({ arn: campaign, reason: "idle 24 h" }),
      {
        region: "eu-west-1",
        subject: "Personalize campaign shop-campaign deleted",
        message: `The campaign ${campaign} was deleted; its solution version is kept and can serve a new campaign.\n\nReason: idle 24 h`,
        detail: { ARN: campaign, Reason: "idle 24 h" }
      }
    ],
    [
      "a stopped recommender",
      () => recommenderStoppedMessage({ arn: recommender, reason: "idle 48 h" }),
      {
        region: "us-east-2",
        subject: "Personalize recommender for-you stopped",
        message: `The recommender ${recommender} was stopped (billing and retraining stop; StartRecommender resumes it).\n\nReason: idle 48 h`,
        detail: { ARN: recommender, Reason: "idle 48 h" }
      }
    ],
    [
      "a failed action",
      () => actionFailedMessage({ arn: campaign, action: "DeleteCampaign", error: "ResourceInUseException" }),
      {
        region: "eu-west-1",
        subject: "Personalize monitor: DeleteCampaign failed for shop-campaign",
        message: `DeleteCampaign on ${campaign} failed: ResourceInUseException`,
        detail: { ARN: campaign, Action: "DeleteCampaign", Error: "ResourceInUseException" }
      }
    ],
    [
      "rebuilt dashboards",
      () =>
        dashboardBuiltMessage({
          region: "ap-south-1",
          names: ["ops-1", "ops-2"],
          resources: 7,
          reason: "new campaign"
        }),
      {
        region: "ap-south-1",
        subject: "Personalize monitor dashboard rebuilt (7 resources)",
        message: "Dashboards ops-1, ops-2 rebuilt with 7 resources.\n\nReason: new campaign",
        detail: { Dashboards: ["ops-1", "ops-2"], Resources: 7, Reason: "new campaign" }
      }
    ]
  ])("%s", (_, notification, expected) => {
    // Built inside the test (a call in the table would run while the file loads, outside any test).
    expect(notification()).toEqual(expected)
  })

  it("an ARN that does not parse is named whole, with no region", () => {
    expect(campaignDeletedMessage({ arn: "not-an-arn", reason: "r" })).toMatchObject({
      region: "",
      subject: "Personalize campaign not-an-arn deleted"
    })
    expect(actionFailedMessage({ arn: "x", action: "A", error: "e" })).toMatchObject({
      region: "",
      subject: "Personalize monitor: A failed for x"
    })
  })
})

describe("SNS: per-protocol message and subject rules", () => {
  it("gives e-mail its text, SMS its line, every machine protocol the JSON, default the message", () => {
    const json = { ARN: campaign, n: 1 }
    const message = snsProtocolMessage({
      region: "eu-west-1",
      subject: "s",
      message: "the message",
      protocols: { email: "mail text", sms: "short", json }
    })
    const text = JSON.stringify(json)
    expect(JSON.parse(message)).toEqual({
      default: "the message",
      email: "mail text",
      "email-json": text,
      sqs: text,
      lambda: text,
      http: text,
      https: text,
      sms: "short"
    })
  })

  it.each([
    ["plain ASCII is kept", "Campaign c1 deleted", "Campaign c1 deleted"],
    ["a line break (CR, LF, CRLF, several) becomes one space", "a\nb\r\nc\r\rd\n\ne", "a b c d e"],
    ["non-ASCII and control characters become ?", "caf\u00e9 \u2192 ok\t~", "caf? ? ok?~"],
    ["printable ASCII bounds (space and ~) are kept, DEL is not", " ~\u007f\u001f", " ~??"],
    ["100 characters are kept", "x".repeat(100), "x".repeat(100)],
    ["the 101st is cut", "y".repeat(101), "y".repeat(100)],
    ["cut after replacing, so a line break counts as one", `${"z".repeat(99)}\r\n!`, `${"z".repeat(99)} `]
  ])("%s", (_, input, expected) => {
    expect(snsSubject(input)).toBe(expected)
  })

  it("a failed publish names the operation, the error and its detail", () => {
    const failure = new NotificationFailure({ operation: "Publish", name: "AuthorizationError", detail: "denied" })
    expect(failure.message).toBe("Publish failed: AuthorizationError: denied")
    expect(failure._tag).toBe("NotificationFailure")
  })
})
