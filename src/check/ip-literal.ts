// Whether a string is an IPv4 or IPv6 literal, without node:net: the check rules stay free of
// anything that can open a socket (issue 11). Same answers as node:net isIP (RFC 4291 §2.2 text
// forms, dotted-quad IPv4 without leading zeros); ip-literal.test.ts compares the two.

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = new RegExp(`^${octet}(?:\\.${octet}){3}$`);
const hexGroup = /^[0-9a-f]{1,4}$/i;

/** 4, 6, or 0 when `text` is neither. */
export function ipVersionOf(text: string): 0 | 4 | 6 {
  if (ipv4.test(text)) return 4;
  return isIpv6(text) ? 6 : 0;
}

function isIpv6(text: string): boolean {
  const address = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (text.includes('%') && text.length - address.length < 2) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | null => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === null || tail === null) return false;
  const groups = [...head, ...tail];
  let count = 0;
  for (const [i, group] of groups.entries()) {
    if (i === groups.length - 1 && ipv4.test(group)) count += 2;
    else if (hexGroup.test(group)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
