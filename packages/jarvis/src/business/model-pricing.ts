/** USD per 1M tokens (input, output), list prices at the time of writing. */
export const MODEL_PRICES: Readonly<Record<string, { input: number; output: number }>> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gemini-1.5-flash': { input: 0.075, output: 0.3 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

export function requestCost(model: string, inputTokens: number, outputTokens: number): number {
  const price = MODEL_PRICES[model];
  if (!price) throw new Error(`no price for model ${model}`);
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
