export * from "./test-loss";
