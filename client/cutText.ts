/**
 * The longest prefix of `text` that is at most `maxLength` UTF-16 units long and does not end
 * between the two halves of a surrogate pair (so an emoji is never cut into an invalid string).
 */
export function cutText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const end = Math.max(0, Math.floor(maxLength));
  const last = text.charCodeAt(end - 1);
  const splitsPair = end > 0 && last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? end - 1 : end);
}
