export const x = 1;
export * from "./display";
