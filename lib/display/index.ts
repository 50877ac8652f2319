export * from "./jupyter";
