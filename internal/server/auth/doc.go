// Package auth decides who a request to `vigil serve` comes from and what
// it may do: API tokens known only by their SHA-256, signed session
// cookies for people (issued after OIDC sign-in or a one-time link),
// roles and scopes, and the rate limit on sign-in attempts.
//
// Invariants:
//   - Every route declares what it needs (a Need); NeedUnset is refused
//     when routes are registered, so no route is served without an
//     authentication decision.
//   - A token is compared by its SHA-256 only; the token itself is never
//     stored, logged or echoed.
//   - A session cookie is an HMAC-signed claim (name, role, scope,
//     expiry); a cookie that does not verify, or has expired, is no
//     session.
//   - A scope narrows what a principal sees; an empty scope is
//     everything. Roles do not widen scopes.
package auth
