// Package oidc signs people in to `vigil serve` with an OpenID Connect
// provider: the authorization-code flow with PKCE (S256), state and
// nonce; the ID token verified against the provider's keys (issuer,
// audience, expiry, nonce, signature); the configured groups claim
// mapped to a role and scope; then a session cookie from auth.Sessions.
//
// New discovers the provider (bounded by a timeout) and returns a
// Provider whose Routes the server mounts: GET /login/oidc starts a
// sign-in, GET /login/oidc/callback finishes it.
//
// Invariants:
//   - The flow's state, nonce, PKCE verifier and next page live only in
//     a short-lived, encrypted and authenticated, HttpOnly, SameSite=Lax
//     cookie bound to the browser that started the sign-in; a callback
//     without it, with another state, or replayed is refused, and the
//     cookie is cleared whatever the outcome.
//   - A person is granted only what the configured groups give: the
//     highest role of the groups they are in (admin > operator >
//     viewer; ci is never granted to people), with the scopes of the
//     groups granting that role merged. A person in none is refused.
//   - The client secret is read when New runs and never appears in a
//     log line, an error or a page.
//   - Sign-in attempts are rate-limited per client address; after
//     sign-in the browser goes only to a local page (server.SafeNext).
package oidc
