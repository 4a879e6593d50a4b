/**
 * A PostgreSQL URL with its password masked, in every form it comes in: `user:secret@`, an
 * empty user (`:secret@`), a raw `@` inside the password (the authority ends at the last `@`
 * before the path), and `password=` in the query.
 *
 * @example maskUrl("postgres://ci:p@ss@db:5432/x?password=y") // "postgres://ci:***@db:5432/x?password=***"
 */
export function maskUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url.replace(/(password=)[^&#]*/gi, "$1***");
  const [, scheme = "", authority = "", rest = ""] = m;
  const at = authority.lastIndexOf("@");
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const colon = userinfo?.indexOf(":") ?? -1;
  const user =
    userinfo === undefined ? "" : colon >= 0 ? `${userinfo.slice(0, colon)}:***@` : `${userinfo}@`;
  return `${scheme}${user}${host}${rest.replace(/([?&]password=)[^&#]*/gi, "$1***")}`;
}
