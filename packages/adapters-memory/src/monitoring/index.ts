export * from "./MemoryMonitoring.ts"
export * from "./TrafficProfile.ts"
