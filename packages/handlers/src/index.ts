/** @personalize-ops/handlers — Lambda entry points and Step Functions definitions. */
export {}
