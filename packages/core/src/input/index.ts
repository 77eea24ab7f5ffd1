export * from "./InputIssues.ts"
