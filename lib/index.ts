export * from "./backend";
export * from "./data";
export * from "./models";
export * from "./train";
export * from "./eval";
export * from "./plots";
export * from "./display";
export { deriveSeed, Rng, permutation } from "./util/random";
export * from "./notebook";
