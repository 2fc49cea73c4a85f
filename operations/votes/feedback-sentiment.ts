import Sentiment from 'sentiment';

/** What a feedback text says, as far as a word list can tell. */
export interface FeedbackSentiment {
  /** AFINN-165 sum: below 0 negative, above 0 positive. */
  score: number;
  /** The score per word, comparable between short and long feedback. */
  comparative: number;
  /** The distinct words that scored, lower case: an item's top terms are counted from them. */
  positive: string[];
  negative: string[];
}

/** How many scoring words of one feedback count towards its item's terms: a pasted essay must not flood them. */
const MAX_TERMS = 20;

// One analyser for the process: it only holds the word list, and analysing does not change it.
const analyser = new Sentiment();

const distinct = (words: readonly string[]) => [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_TERMS);

/**
 * Local sentiment of feedback text with the `sentiment` library (English AFINN list, no network):
 * the default. An LLM provider, when one is configured, is meant to take its place behind this
 * function's shape.
 */
export function analyseFeedback(text: string): FeedbackSentiment {
  const result = analyser.analyze(text);
  return { score: result.score, comparative: result.comparative, positive: distinct(result.positive), negative: distinct(result.negative) };
}
