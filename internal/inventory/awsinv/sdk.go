package awsinv

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/vigil-cspm/vigil/internal/model"
)

type smithyStack = middleware.Stack

type modelResource = model.Resource

// sdkLogger routes the SDK's own log lines (retries, connection reuse
// warnings) to Vigil's logger at debug level: stderr stays for Vigil's
// messages.
type sdkLogger struct{ log *slog.Logger }

func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	l.log.Log(context.Background(), slog.LevelDebug, "aws sdk", "class", string(c), "message", fmt.Sprintf(format, v...))
}
