export * from "./messages.ts"
export * from "./Notifications.ts"
