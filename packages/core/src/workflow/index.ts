export * from "./Asl.ts"
export * from "./LoopState.ts"
export * from "./reconcileLoop.ts"
