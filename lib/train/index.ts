export * from "./adam";
export * from "./history";
export * from "./loop";
export * from "./checkpoint";
export * from "./run";
