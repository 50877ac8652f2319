export * from "./jupyter";
export * from "./bundles";
export * from "./formatters";
export * from "./show";
export * from "./progress";
export * from "./mime";
export * from "./terminal";
