/** A small valid config in our own format: one dataset, one solution with one campaign. */
export const shopConfig = {
  format: "personalize-ops/v1",
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schema: {
        type: "record",
        name: "Interactions",
        fields: [
          { name: "USER_ID", type: "string" },
          { name: "ITEM_ID", type: "string" },
          { name: "TIMESTAMP", type: "long" }
        ]
      }
    }
  },
  solutions: [
    {
      name: "up",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      campaigns: [{ name: "up-campaign" }]
    }
  ]
}
