export * from "./InputIssues.ts"
export * from "./JsonDepth.ts"
