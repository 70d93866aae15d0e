// Package web serves the dashboards of `vigil serve`: server-rendered
// HTML (html/template) for the executive, on-call, findings, finding
// and resource debug pages, htmx for partial updates and Chart.js for
// charts, both built files from npm at pinned versions embedded under
// static/vendor (scripts/update-web-assets.sh re-downloads them and
// checks the registry's integrity; no Node toolchain builds or runs
// Vigil).
//
// Routes returns the pages as server.Routes; the server authenticates
// and authorizes them (every page needs a viewer, static files nothing).
// Pages read through Data, scoped to the principal: a finding or a
// resource a principal's scope does not cover is never listed or shown.
// StoreData implements Data over the store, judging findings as the CLI
// does (exceptions, false-positive marks, owners, due dates, IaC–live
// links).
//
// Invariants: pages run under the server's Content-Security-Policy —
// no inline script, no inline style, no eval (htmx's eval and indicator
// styles are off), charts drawn by static/vigil.js from data-
// attributes; filters live in the URL query, so a view can be shared.
package web
