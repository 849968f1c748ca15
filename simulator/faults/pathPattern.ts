/**
 * A request-path matcher: the path itself, or a pattern in which each `*` stands for any run of
 * characters within one path segment (`/iamessage/api/v2/conversation/*` + `/message`).
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}
