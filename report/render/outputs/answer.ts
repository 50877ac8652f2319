import { ANSWER_MIME, type AnswerData } from "../../../lib/display/mime";
import type { Plugin } from "../core";

/**
 * Answers (`lab.answer`): their markdown rendered with the report's plugins (math included) in a box
 * marked "Answer", so a grader finds every one. Headings inside an answer stay out of the contents.
 */
export const answers: Plugin = (r) => {
  r.rules[ANSWER_MIME] = (value, _out, env) => {
    const a = value as AnswerData;
    if (!a || typeof a.markdown !== "string") throw new Error(`${env.notebook}: invalid ${ANSWER_MIME} output: no markdown`);
    const collect = env.collectToc;
    env.collectToc = false;
    try {
      return `<aside class="answer" role="note"><p class="answer-label">Answer</p>\n${r.markdown(a.markdown, env)}</aside>\n`;
    } finally {
      env.collectToc = collect;
    }
  };
};
