package oidc

import (
	"html/template"
	"net/http"
)

// refusalTmpl is the page a refused sign-in shows: what happened and
// what to do, in the sign-in page's look (no inline script or style).
var refusalTmpl = template.Must(template.New("refusal").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in refused · Vigil</title><link rel="stylesheet" href="/static/vigil.css"></head>
<body class="signin"><main class="card">
<h1>Vigil</h1>
<p class="problem" role="alert">{{.Problem}}</p>
<p class="hint">{{.Hint}}</p>
<p><a class="button" href="/login">Back to sign-in</a></p>
</main></body></html>
`))

func renderRefusal(w http.ResponseWriter, status int, problem, hint string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = refusalTmpl.Execute(w, struct{ Problem, Hint string }{problem, hint})
}
