/**
 * The sentences of a message: split at line breaks and wherever a full stop, `!` or `?` is followed by
 * a space and a capital. A one-sentence error message comes back whole, as the only item.
 */
export function sentencesOf(message: string): string[] {
  return message.split(/\n|(?<=[.!?])\s+(?=[A-Z])/);
}
