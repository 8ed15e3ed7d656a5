import { tokenizerLoadCount } from './values/tokenizer.js';

/** Resource figures of this process, printed on stderr when PLAN_EXTRACT_STATS=1 (used by the benchmark). */
export function processStats(): { maxRssKb: number; tokenizerLoads: number } {
  return { maxRssKb: process.resourceUsage().maxRSS, tokenizerLoads: tokenizerLoadCount() };
}
