import { publishProvenance } from "./provenance";

export * from "./profile";
export * from "./record";
export * from "./answer";
export * from "./provenance";
export * from "./classifier";
export * from "./in-turn";
export {
  CONCLUSIONS, readConclusions, realismAlongPaths, realismDifference, strayAlongPaths,
  type GapScores, type PathScores, type Stray,
} from "./conclusions";
export { atFull, loadFullRun } from "./full-run";
export {
  comparePytorch, DOCUMENT_FIGURES, FULL_PROFILE_GOALS, PYTORCH_RUNS, pytorchRun, pytorchSentence,
  type DocumentLoss, type PytorchComparison, type PytorchRun,
} from "./references";

publishProvenance();
export {
  accuracySentence, balanceLine, goalLine, scoreComparisonAnswer, type GoalCheck, type ScoreNames,
} from "./score-answer";
export { trainingCost, trainPreset, trainWithProgress, type TrainingCost } from "./train-preset";
export { seedSpread, type SeedRun, type SeedSpread, type SeedSpreadOptions } from "./seed-spread";
export { betaSearch, scoreBeta, type BetaScore, type BetaSearchOptions } from "./beta-search";
