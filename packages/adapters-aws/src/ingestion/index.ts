export * from "./PersonalizeEventsAws.ts"
export * from "./SqsDeadLetter.ts"
