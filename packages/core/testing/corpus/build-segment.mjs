// Writes segment.ndjson: Segment payloads shaped after the public sources in README.md, each with the
// outcome expected under each rules file of this folder (written by hand here, never computed by the
// code under test). Run: node build-segment.mjs
import { writeFileSync } from "node:fs"

const cases = []
let n = 0
/** A Segment track envelope as analytics.js delivers it (shape of PIXEL), around a spec payload. */
const track = (event, properties, o = {}) => {
  n++
  const id = String(n).padStart(3, "0")
  return {
    anonymousId: `anon-${o.session ?? "a"}`,
    context: {
      ip: "12.179.173.27",
      library: { name: "analytics.js", version: "3.8.2" },
      page: { url: "https://www.example.com/" }
    },
    event,
    integrations: {},
    messageId: `ajs-${id}5fef4d8615e8f95d88988d0cb77e60`,
    originalTimestamp: "2019-06-18T17:16:11.546Z",
    properties,
    receivedAt: "2019-06-18T17:16:11.579Z",
    sentAt: "2019-06-18T17:16:11.554Z",
    timestamp: `2019-06-18T17:16:${String(10 + (n % 40)).padStart(2, "0")}.571Z`,
    type: "track",
    userId: o.userId === undefined ? null : o.userId,
    ...o.extra
  }
}
const add = (source, note, event, expect) =>
  cases.push({ id: `seg-${String(cases.length + 1).padStart(3, "0")}`, source, note, event, expect })
const drop = (obj, ...keys) => {
  const c = { ...obj }
  for (const k of keys) delete c[k]
  return c
}

// The spec's two catalogue products (SPEC_EC), reused across the core-ordering events.
const monopoly = {
  product_id: "507f1f77bcf86cd799439011",
  sku: "45790-32",
  name: "Monopoly: 3rd Edition",
  price: 19,
  quantity: 1,
  category: "Games",
  url: "https://www.example.com/product/path",
  image_url: "https://www.example.com/product/path.jpg"
}
const uno = {
  product_id: "505bd76785ebb509fc183733",
  sku: "46493-32",
  name: "Uno Card Game",
  price: 3,
  quantity: 2,
  category: "Games"
}
const clicked = {
  product_id: "507f1f77bcf86cd799439011",
  sku: "G-32",
  category: "Games",
  name: "Monopoly: 3rd Edition",
  brand: "Hasbro",
  variant: "200 pieces",
  price: 18.99,
  quantity: 1,
  coupon: "MAYDEALS",
  position: 3,
  url: "https://www.example.com/product/path",
  image_url: "https://www.example.com/product/path.jpg"
}
const order = {
  checkout_id: "fksdjfsdjfisjf9sdfjsd9f",
  order_id: "50314b8e9bcf000000000000",
  affiliation: "Google Store",
  total: 27.5,
  subtotal: 22.5,
  revenue: 25,
  shipping: 3,
  tax: 2,
  discount: 2.5,
  coupon: "hasbros",
  currency: "USD",
  products: [monopoly, uno]
}

const sent = (items) => ({ outcome: "sent", items })
const skipped = (reason) => ({ outcome: "skipped", reason })
const invalid = (reason) => ({ outcome: "invalid", reason })
const notListed = (name) => skipped(`event '${name}' is not in the allowlist`)
const noItem = invalid("itemId: missing properties.sku or properties.product_id")
// Under ecommerce rules: one interaction per product, with the product's price and quantity.
const perProduct = (eventType, products) => ({
  outcome: "sent",
  eventType,
  items: products.map((p) => p.item),
  values: products.map((p) => p.value),
  quantities: products.map((p) => p.quantity)
})

// --- Browsing (SPEC_EC) ---------------------------------------------------------------------------
add("SPEC_EC", "Products Searched: a query, no product", track("Products Searched", { query: "blue roses" }), {
  default: notListed("Products Searched"),
  ecommerce: notListed("Products Searched")
})
const listViewed = {
  list_id: "hot_deals_1",
  category: "Deals",
  products: [
    { ...drop(monopoly, "quantity"), position: 1 },
    { ...drop(uno, "quantity"), position: 2 }
  ]
}
add("SPEC_EC", "Product List Viewed: two products shown", track("Product List Viewed", listViewed, { session: "b" }), {
  default: notListed("Product List Viewed"),
  ecommerce: {
    outcome: "sent",
    eventType: "Product List Viewed",
    impressions: [["507f1f77bcf86cd799439011", "505bd76785ebb509fc183733"]]
  }
})
add(
  "PIXEL",
  "Product List Viewed as delivered (full envelope, originalTimestamp/receivedAt)",
  {
    anonymousId: "70bbe85a-97db-49da-b36f-419dd858f3be",
    context: {
      ip: "12.179.173.27",
      library: { name: "analytics.js", version: "3.8.2" },
      page: { title: "Toys", url: "https://toys.example.com" }
    },
    event: "Product List Viewed",
    integrations: {},
    messageId: "ajs-515fef4d8615e8f95d88988d0cb77e60",
    originalTimestamp: "2019-06-18T17:16:11.546Z",
    properties: listViewed,
    receivedAt: "2019-06-18T17:16:11.579Z",
    sentAt: "2019-06-18T17:16:11.554Z",
    timestamp: "2019-06-18T17:16:11.571Z",
    type: "track"
  },
  {
    default: notListed("Product List Viewed"),
    ecommerce: {
      outcome: "sent",
      eventType: "Product List Viewed",
      impressions: [["507f1f77bcf86cd799439011", "505bd76785ebb509fc183733"]]
    }
  }
)
const filtered = {
  list_id: "todays_deals_may_11_2019",
  filters: [
    { type: "department", value: "beauty" },
    { type: "price", value: "under-$25" }
  ],
  sorts: [{ type: "price", value: "desc" }],
  products: [
    {
      product_id: "507f1f77bcf86cd798439011",
      sku: "45360-32",
      name: "Special Facial Soap",
      price: 12.6,
      position: 1,
      category: "Beauty"
    },
    {
      product_id: "505bd76785ebb509fc283733",
      sku: "46573-32",
      name: "Fancy Hairbrush",
      price: 7.6,
      position: 2,
      category: "Beauty"
    }
  ]
}
add(
  "SPEC_EC",
  "Product List Filtered: filters, sorts and two products",
  track("Product List Filtered", filtered, { session: "b" }),
  {
    default: notListed("Product List Filtered"),
    ecommerce: {
      outcome: "sent",
      eventType: "Product List Filtered",
      impressions: [["507f1f77bcf86cd798439011", "505bd76785ebb509fc283733"]]
    }
  }
)
const bigList = {
  list_id: "all_games",
  category: "Games",
  products: Array.from({ length: 30 }, (_, i) => ({ product_id: `game-${i + 1}`, position: i + 1 }))
}
add(
  "SPEC_EC",
  "Product List Viewed with 30 products: more than one PutEvents impression list (25 max)",
  track("Product List Viewed", bigList, { session: "b" }),
  {
    default: notListed("Product List Viewed"),
    ecommerce: {
      outcome: "sent",
      eventType: "Product List Viewed",
      impressions: [
        bigList.products.slice(0, 25).map((p) => p.product_id),
        bigList.products.slice(25).map((p) => p.product_id)
      ]
    }
  }
)

// --- Promotions (SPEC_EC) -------------------------------------------------------------------------
const promo = {
  promotion_id: "promo_1",
  creative: "top_banner_2",
  name: "75% store-wide shoe sale",
  position: "home_banner_top"
}
add("SPEC_EC", "Promotion Viewed", track("Promotion Viewed", promo), {
  default: notListed("Promotion Viewed"),
  ecommerce: notListed("Promotion Viewed")
})
add("SPEC_EC", "Promotion Clicked", track("Promotion Clicked", promo), {
  default: notListed("Promotion Clicked"),
  ecommerce: notListed("Promotion Clicked")
})

// --- Core ordering (SPEC_EC) ----------------------------------------------------------------------
add(
  "SPEC_EC",
  "Product Clicked: sku and product_id differ (sku wins under the default rules)",
  track("Product Clicked", clicked, { session: "c" }),
  {
    default: sent(["G-32"]),
    ecommerce: perProduct("Product Clicked", [{ item: "507f1f77bcf86cd799439011", value: 18.99, quantity: 1 }])
  }
)
add("SPEC_EC", "Product Viewed", track("Product Viewed", clicked, { session: "c" }), {
  default: notListed("Product Viewed"),
  ecommerce: perProduct("Product Viewed", [{ item: "507f1f77bcf86cd799439011", value: 18.99, quantity: 1 }])
})
const added = {
  cart_id: "skdjsidjsdkdj29j",
  product_id: "507f1f77bcf86cd799439011",
  sku: "G-32",
  category: "Games",
  name: "Monopoly: 3rd Edition",
  brand: "Hasbro",
  variant: "200 pieces",
  price: 18.99,
  quantity: 1,
  coupon: "MAYDEALS",
  position: 3
}
const addedEvent = track("Product Added", added, { session: "c" })
add("SPEC_EC", "Product Added", addedEvent, {
  default: sent(["G-32"]),
  ecommerce: perProduct("Product Added", [{ item: "507f1f77bcf86cd799439011", value: 18.99, quantity: 1 }])
})
add("SPEC_EC", "Product Removed", track("Product Removed", added, { session: "c" }), {
  default: notListed("Product Removed"),
  ecommerce: perProduct("Product Removed", [{ item: "507f1f77bcf86cd799439011", value: 18.99, quantity: 1 }])
})
add(
  "SPEC_EC",
  "Cart Viewed: two products in the cart",
  track(
    "Cart Viewed",
    {
      cart_id: "skdjsidjsdkdj29j",
      products: [
        { ...monopoly, position: 1 },
        { ...uno, position: 2 }
      ]
    },
    { session: "c" }
  ),
  {
    default: notListed("Cart Viewed"),
    ecommerce: perProduct("Cart Viewed", [
      { item: monopoly.product_id, value: 19, quantity: 1 },
      { item: uno.product_id, value: 3, quantity: 2 }
    ])
  }
)
add(
  "SPEC_EC",
  "Checkout Started: products[] and order totals",
  track("Checkout Started", drop(order, "checkout_id", "subtotal"), { session: "c" }),
  {
    default: notListed("Checkout Started"),
    ecommerce: perProduct("Checkout Started", [
      { item: monopoly.product_id, value: 19, quantity: 1 },
      { item: uno.product_id, value: 3, quantity: 2 }
    ])
  }
)
add(
  "SPEC_EC",
  "Checkout Step Viewed",
  track("Checkout Step Viewed", {
    checkout_id: "50314b8e9bcf000000000000",
    step: 2,
    shipping_method: "Fedex",
    payment_method: "Visa"
  }),
  { default: notListed("Checkout Step Viewed"), ecommerce: notListed("Checkout Step Viewed") }
)
add(
  "SPEC_EC",
  "Checkout Step Completed",
  track("Checkout Step Completed", {
    checkout_id: "50314b8e9bcf000000000000",
    step: 2,
    shipping_method: "Fedex",
    payment_method: "Visa"
  }),
  { default: notListed("Checkout Step Completed"), ecommerce: notListed("Checkout Step Completed") }
)
add(
  "SPEC_EC",
  "Payment Info Entered",
  track("Payment Info Entered", {
    checkout_id: "39f39fj39f3jf93fj9fj39fj3f",
    order_id: "dkfsjidfjsdifsdfksdjfkdsfjsdfkdsf"
  }),
  { default: notListed("Payment Info Entered"), ecommerce: notListed("Payment Info Entered") }
)
add(
  "SPEC_EC",
  "Order Updated: products[]",
  track("Order Updated", drop(order, "checkout_id", "subtotal"), { session: "d", userId: "user-d" }),
  {
    default: notListed("Order Updated"),
    ecommerce: perProduct("Order Updated", [
      { item: monopoly.product_id, value: 19, quantity: 1 },
      { item: uno.product_id, value: 3, quantity: 2 }
    ])
  }
)
add(
  "SPEC_EC",
  "Order Completed: products[] and no top-level product (the default rules find no item)",
  track("Order Completed", order, { session: "d", userId: "user-d" }),
  {
    default: noItem,
    ecommerce: perProduct("Purchase", [
      { item: monopoly.product_id, value: 19, quantity: 1 },
      { item: uno.product_id, value: 3, quantity: 2 }
    ])
  }
)
add(
  "SPEC_EC",
  "Order Refunded: products[]",
  track(
    "Order Refunded",
    { order_id: "50314b8e9bcf000000000000", total: 30, currency: "USD", products: [monopoly, uno] },
    { session: "d", userId: "user-d" }
  ),
  { default: notListed("Order Refunded"), ecommerce: notListed("Order Refunded") }
)
add(
  "SPEC_EC",
  "Order Cancelled: products[]",
  track("Order Cancelled", drop(order, "checkout_id", "subtotal"), { session: "d", userId: "user-d" }),
  { default: notListed("Order Cancelled"), ecommerce: notListed("Order Cancelled") }
)

// --- Coupons, wishlist, sharing, reviews (SPEC_EC) -------------------------------------------------
for (const [name, props] of [
  [
    "Coupon Entered",
    { order_id: "50314b8e9bcf000000000000", cart_id: "923923929jd29jd92dj9j93fj3", coupon_id: "may_deals_2016" }
  ],
  [
    "Coupon Applied",
    {
      order_id: "50314b8e9bcf000000000000",
      cart_id: "923923929jd29jd92dj9j93fj3",
      coupon_id: "may_deals_2016",
      coupon_name: "May Deals 2016",
      discount: 23.32
    }
  ],
  [
    "Coupon Denied",
    {
      order_id: "50314b8e9bcf000000000000",
      cart_id: "923923929jd29jd92dj9j93fj3",
      coupon: "may_deals_2016",
      reason: "Coupon expired"
    }
  ],
  [
    "Coupon Removed",
    {
      order_id: "50314b8e9bcf000000000000",
      cart_id: "923923929jd29jd92dj9j93fj3",
      coupon_id: "may_deals_2016",
      coupon_name: "May Deals 2016",
      discount: 23.32
    }
  ]
])
  add("SPEC_EC", name, track(name, props), { default: notListed(name), ecommerce: notListed(name) })
const wish = { wishlist_id: "skdjsidjsdkdj29j", wishlist_name: "Loved Games", ...clicked }
add("SPEC_EC", "Product Added to Wishlist", track("Product Added to Wishlist", wish, { session: "e" }), {
  default: notListed("Product Added to Wishlist"),
  ecommerce: perProduct("Product Added to Wishlist", [{ item: clicked.product_id, value: 18.99, quantity: 1 }])
})
add("SPEC_EC", "Product Removed from Wishlist", track("Product Removed from Wishlist", wish, { session: "e" }), {
  default: notListed("Product Removed from Wishlist"),
  ecommerce: notListed("Product Removed from Wishlist")
})
add(
  "SPEC_EC",
  "Wishlist Product Added to Cart",
  track("Wishlist Product Added to Cart", { ...wish, cart_id: "99j2d92j9dj29dj29d2d" }, { session: "e" }),
  {
    default: notListed("Wishlist Product Added to Cart"),
    ecommerce: perProduct("Wishlist Product Added to Cart", [{ item: clicked.product_id, value: 18.99, quantity: 1 }])
  }
)
add(
  "SPEC_EC",
  "Product Shared",
  track(
    "Product Shared",
    {
      share_via: "email",
      share_message: "Hey, check out this item",
      recipient: "friend@example.com",
      ...drop(clicked, "quantity", "coupon", "position")
    },
    { session: "e" }
  ),
  {
    default: notListed("Product Shared"),
    ecommerce: perProduct("Product Shared", [{ item: clicked.product_id, value: 18.99, quantity: undefined }])
  }
)
add(
  "SPEC_EC",
  "Cart Shared: products carry only ids",
  track(
    "Cart Shared",
    {
      share_via: "email",
      share_message: "Hey, check out this item",
      recipient: "friend@example.com",
      cart_id: "d92jd29jd92jd29j92d92jd",
      products: [{ product_id: "507f1f77bcf86cd799439011" }, { product_id: "505bd76785ebb509fc183733" }]
    },
    { session: "e" }
  ),
  { default: notListed("Cart Shared"), ecommerce: notListed("Cart Shared") }
)
add(
  "SPEC_EC",
  "Product Reviewed: a review, no price",
  track(
    "Product Reviewed",
    {
      product_id: "507f1f77bcf86cd799439011",
      review_id: "kdfjrj39fj39jf3",
      review_body: "I love this product",
      rating: "5"
    },
    { session: "e" }
  ),
  {
    default: notListed("Product Reviewed"),
    ecommerce: perProduct("Product Reviewed", [
      { item: "507f1f77bcf86cd799439011", value: undefined, quantity: undefined }
    ])
  }
)

// --- Real-world variations --------------------------------------------------------------------------
// GIST_OC: an ERB template renders every number as a string ('19.99', '2').
const erbOrder = {
  order_id: "R312364650",
  affiliation: "Main Store",
  total: "29.99",
  shipping: "10.0",
  tax: "0.0",
  discount: "0.0",
  coupon: "",
  currency: "USD",
  products: [
    { product_id: "1042", sku: "SPR-00012", name: "Ruby on Rails Tote", price: "15.99", quantity: "1" },
    { product_id: "1043", sku: "SPR-00013", name: "Ruby on Rails Bag", price: "14.00", quantity: "1" }
  ]
}
add(
  "GIST_OC",
  "Order Completed rendered by a server template: prices and quantities are strings",
  track("Order Completed", erbOrder, { session: "f", userId: "42" }),
  {
    default: noItem,
    ecommerce: perProduct("Purchase", [
      { item: "1042", value: 15.99, quantity: "1" },
      { item: "1043", value: 14, quantity: "1" }
    ])
  }
)
// PASTE_NUM: product ids as JSON numbers.
add(
  "PASTE_NUM",
  "Order Completed with numeric product ids",
  track(
    "Order Completed",
    {
      order_id: 12345,
      products: [
        { product_id: 34, name: "Super product", quantity: 1, price: 10 },
        { product_id: 56, name: "Wonder product", quantity: 3, price: 5 }
      ]
    },
    { session: "f", userId: "42" }
  ),
  {
    default: noItem,
    ecommerce: perProduct("Purchase", [
      { item: "34", value: 10, quantity: 1 },
      { item: "56", value: 5, quantity: 3 }
    ])
  }
)
add(
  "SPEC_EC",
  "Order Completed with an empty products list",
  track("Order Completed", { ...order, products: [] }, { session: "f", userId: "42" }),
  { default: noItem, ecommerce: invalid("itemId: missing") }
)
add(
  "SPEC_EC",
  "Order Completed where one product has neither product_id nor sku",
  track(
    "Order Completed",
    { ...order, products: [monopoly, drop(uno, "product_id", "sku")] },
    { session: "f", userId: "42" }
  ),
  { default: noItem, ecommerce: invalid("itemId: missing properties.products[1]") }
)
add(
  "SPEC_EC",
  "Order Completed whose products is an object, not a list",
  track("Order Completed", { ...order, products: { 0: monopoly } }, { session: "f", userId: "42" }),
  { default: noItem, ecommerce: invalid("properties.products must be a list") }
)
// PASTE_AUTOPILOT: a server-side track with only a userId (no anonymousId): the session falls back to the user.
add(
  "PASTE_AUTOPILOT",
  "server-side track with a userId and no anonymousId",
  drop(
    track("Product Added", { sku: "SKU-77", product_id: "77", price: 12 }, { userId: "user-server-1" }),
    "anonymousId"
  ),
  {
    default: { outcome: "sent", items: ["SKU-77"], sessionId: "user-server-1" },
    ecommerce: { outcome: "sent", eventType: "Product Added", items: ["77"], sessionId: "user-server-1" }
  }
)
add(
  "PASTE_AUTOPILOT",
  "server-side track with a numeric userId and no anonymousId",
  drop(track("Product Added", { sku: "SKU-78", product_id: "78" }, { userId: 1234567 }), "anonymousId"),
  {
    default: { outcome: "sent", items: ["SKU-78"], sessionId: "1234567", userId: "1234567" },
    ecommerce: { outcome: "sent", eventType: "Product Added", items: ["78"], sessionId: "1234567", userId: "1234567" }
  }
)
add(
  "GIST_IDENT",
  "anonymousId and userId null (logged out), as analytics.js sends it",
  track("Product Clicked", { product_id: "P-9", sku: "SKU-9" }, { session: "4abe8c58-3c84-404b-8f56-f4c259f610ed" }),
  { default: sent(["SKU-9"]), ecommerce: { outcome: "sent", eventType: "Product Clicked", items: ["P-9"] } }
)
add(
  "SPEC_EC",
  "no messageId (a hand-rolled HTTP source): the event id comes from the content",
  drop(track("Product Added", { product_id: "P-10", sku: "SKU-10" }, { session: "g" }), "messageId"),
  {
    default: { outcome: "sent", items: ["SKU-10"], derivedEventId: true },
    ecommerce: { outcome: "sent", eventType: "Product Added", items: ["P-10"], derivedEventId: true }
  }
)
add(
  "SPEC_EC",
  "a timestamp with a +05:30 offset",
  track(
    "Product Added",
    { product_id: "P-11", sku: "SKU-11" },
    { session: "g", extra: { timestamp: "2019-06-18T22:46:11.571+05:30" } }
  ),
  {
    default: { outcome: "sent", items: ["SKU-11"], sentAt: 1560878171.571 },
    ecommerce: { outcome: "sent", eventType: "Product Added", items: ["P-11"], sentAt: 1560878171.571 }
  }
)
add(
  "TESTDATA",
  "timestamp as an epoch-seconds string, not ISO-8601",
  track("Product Added", { product_id: "P-12", sku: "SKU-12" }, { session: "g", extra: { timestamp: "1700293387" } }),
  { default: invalid("sentAt:"), ecommerce: invalid("sentAt:") }
)
add(
  "SPEC_EC",
  "a review body longer than PutEvents' 1,024-character properties",
  track(
    "Product Reviewed",
    {
      product_id: "507f1f77bcf86cd799439011",
      review_id: "kdfjrj39fj39jf3",
      review_body: "I love this product. ".repeat(60),
      rating: "5"
    },
    { session: "e" }
  ),
  {
    default: notListed("Product Reviewed"),
    ecommerce: {
      outcome: "sent",
      eventType: "Product Reviewed",
      items: ["507f1f77bcf86cd799439011"],
      droppedProperties: ["reviewBody"]
    }
  }
)
add(
  "SPEC_EC",
  "a duplicate delivery of an earlier Product Added (same messageId)",
  track("Product Added", added, { session: "c", extra: { messageId: addedEvent.messageId } }),
  { default: skipped("duplicate of record"), ecommerce: skipped("duplicate of record") }
)

// --- Other call types (SPEC_ID, GIST_IDENT, RUDDER_ID, TESTDATA) ----------------------------------------------
add(
  "SPEC_ID",
  "identify: the spec's minimal payload",
  {
    type: "identify",
    traits: { name: "Peter Gibbons", email: "peter@example.com", plan: "premium", logins: 5 },
    userId: "97980cfea0067",
    messageId: "ident-001",
    timestamp: "2019-06-18T17:16:11.571Z"
  },
  {
    default: skipped("type 'identify' is not a track event"),
    ecommerce: skipped("type 'identify' is not a track event")
  }
)
add(
  "GIST_IDENT",
  "identify from analytics.js: userId null, traits, _metadata",
  {
    integrations: {},
    context: {
      page: { path: "/", referrer: "", search: "", title: "Home", url: "https://www.example.com/" },
      userAgent: "Mozilla/5.0",
      library: { name: "analytics.js", version: "3.9.0" }
    },
    traits: { crossDomainId: "41a1c8f6-3f05-4664-99ea-f83ade351826" },
    userId: null,
    messageId: "ajs-1927dbe0bfa3380e80647d673440ba63",
    anonymousId: "4abe8c58-3c84-404b-8f56-f4c259f610ed",
    timestamp: "2019-08-15T16:27:08.353Z",
    type: "identify",
    sentAt: "2019-08-15T16:27:08.365Z",
    _metadata: { bundled: ["Segment.io"], unbundled: [] }
  },
  {
    default: skipped("type 'identify' is not a track event"),
    ecommerce: skipped("type 'identify' is not a track event")
  }
)
add(
  "RUDDER_ID",
  "identify with traits under context",
  {
    type: "identify",
    context: { traits: { name: "Richard Hendricks", email: "rhedricks@example.com", logins: 2 } },
    userId: "27340af5c8819",
    messageId: "ident-003",
    timestamp: "2019-06-18T17:16:11.571Z"
  },
  {
    default: skipped("type 'identify' is not a track event"),
    ecommerce: skipped("type 'identify' is not a track event")
  }
)
add(
  "PIXEL",
  "a page call (same envelope, type page)",
  {
    ...drop(track("x", {}), "event"),
    type: "page",
    name: "Home",
    properties: { title: "Toys", url: "https://toys.example.com" }
  },
  { default: skipped("type 'page' is not a track event"), ecommerce: skipped("type 'page' is not a track event") }
)
add(
  "PIXEL",
  "a screen call",
  { ...drop(track("x", {}), "event"), type: "screen", name: "Cart" },
  { default: skipped("type 'screen' is not a track event"), ecommerce: skipped("type 'screen' is not a track event") }
)
add(
  "TESTDATA",
  "track with an unlisted custom event name and revenue",
  track(
    "Product Purchased new",
    { name: "Shirt", revenue: 4.99 },
    { userId: "sridhar@example.com", session: "anon-id-new" }
  ),
  { default: notListed("Product Purchased new"), ecommerce: notListed("Product Purchased new") }
)
add("SPEC_EC", "a track event without the event field", drop(track("Product Added", { sku: "S" }), "event"), {
  default: invalid("event: missing"),
  ecommerce: invalid("event: missing")
})

writeFileSync(new URL("segment.ndjson", import.meta.url), `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`)
console.log(`${cases.length} cases`)
