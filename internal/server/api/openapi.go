package api

import _ "embed"

//go:embed openapi.json
var openapi []byte

// OpenAPI is the OpenAPI 3.1 document of the API (and of the server's
// built-in health, readiness and /api/v1/me routes).
func OpenAPI() []byte { return openapi }
