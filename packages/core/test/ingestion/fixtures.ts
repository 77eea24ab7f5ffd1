/** A Segment track event as the seed expects it; override any field. */
// As JSON would carry it: an override of `undefined` removes the key.
export const trackEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify({
      type: "track",
      event: "Product Added",
      messageId: "msg-1",
      anonymousId: "anon-1",
      userId: "user-1",
      timestamp: "2024-03-01T12:34:56.789Z",
      properties: { sku: "SKU-1", product_id: "P-1", price: 19.99 },
      ...overrides
    })
  )
