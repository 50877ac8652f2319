import { publishProvenance } from "./provenance";

export * from "./profile";
export * from "./record";
export * from "./answer";
export * from "./provenance";
export * from "./classifier";
export * from "./in-turn";
export { CONCLUSIONS, readConclusions, realismAlongPaths, realismDifference, type PathScores } from "./conclusions";
export { atFull, loadFullRun } from "./full-run";
export { comparePytorch, PYTORCH_RUNS, pytorchRun, pytorchSentence, type PytorchComparison, type PytorchRun } from "./references";

publishProvenance();
