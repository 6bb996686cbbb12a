export type RequestCategory = 'code' | 'creative' | 'general';

export interface RoutingDecision {
  category: RequestCategory;
  model: string;
  scores: Record<RequestCategory, number>;
}

/** Which model is best for what (seed: Claude for code, GPT-4o for creative work). */
export const CATEGORY_MODELS: Readonly<Record<RequestCategory, string>> = {
  code: 'claude-3-5-sonnet',
  creative: 'gpt-4o',
  general: 'gpt-4o-mini',
};

const CODE_SIGNALS: Array<[RegExp, number]> = [
  [/```|=>|\(\)|\{\s*\}|;\s*$|::|<\/?[a-z]+>/m, 3],
  [
    /\b(function|class|method|variable|compile[sr]?|bug|debug|refactor|stack ?trace|exception|regex|sql|query|api|endpoint|algorithm|unit tests?|script|json|yaml|docker(file)?|kubernetes|typescript|javascript|python|rust|golang|java|c\+\+|bash|shell|git|npm|async|recursion|big-?o|linked list|binary tree|hash ?map|segfault|null pointer|type error|lint|syntax)\b/gi,
    2,
  ],
  [/\b(implement|code|program|coding|snippet|function that|write a (?:function|script|program|query|class|test))\b/gi, 1.5],
];

const CREATIVE_SIGNALS: Array<[RegExp, number]> = [
  [
    /\b(poem|poetry|haiku|sonnet|limerick|lyrics?|song|story|short story|fairy tale|fable|novel|chapter|screenplay|script for a (?:play|film|movie)|dialogue between|character|plot|villain|hero|metaphor|rhyme|verse|slogan|tagline|toast|eulogy|bedtime)\b/gi,
    2,
  ],
  [/\b(imagine|creative|whimsical|poetic|fictional|once upon a time|in the style of|write a (?:poem|story|song|letter|speech))\b/gi, 1.5],
];

function score(text: string, signals: Array<[RegExp, number]>): number {
  let total = 0;
  for (const [pattern, weight] of signals) {
    const matches = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
    total += (matches?.length ?? 0) * weight;
  }
  return total;
}

/**
 * Classifies a request by weighted lexical signals and routes it to the model best for it.
 * Deliberately simple and explainable (the scores are returned); ties and requests with no
 * signal go to the cheap general model.
 */
export function routeRequest(prompt: string): RoutingDecision {
  const scores: Record<RequestCategory, number> = { code: score(prompt, CODE_SIGNALS), creative: score(prompt, CREATIVE_SIGNALS), general: 0.5 };
  const category: RequestCategory = scores.code > scores.creative && scores.code >= 1.5 ? 'code' : scores.creative > scores.code && scores.creative >= 1.5 ? 'creative' : 'general';
  return { category, model: CATEGORY_MODELS[category], scores };
}
