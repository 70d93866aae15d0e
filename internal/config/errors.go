package config

import "github.com/vigil-cspm/vigil/internal/diag"

// maxErrors is how many mistakes one Parse reports in full.
const maxErrors = diag.MaxErrors

// Error is one mistake in a configuration file.
type Error = diag.Error

// Errors are the mistakes of one file, in line order; More counts those
// left out beyond maxErrors.
type Errors = diag.Errors
