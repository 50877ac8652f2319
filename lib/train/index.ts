export * from "./adam";
export * from "./history";
export * from "./loop";
export * from "./checkpoint";
export * from "./run";
export { NonFiniteLossError, WorkerError } from "./step";
export * from "./workers";
export { liveWorkers } from "./parallel/pool";
