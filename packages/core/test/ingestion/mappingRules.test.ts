import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  decodeMappingRules,
  defaultMappingRules,
  normalizeMappingRules,
  segmentIdentifyFields,
  segmentTrackFields
} from "../../src/ingestion/index.ts"

// The mapping rules file: every meaning check with its exact path and message, and the normalised rules
// (paths pre-split, defaults filled in) as whole values.

const issues = (doc: unknown): ReadonlyArray<string> => {
  const r = decodeMappingRules(doc)
  return Result.isFailure(r) ? r.failure.issues.map((i) => `${i.path}: ${i.message}`) : []
}
const trackFields = [...segmentTrackFields.scalars, ...segmentTrackFields.objects].join(", ")
const identifyFields = [...segmentIdentifyFields.scalars, ...segmentIdentifyFields.objects].join(", ")

describe("mapping rules: what a schema-valid file cannot mean", () => {
  it("names the Segment fields a path may start at", () => {
    expect(trackFields).toBe(
      "type, event, messageId, anonymousId, userId, timestamp, originalTimestamp, sentAt, receivedAt, channel, version, properties, context, integrations"
    )
    expect(identifyFields).toBe(
      "type, messageId, anonymousId, userId, timestamp, originalTimestamp, sentAt, receivedAt, channel, version, traits, context, integrations"
    )
  })

  it.each<[string, unknown, ReadonlyArray<string>]>([
    [
      "a path at no track field",
      { itemId: "product.sku" },
      [`itemId: product.sku: a Segment track event has no field 'product' (it has ${trackFields})`]
    ],
    [
      "each listed path at its index",
      { sessionId: ["anonymousId", "traits.x"] },
      [`sessionId[1]: traits.x: a Segment track event has no field 'traits' (it has ${trackFields})`]
    ],
    [
      "below an id (string or number)",
      { userId: "userId.id" },
      ["userId: userId.id: 'userId' is a string or number, so nothing below it ever has a value"]
    ],
    [
      "below anonymousId",
      { sessionId: "anonymousId.x" },
      ["sessionId: anonymousId.x: 'anonymousId' is a string or number, so nothing below it ever has a value"]
    ],
    [
      "below a string",
      { eventId: "messageId.x" },
      ["eventId: messageId.x: 'messageId' is a string, so nothing below it ever has a value"]
    ],
    ["a scalar or object root alone is fine", { eventId: "messageId", eventValue: "properties", sentAt: "sentAt" }, []],
    [
      "[*] on a root object",
      { itemId: "properties[*].id" },
      ["itemId: properties[*].id: 'properties' is an object, not a list"]
    ],
    [
      "two [*] in one path",
      { itemId: "properties.a[*].b[*].c" },
      ["itemId: properties.a[*].b[*].c: only one [*] per path (one list of elements per event)"]
    ],
    [
      "two different [*] lists",
      { itemId: ["properties.products[*].id", "properties.items[*].id"] },
      ["itemId: [*] paths iterate properties.products and properties.items; one event expands over one list"]
    ],
    [
      "an element path with no itemId over its list",
      { eventValue: "properties.products[*].price" },
      [
        "eventValue: properties.products[*].price: no itemId path iterates properties.products, so there is no element to read this from"
      ]
    ],
    [
      "a property element path with no itemId over its list",
      { properties: { price: "properties.products[*].price" } },
      [
        "properties.price: properties.products[*].price: no itemId path iterates properties.products, so there is no element to read this from"
      ]
    ],
    [
      "an items property element path with no itemId over its list",
      {
        items: { events: ["Product Added"], properties: { price: ["properties.sku", "properties.products[*].price"] } }
      },
      [
        "items.properties.price[1]: properties.products[*].price: no itemId path iterates properties.products, so there is no element to read this from"
      ]
    ],
    [
      "impression may iterate a list of its own (it is the list of items shown)",
      {
        itemId: "properties.products[*].id",
        impression: "properties.products[*].id",
        impressionEvents: ["Product Added"]
      },
      []
    ],
    [
      "element paths over the itemId's list are fine",
      {
        itemId: ["properties.products[*].id", "properties.sku"],
        eventValue: "properties.products[*].price",
        properties: { q: "properties.products[*].quantity" }
      },
      []
    ],
    [
      "impression events that are never sent, and with no [*] itemId",
      { impressionEvents: ["Product List Viewed", "Product Added"] },
      [
        "impressionEvents[0]: 'Product List Viewed' is not in events, so it is never sent",
        "impressionEvents: needs an itemId path with [*] (the ids of the items shown)"
      ]
    ],
    ["an empty impression list needs nothing", { impressionEvents: [] }, []],
    [
      "renames of events that are never sent, checked against the file's own events",
      { events: ["Signed Up"], eventTypes: { "Signed Up": "signup", "Product Added": "add" } },
      ["eventTypes[\"Product Added\"]: 'Product Added' is not in events, so it is never sent"]
    ]
  ])("%s", (_, doc, expected) => {
    expect(issues(doc)).toEqual(expected)
  })

  it.each(["sessionId", "userId", "eventId", "sentAt", "recommendationId"])("%s takes one value per event", (f) => {
    expect(issues({ [f]: "properties.products[*].id" })).toEqual([
      `${f}: properties.products[*].id: ${f} takes one value per event; [*] gives one per element`
    ])
  })

  it.each<[string, unknown, ReadonlyArray<string>]>([
    [
      "identify paths start at identify fields",
      { users: { userId: "properties.id", properties: { plan: ["traits.plan", "event"] } } },
      [
        `users.userId: properties.id: a Segment identify event has no field 'properties' (it has ${identifyFields})`,
        `users.properties.plan[1]: event: a Segment identify event has no field 'event' (it has ${identifyFields})`
      ]
    ],
    [
      "an identify event is one user",
      { users: { userId: ["userId", "traits.ids[*]"], properties: { plan: "traits.plans[*].name" } } },
      [
        "users.userId[1]: traits.ids[*]: an identify event is one user: [*] has no element to read",
        "users.properties.plan: traits.plans[*].name: an identify event is one user: [*] has no element to read"
      ]
    ],
    [
      "below an identify scalar",
      { users: { properties: { plan: "userId.plan" } } },
      ["users.properties.plan: userId.plan: 'userId' is a string or number, so nothing below it ever has a value"]
    ],
    [
      "no fields besides the id",
      { users: { properties: {} }, items: { events: ["Product Added"], properties: {} } },
      [
        "users.properties: a Users dataset needs at least one field besides its id",
        "items.properties: a Items dataset needs at least one field besides its id"
      ]
    ],
    [
      "the id is not a property (any case)",
      {
        users: { properties: { UserId: "traits.id", plan: "traits.plan" } },
        items: { events: ["Product Added"], properties: { itemid: "properties.sku" } }
      },
      [
        "users.properties.UserId: userId is the record's id, not one of its properties",
        "items.properties.itemid: itemId is the record's id, not one of its properties"
      ]
    ],
    [
      "two names of one dataset field (case and _ ignored)",
      {
        users: {
          properties: { numberOfRatings: "traits.n", number_of_ratings: "traits.m", NUMBEROFRATINGS: "traits.o" }
        }
      },
      [
        "users.properties.number_of_ratings: 'number_of_ratings' and 'numberOfRatings' name the same dataset field",
        "users.properties.NUMBEROFRATINGS: 'NUMBEROFRATINGS' and 'numberOfRatings' name the same dataset field"
      ]
    ],
    [
      "valid users and items rules",
      {
        users: { userId: ["userId", "traits.id"], properties: { plan: "traits.plan" } },
        items: { events: ["Product Added"], properties: { price: "properties.price" } }
      },
      []
    ]
  ])("users and items: %s", (_, doc, expected) => {
    expect(issues(doc)).toEqual(expected)
  })

  it.each<[string, unknown, RegExp]>([
    ["a path with an empty segment", { itemId: "properties..sku" }, /^itemId: /],
    ["an empty path list", { itemId: [] }, /^itemId: /],
    ["an empty event list", { events: [] }, /^events: /],
    ["an empty event name", { events: [""] }, /^events\[0\]: /],
    ["a 257-character event name", { events: ["e".repeat(257)] }, /^events\[0\]: /],
    ["items without events", { items: { events: [], properties: { a: "properties.a" } } }, /^items\.events: /],
    ["an unknown key", { itemID: "properties.sku" }, /^itemID: Expected no excess property$/]
  ])("the schema refuses %s", (_, doc, pattern) => {
    const found = issues(doc)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(pattern)
  })

  // A name its key schema refuses is named with the schema's reason, not reported as an excess property.
  it.each<[string, unknown, string]>([
    [
      "a property name PutEvents reserves (any case)",
      { properties: { EventType: "event" } },
      "properties.EventType: Expected a name other than userId, sessionId, eventType, timestamp, recommendationId (reserved by PutEvents)"
    ],
    [
      "a property name not camelCase",
      { properties: { _x: "event" } },
      "properties._x: Expected a camelCase property name"
    ],
    [
      "a dataset property name not camelCase",
      { users: { properties: { "1x": "traits.a" } } },
      'users.properties["1x"]: Expected a camelCase property name (the dataset field CATEGORY_L1 is categoryL1)'
    ],
    [
      "an items property name not camelCase",
      { items: { events: ["Product Added"], properties: { "CATEGORY-L1": "properties.category" } } },
      "items.properties.CATEGORY-L1: Expected a camelCase property name (the dataset field CATEGORY_L1 is categoryL1)"
    ],
    [
      "an empty event name to rename",
      { eventTypes: { "": "click" } },
      'eventTypes[""]: Expected a value with a length of at least 1'
    ]
  ])("the schema refuses %s, saying why", (_, doc, expected) => {
    expect(issues(doc)).toEqual([expected])
  })

  it("the schema accepts a 256-character event name and any [*] path shape it can split", () => {
    expect(issues({ events: ["e".repeat(256)] })).toEqual([])
    expect(issues({ itemId: "properties.products[*].id" })).toEqual([])
  })
})

describe("mapping rules: normalised", () => {
  it("the default rules are the seed's, every path split", () => {
    expect(defaultMappingRules).toEqual({
      events: new Set(["Product Added", "Order Completed", "Product Clicked"]),
      impressionEvents: new Set(),
      elements: undefined,
      eventTypes: {},
      itemId: [
        ["properties", "sku"],
        ["properties", "product_id"]
      ],
      itemIdRequired: true,
      sessionId: [["anonymousId"], ["userId"]],
      userId: [["userId"]],
      eventId: [["messageId"]],
      sentAt: [["timestamp"]],
      eventValue: [],
      impression: [],
      recommendationId: [],
      properties: [],
      users: undefined,
      items: undefined
    })
    const decoded = decodeMappingRules({})
    expect(Result.isSuccess(decoded) && decoded.success).toEqual(defaultMappingRules)
  })

  it("every field given replaces its default; the [*] list of the itemId paths is the elements", () => {
    expect(
      normalizeMappingRules({
        events: ["Viewed"],
        impressionEvents: ["Viewed"],
        eventTypes: { Viewed: "view" },
        itemId: ["properties.sku", "properties.products[*].id"],
        itemIdRequired: false,
        sessionId: "context.session",
        userId: ["userId", "context.traits.id"],
        eventId: "properties.eid",
        sentAt: "sentAt",
        eventValue: "properties.products[*].price",
        impression: "properties.shown",
        recommendationId: "properties.rid",
        properties: { q: "properties.products[*].quantity", brand: ["properties.brand", "context.brand"] },
        users: { userId: "traits.uid", properties: { plan: "traits.plan" } },
        items: { events: ["Viewed", "Added"], properties: { price: "properties.products[*].price" } }
      })
    ).toEqual({
      events: new Set(["Viewed"]),
      impressionEvents: new Set(["Viewed"]),
      elements: ["properties", "products"],
      eventTypes: { Viewed: "view" },
      itemId: [
        ["properties", "sku"],
        ["properties", "products", "[*]", "id"]
      ],
      itemIdRequired: false,
      sessionId: [["context", "session"]],
      userId: [["userId"], ["context", "traits", "id"]],
      eventId: [["properties", "eid"]],
      sentAt: [["sentAt"]],
      eventValue: [["properties", "products", "[*]", "price"]],
      impression: [["properties", "shown"]],
      recommendationId: [["properties", "rid"]],
      properties: [
        ["q", [["properties", "products", "[*]", "quantity"]]],
        [
          "brand",
          [
            ["properties", "brand"],
            ["context", "brand"]
          ]
        ]
      ],
      users: { userId: [["traits", "uid"]], properties: [["plan", [["traits", "plan"]]]] },
      items: {
        events: new Set(["Viewed", "Added"]),
        properties: [["price", [["properties", "products", "[*]", "price"]]]]
      }
    })
  })

  it("a users rule without its userId reads the event's userId", () => {
    expect(normalizeMappingRules({ users: { properties: { plan: "traits.plan" } } }).users).toEqual({
      userId: [["userId"]],
      properties: [["plan", [["traits", "plan"]]]]
    })
  })
})
