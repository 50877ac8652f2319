export * from "./idx";
export * from "./dataset";
export * from "./mnist";
export * from "./colored";
export * from "./batches";
export * from "./load";
export * from "./split";
export * from "./pick";
