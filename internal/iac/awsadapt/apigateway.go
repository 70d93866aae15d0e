package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
)

// readAccessLog reads an access log destination: set from another
// resource (a log group of the same source) it exists — the text comes
// at apply; unknown, access_log_settings is unread.
func readAccessLog(b *builder, prefix string, set func(dest, format *string)) {
	path := prefix + spell(b.in, "destination_arn", "DestinationArn")
	dest, ok := b.strOrRef(path, "access_log_settings")
	if !ok || dest == "" {
		return
	}
	var format *string
	if f, ok := b.str(prefix+spell(b.in, "format", "Format"), ""); ok {
		format = aws.String(f)
	}
	b.locate("access_logging_enabled", path)
	set(aws.String(dest), format)
}
