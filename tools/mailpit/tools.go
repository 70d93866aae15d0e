//go:build tools

// Package tools pins Mailpit, the SMTP server the notification tests
// send mail to; scripts/mailpit.sh builds it from this module.
package tools

import _ "github.com/axllent/mailpit"
