export * from "./MemoryMonitoring.ts"
export * from "./simulateMonitor.ts"
export * from "./TrafficProfile.ts"
