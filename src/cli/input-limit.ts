/** How much one input may hold; its own module so that every command can bound stdin without loading a parser. */

/** The most a single input may hold: a little under the longest string Node can make. */
export const MAX_INPUT_BYTES = 500 * (1 << 20);

/** The message for an input over {@link MAX_INPUT_BYTES}. */
export function tooLarge(): string {
  return `more than ${MAX_INPUT_BYTES / (1 << 20)} MiB; regcred check reads manifests, not streams without end`;
}
